import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { canReadClient } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import { noteNeedInSummary } from '../caseload/summary.ts';
import { clientOwner } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import { describeDay } from '../describe-date.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { NEED_DOMAINS, type NeedDomain, needDomainLabel } from './domains.ts';

/**
 * A client's social needs: opened by a positive screening or by a coordinator, then addressed or
 * declined by the client (or opened again). A domain has at most one open need per client: the
 * need's `_id` is the client, a keyed hash of the domain and a sequence number, and opening
 * inserts the next number, which only one of two simultaneous openers can do.
 */

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

export const needStatuses = ['OPEN', 'ADDRESSED', 'DECLINED_BY_CLIENT'] as const;
export type NeedStatus = (typeof needStatuses)[number];
export const needSources = ['SCREENING', 'COORDINATOR'] as const;
export type NeedSource = (typeof needSources)[number];

/** One change of a need's status: who, when, to what. */
export type NeedChange = { at: Date; status: NeedStatus; byUserId: string | null };

export type Need = {
  id: string;
  clientId: string;
  organizationId: string;
  domain: NeedDomain;
  status: NeedStatus;
  source: NeedSource;
  /** The screening that found it, when one did. */
  screeningId: string | null;
  /** What the coordinator wrote when adding it by hand. */
  note: string | null;
  openedAt: Date;
  openedByUserId: string | null;
  updatedAt: Date;
  version: number;
  history: NeedChange[];
};

const NOTE_MAX = 1000;
// How many sequence numbers are read at once when looking for a domain's latest need.
const BATCH = 4;

function domainKey(deps: Pick<DomainDeps, 'cipher'>, clientId: string, domain: NeedDomain) {
  return deps.cipher.lookupHash('need.domain', `${clientId}\u0000${domain}`).slice(0, 22);
}

function needId(deps: Pick<DomainDeps, 'cipher'>, clientId: string, domain: NeedDomain, n: number) {
  return `${clientId}.${domainKey(deps, clientId, domain)}.${n}`;
}

type Sealed = {
  domain: NeedDomain;
  source: NeedSource;
  screeningId: string | null;
  note: string | null;
};

function fromDoc(deps: Pick<DomainDeps, 'cipher'>, doc: Record<string, unknown>): Need {
  const sealed = JSON.parse(deps.cipher.open(String(doc.sealed))) as Sealed;
  const history = Array.isArray(doc.history) ? (doc.history as Array<Record<string, unknown>>) : [];
  return {
    id: String(doc._id),
    clientId: String(doc.clientId),
    organizationId: String(doc.organizationId),
    domain: sealed.domain,
    status: doc.status as NeedStatus,
    source: sealed.source,
    screeningId: sealed.screeningId,
    note: sealed.note,
    openedAt: new Date(doc.openedAt as Date),
    openedByUserId: (doc.openedByUserId as string | null) ?? null,
    updatedAt: new Date(doc.updatedAt as Date),
    version: Number(doc.version),
    history: history.map((h) => ({
      at: new Date(h.at as Date),
      status: h.status as NeedStatus,
      byUserId: (h.byUserId as string | null) ?? null,
    })),
  };
}

function toDoc(deps: Pick<DomainDeps, 'cipher'>, need: Need) {
  const sealed: Sealed = {
    domain: need.domain,
    source: need.source,
    screeningId: need.screeningId,
    note: need.note,
  };
  return {
    clientId: need.clientId,
    organizationId: need.organizationId,
    status: need.status,
    openedAt: need.openedAt,
    openedByUserId: need.openedByUserId,
    updatedAt: need.updatedAt,
    version: need.version,
    history: need.history,
    sealed: deps.cipher.seal(JSON.stringify(sealed)),
  };
}

/** Every need of a client per domain, oldest first (no authorization, no audit). */
async function loadNeeds(deps: Deps, clientId: string, domains: readonly NeedDomain[]) {
  const found = new Map<NeedDomain, Need[]>();
  let pending = domains.map((domain) => ({ domain, from: 1 }));
  while (pending.length > 0) {
    const ids = pending.flatMap(({ domain, from }) =>
      Array.from({ length: BATCH }, (_, i) => needId(deps, clientId, domain, from + i)),
    );
    const docs = await deps.db.models.Need.collection
      .find({ _id: { $in: ids as never[] } })
      .toArray();
    const needs = docs.map((doc) => fromDoc(deps, doc));
    const next: typeof pending = [];
    for (const { domain, from } of pending) {
      const mine = needs.filter((n) => n.domain === domain);
      found.set(domain, [...(found.get(domain) ?? []), ...mine]);
      if (mine.length === BATCH) next.push({ domain, from: from + BATCH });
    }
    pending = next;
  }
  for (const list of found.values()) list.sort((a, b) => sequenceOf(a.id) - sequenceOf(b.id));
  return found;
}

function sequenceOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('.') + 1));
}

async function assertClientOfActor(deps: Deps, actor: Actor, clientId: string) {
  const owner = await clientOwner(deps, clientId);
  // Another organization's client is not found, like a made-up id.
  if (!owner || !canReadClient(actor, owner)) throw new NotFoundError('client', clientId);
  return owner;
}

/** Keeps the client's caseload row's open-needs count in step with the need. */
async function noteInCaseload(deps: Deps, need: Need): Promise<void> {
  await noteNeedInSummary(deps, {
    id: need.id,
    clientId: need.clientId,
    organizationId: need.organizationId,
    status: need.status,
  });
}

/**
 * Opens a need for the domain unless one is open already (then returns that one, unchanged).
 * No authorization: for the screening module and `addNeed`, which have checked access.
 */
export async function openNeed(
  deps: Deps,
  actor: Actor | null,
  input: {
    clientId: string;
    organizationId: string;
    domain: NeedDomain;
    source: NeedSource;
    screeningId: string | null;
    note: string | null;
  },
): Promise<{ need: Need; created: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing =
      (await loadNeeds(deps, input.clientId, [input.domain])).get(input.domain) ?? [];
    const latest = existing.at(-1);
    if (latest?.status === 'OPEN') return { need: latest, created: false };
    const now = deps.clock.now();
    const byUserId = actor?.userId ?? null;
    const need: Need = {
      id: needId(deps, input.clientId, input.domain, latest ? sequenceOf(latest.id) + 1 : 1),
      clientId: input.clientId,
      organizationId: input.organizationId,
      domain: input.domain,
      status: 'OPEN',
      source: input.source,
      screeningId: input.screeningId,
      note: input.note,
      openedAt: now,
      openedByUserId: byUserId,
      updatedAt: now,
      version: 1,
      history: [{ at: now, status: 'OPEN', byUserId }],
    };
    try {
      await deps.db.models.Need.collection.insertOne({
        _id: need.id as never,
        ...toDoc(deps, need),
      });
    } catch (error) {
      // Someone opened the next need for this domain at the same moment: read it again.
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    await noteInCaseload(deps, need);
    await recordAudit(deps, actor, {
      action: 'need.open',
      subjectType: 'client',
      subjectId: input.clientId,
      detail: { needId: need.id, source: input.source },
    });
    return { need, created: true };
  }
  throw new ConflictError('This need was changed by someone else at the same time. Try again.');
}

/**
 * A client's needs, open ones first, then newest first (coordinators of the client's
 * organization; audited as need.read). Throws NotFoundError (also for another organization's client).
 */
export async function listNeeds(deps: Deps, actor: Actor, clientId: string): Promise<Need[]> {
  await assertClientOfActor(deps, actor, clientId);
  const needs = await clientNeeds(deps, clientId);
  await recordAudit(deps, actor, {
    action: 'need.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { count: needs.length },
  });
  return needs;
}

/** A client's needs without authorization or audit, for modules that have checked both. */
export async function clientNeeds(deps: Deps, clientId: string): Promise<Need[]> {
  const byDomain = await loadNeeds(deps, clientId, NEED_DOMAINS);
  return [...byDomain.values()]
    .flat()
    .sort(
      (a, b) =>
        Number(b.status === 'OPEN') - Number(a.status === 'OPEN') ||
        b.openedAt.getTime() - a.openedAt.getTime(),
    );
}

/** One need (coordinators of the client's organization; audited). Throws NotFoundError. */
export async function getNeed(deps: Deps, actor: Actor, id: string): Promise<Need> {
  const doc = await deps.db.models.Need.collection.findOne({ _id: id as never });
  if (!doc || !canReadClient(actor, { organizationId: String(doc.organizationId) })) {
    throw new NotFoundError('need', id);
  }
  const need = fromDoc(deps, doc);
  await recordAudit(deps, actor, {
    action: 'need.read',
    subjectType: 'client',
    subjectId: need.clientId,
    detail: { needId: id },
  });
  return need;
}

