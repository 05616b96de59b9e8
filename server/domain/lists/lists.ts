import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { z } from 'zod';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { canReadClient } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadClientRecord } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import {
  ConflictError,
  type FieldIssue,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
} from '../errors.ts';
import { whileBusy } from '../referrals/store.ts';
import { parseInput } from '../validate.ts';
import { canKeepLists, canReadList } from './policy.ts';
import { type ListLanguage, listLanguages } from './wording.ts';

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

export const MAX_ITEMS = 50;
export const MAX_NOTE = 2000;
const MAX_TITLE = 200;

/** One service on a list, with the coordinator's note for the client. */
export type ResourceListItem = {
  id: string;
  serviceId: string;
  note: string | null;
  addedAt: Date;
};

/** When a list went out, and how (never to whom: that is the client's contact). */
export type ResourceListSend = { channel: 'email' | 'sms'; at: Date; byUserId: string };

/** A resource list ("prescription"), decrypted: kept by the coordinating organization. */
export type ResourceList = {
  id: string;
  organizationId: string;
  createdByUserId: string;
  createdAt: Date;
  updatedAt: Date;
  /** Raised by one on every change; edits name the version they were based on. */
  version: number;
  title: string | null;
  note: string | null;
  language: ListLanguage;
  /** The saved client it is for, if any (stored sealed). */
  clientId: string | null;
  items: ResourceListItem[];
  sends: ResourceListSend[];
};

/** What is sealed: free text a coordinator wrote may name the client, and so may the client id. */
type SealedPart = {
  title: string | null;
  note: string | null;
  clientId: string | null;
  itemNotes: Record<string, string>;
};

const noteSchema = z
  .string({ error: 'A note must be text.' })
  .trim()
  .max(MAX_NOTE, {
    error: `A note must be at most ${MAX_NOTE.toLocaleString('en-US')} characters.`,
  })
  .nullish();

const titleSchema = z
  .string({ error: 'The title must be text.' })
  .trim()
  .max(MAX_TITLE, { error: `The title must be at most ${MAX_TITLE} characters.` })
  .nullish();

const languageSchema = z.enum(listLanguages, { error: 'Choose English (en) or Spanish (es).' });

const serviceIdSchema = z
  .string({ error: 'Choose a service.' })
  .trim()
  .min(1, { error: 'Choose a service.' })
  .max(200, { error: 'This is not a service id.' });

const itemsSchema = z
  .array(
    z.object({ id: z.string().max(100).nullish(), serviceId: serviceIdSchema, note: noteSchema }),
  )
  .max(MAX_ITEMS, { error: `A list holds at most ${MAX_ITEMS} services.` });

const createSchema = z.object({
  title: titleSchema,
  note: noteSchema,
  language: languageSchema.nullish(),
  clientId: z.string().max(200).nullish(),
  items: itemsSchema.nullish(),
});

const updateSchema = z.object({
  id: z.string().min(1).max(200),
  expectedVersion: z
    .number({ error: 'Expected version must be a whole number.' })
    .int({ error: 'Expected version must be a whole number.' })
    .min(1, { error: 'Expected version must be a whole number.' }),
  title: titleSchema,
  note: noteSchema,
  language: languageSchema.nullish(),
  clientId: z.string().max(200).nullish(),
  /** Replaces every item (order, notes, removals); an item keeps its id when it is sent back. */
  items: itemsSchema.nullish(),
});

const addItemSchema = z.object({
  listId: z.string().min(1).max(200),
  serviceId: serviceIdSchema,
  note: noteSchema,
});

function clean(text: string | null | undefined): string | null {
  return text ? text : null;
}

function clientKey(deps: Pick<DomainDeps, 'cipher'>, organizationId: string, clientId: string) {
  return deps.cipher.lookupHash('list.client', `${organizationId}\u0000${clientId}`);
}

