import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import type { Database } from '../../db/database.ts';
import { isDuplicateKey } from '../../db/documents.ts';
import {
  gated,
  groupCommitIdle,
  insertGrouped,
  replaceGrouped,
  type WritePriority,
} from '../../db/group-commit.ts';
import type { DomainDeps } from '../deps.ts';
import type { Outcome, ReasonCode, ReferralStatus, Urgency } from './state-machine.ts';

/**
 * The version chain. A referral's truth is its immutable version documents
 * (`<referralId>:<version>`); the head document in `referrals` is a cache of the newest one plus
 * the history. FerretDB v1 has no transactions and scans for any filter but `_id` equality, so a
 * change is decided by one insert of the next version (a duplicate `_id` means someone else got
 * there first) and then the head is replaced whole. A crash between the two leaves a version the
 * head does not show yet; every read rolls the head forward over such versions and repairs it.
 *
 * Writes go out through group commit (one insert of many versions, one bulk replace of many
 * heads), and each process remembers the referrals it last saw. That memory is only ever a
 * starting point: a read still looks for a newer version, and a change is still decided by its
 * version insert, so another process's changes are never overwritten or hidden.
 *
 * Since the head is only a cache, a change does not wait for it: the new head is written when
 * the database has a moment (at most HEAD_REFRESH_MS later), once for however many changes the
 * referral had meanwhile; rewriting a head costs FerretDB a read, decode and encode of the whole
 * document, the dearest write of a change. A new referral's head is written at once (an insert,
 * so that scans find it). Scans made in this process see the newer state it remembers; other
 * processes see the head within the refresh time, and any single read rolls forward anyway.
 */

export type ReferralReason = { code: ReasonCode; text: string | null };

/** One entry of a referral's history: who did what, when, and why. */
export type ReferralEvent = {
  version: number;
  kind: 'CREATED' | 'TRANSITION' | 'RECEIVED';
  at: Date;
  actorUserId: string;
  actorOrganizationId: string;
  from: ReferralStatus | null;
  to: ReferralStatus;
  reason: ReferralReason | null;
  outcome: Outcome | null;
  note: string | null;
};

/** A referral's state at one version (everything but the history). */
export type ReferralState = {
  id: string;
  version: number;
  status: ReferralStatus;
  /** While ON_HOLD: the status it resumes to. */
  heldFrom: ReferralStatus | null;
  clientId: string;
  consentId: string;
  referringUserId: string;
  referringOrganizationId: string;
  serviceId: string;
  serviceAtLocationId: string | null;
  receivingOrganizationId: string;
  needs: string[];
  urgency: Urgency;
  note: string | null;
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  receivedAt: Date | null;
  respondedAt: Date | null;
  closedAt: Date | null;
  reason: ReferralReason | null;
  outcome: Outcome | null;
};

export type Referral = ReferralState & { history: ReferralEvent[] };

type Deps = Pick<DomainDeps, 'db'>;

const CACHE_LIMIT = 20_000;
const caches = new WeakMap<Database, Map<string, Referral>>();

function cacheOf(db: Database): Map<string, Referral> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

function remember(db: Database, referral: Referral): void {
  const cache = cacheOf(db);
  const known = cache.get(referral.id);
  if (known && known.version > referral.version) return;
  cache.delete(referral.id);
  if (cache.size >= CACHE_LIMIT) {
    // Forget the oldest tenth (a Map iterates in insertion order, and every write re-inserts).
    let drop = CACHE_LIMIT / 10;
    for (const key of cache.keys()) {
      cache.delete(key);
      if (--drop <= 0) break;
    }
  }
  cache.set(referral.id, referral);
}

/** Forgets what this process remembers of referrals, as a restart would. */
export function forgetRememberedReferrals(db: Database): void {
  caches.delete(db);
}

export function versionId(referralId: string, version: number): string {
  return `${referralId}:${version}`;
}

function stateFromDoc(doc: Document): ReferralState {
  const { _id, history: _history, ...rest } = doc;
  return { ...(rest as Omit<ReferralState, 'id'>), id: String(_id) };
}

function storedState(state: ReferralState): Document {
  const { id: _id, ...rest } = state;
  return rest;
}

async function readVersion(
  deps: Deps,
  referralId: string,
  version: number,
): Promise<{ state: ReferralState; event: ReferralEvent } | null> {
  const doc = await deps.db.models.ReferralVersion.collection.findOne({
    _id: versionId(referralId, version) as never,
  });
  if (!doc) return null;
  return {
    state: { ...(doc.state as Omit<ReferralState, 'id'>), id: referralId },
    event: doc.event as ReferralEvent,
  };
}