const addSchema = z.object({
  clientId: z.string().min(1).max(200),
  domain: z.enum(NEED_DOMAINS, { error: 'Choose one of the need domains.' }),
  note: z
    .string()
    .trim()
    .max(NOTE_MAX, { error: `The note must be at most ${NOTE_MAX} characters.` })
    .transform((v) => (v === '' ? null : v))
    .nullish(),
});

/**
 * Adds a need by hand (coordinators of the client's organization). Throws NotFoundError,
 * InvalidInputError, ConflictError when a need for the domain is open already.
 */
export async function addNeed(deps: Deps, actor: Actor, input: unknown): Promise<Need> {
  const parsed = parseInput(addSchema, input);
  const owner = await assertClientOfActor(deps, actor, parsed.clientId);
  const { need, created } = await openNeed(deps, actor, {
    clientId: parsed.clientId,
    organizationId: owner.organizationId,
    domain: parsed.domain,
    source: 'COORDINATOR',
    screeningId: null,
    note: parsed.note ?? null,
  });
  if (!created) {
    throw new ConflictError(
      `This client already has an open need for ${needDomainLabel(parsed.domain).toLowerCase()} ` +
        `(since ${describeDay(need.openedAt)}).`,
    );
  }
  return need;
}

const statusSchema = z.object({
  id: z.string().min(1).max(300),
  status: z.enum(needStatuses, { error: 'Choose OPEN, ADDRESSED or DECLINED_BY_CLIENT.' }),
  expectedVersion: z
    .number({ error: 'Expected version must be a whole number.' })
    .int({ error: 'Expected version must be a whole number.' })
    .min(1, { error: 'Expected version must be a whole number.' }),
});

// How long a version claimed by a writer that then died blocks the need's next change.
const VERSION_CLAIM_MS = 30_000;

/**
 * Changes a need's status, if it is still at `expectedVersion` (coordinators of the client's
 * organization; audited). Reopening is allowed for the domain's latest need only. Throws
 * NotFoundError, InvalidInputError, ConflictError.
 */
export async function changeNeedStatus(deps: Deps, actor: Actor, input: unknown): Promise<Need> {
  const parsed = parseInput(statusSchema, input);
  const doc = await deps.db.models.Need.collection.findOne({ _id: parsed.id as never });
  if (!doc || !canReadClient(actor, { organizationId: String(doc.organizationId) })) {
    throw new NotFoundError('need', parsed.id);
  }
  const current = fromDoc(deps, doc);
  if (current.version !== parsed.expectedVersion) {
    throw new ConflictError(
      'This need was changed by someone else since you read it. Reload it and try again.',
    );
  }
  if (current.status === parsed.status) {
    throw new InvalidInputError([
      { path: 'status', message: `This need is ${wordsOf(current.status)} already.` },
    ]);
  }
  if (parsed.status === 'OPEN') {
    const latest = (await loadNeeds(deps, current.clientId, [current.domain]))
      .get(current.domain)
      ?.at(-1);
    if (latest && latest.id !== current.id) {
      throw new ConflictError(
        'A newer need for this domain exists; change that one instead of reopening this one.',
      );
    }
  }
  const claimed = await claimOne(
    deps.db.models.Claim.collection,
    `needs:${current.id}`,
    current.version,
    {
      token: claimToken(),
      now: deps.clock.now(),
      leaseMs: VERSION_CLAIM_MS,
    },
  );
  if (claimed === null) {
    throw new ConflictError(
      'This need was changed by someone else while you saved. Reload it and try again.',
    );
  }
  const now = deps.clock.now();
  const next: Need = {
    ...current,
    status: parsed.status,
    version: current.version + 1,
    updatedAt: now,
    history: [...current.history, { at: now, status: parsed.status, byUserId: actor.userId }],
  };
  await deps.db.models.Need.collection.replaceOne(
    { _id: next.id as never, version: current.version },
    toDoc(deps, next),
  );
  await noteInCaseload(deps, next);
  await recordAudit(deps, actor, {
    action: 'need.status',
    subjectType: 'client',
    subjectId: current.clientId,
    detail: { needId: current.id, from: current.status, to: parsed.status },
  });
  return next;
}

/** A status in words, for messages. */
export function wordsOf(status: NeedStatus): string {
  return status === 'OPEN'
    ? 'open'
    : status === 'ADDRESSED'
      ? 'addressed'
      : 'declined by the client';
}
