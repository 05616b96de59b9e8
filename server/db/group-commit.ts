import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/** What group commit needs of a collection (the driver's, or mongoose's wrapper of it). */
export type GroupedCollection = Pick<Collection, 'insertMany' | 'bulkWrite'>;

/**
 * Group commit: writes that many requests make at the same moment go to the database as one
 * command per collection (`insertMany` / `bulkWrite`, unordered) instead of one round trip each.
 * Every caller still waits for its own write and gets its own result, so nothing is reported
 * done before it is stored. A batch leaves as soon as the previous one for that collection has
 * returned: at low load that is at once (a batch of one), under load batches grow by themselves.
 *
 * On the embedded database this is the difference that matters: FerretDB runs each command in
 * its own SQLite transaction, and an insert of 50 documents costs little more than an insert
 * of one. MongoDB gains the saved round trips.
 */

export type InsertOutcome = 'inserted' | 'duplicate';

const MAX_INSERT_BATCH = 200;
/**
 * FerretDB v1 keeps each statement of an `update` command reading (one SQLite connection each,
 * from a pool of 100) until the whole command ends, so a bulk replace of ~100 documents waits
 * forever for a connection. Replaces go in batches well below that.
 */
const MAX_REPLACE_BATCH = 8;
const DUPLICATE_KEY = 11000;

type Pending<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };
type QueuedInsert = Pending<InsertOutcome> & { doc: Document };
type QueuedReplace = Pending<void> & { id: unknown; doc: Document; rank: number };

type WriteError = { index: number; code?: number; errmsg?: string };

/** The per-document errors of an unordered bulk write, or null when the whole command failed. */
function writeErrorsOf(error: unknown): WriteError[] | null {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return null;
  const raw = (error as { writeErrors: unknown }).writeErrors;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.map((e: { index?: number; code?: number; errmsg?: string; err?: WriteError }) => ({
    index: Number(e.index ?? e.err?.index),
    code: e.code ?? e.err?.code,
    errmsg: e.errmsg ?? e.err?.errmsg,
  }));
}

function writeError(e: WriteError): Error & { code?: number } {
  return Object.assign(new Error(e.errmsg ?? `write failed (code ${e.code})`), { code: e.code });
}

/**
 * How many grouped writes may be in flight at once, across all collections. SQLite admits one
 * writer at a time and makes the others sleep and retry (1, 2, 5, 10… ms), so on the embedded
 * database one at a time is both faster and steadier; the batches grow while they wait.
 *
 * Writes a request waits for go first; background writes (a cache refreshed later, delivered
 * messages logged) take the turns nobody waiting for an answer wants, so under load they wait
 * and grow instead of holding up requests.
 */
export type WritePriority = 'request' | 'background';

let writers = Number.POSITIVE_INFINITY;
let inFlight = 0;
const waiting: Record<WritePriority, Array<() => void>> = { request: [], background: [] };

export function setGroupCommitWriters(count: number): void {
  writers = Math.max(1, count);
}

/** True when no grouped write is under way or waiting: a moment for work that can wait. */
export function groupCommitIdle(): boolean {
  return inFlight === 0 && waiting.request.length === 0 && waiting.background.length === 0;
}

/** Runs a write in its turn among the grouped writes (see `writers`). */
export async function gated<T>(
  write: () => Promise<T>,
  priority: WritePriority = 'request',
): Promise<T> {
  // A finishing writer hands its place straight to the next in line.
  if (inFlight >= writers) await new Promise<void>((resolve) => waiting[priority].push(resolve));
  else inFlight += 1;
  try {
    return await write();
  } finally {
    const next = waiting.request.shift() ?? waiting.background.shift();
    if (next) next();
    else inFlight -= 1;
  }
}

class Lane<Q> {
  private queue: Q[] = [];
  private flying = false;

  constructor(
    private readonly send: (batch: Q[]) => Promise<void>,
    private readonly maxBatch: number,
    private readonly priority: WritePriority,
  ) {}