/** Whether version 1 exists, and the fingerprint of the create that wrote it. */
export async function readFirstVersion(
  deps: Deps,
  referralId: string,
): Promise<{ fingerprint: string | null } | null> {
  const doc = await deps.db.models.ReferralVersion.collection.findOne(
    { _id: versionId(referralId, 1) as never },
    { projection: { fingerprint: 1 } },
  );
  if (!doc) return null;
  return { fingerprint: typeof doc.fingerprint === 'string' ? doc.fingerprint : null };
}

/** A referral as its head document stores it (without `_id`). */
function headDoc(referral: Referral): Document {
  const { history, ...state } = referral;
  return { ...storedState(state), history };
}

/** SQLite (under FerretDB) answers "database is locked" when writers collide; nothing was written. */
function isBusy(error: unknown): boolean {
  return error instanceof Error && /SQLITE_BUSY|database is locked/.test(error.message);
}

/** Runs a write again (with a short, growing pause) while the database reports itself busy. */
export async function whileBusy<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
    }
  }
}

// The head is a cache of the version chain: once the version is in, failing to write the head
// must not fail the change. The next read rolls forward and writes it.
// Two writers may both find no head and both try to insert it (an upsert is a find, then an
// insert): the loser's duplicate-key error means the head now exists, so it replaces it instead.
export async function writeHead(
  deps: Deps,
  referral: Referral,
  priority: WritePriority = 'request',
): Promise<void> {
  const doc = headDoc(referral);
  const collection = deps.db.models.Referral.collection;
  const replace = () =>
    whileBusy(() =>
      gated(
        () => collection.replaceOne({ _id: referral.id as never }, doc, { upsert: true }),
        priority,
      ),
    );
  try {
    try {
      await replaceGrouped(collection, referral.id, doc, referral.version, priority);
    } catch (error) {
      if (!isDuplicateKey(error) && !isBusy(error)) throw error;
      await replace();
    }
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}

/**
 * Writes a new referral's head. An insert, which group commit makes one statement for many
 * referrals (a replace is one statement each, and on FerretDB a read and a write each); should
 * the head exist already (a retry that raced its first request), it is replaced instead.
 */
async function insertHead(deps: Deps, referral: Referral): Promise<void> {
  const doc = { _id: referral.id as never, ...headDoc(referral) };
  try {
    const outcome = await whileBusy(() => insertGrouped(deps.db.models.Referral.collection, doc));
    if (outcome === 'duplicate') await writeHead(deps, referral);
  } catch (error) {
    // As with writeHead: the version is in, so a read rolls forward and repairs the head.
    if (!isBusy(error)) throw error;
  }
}

/**
 * Loads a referral: the head, rolled forward over any version it does not show yet (and
 * repaired when it was behind). Null when there is no such referral.
 */
export async function loadReferral(deps: Deps, id: string): Promise<Referral | null> {
  const known = cacheOf(deps.db).get(id);
  if (known) return forward(deps, known, false);
  const head = await deps.db.models.Referral.collection.findOne({ _id: id as never });
  if (head) return rollForward(deps, head);
  // No head: a create that stopped after its first version (or none at all).
  const first = await readVersion(deps, id, 1);
  if (!first) return null;
  return forward(deps, { ...first.state, history: [first.event] }, true);
}

/**
 * The referral as this process last saw it (no read at all), else as loadReferral finds it. For
 * a change only: its version insert finds out whether anyone got there first.
 */
export async function loadReferralForChange(deps: Deps, id: string): Promise<Referral | null> {
  return cacheOf(deps.db).get(id) ?? loadReferral(deps, id);
}

/** Rolls a head document (from a read or a list scan) forward, like loadReferral. */
export async function rollForward(deps: Deps, head: Document): Promise<Referral> {
  const history = Array.isArray(head.history) ? (head.history as ReferralEvent[]) : [];
  return forward(deps, { ...stateFromDoc(head), history }, false);
}

async function forward(deps: Deps, start: Referral, behind: boolean): Promise<Referral> {
  let referral = start;
  let repaired = behind;
  for (;;) {
    const next = await readVersion(deps, referral.id, referral.version + 1);
    if (!next) break;
    referral = { ...next.state, history: [...referral.history, next.event] };
    repaired = true;
  }
  if (repaired) refreshHeadSoon(deps, referral);
  remember(deps.db, referral);
  return referral;
}

/**
 * When a changed head is written (see the top of this module): as soon as the database has no
 * other write waiting (checked every HEAD_IDLE_CHECK_MS), and at the latest HEAD_REFRESH_MS after
 * it was queued. Under load that lets several changes of one referral share one head write.
 */
const HEAD_IDLE_CHECK_MS = 25;
const HEAD_REFRESH_MS = 2000;

type HeadQueue = {
  pending: Map<string, Referral>;
  timer: ReturnType<typeof setTimeout> | null;
  /** When the oldest queued head was queued. */
  since: number;
  /** Head writes under way, so a flush can wait for those a timer started. */
  writing: Set<Promise<unknown>>;
};
const headQueues = new WeakMap<Database, HeadQueue>();

/** Queues a head to be written soon (the newest version queued wins). */
function refreshHeadSoon(deps: Deps, referral: Referral): void {
  let queue = headQueues.get(deps.db);
  if (!queue) {
    queue = { pending: new Map(), timer: null, since: 0, writing: new Set() };
    headQueues.set(deps.db, queue);
  }
  const queued = queue.pending.get(referral.id);
  if (!queued || queued.version < referral.version) queue.pending.set(referral.id, referral);
  if (queue.timer) return;
  queue.since = Date.now();
  const owner = queue;
  const check = () => {
    if (groupCommitIdle() || Date.now() - owner.since >= HEAD_REFRESH_MS) {
      void flushReferralHeads(deps);
    } else {
      owner.timer = setTimeout(check, HEAD_IDLE_CHECK_MS);
      owner.timer.unref();
    }
  };
  queue.timer = setTimeout(check, HEAD_IDLE_CHECK_MS);
  queue.timer.unref();
}

/**
 * Writes every queued head now (on shutdown, and wherever the stored heads must be current). A
 * head that fails to write is not lost: the referral's next read rolls forward and queues it
 * again.
 */
export async function flushReferralHeads(deps: Deps): Promise<void> {
  const queue = headQueues.get(deps.db);
  if (!queue) return;
  if (queue.timer) {
    clearTimeout(queue.timer);
    queue.timer = null;
  }
  const heads = [...queue.pending.values()];
  queue.pending.clear();
  const writing = Promise.all(
    heads.map((head) => writeHead(deps, head, 'background').catch(() => undefined)),
  );
  queue.writing.add(writing);
  try {
    await Promise.all(queue.writing);
  } finally {
    queue.writing.delete(writing);
  }
}

/**
 * Appends the next version: inserts its immutable document (the write that decides a race), then
 * replaces the head. Returns the new referral, or null when that version already exists (someone
 * else changed the referral first).
 */
export async function appendVersion(
  deps: Deps,
  current: Referral | null,
  state: ReferralState,
  event: ReferralEvent,
  /** Writes that follow from the change (audit, notices): made side by side with the head. */
  alongside?: (referral: Referral) => Promise<unknown>,
  /** Version 1 only: what the create asked for, so a retry of its idempotency key can tell. */
  first?: { fingerprint: string },
): Promise<Referral | null> {
  const collection = deps.db.models.ReferralVersion.collection;
  const _id = versionId(state.id, state.version);
  // Tells our own insert from another writer's when a retry meets a duplicate key.
  const writeId = randomUUID();
  const doc = {
    _id: _id as never,
    referralId: state.id,
    version: state.version,
    writeId,
    ...(first ? { fingerprint: first.fingerprint } : {}),
    event,
    state: storedState(state),
  };
  const outcome = await whileBusy(() => insertGrouped(collection, doc));
  if (outcome === 'duplicate') {
    const stored = await collection.findOne({ _id: _id as never });
    if (stored?.writeId !== writeId) return null;
  }
  const referral: Referral = { ...state, history: [...(current?.history ?? []), event] };
  remember(deps.db, referral);
  if (referral.version === 1) {
    await Promise.all([insertHead(deps, referral), alongside?.(referral)]);
  } else {
    refreshHeadSoon(deps, referral);
    await alongside?.(referral);
  }
  return referral;
}

/**
 * Every referral head matching a filter on stored fields (a scan on FerretDB), each as new as
 * this process knows it: a head whose refresh is still queued is replaced by the state this
 * process remembers.
 */
export async function findReferralHeads(deps: Deps, filter: Document): Promise<Document[]> {
  const heads = await deps.db.models.Referral.collection.find(filter).toArray();
  const known = cacheOf(deps.db);
  return heads.map((head) => {
    const newer = known.get(String(head._id));
    if (!newer || newer.version <= Number(head.version)) return head;
    const { id, history, ...state } = newer;
    return { _id: id, ...state, history };
  });
}