function toStored(deps: Pick<DomainDeps, 'cipher'>, list: ResourceList): Document {
  const sealed: SealedPart = {
    title: list.title,
    note: list.note,
    clientId: list.clientId,
    itemNotes: Object.fromEntries(
      list.items.flatMap((item) => (item.note ? [[item.id, item.note]] : [])),
    ),
  };
  return {
    organizationId: list.organizationId,
    createdByUserId: list.createdByUserId,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
    version: list.version,
    language: list.language,
    items: list.items.map(({ id, serviceId, addedAt }) => ({ id, serviceId, addedAt })),
    sends: list.sends,
    clientKey: list.clientId ? clientKey(deps, list.organizationId, list.clientId) : null,
    sealed: deps.cipher.seal(JSON.stringify(sealed)),
  };
}

function fromStored(deps: Pick<DomainDeps, 'cipher'>, doc: Document): ResourceList {
  const sealed = JSON.parse(deps.cipher.open(String(doc.sealed))) as SealedPart;
  const items = Array.isArray(doc.items) ? (doc.items as Document[]) : [];
  const sends = Array.isArray(doc.sends) ? (doc.sends as Document[]) : [];
  return {
    id: String(doc._id),
    organizationId: String(doc.organizationId),
    createdByUserId: String(doc.createdByUserId),
    createdAt: new Date(doc.createdAt as Date),
    updatedAt: new Date(doc.updatedAt as Date),
    version: Number(doc.version),
    title: sealed.title,
    note: sealed.note,
    language: doc.language === 'es' ? 'es' : 'en',
    clientId: sealed.clientId,
    items: items.map((item) => ({
      id: String(item.id),
      serviceId: String(item.serviceId),
      note: sealed.itemNotes[String(item.id)] ?? null,
      addedAt: new Date(item.addedAt as Date),
    })),
    sends: sends.map((send) => ({
      channel: send.channel === 'sms' ? 'sms' : 'email',
      at: new Date(send.at as Date),
      byUserId: String(send.byUserId),
    })),
  };
}

function assertCanKeepLists(actor: Actor): void {
  if (!canKeepLists(actor)) throw new NotAllowedError('Only coordinators can keep resource lists.');
}

/** Checks that every service exists (one `_id` read each); issues name the offending item. */
async function checkServices(
  deps: Pick<DomainDeps, 'db'>,
  items: ReadonlyArray<{ serviceId: string }>,
  path: (index: number) => string,
): Promise<void> {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.serviceId)) {
      issues.push({ path: path(index), message: 'This service is already on the list.' });
      continue;
    }
    seen.add(item.serviceId);
    const found = await deps.db.models.Service.collection.findOne(
      { _id: item.serviceId as never },
      { projection: { _id: 1 } },
    );
    if (!found) issues.push({ path: path(index), message: 'No service has this id.' });
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
}

/** The client must be one the actor's organization keeps; otherwise it is simply not found. */
async function checkClient(deps: Deps, actor: Actor, clientId: string): Promise<void> {
  const client = await loadClientRecord(deps, clientId);
  if (!client || !canReadClient(actor, client)) {
    throw new InvalidInputError([
      { path: 'clientId', message: 'No client of your organization has this id.' },
    ]);
  }
}

function audited(list: ResourceList, extra: Record<string, string | number | boolean> = {}) {
  return {
    subjectType: 'resource_list',
    subjectId: list.id,
    detail: { items: list.items.length, linkedToClient: list.clientId !== null, ...extra },
  };
}

/** Reads a list the actor may see; another organization's list is NOT_FOUND (not revealed). */
async function loadVisible(deps: Deps, actor: Actor, id: string): Promise<ResourceList> {
  assertCanKeepLists(actor);
  const doc = await deps.db.models.ResourceList.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('resource list', id);
  const list = fromStored(deps, doc);
  if (!canReadList(actor, list)) throw new NotFoundError('resource list', id);
  return list;
}

// How long a version claimed by a writer that then died blocks the list's next change.
const VERSION_CLAIM_MS = 30_000;

/**
 * Writes the next version of a list in one replace (FerretDB has no transactions); false when
 * someone else changed it first. FerretDB v1 lets two concurrent replaces filtered on one version
 * both match, so the writer first claims the next version with the insert of a numbered claim
 * record (server/db/leases.ts), which only one of them can make.
 */
/** How often a change that lost a race to another change of the same list is tried again. */
const RACE_RETRIES = 8;