  push(item: Q): void {
    this.queue.push(item);
    if (!this.flying) {
      this.flying = true;
      // Let the callers of this turn of the event loop join the first batch.
      setImmediate(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      await gated(() => this.send(this.queue.splice(0, this.maxBatch)), this.priority);
    }
    this.flying = false;
  }
}

const insertLanes = new WeakMap<GroupedCollection, Lane<QueuedInsert>>();
const replaceLanes: Record<WritePriority, WeakMap<GroupedCollection, Lane<QueuedReplace>>> = {
  request: new WeakMap(),
  background: new WeakMap(),
};

async function sendInserts(collection: GroupedCollection, batch: QueuedInsert[]): Promise<void> {
  try {
    await collection.insertMany(
      batch.map((item) => item.doc),
      { ordered: false },
    );
    for (const item of batch) item.resolve('inserted');
  } catch (error) {
    const errors = writeErrorsOf(error);
    if (!errors) {
      for (const item of batch) item.reject(error);
      return;
    }
    const failed = new Map(errors.map((e) => [e.index, e]));
    for (const [index, item] of batch.entries()) {
      const e = failed.get(index);
      if (!e) item.resolve('inserted');
      else if (e.code === DUPLICATE_KEY) item.resolve('duplicate');
      else item.reject(writeError(e));
    }
  }
}

async function sendReplaces(collection: GroupedCollection, batch: QueuedReplace[]): Promise<void> {
  // One statement per document: the newest write of a document in this batch wins, and every
  // caller that asked for that document learns the result of that one statement.
  const newest = new Map<unknown, QueuedReplace>();
  for (const item of batch) {
    const seen = newest.get(item.id);
    if (!seen || item.rank >= seen.rank) newest.set(item.id, item);
  }
  const statements = [...newest.values()];
  const settle = (id: unknown, error: unknown) => {
    for (const item of batch) {
      if (item.id !== id) continue;
      if (error) item.reject(error);
      else item.resolve();
    }
  };
  try {
    await collection.bulkWrite(
      statements.map(
        (s): AnyBulkWriteOperation => ({
          replaceOne: { filter: { _id: s.id as never }, replacement: s.doc, upsert: true },
        }),
      ),
      { ordered: false },
    );
    for (const s of statements) settle(s.id, null);
  } catch (error) {
    const errors = writeErrorsOf(error);
    if (!errors) {
      for (const s of statements) settle(s.id, error);
      return;
    }
    const failed = new Map(errors.map((e) => [e.index, e]));
    for (const [index, s] of statements.entries()) {
      const e = failed.get(index);
      settle(s.id, e ? writeError(e) : null);
    }
  }
}

function laneOf<Q>(
  lanes: WeakMap<GroupedCollection, Lane<Q>>,
  collection: GroupedCollection,
  send: (collection: GroupedCollection, batch: Q[]) => Promise<void>,
  maxBatch: number,
  priority: WritePriority = 'request',
): Lane<Q> {
  let lane = lanes.get(collection);
  if (!lane) {
    lane = new Lane<Q>((batch) => send(collection, batch), maxBatch, priority);
    lanes.set(collection, lane);
  }
  return lane;
}

/**
 * Inserts one document in the next batch for its collection. Resolves `duplicate` when a
 * document with its `_id` (or another unique key) exists; rejects on any other failure.
 */
export function insertGrouped(
  collection: GroupedCollection,
  doc: Document,
): Promise<InsertOutcome> {
  const lane = laneOf(insertLanes, collection, sendInserts, MAX_INSERT_BATCH);
  return new Promise((resolve, reject) => lane.push({ doc, resolve, reject }));
}

/**
 * Replaces (or creates) the document with this `_id` in the next batch for its collection.
 * `rank` orders writes of the same document that meet in one batch (e.g. a version number):
 * the highest is written. Rejects with the driver's error for this document.
 */
export function replaceGrouped(
  collection: GroupedCollection,
  id: unknown,
  doc: Document,
  rank = 0,
  priority: WritePriority = 'request',
): Promise<void> {
  const lane = laneOf(
    replaceLanes[priority],
    collection,
    sendReplaces,
    MAX_REPLACE_BATCH,
    priority,
  );
  return new Promise((resolve, reject) => lane.push({ id, doc, rank, resolve, reject }));
}
