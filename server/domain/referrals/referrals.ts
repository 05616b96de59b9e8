import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { canAnswerFor, canReadClient, canRefer } from '../accounts/policy.ts';
import { getMember, isDuplicateKey } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import { clientOwner } from '../clients/clients.ts';
import { assertConsentAllows } from '../clients/consent.ts';
import type { DomainDeps } from '../deps.ts';
import { describeTime } from '../describe-date.ts';
import { topLevelCodes } from '../directory/need-categories.ts';
import { isCategoryCode } from '../directory/taxonomy.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors.ts';
import { onReferralChanged } from '../notifications/referral-changes.ts';
import { recentRead } from '../recent-reads.ts';
import { parseInput } from '../validate.ts';
import { canSeeReferral, sidesOf } from './access.ts';
import {
  describeMove,
  describeStatus,
  isFinal,
  outcomes,
  planTransition,
  type ReferralStatus,
  reasonCodes,
  referralStatuses,
  urgencies,
} from './state-machine.ts';
import {
  appendVersion,
  findReferralHeads,
  loadReferral,
  loadReferralForChange,
  type Referral,
  type ReferralEvent,
  type ReferralState,
  readFirstVersion,
  rollForward,
  whileBusy,
} from './store.ts';

export type { Referral, ReferralEvent } from './store.ts';

export const MAX_NOTE = 2000;
const MAX_PAGE = 100;

const noteSchema = z
  .string()
  .max(MAX_NOTE, { error: `The note must be at most ${MAX_NOTE} characters.` })
  .nullish();
const idSchema = z.string().min(1, { error: 'An id is required.' }).max(200);

const createSchema = z.object({
  clientId: idSchema,
  consentId: idSchema,
  serviceId: idSchema,
  serviceAtLocationId: idSchema.nullish(),
  needs: z
    .array(z.string())
    .min(1, { error: 'Name at least one need.' })
    .max(10, { error: 'Name at most 10 needs.' })
    .superRefine((codes, ctx) => {
      for (const [i, code] of codes.entries()) {
        if (!isCategoryCode(code)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `Unknown category "${code}". Use one of: ${topLevelCodes.join(', ')}.`,
          });
        }
      }
    }),
  urgency: z.enum(urgencies, { error: `Urgency must be one of: ${urgencies.join(', ')}.` }),
  note: noteSchema,
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, {
    error: 'The idempotency key must be 8–100 letters, digits or _ . : -',
  }),
  send: z.boolean().nullish(),
});

const transitionSchema = z.object({
  referralId: idSchema,
  expectedVersion: z
    .number()
    .int()
    .min(1, { error: 'The expected version must be a whole number from 1.' }),
  to: z.enum(referralStatuses, { error: `Status must be one of: ${referralStatuses.join(', ')}.` }),
  reasonCode: z
    .enum(reasonCodes, { error: `Reason must be one of: ${reasonCodes.join(', ')}.` })
    .nullish(),
  reasonText: z.string().nullish(),
  outcome: z.enum(outcomes, { error: `Outcome must be one of: ${outcomes.join(', ')}.` }).nullish(),
  note: noteSchema,
});

