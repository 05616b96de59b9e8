import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { canReadClient, canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import { noteClientInSummary } from '../caseload/caseload.ts';
import type { DomainDeps } from '../deps.ts';
import { languageName } from '../directory/languages.ts';
import { type ClientProfileInput, clientProfileSchema } from '../eligibility/client-profile.ts';
import { ConflictError, NotAllowedError, NotFoundError, NotSignedInError } from '../errors.ts';
import { parseInput } from '../validate.ts';

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

/** The facts a coordinator keeps about a client. All of them are sealed at rest. */
export type ClientFacts = {
  name: string;
  /** Calendar date, YYYY-MM-DD. */
  dateOfBirth: string;
  /** E.164, +1 and ten digits. */
  phone: string | null;
  email: string | null;
  /** ISO 639 code. */
  preferredLanguage: string | null;
  postalCode: string | null;
  /** Street address ("1500 E Colfax Ave, Denver, CO 80218"): where searches for them start. */
  address: string | null;
  householdSize: number | null;
  /** Household income per year, in US dollars. */
  annualIncome: number | null;
  notes: string | null;
};

/** A client record, decrypted: owned by the coordinating organization that created it. */
export type ClientRecord = ClientFacts & {
  id: string;
  organizationId: string;
  /** Raised by one on every change; updates name the version they were based on. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdByUserId: string;
};

export const clientFactNames = [
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
] as const satisfies ReadonlyArray<keyof ClientFacts>;

const NOTES_MAX = 5000;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Digits of a US phone number as E.164, or null when it is not one. */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s().\-+]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return /^[2-9]\d{9}$/.test(national) ? `+1${national}` : null;
}

const PHONE_MESSAGE = 'Phone must be a 10-digit US number such as 303-555-0100.';
const DOB_MESSAGE = 'Date of birth must be a date such as 1980-04-23.';

function factSchemas(now: Date) {
  const today = isoDate(now);
  return {
    name: z
      .string({ error: 'Name is required.' })
      .trim()
      .min(1, { error: 'Name is required.' })
      .max(200, { error: 'Name must be at most 200 characters.' }),
    dateOfBirth: z
      .string({ error: DOB_MESSAGE })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DOB_MESSAGE })
      .refine(
        (v) =>
          !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && isoDate(new Date(`${v}T00:00:00Z`)) === v,
        {
          error: DOB_MESSAGE,
        },
      )
      .refine((v) => v <= today, { error: 'Date of birth cannot be in the future.' })
      .refine((v) => v >= '1900-01-01', { error: 'Date of birth must be after 1900-01-01.' }),
    phone: z
      .string({ error: PHONE_MESSAGE })
      .transform((value, ctx) => {
        const phone = normalizePhone(value);
        if (!phone) {
          ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
          return z.NEVER;
        }
        return phone;
      })
      .nullish(),
    email: z
      .email({ error: 'Email must be an address such as name@example.org.' })
      .max(200, { error: 'Email must be at most 200 characters.' })
      .transform((v) => v.toLowerCase())
      .nullish(),
    preferredLanguage: z
      .string({ error: 'Preferred language must be an ISO 639 code such as en or es.' })
      .trim()
      .toLowerCase()
      .refine((v) => languageName(v) !== null, {
        error: 'Preferred language must be an ISO 639 code such as en or es.',
      })
      .nullish(),
    postalCode: clientProfileSchema.shape.postalCode,
    address: z
      .string({ error: 'Address must be text.' })
      .trim()
      .max(300, { error: 'Address must be at most 300 characters.' })
      .transform((v) => (v === '' ? null : v))
      .nullish(),
    householdSize: clientProfileSchema.shape.householdSize,
    annualIncome: clientProfileSchema.shape.annualIncome,
    notes: z
      .string({ error: 'Notes must be text.' })
      .max(NOTES_MAX, {
        error: `Notes must be at most ${NOTES_MAX.toLocaleString('en-US')} characters.`,
      })
      .nullish(),
  };
}

function createSchema(now: Date) {
  return z.object(factSchemas(now));
}

function updateSchema(now: Date) {
  const facts = factSchemas(now);
  return z.object({
    id: z.string().min(1).max(200),
    expectedVersion: z
      .number({ error: 'Expected version must be a whole number.' })
      .int({ error: 'Expected version must be a whole number.' })
      .min(1, { error: 'Expected version must be a whole number.' }),
    ...facts,
    // Name and date of birth identify the client: they can be changed but not cleared.
    name: facts.name.optional(),
    dateOfBirth: facts.dateOfBirth.optional(),
  });
}

