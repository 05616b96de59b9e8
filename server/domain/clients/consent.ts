import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { assertNetworkAgency } from '../accounts/membership.ts';
import { canReadClient, canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import {
  ConflictError,
  ConsentMissingError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
} from '../errors.ts';
import { parseInput } from '../validate.ts';
import { type ClientRecord, loadClientRecord } from './clients.ts';

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

export const consentFields = [
  'name',
  'dateOfBirth',
  'phone',
  'email',
  'preferredLanguage',
  'postalCode',
  'address',
  'householdSize',
  'annualIncome',
  'notes',
] as const;
export type ConsentField = (typeof consentFields)[number];

export const consentMethods = ['VERBAL', 'WRITTEN', 'ELECTRONIC'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

/** Who gave consent: the client or a representative, named by role only (never by name). */
export const consentGivers = [
  'client',
  'parent',
  'legal_guardian',
  'caregiver',
  'authorized_representative',
  'power_of_attorney',
] as const;

/** A client's permission to share named facts with one agency, until it expires or is revoked. */
export type Consent = {
  id: string;
  clientId: string;
  /** The coordinating organization that keeps the client record. */
  organizationId: string;
  agencyOrganizationId: string;
  method: ConsentMethod;
  /** "client" or a representative's role, no names. */
  givenBy: string;
  recordedByUserId: string;
  recordedAt: Date;
  fields: ConsentField[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedByUserId: string | null;
};

const recordSchema = z.object({
  clientId: z.string().min(1, { error: 'Client is required.' }).max(200),
  agencyOrganizationId: z.string().min(1, { error: 'Agency is required.' }).max(200),
  method: z.enum(consentMethods, {
    error: `Method must be one of: ${consentMethods.join(', ')}.`,
  }),
  givenBy: z.enum(consentGivers, {
    error: `Given by must be one of: ${consentGivers.join(', ')} (a role, not a name).`,
  }),
  fields: z
    .array(z.enum(consentFields, { error: `Fields must be among: ${consentFields.join(', ')}.` }))
    .min(1, { error: 'Choose at least one field the client agrees to share.' })
    .transform((fields) => consentFields.filter((f) => fields.includes(f))),
  expiresAt: z.date({ error: 'Expiry must be a date-time.' }).nullish(),
});

/** "3 May 2026": dates in consent messages, in UTC so they read the same everywhere. */
export function formatConsentDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** The sentences ConsentMissingError carries, one per reason, so callers and tests share them. */
export const consentMessages = {
  none: 'No consent is recorded for sharing this client’s details. Record the client’s consent first.',
  otherClient: 'This consent was given by a different client. Record this client’s consent first.',
  otherAgency:
    'This consent does not cover this agency. Record the client’s consent to share with it.',
  expired: (at: Date) =>
    `This consent expired on ${formatConsentDate(at)}. Record the client’s consent again.`,
  revoked: (at: Date) =>
    `This consent was revoked on ${formatConsentDate(at)}. Record the client’s consent again.`,
};

function fromDoc(doc: Record<string, unknown>): Consent {
  const date = (value: unknown) => (value ? new Date(value as Date) : null);
  return {
    id: String(doc._id),
    clientId: String(doc.clientId),
    organizationId: String(doc.organizationId),
    agencyOrganizationId: String(doc.agencyOrganizationId),
    method: doc.method as ConsentMethod,
    givenBy: String(doc.givenBy),
    recordedByUserId: String(doc.recordedByUserId),
    recordedAt: new Date(doc.recordedAt as Date),
    fields: Array.isArray(doc.fields) ? (doc.fields as ConsentField[]) : [],
    expiresAt: date(doc.expiresAt),
    revokedAt: date(doc.revokedAt),
    revokedByUserId: (doc.revokedByUserId as string | null) ?? null,
  };
}

async function saveConsent(deps: Pick<DomainDeps, 'db'>, consent: Consent): Promise<void> {
  const { id, ...rest } = consent;
  await deps.db.models.Consent.collection.replaceOne({ _id: id as never }, rest, { upsert: true });
}

async function listConsentIds(deps: Pick<DomainDeps, 'db'>, clientId: string): Promise<string[]> {
  const doc = await deps.db.models.ClientConsents.collection.findOne({ _id: clientId as never });
  return Array.isArray(doc?.consentIds) ? doc.consentIds.map(String) : [];
}

// Read, append, replace whole, and read back: FerretDB has no fast conditional update, and a
// concurrent writer replacing the list would otherwise drop an id.
async function addConsentId(deps: Pick<DomainDeps, 'db'>, clientId: string, consentId: string) {
  const lists = deps.db.models.ClientConsents.collection;
  for (let attempt = 0; attempt < 5; attempt++) {
    const ids = await listConsentIds(deps, clientId);
    if (ids.includes(consentId)) return;
    await lists.replaceOne(
      { _id: clientId as never },
      { consentIds: [...ids, consentId] },
      { upsert: true },
    );
  }
}

/** Loads a consent by id; null when none. */
export async function getConsent(
  deps: Pick<DomainDeps, 'db'>,
  id: string,
): Promise<Consent | null> {
  const doc = await deps.db.models.Consent.collection.findOne({ _id: id as never });
  return doc ? fromDoc(doc) : null;
}

/** Whether a consent is in force at `now`: not revoked and not past its expiry. */
export function isConsentActive(consent: Consent, now: Date): boolean {
  if (consent.revokedAt && consent.revokedAt.getTime() <= now.getTime()) return false;
  if (consent.expiresAt && consent.expiresAt.getTime() <= now.getTime()) return false;
  return true;
}

async function clientForCoordinator(deps: Deps, actor: Actor, clientId: string) {
  const client = await loadClientRecord(deps, clientId);
  if (!client) throw new NotFoundError('client', clientId);
  if (!canRefer(actor) || !canReadClient(actor, client)) {
    throw new NotAllowedError('Only the client’s coordinating organization can manage consent.');
  }
  return client;
}

/**
 * Records a client's consent to share the listed fields with one agency (coordinators of the
 * client's organization; audited as consent.record). Throws InvalidInputError, NotFoundError,
 * NotAllowedError, NotOnNetworkError.
 */
export async function recordConsent(deps: Deps, actor: Actor, input: unknown): Promise<Consent> {
  const parsed = parseInput(recordSchema, input);
  const now = deps.clock.now();
  const client = await clientForCoordinator(deps, actor, parsed.clientId);
  await assertNetworkAgency(deps, parsed.agencyOrganizationId, 'agencyOrganizationId');
  if (parsed.expiresAt && parsed.expiresAt.getTime() <= now.getTime()) {
    throw new InvalidInputError([{ path: 'expiresAt', message: 'Expiry must be in the future.' }]);
  }
  const consent: Consent = {
    id: randomUUID(),
    clientId: client.id,
    organizationId: client.organizationId,
    agencyOrganizationId: parsed.agencyOrganizationId,
    method: parsed.method,
    givenBy: parsed.givenBy,
    recordedByUserId: actor.userId,
    recordedAt: now,
    fields: parsed.fields,
    expiresAt: parsed.expiresAt ?? null,
    revokedAt: null,
    revokedByUserId: null,
  };
  await saveConsent(deps, consent);
  await addConsentId(deps, client.id, consent.id);
  await recordAudit(deps, actor, {
    action: 'consent.record',
    subjectType: 'consent',
    subjectId: consent.id,
    detail: {
      clientId: client.id,
      agencyOrganizationId: consent.agencyOrganizationId,
      fields: consent.fields,
      method: consent.method,
    },
  });
  return consent;
}

/**
 * Revokes a consent from now on (coordinators of the client's organization; audited as
 * consent.revoke). Throws NotFoundError, NotAllowedError, ConflictError when already revoked.
 */
export async function revokeConsent(deps: Deps, actor: Actor, consentId: string): Promise<Consent> {
  const consent = await getConsent(deps, consentId);
  if (!consent) throw new NotFoundError('consent', consentId);
  await clientForCoordinator(deps, actor, consent.clientId);
  if (consent.revokedAt) {
    throw new ConflictError(
      `This consent was already revoked on ${formatConsentDate(consent.revokedAt)}.`,
    );
  }
  const revoked: Consent = {
    ...consent,
    revokedAt: deps.clock.now(),
    revokedByUserId: actor.userId,
  };
  await saveConsent(deps, revoked);
  await recordAudit(deps, actor, {
    action: 'consent.revoke',
    subjectType: 'consent',
    subjectId: consent.id,
    detail: { clientId: consent.clientId, agencyOrganizationId: consent.agencyOrganizationId },
  });
  return revoked;
}

/** A client's consents, newest first (for its coordinating organization; not audited). */
export async function listClientConsents(
  deps: Pick<DomainDeps, 'db'>,
  clientId: string,
): Promise<Consent[]> {
  const ids = await listConsentIds(deps, clientId);
  const consents: Consent[] = [];
  for (const id of ids) {
    const consent = await getConsent(deps, id);
    if (consent?.clientId === clientId) consents.push(consent);
  }
  return consents.sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime());
}

/**
 * Checks that a consent lets this client's details go to this agency at `now`. Throws
 * ConsentMissingError with a specific message (none recorded / for another client / for another
 * agency / revoked on <date> / expired on <date>).
 */
export async function assertConsentAllows(
  deps: Pick<DomainDeps, 'db'>,
  args: { consentId: string; clientId: string; agencyOrganizationId: string; now: Date },
): Promise<Consent> {
  const consent = args.consentId ? await getConsent(deps, args.consentId) : null;
  if (!consent) throw new ConsentMissingError(consentMessages.none);
  if (consent.clientId !== args.clientId)
    throw new ConsentMissingError(consentMessages.otherClient);
  if (consent.agencyOrganizationId !== args.agencyOrganizationId) {
    throw new ConsentMissingError(consentMessages.otherAgency);
  }
  if (consent.revokedAt && consent.revokedAt.getTime() <= args.now.getTime()) {
    throw new ConsentMissingError(consentMessages.revoked(consent.revokedAt));
  }
  if (consent.expiresAt && consent.expiresAt.getTime() <= args.now.getTime()) {
    throw new ConsentMissingError(consentMessages.expired(consent.expiresAt));
  }
  return consent;
}

/**
 * What the receiving agency may see of the client under this consent: only the consented fields,
 * or null once the consent is revoked or expired. Readable by the consent's agency and by the
 * client's coordinating organization; audited as client.read.shared. Throws NotFoundError,
 * NotAllowedError.
 */
export async function sharedClientFields(
  deps: Deps,
  actor: Actor,
  args: { clientId: string; consentId: string },
): Promise<Partial<ClientRecord> | null> {
  const consent = await getConsent(deps, args.consentId);
  if (!consent || consent.clientId !== args.clientId) {
    throw new NotFoundError('consent', args.consentId);
  }
  if (
    actor.organizationId !== consent.agencyOrganizationId &&
    actor.organizationId !== consent.organizationId
  ) {
    throw new NotAllowedError();
  }
  if (!isConsentActive(consent, deps.clock.now())) return null;
  const client = await loadClientRecord(deps, args.clientId);
  if (!client) return null;
  const shared: Partial<ClientRecord> = { id: client.id };
  for (const field of consent.fields) Object.assign(shared, { [field]: client[field] });
  await recordAudit(deps, actor, {
    action: 'client.read.shared',
    subjectType: 'client',
    subjectId: client.id,
    detail: { consentId: consent.id, fields: consent.fields },
  });
  return shared;
}

/**
 * Reads one consent for its client's coordinating organization or the agency it covers (audited
 * as consent.read). Throws NotFoundError, also for anyone else, so ids reveal nothing.
 */
export async function readConsent(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
): Promise<Consent> {
  const consent = await getConsent(deps, id);
  const keeper = consent !== null && canReadClient(actor, consent);
  if (!consent || (!keeper && actor.organizationId !== consent.agencyOrganizationId)) {
    throw new NotFoundError('consent', id);
  }
  await recordAudit(deps, actor, {
    action: 'consent.read',
    subjectType: 'client',
    subjectId: consent.clientId,
    detail: { consentId: consent.id },
  });
  return consent;
}
