import type { Actor } from '../accounts/actor.ts';
import { assertNetworkAgency } from '../accounts/membership.ts';
import { canReadClient, canRefer } from '../accounts/policy.ts';
import { clientOwner } from '../clients/clients.ts';
import { assertConsentAllows } from '../clients/consent.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors.ts';
import { onReferralChanged } from '../notifications/referral-changes.ts';
import { recentRead } from '../recent-reads.ts';
import { onReferralForCare } from '../tasks/referral-tasks.ts';
import { parseInput } from '../validate.ts';
import { canSeeReferral } from './access.ts';
import { recordReferralAudit } from './referral-audit.ts';
import { type CreateReferralInput, createSchema, fingerprint } from './referral-input.ts';
import type { ReferralStatus } from './state-machine.ts';
import {
  appendVersion,
  loadReferral,
  type Referral,
  type ReferralEvent,
  type ReferralState,
  readFirstVersion,
} from './store.ts';
import { notFound } from './visible-referral.ts';

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
  parsed: CreateReferralInput,
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
  await assertNetworkAgency(deps, service.organizationId, 'serviceId');
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
 * Throws NotAllowedError, InvalidInputError, NotFoundError, NotOnNetworkError (the service's agency
 * is not on the network), ConsentMissingError, ConflictError.
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
        onReferralForCare(deps, referral),
      ]),
    { fingerprint: print },
  );
  if (created) return created;
  // Version 1 was there already: an earlier request with this key made it.
  const made = await madeBefore(deps, actor, id, print);
  if (!made) throw new Error(`referral ${id} vanished after its first version`);
  return made;
}