const findSchema = z
  .object({
    name: z.string().trim().max(200, { error: 'Name must be at most 200 characters.' }).nullish(),
    dateOfBirth: z.string().trim().max(20).nullish(),
    phone: z.string().max(40).nullish(),
  })
  .superRefine((input, ctx) => {
    const byName = Boolean(input.name) || Boolean(input.dateOfBirth);
    const byPhone = Boolean(input.phone);
    if (byName && byPhone) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Search by name and date of birth, or by phone, not both.',
      });
    } else if (!byName && !byPhone) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'Give a name and date of birth, or a phone number.',
      });
    } else if (byName && (!input.name || !input.dateOfBirth)) {
      ctx.addIssue({
        code: 'custom',
        path: [input.name ? 'dateOfBirth' : 'name'],
        message: 'Searching by name needs both the name and the date of birth.',
      });
    }
    if (input.phone && !normalizePhone(input.phone)) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: PHONE_MESSAGE });
    }
  });

// Keyed hashes for look-up. The organization is part of the hashed value, so the same person at two
// organizations yields unrelated keys and one organization's look-up can never reach another's.
function nameDobKey(
  deps: Pick<DomainDeps, 'cipher'>,
  organizationId: string,
  name: string,
  dob: string,
) {
  return deps.cipher.lookupHash('client.name-dob', `${organizationId}\u0000${name}\u0000${dob}`);
}

function phoneKey(deps: Pick<DomainDeps, 'cipher'>, organizationId: string, phone: string) {
  return deps.cipher.lookupHash('client.phone', `${organizationId}\u0000${phone}`);
}

function lookupKeys(deps: Pick<DomainDeps, 'cipher'>, client: ClientRecord): string[] {
  const keys = [nameDobKey(deps, client.organizationId, client.name, client.dateOfBirth)];
  if (client.phone) keys.push(phoneKey(deps, client.organizationId, client.phone));
  return keys;
}

type StoredClient = {
  organizationId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdByUserId: string;
  /** Every fact, as one AES-256-GCM ciphertext of their JSON. */
  sealed: string;
  /** The look-up keys this version is listed under, so a change can unlist the old ones. */
  lookupKeys: string[];
};

function toStored(deps: Pick<DomainDeps, 'cipher'>, client: ClientRecord): StoredClient {
  const facts: ClientFacts = {
    name: client.name,
    dateOfBirth: client.dateOfBirth,
    phone: client.phone,
    email: client.email,
    preferredLanguage: client.preferredLanguage,
    postalCode: client.postalCode,
    address: client.address,
    householdSize: client.householdSize,
    annualIncome: client.annualIncome,
    notes: client.notes,
  };
  return {
    organizationId: client.organizationId,
    version: client.version,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
    createdByUserId: client.createdByUserId,
    sealed: deps.cipher.seal(JSON.stringify(facts)),
    lookupKeys: lookupKeys(deps, client),
  };
}

function fromStored(
  deps: Pick<DomainDeps, 'cipher'>,
  id: string,
  doc: Record<string, unknown>,
): ClientRecord & { lookupKeys: string[] } {
  const facts = JSON.parse(deps.cipher.open(String(doc.sealed))) as ClientFacts;
  return {
    id,
    organizationId: String(doc.organizationId),
    version: Number(doc.version),
    createdAt: new Date(doc.createdAt as Date),
    updatedAt: new Date(doc.updatedAt as Date),
    createdByUserId: String(doc.createdByUserId),
    ...facts,
    // Records saved before addresses were kept have none.
    address: facts.address ?? null,
    lookupKeys: Array.isArray(doc.lookupKeys) ? doc.lookupKeys.map(String) : [],
  };
}

function withoutKeys(client: ClientRecord & { lookupKeys?: string[] }): ClientRecord {
  const { lookupKeys: _keys, ...record } = client;
  return record;
}

/**
 * Loads and decrypts a client by id with no authorization and no audit: for domain modules that
 * have already checked access (consent, referrals). Null when none.
 */
export async function loadClientRecord(
  deps: Pick<DomainDeps, 'db' | 'cipher'>,
  id: string,
): Promise<ClientRecord | null> {
  const doc = await deps.db.models.Client.collection.findOne({ _id: id as never });
  return doc ? withoutKeys(fromStored(deps, id, doc)) : null;
}

// A client never changes organization and is never deleted, so who owns it can be remembered.
const OWNERS_LIMIT = 50_000;
const owners = new WeakMap<Database, Map<string, string>>();

/** The organization a client belongs to (no decryption), or null when there is no such client. */
export async function clientOwner(
  deps: Pick<DomainDeps, 'db'>,
  id: string,
): Promise<{ organizationId: string } | null> {
  let known = owners.get(deps.db);
  if (!known) {
    known = new Map();
    owners.set(deps.db, known);
  }
  const remembered = known.get(id);
  if (remembered) return { organizationId: remembered };
  const doc = await deps.db.models.Client.collection.findOne(
    { _id: id as never },
    { projection: { organizationId: 1 } },
  );
  if (!doc) return null;
  if (known.size >= OWNERS_LIMIT) known.clear();
  known.set(id, String(doc.organizationId));
  return { organizationId: String(doc.organizationId) };
}