const listSchema = z.object({
  status: z.enum(referralStatuses).nullish(),
  overdueOnly: z.boolean().nullish(),
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} referrals.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} referrals.` })
    .nullish(),
  after: z.string().max(100).nullish(),
});

/** Whether a sent referral has waited longer than the agency's response window. */
export function isOverdue(
  referral: Pick<ReferralState, 'status' | 'sentAt'>,
  now: Date,
  responseHours: number,
): boolean {
  if (referral.status !== 'SENT' || !referral.sentAt) return false;
  return now.getTime() - new Date(referral.sentAt).getTime() > responseHours * 3_600_000;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('referral', id);
}

/** Loads a referral the actor may see; anything else is "not found", so existence never leaks. */
async function visibleReferral(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  id: string,
  forChange = false,
): Promise<Referral> {
  const referral = forChange ? await loadReferralForChange(deps, id) : await loadReferral(deps, id);
  if (!referral || !canSeeReferral(actor, referral)) throw notFound(id);
  return referral;
}

async function organizationName(deps: Pick<DomainDeps, 'db'>, id: string): Promise<string> {
  try {
    return (await getMember(deps, id)).name;
  } catch {
    const org = await deps.db.models.Organization.collection.findOne({ _id: id as never });
    return org ? String(org.name) : 'another organization';
  }
}

/**
 * The sentence a loser of a race reads: what the referral is now, who made it so and when
 * ("This referral was already accepted by Eastside Food Pantry on 3 May at 14:02 UTC.").
 */
export async function conflictMessage(
  deps: Pick<DomainDeps, 'db'>,
  referral: Referral,
): Promise<string> {
  const last = [...referral.history].reverse().find((e) => e.kind !== 'RECEIVED');
  if (!last || last.kind === 'CREATED') {
    return `This referral is ${describeStatus(referral.status)} and has changed since you loaded it. Reload it and try again.`;
  }
  const who = await organizationName(deps, last.actorOrganizationId);
  const what =
    last.from === 'ON_HOLD' ? `resumed (${describeStatus(last.to)})` : describeMove(last.to);
  return `This referral was already ${what} by ${who} on ${describeTime(last.at)}.`;
}

/** True when every event after `version` only records that the agency opened the referral. */
function onlyReceivedSince(referral: Referral, version: number): boolean {
  return referral.history.filter((e) => e.version > version).every((e) => e.kind === 'RECEIVED');
}

/**
 * What a referral needs of its service: status, owner and sites. Remembered for a moment, since
 * a busy coordinator team refers to the same services again and again; a service retired this
 * very second may still take a referral, which its agency can decline.
 */
async function referableService(
  deps: Pick<DomainDeps, 'db'>,
  id: string,
): Promise<{ status: string; organizationId: string; siteIds: string[] } | null> {
  return recentRead(deps.db, `referable-service:${id}`, 2_000, async () => {
    const service = await deps.db.models.Service.collection.findOne(
      { _id: id as never },
      { projection: { status: 1, organization_id: 1, service_at_locations: 1 } },
    );
    if (!service) return null;
    const links = Array.isArray(service.service_at_locations)
      ? (service.service_at_locations as Array<{ id: string }>)
      : [];
    return {
      status: String(service.status),
      organizationId: String(service.organization_id),
      siteIds: links.map((l) => l.id),
    };
  });
}

function fingerprint(input: z.output<typeof createSchema>): string {
  const canonical = JSON.stringify([
    input.clientId,
    input.consentId,
    input.serviceId,
    input.serviceAtLocationId ?? null,
    [...input.needs].sort(),
    input.urgency,
    input.note ?? null,
    input.send ?? false,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

async function recordReferralAudit(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  action: string,
  referral: Pick<Referral, 'id' | 'version' | 'status'>,
  detail: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  // After a committed change, a busy database must not turn success into an error: retry.
  await whileBusy(() =>
    recordAudit(deps, actor, {
      action,
      subjectType: 'referral',
      subjectId: referral.id,
      detail: { version: referral.version, status: referral.status, ...detail },
    }),
  );
}

/**
 * A referral's id follows from its organization and idempotency key, keyed with the server's
 * secret so nobody can guess it, and written as a UUID (version 8: custom). Version 1's insert is
 * then the claim of the key as well as the first version: a retry, even one racing the first
 * request, meets that very document, and a create costs one insert instead of a claim and a
 * version.
 */
export function referralIdFor(
  deps: Pick<DomainDeps, 'cipher'>,
  organizationId: string,
  idempotencyKey: string,
): string {
  const hex = Buffer.from(
    deps.cipher.sign('referral id', `${organizationId}\u0000${idempotencyKey}`),
    'base64url',
  ).toString('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** Checks a new referral against its client, service and consent; returns the receiving agency. */
async function checkReferable(
  deps: DomainDeps,
  actor: Actor,
  parsed: z.output<typeof createSchema>,
  now: Date,
): Promise<string> {
  const [client, service] = await Promise.all([
    clientOwner(deps, parsed.clientId),
    referableService(deps, parsed.serviceId),
  ]);
  if (!client || !canReadClient(actor, client)) throw new NotFoundError('client', parsed.clientId);
  if (!service) throw new NotFoundError('service', parsed.serviceId);
  if (service.status !== 'active') {
    throw new InvalidInputError([
      { path: 'serviceId', message: 'This service is not active, so it cannot take referrals.' },
    ]);
  }
  if (parsed.serviceAtLocationId && !service.siteIds.includes(parsed.serviceAtLocationId)) {
    throw new InvalidInputError([
      {
        path: 'serviceAtLocationId',
        message: 'This site does not offer the chosen service. Pick one of its own sites.',
      },
    ]);
  }
  if (parsed.send) {
    await assertConsentAllows(deps, {
      consentId: parsed.consentId,
      clientId: parsed.clientId,
      agencyOrganizationId: service.organizationId,
      now,
    });
  }
  return service.organizationId;
}

/**
 * The referral an earlier request with this idempotency key made, or null when there is none.
 * Throws ConflictError when the key was used for a different referral.
 */
async function madeBefore(
  deps: DomainDeps,
  actor: Actor,
  id: string,
  print: string,
): Promise<Referral | null> {
  const first = await readFirstVersion(deps, id);
  if (!first) return null;
  if (first.fingerprint !== print) {
    throw new ConflictError(
      'This idempotency key was already used for a different referral. Use a new key for a new referral.',
    );
  }
  const referral = await loadReferral(deps, id);
  if (!referral || !canSeeReferral(actor, referral)) throw notFound(id);
  await recordReferralAudit(deps, actor, 'referral.create.retry', referral);
  return referral;
}

/**
 * Creates a referral (a draft, or sent at once with `send`). A retried request with the same
 * idempotency key returns the referral the first one made. Sending needs an active consent.
 * Throws NotAllowedError, InvalidInputError, NotFoundError, ConsentMissingError, ConflictError.
 */
export async function createReferral(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<Referral> {
  if (!canRefer(actor)) throw new NotAllowedError('Only coordinators can make referrals.');
  const parsed = parseInput(createSchema, input);
  const id = referralIdFor(deps, actor.organizationId, parsed.idempotencyKey);
  const print = fingerprint(parsed);
  const now = deps.clock.now();
  let receivingOrganizationId: string;
  try {
    receivingOrganizationId = await checkReferable(deps, actor, parsed, now);
  } catch (error) {
    // A retry returns what the first request made, even when it could not be made now
    // (say the consent was withdrawn since).
    const made = await madeBefore(deps, actor, id, print);
    if (made) return made;
    throw error;
  }

  const status: ReferralStatus = parsed.send ? 'SENT' : 'DRAFT';
  const state: ReferralState = {
    id,
    version: 1,
    status,
    heldFrom: null,
    clientId: parsed.clientId,
    consentId: parsed.consentId,
    referringUserId: actor.userId,
    referringOrganizationId: actor.organizationId,
    serviceId: parsed.serviceId,
    serviceAtLocationId: parsed.serviceAtLocationId ?? null,
    receivingOrganizationId,
    needs: [...new Set(parsed.needs)],
    urgency: parsed.urgency,
    note: parsed.note?.trim() ? parsed.note.trim() : null,
    idempotencyKey: parsed.idempotencyKey,
    createdAt: now,
    updatedAt: now,
    sentAt: parsed.send ? now : null,
    receivedAt: null,
    respondedAt: null,
    closedAt: null,
    reason: null,
    outcome: null,
  };
  const event: ReferralEvent = {
    version: 1,
    kind: 'CREATED',
    at: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    from: null,
    to: status,
    reason: null,
    outcome: null,
    note: state.note,
  };
  const created = await appendVersion(
    deps,
    null,
    state,
    event,
    (referral) =>
      Promise.all([
        recordReferralAudit(deps, actor, 'referral.create', referral, {
          serviceId: referral.serviceId,
          receivingOrganizationId,
        }),
        onReferralChanged(deps, { referral, from: null }),
      ]),
    { fingerprint: print },
  );
  if (created) return created;
  // Version 1 was there already: an earlier request with this key made it.
  const made = await madeBefore(deps, actor, id, print);
  if (!made) throw new Error(`referral ${id} vanished after its first version`);
  return made;
}

/**
 * Moves a referral to another status, if it is still at `expectedVersion` (versions that only
 * record the agency opening it do not count as changes). Throws NotFoundError, NotAllowedError,
 * InvalidInputError, ConflictError (naming the current state), ConsentMissingError.
 */
export async function transitionReferral(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<Referral> {
  const parsed = parseInput(transitionSchema, input);
  let current = await visibleReferral(deps, actor, parsed.referralId, true);
  // What this process remembers may be behind another process's change: look again.
  if (parsed.expectedVersion > current.version) {
    current = await visibleReferral(deps, actor, parsed.referralId);
  }
  if (
    parsed.expectedVersion > current.version ||
    (parsed.expectedVersion < current.version &&
      !onlyReceivedSince(current, parsed.expectedVersion))
  ) {
    throw new ConflictError(await conflictMessage(deps, current));
  }
  const sides = sidesOf(actor, current);
  const result = planTransition(current, sides, {
    to: parsed.to,
    reasonCode: parsed.reasonCode,
    reasonText: parsed.reasonText,
    outcome: parsed.outcome,
  });
  if (!result.ok) {
    const { problem } = result;
    if (problem.kind === 'not_allowed') throw new NotAllowedError(problem.message);
    if (problem.kind === 'illegal') {
      throw new InvalidInputError([{ path: 'to', message: problem.message }], problem.message);
    }
    throw new InvalidInputError(problem.issues);
  }
  const { plan } = result;
  const now = deps.clock.now();
  if (plan.status === 'SENT' && current.status === 'DRAFT') {
    await assertConsentAllows(deps, {
      consentId: current.consentId,
      clientId: current.clientId,
      agencyOrganizationId: current.receivingOrganizationId,
      now,
    });
  }
  const note = parsed.note?.trim() ? parsed.note.trim() : null;
  const answered =
    current.status === 'SENT' && ['ACCEPTED', 'REJECTED', 'ON_HOLD'].includes(plan.status);
  const state: ReferralState = {
    ...withoutHistory(current),
    version: current.version + 1,
    status: plan.status,
    heldFrom: plan.heldFrom,
    reason: plan.reason,
    outcome: plan.outcome,
    updatedAt: now,
    sentAt: current.sentAt ?? (plan.status === 'SENT' ? now : null),
    respondedAt: current.respondedAt ?? (answered ? now : null),
    closedAt: isFinal(plan.status) ? now : null,
  };
  const event: ReferralEvent = {
    version: state.version,
    kind: 'TRANSITION',
    at: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    from: current.status,
    to: plan.status,
    reason: plan.reason,
    outcome: plan.outcome,
    note,
  };
  const next = await appendVersion(deps, current, state, event, (changed) =>
    Promise.all([
      recordReferralAudit(deps, actor, 'referral.transition', changed, {
        from: current.status,
        to: plan.status,
        reasonCode: plan.reason?.code ?? null,
        outcome: plan.outcome,
      }),
      onReferralChanged(deps, { referral: changed, from: current.status }),
    ]),
  );
  if (!next) {
    const winner = await loadReferral(deps, current.id);
    throw new ConflictError(await conflictMessage(deps, winner ?? current));
  }
  return next;
}

function withoutHistory(referral: Referral): ReferralState {
  const { history: _history, ...state } = referral;
  return state;
}

/**
 * Records that the receiving agency opened a sent referral (a version, not a status change).
 * Losing a race here is fine: someone else's change is returned instead.
 */
async function markReceived(deps: DomainDeps, actor: Actor, referral: Referral): Promise<Referral> {
  const now = deps.clock.now();
  const state: ReferralState = {
    ...withoutHistory(referral),
    version: referral.version + 1,
    receivedAt: now,
    updatedAt: now,
  };
  const event: ReferralEvent = {
    version: state.version,
    kind: 'RECEIVED',
    at: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    from: referral.status,
    to: referral.status,
    reason: null,
    outcome: null,
    note: null,
  };
  const next = await appendVersion(deps, referral, state, event);
  if (!next) return (await loadReferral(deps, referral.id)) ?? referral;
  await recordReferralAudit(deps, actor, 'referral.received', next);
  return next;
}

/**
 * Reads one referral the actor's organization refers or receives (audited). The receiving
 * agency's first read of a sent referral records it as received. Throws NotFoundError.
 */
export async function getReferral(deps: DomainDeps, actor: Actor, id: string): Promise<Referral> {
  let referral = await visibleReferral(deps, actor, id);
  if (
    referral.status === 'SENT' &&
    referral.receivedAt === null &&
    canAnswerFor(actor, referral.receivingOrganizationId)
  ) {
    referral = await markReceived(deps, actor, referral);
  }
  await recordReferralAudit(deps, actor, 'referral.read', referral);
  return referral;
}

export type ReferralPage = {
  totalCount: number;
  edges: Array<{ cursor: string; node: Referral }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

function encodeCursor(offset: number): string {
  return Buffer.from(`r:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^r:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