/**
 * Waits before another try: the winner may hold the next version's claim without having written
 * it yet, so trying again at once would meet the same claim.
 */
function raceBackoff(attempt: number): Promise<void> {
  const ms = 15 * 2 ** attempt * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function replaceIfUnchanged(
  deps: Deps,
  current: ResourceList,
  next: ResourceList,
): Promise<boolean> {
  // One token across retries: a claim whose insert landed before a busy error is still ours.
  const claim = { token: claimToken(), now: deps.clock.now(), leaseMs: VERSION_CLAIM_MS };
  const key = `resource_lists:${current.id}`;
  const claimed = await whileBusy(() =>
    claimOne(deps.db.models.Claim.collection, key, current.version, claim),
  );
  if (claimed === null) return false;
  const result = await whileBusy(() =>
    deps.db.models.ResourceList.collection.replaceOne(
      { _id: current.id as never, version: current.version },
      toStored(deps, next),
    ),
  );
  return result.matchedCount === 1;
}

/**
 * Creates a list in the actor's organization, optionally for a saved client and with services
 * already on it. Audited. Throws NotAllowedError, InvalidInputError.
 */
export async function createResourceList(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ResourceList> {
  assertCanKeepLists(actor);
  const parsed = parseInput(createSchema, input ?? {});
  const items = parsed.items ?? [];
  await checkServices(deps, items, (i) => `items.${i}.serviceId`);
  if (parsed.clientId) await checkClient(deps, actor, parsed.clientId);
  const now = deps.clock.now();
  const list: ResourceList = {
    id: randomUUID(),
    organizationId: actor.organizationId,
    createdByUserId: actor.userId,
    createdAt: now,
    updatedAt: now,
    version: 1,
    title: clean(parsed.title),
    note: clean(parsed.note),
    language: parsed.language ?? 'en',
    clientId: parsed.clientId ?? null,
    items: items.map((item) => ({
      id: randomUUID(),
      serviceId: item.serviceId,
      note: clean(item.note),
      addedAt: now,
    })),
    sends: [],
  };
  await whileBusy(() =>
    deps.db.models.ResourceList.collection.insertOne({
      _id: list.id as never,
      ...toStored(deps, list),
    }),
  );
  await recordAudit(deps, actor, { action: 'list.create', ...audited(list) });
  return list;
}

/**
 * Changes a list if it is still at `expectedVersion`: fields left out stay, `items` replaces the
 * whole list of services. Audited. Throws NotFoundError, NotAllowedError, InvalidInputError,
 * ConflictError.
 */
export async function updateResourceList(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ResourceList> {
  assertCanKeepLists(actor);
  const parsed = parseInput(updateSchema, input);
  const current = await loadVisible(deps, actor, parsed.id);
  if (current.version !== parsed.expectedVersion) {
    throw new ConflictError(
      `This list was changed by someone else since you opened it (now version ${current.version}). Reload it and make your change again.`,
    );
  }
  if (parsed.items) await checkServices(deps, parsed.items, (i) => `items.${i}.serviceId`);
  if (parsed.clientId) await checkClient(deps, actor, parsed.clientId);
  const now = deps.clock.now();
  const next: ResourceList = { ...current, version: current.version + 1, updatedAt: now };
  if (parsed.title !== undefined) next.title = clean(parsed.title);
  if (parsed.note !== undefined) next.note = clean(parsed.note);
  if (parsed.language != null) next.language = parsed.language;
  if (parsed.clientId !== undefined) next.clientId = parsed.clientId || null;
  if (parsed.items) {
    next.items = parsed.items.map((item) => {
      const kept = current.items.find((c) => c.id === item.id && c.serviceId === item.serviceId);
      return {
        id: kept?.id ?? randomUUID(),
        serviceId: item.serviceId,
        note: clean(item.note),
        addedAt: kept?.addedAt ?? now,
      };
    });
  }
  if (!(await replaceIfUnchanged(deps, current, next))) {
    throw new ConflictError(
      'This list was changed by someone else while you saved. Reload it and make your change again.',
    );
  }
  await recordAudit(deps, actor, { action: 'list.update', ...audited(next) });
  return next;
}

/**
 * Adds one service to the end of a list (a no-op when it is there already). Retries a write
 * that raced another change. Audited. Throws NotFoundError, NotAllowedError, InvalidInputError,
 * ConflictError.
 */
export async function addResourceListItem(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ResourceList> {
  assertCanKeepLists(actor);
  const parsed = parseInput(addItemSchema, input);
  await checkServices(deps, [parsed], () => 'serviceId');
  for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
    if (attempt > 0) await raceBackoff(attempt);
    const current = await loadVisible(deps, actor, parsed.listId);
    if (current.items.some((item) => item.serviceId === parsed.serviceId)) return current;
    if (current.items.length >= MAX_ITEMS) {
      throw new InvalidInputError([
        { path: 'serviceId', message: `A list holds at most ${MAX_ITEMS} services.` },
      ]);
    }
    const now = deps.clock.now();
    const next: ResourceList = {
      ...current,
      version: current.version + 1,
      updatedAt: now,
      items: [
        ...current.items,
        { id: randomUUID(), serviceId: parsed.serviceId, note: clean(parsed.note), addedAt: now },
      ],
    };
    if (await replaceIfUnchanged(deps, current, next)) {
      await recordAudit(deps, actor, { action: 'list.update', ...audited(next, { added: 1 }) });
      return next;
    }
  }
  throw new ConflictError('This list is being changed by someone else. Try again in a moment.');
}

/** Reads one list of the actor's organization (audited). Throws NotFoundError, NotAllowedError. */
export async function getResourceList(
  deps: Deps,
  actor: Actor,
  id: string,
  via = 'api',
): Promise<ResourceList> {
  const list = await loadVisible(deps, actor, id);
  await recordAudit(deps, actor, { action: 'list.read', ...audited(list, { via }) });
  return list;
}

/** Records that a list went out (kept on the list; the address is not). */
export async function recordListSent(
  deps: Deps,
  actor: Actor,
  list: ResourceList,
  channel: ResourceListSend['channel'],
): Promise<ResourceList> {
  for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
    if (attempt > 0) await raceBackoff(attempt);
    const current = attempt === 0 ? list : await loadVisible(deps, actor, list.id);
    const now = deps.clock.now();
    const next: ResourceList = {
      ...current,
      version: current.version + 1,
      updatedAt: now,
      sends: [...current.sends, { channel, at: now, byUserId: actor.userId }].slice(-50),
    };
    if (await replaceIfUnchanged(deps, current, next)) return next;
  }
  return list;
}

export type ResourceListPage = {
  totalCount: number;
  edges: Array<{ cursor: string; node: ResourceList }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

const listSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { error: 'Ask for between 1 and 100 lists.' })
    .max(100, { error: 'Ask for between 1 and 100 lists.' })
    .nullish(),
  after: z.string().max(200).nullish(),
});