// A look-up document is read and replaced whole (FerretDB has no fast conditional update). After
// writing, we read it back and retry if a concurrent writer replaced our change.
async function changeLookup(
  deps: Pick<DomainDeps, 'db'>,
  key: string,
  clientId: string,
  change: 'add' | 'remove',
): Promise<void> {
  const lookups = deps.db.models.ClientLookup.collection;
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await lookups.findOne({ _id: key as never });
    const ids: string[] = Array.isArray(doc?.clientIds) ? doc.clientIds.map(String) : [];
    const has = ids.includes(clientId);
    if ((change === 'add') === has) return;
    const next = change === 'add' ? [...ids, clientId] : ids.filter((id) => id !== clientId);
    await lookups.replaceOne({ _id: key as never }, { clientIds: next }, { upsert: true });
  }
}

async function readLookup(deps: Pick<DomainDeps, 'db'>, key: string): Promise<string[]> {
  const doc = await deps.db.models.ClientLookup.collection.findOne({ _id: key as never });
  return Array.isArray(doc?.clientIds) ? doc.clientIds.map(String) : [];
}

// How long a version claimed by a writer that then died blocks the client's next change.
const VERSION_CLAIM_MS = 30_000;

/**
 * Claims the change of a client record from `version` to the next one. FerretDB v1 lets two
 * concurrent replaces filtered on one version both match (and processes sharing the database
 * see no lock of ours), so writers first insert a numbered claim record (server/db/leases.ts),
 * which only one of them can. Throws ConflictError for the others.
 */
async function claimNextVersion(deps: Deps, id: string, version: number): Promise<void> {
  const claimed = await claimOne(deps.db.models.Claim.collection, `clients:${id}`, version, {
    token: claimToken(),
    now: deps.clock.now(),
    leaseMs: VERSION_CLAIM_MS,
  });
  if (claimed === null) {
    throw new ConflictError(
      'This client record was changed by someone else while you saved. Reload it and try again.',
    );
  }
}

function assertCanKeepClients(actor: Actor): void {
  if (!canRefer(actor)) {
    throw new NotAllowedError('Only coordinators can keep client records.');
  }
}