/**
 * Lists the referrals the actor's organization made (coordinators) or received (agency staff;
 * org admins see both), overdue ones first, then newest first. Audited. Throws InvalidInputError.
 */
export async function listReferrals(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<ReferralPage> {
  const parsed = parseInput(listSchema, input ?? {});
  const or: Array<Record<string, unknown>> = [];
  if (canRefer(actor)) or.push({ referringOrganizationId: actor.organizationId });
  if (canAnswerFor(actor, actor.organizationId)) {
    or.push({ receivingOrganizationId: actor.organizationId });
  }
  if (or.length === 0) {
    return { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  }
  // A scan with an organization filter: FerretDB v1 uses no secondary index for it anyway.
  const heads = await findReferralHeads(deps, or.length === 1 ? (or[0] ?? {}) : { $or: or });
  const now = deps.clock.now();
  const hours = deps.settings.referralResponseHours;
  const rows = heads
    .map((head) => ({ head, overdue: isOverdue(head as never, now, hours) }))
    .filter(({ head }) =>
      canSeeReferral(actor, {
        referringOrganizationId: String(head.referringOrganizationId),
        receivingOrganizationId: String(head.receivingOrganizationId),
        status: head.status as ReferralStatus,
      }),
    )
    .filter(({ head, overdue }) => {
      if (parsed.status && head.status !== parsed.status) return false;
      return !parsed.overdueOnly || overdue;
    })
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        new Date(b.head.createdAt).getTime() - new Date(a.head.createdAt).getTime() ||
        String(a.head._id).localeCompare(String(b.head._id)),
    );
  const offset = parsed.after ? decodeCursor(parsed.after) : 0;
  const limit = parsed.first ?? 20;
  const page = rows.slice(offset, offset + limit);
  const nodes = await Promise.all(page.map(({ head }) => rollForward(deps, head)));
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(offset + i + 1), node }));
  await recordAudit(deps, actor, {
    action: 'referral.list',
    subjectType: 'organization',
    subjectId: actor.organizationId,
    detail: { results: edges.length, referrals: nodes.map((n) => n.id) },
  });
  return {
    totalCount: rows.length,
    edges,
    pageInfo: {
      hasNextPage: offset + edges.length < rows.length,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Loads a referral the actor may see, without side effects: for the other referral modules. */
export async function readVisibleReferral(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  id: string,
): Promise<Referral> {
  return visibleReferral(deps, actor, id);
}