function encodeCursor(offset: number): string {
  return Buffer.from(`l:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^l:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

/**
 * The actor's organization's lists, most recently changed first. Audited. Throws
 * NotAllowedError, InvalidInputError.
 */
export async function listResourceLists(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ResourceListPage> {
  assertCanKeepLists(actor);
  const parsed = parseInput(listSchema, input ?? {});
  const limit = parsed.first ?? 20;
  const offset = parsed.after ? decodeCursor(parsed.after) : 0;
  // A scan with an organization filter (FerretDB v1 uses no secondary index for it).
  const collection = deps.db.models.ResourceList.collection;
  const filter = { organizationId: actor.organizationId };
  const [totalCount, docs] = await Promise.all([
    collection.countDocuments(filter),
    collection
      .find(filter)
      .sort({ updatedAt: -1, _id: 1 })
      .skip(offset)
      .limit(limit + 1)
      .toArray(),
  ]);
  const nodes = docs
    .slice(0, limit)
    .map((doc) => fromStored(deps, doc))
    .filter((list) => canReadList(actor, list));
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(offset + i + 1), node }));
  await recordAudit(deps, actor, {
    action: 'list.list',
    subjectType: 'organization',
    subjectId: actor.organizationId,
    detail: { results: edges.length },
  });
  return {
    totalCount,
    edges,
    pageInfo: { hasNextPage: docs.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