/** Creates a client record in the actor's organization. Throws NotAllowedError, InvalidInputError. */
export async function createClient(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ClientRecord> {
  assertCanKeepClients(actor);
  const now = deps.clock.now();
  const facts = parseInput(createSchema(now), input);
  const client: ClientRecord = {
    id: randomUUID(),
    organizationId: actor.organizationId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdByUserId: actor.userId,
    name: facts.name,
    dateOfBirth: facts.dateOfBirth,
    phone: facts.phone ?? null,
    email: facts.email ?? null,
    preferredLanguage: facts.preferredLanguage ?? null,
    postalCode: facts.postalCode ?? null,
    address: facts.address ?? null,
    householdSize: facts.householdSize ?? null,
    annualIncome: facts.annualIncome ?? null,
    notes: facts.notes ?? null,
  };
  const stored = toStored(deps, client);
  await deps.db.models.Client.collection.insertOne({ _id: client.id as never, ...stored });
  for (const key of stored.lookupKeys) await changeLookup(deps, key, client.id, 'add');
  await noteClientInSummary(deps, client);
  await recordAudit(deps, actor, {
    action: 'client.create',
    subjectType: 'client',
    subjectId: client.id,
    detail: { fields: clientFactNames.filter((f) => client[f] !== null) },
  });
  return client;
}

/**
 * Changes a client's facts, if the record is still at `expectedVersion`. Absent fields stay; null
 * clears an optional one. Throws NotFoundError (also for another organization's client),
 * NotAllowedError, InvalidInputError, ConflictError.
 */
export async function updateClient(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ClientRecord> {
  assertCanKeepClients(actor);
  const parsed = parseInput(updateSchema(deps.clock.now()), input);
  const doc = await deps.db.models.Client.collection.findOne({ _id: parsed.id as never });
  if (!doc) throw new NotFoundError('client', parsed.id);
  const current = fromStored(deps, parsed.id, doc);
  // Another organization's client is not found, like a made-up id: no existence oracle.
  if (!canReadClient(actor, current)) throw new NotFoundError('client', parsed.id);
  if (current.version !== parsed.expectedVersion) {
    throw new ConflictError(
      `This client record was changed by someone else (now version ${current.version}). Reload it and try again.`,
    );
  }
  const changed: string[] = [];
  const next: ClientRecord = { ...withoutKeys(current) };
  for (const field of clientFactNames) {
    const value = parsed[field];
    if (value === undefined) continue;
    if (value !== next[field]) changed.push(field);
    Object.assign(next, { [field]: value });
  }
  const now = deps.clock.now();
  next.version = current.version + 1;
  next.updatedAt = now;
  const stored = toStored(deps, next);
  await claimNextVersion(deps, next.id, current.version);
  await deps.db.models.Client.collection.replaceOne(
    { _id: next.id as never, version: current.version },
    stored,
  );
  for (const key of stored.lookupKeys) {
    if (!current.lookupKeys.includes(key)) await changeLookup(deps, key, next.id, 'add');
  }
  for (const key of current.lookupKeys) {
    if (!stored.lookupKeys.includes(key)) await changeLookup(deps, key, next.id, 'remove');
  }
  if (next.name !== current.name) await noteClientInSummary(deps, next);
  await recordAudit(deps, actor, {
    action: 'client.update',
    subjectType: 'client',
    subjectId: next.id,
    detail: { fields: changed, version: next.version },
  });
  return next;
}

/**
 * Reads one client's record (audited as client.read). Throws NotFoundError, also for another
 * organization's client (audited as client.read.denied), so ids reveal nothing.
 */
export async function getClient(deps: Deps, actor: Actor, id: string): Promise<ClientRecord> {
  const client = await loadClientRecord(deps, id);
  if (!client) throw new NotFoundError('client', id);
  if (!canReadClient(actor, client)) {
    await recordAudit(deps, actor, {
      action: 'client.read.denied',
      subjectType: 'client',
      subjectId: id,
    });
    throw new NotFoundError('client', id);
  }
  await recordAudit(deps, actor, { action: 'client.read', subjectType: 'client', subjectId: id });
  return client;
}

/**
 * Finds the actor's organization's clients by name and date of birth, or by phone: an exact match
 * through the keyed-hash look-up, never a scan. Audited (the search, and each client returned).
 * Throws NotAllowedError, InvalidInputError.
 */
export async function findClients(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ClientRecord[]> {
  assertCanKeepClients(actor);
  const parsed = parseInput(findSchema, input);
  const phone = parsed.phone ? normalizePhone(parsed.phone) : null;
  const key = phone
    ? phoneKey(deps, actor.organizationId, phone)
    : nameDobKey(deps, actor.organizationId, parsed.name ?? '', parsed.dateOfBirth ?? '');
  // Exact matches only, so the list is short; the cap keeps a pathological key bounded.
  const ids = (await readLookup(deps, key)).slice(0, 50);
  const found: ClientRecord[] = [];
  for (const id of ids) {
    const client = await loadClientRecord(deps, id);
    // Checked again on the record: the look-up is an index, not the authority.
    if (client && canReadClient(actor, client) && lookupKeys(deps, client).includes(key)) {
      found.push(client);
    }
  }
  await recordAudit(deps, actor, {
    action: 'client.search',
    subjectType: 'organization',
    subjectId: actor.organizationId,
    detail: { by: phone ? 'phone' : 'name-and-date-of-birth', results: found.length },
  });
  for (const client of found) {
    await recordAudit(deps, actor, {
      action: 'client.read',
      subjectType: 'client',
      subjectId: client.id,
      detail: { via: 'search' },
    });
  }
  return found;
}

/** Whole years between a YYYY-MM-DD birth date and `now` (UTC calendar). */
export function ageOn(dateOfBirth: string, now: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const today = isoDate(now);
  const [ty, tm, td] = today.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return 0;
  if (ty === undefined || tm === undefined || td === undefined) return 0;
  const before = tm < m || (tm === m && td < d);
  return Math.max(0, ty - y - (before ? 1 : 0));
}

/** The eligibility facts search uses, from a saved client (age as of `now`). */
export function clientSearchProfile(client: ClientRecord, now: Date): ClientProfileInput {
  return {
    age: Math.min(120, ageOn(client.dateOfBirth, now)),
    householdSize: client.householdSize,
    annualIncome: client.annualIncome,
    postalCode: client.postalCode,
    languages: client.preferredLanguage ? [client.preferredLanguage] : [],
  };
}

/**
 * The search profile and address of a saved client, for the coordinating organization that keeps
 * it (audited as client.read via search). Throws NotSignedInError, NotFoundError (also for another
 * organization's client).
 */
export async function savedClientProfile(
  deps: Deps,
  actor: Actor | null,
  clientId: string,
): Promise<{ profile: ClientProfileInput; address: string | null }> {
  if (!actor) throw new NotSignedInError('Sign in to search for a saved client.');
  const client = await loadClientRecord(deps, clientId);
  if (!client) throw new NotFoundError('client', clientId);
  if (!canReadClient(actor, client)) throw new NotFoundError('client', clientId);
  await recordAudit(deps, actor, {
    action: 'client.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { via: 'searchServices' },
  });
  return { profile: clientSearchProfile(client, deps.clock.now()), address: client.address };
}
