import type { Document } from 'mongodb';
import { isUnleased, releaseOne, withClaims } from '../../db/leases.ts';
import type { SearchIndex } from '../../search/engine.ts';
import type { DomainDeps } from '../deps.ts';
import { jobStatsFor, type Poller, startPoller } from '../poller.ts';
import { type IndexDeps, rebuildIndex, reindexServices, reindexServicesByScan } from './indexer.ts';
import { registerIndexWorker } from './store.ts';

/**
 * The listing change feed (the `outbox` collection): every change to the directory is announced
 * there before it is written, and entries stay, in order of `createdAt`, until they are older
 * than FEED_RETENTION_MS; no reader deletes what it read. How an index follows the feed depends
 * on who shares it:
 *
 * - The embedded engine lives in each server process, so each process reads every entry itself
 *   and keeps its own checkpoint (the entries it has applied) next to its index.
 * - Meilisearch is one index for all processes: an entry is claimed with a lease, applied once and
 *   marked `appliedAt`; a claim whose owner died is taken over when the lease expires. Applying
 *   twice is harmless anyway, because an entry only names services and the index re-reads them.
 */

type WorkerDeps = IndexDeps;

const MAX_BACKOFF_MS = 60_000;
/**
 * From this many services in the due entries on, they are re-indexed together from full scans:
 * FerretDB's SQLite backend reads one `_id` slower than it scans a few thousand rows.
 */
const SCAN_FROM_KEYS = 1000;
/** How long entries stay in the feed: a process that has not read it for this long rebuilds. */
export const FEED_RETENTION_MS = 60 * 60_000;
const PRUNE_EVERY_MS = 60_000;
/** A shared-index claim's lease, renewed while its entries are applied. */
const CLAIM_MS = 60_000;

/** What one process's index has taken from the feed (for an index of its own). */
type Checkpoint = {
  /** Entry versions applied: `_id` plus `availableAt`, since releasing a held entry re-dates it. */
  applied: Map<string, number>;
  /** In-process back-off of entries that failed here. */
  failures: Map<string, { attempts: number; nextAt: number }>;
  /** When this process last read the feed (real time). */
  lastReadAt: number | null;
  lastPrunedAt: number;
};

const checkpoints = new WeakMap<SearchIndex, Checkpoint>();

function checkpointOf(search: SearchIndex): Checkpoint {
  let checkpoint = checkpoints.get(search);
  if (!checkpoint) {
    checkpoint = { applied: new Map(), failures: new Map(), lastReadAt: null, lastPrunedAt: 0 };
    checkpoints.set(search, checkpoint);
  }
  return checkpoint;
}

/** True when every server process has its own copy of this index (the embedded engine). */
function isPerProcess(search: SearchIndex): boolean {
  return search.kind === 'memory';
}

function versionOf(entry: Document): string {
  return `${String(entry._id)}@${new Date(entry.availableAt as Date).getTime()}`;
}

function keysOf(entry: Document): string[] {
  return Array.isArray(entry.keys) ? entry.keys.map(String) : [];
}

async function applyEntry(deps: WorkerDeps, entry: Document): Promise<void> {
  if (entry.topic === 'index.rebuild') {
    await rebuildIndex(deps);
    return;
  }
  const keys = keysOf(entry);
  if (keys.length > 0) await reindexServices(deps, keys);
}

/**
 * Applies `due` in order; entries about many services at once are re-indexed from full scans.
 * Calls `done` or `failed` for each entry.
 */
async function applyInOrder(
  deps: WorkerDeps,
  due: Document[],
  done: (entry: Document) => Promise<void>,
  failed: (entry: Document, error: unknown) => Promise<void>,
): Promise<void> {
  const indexing = due.filter((e) => e.topic === 'service.index');
  const keys = new Set(indexing.flatMap(keysOf));
  let single = due;
  if (keys.size >= SCAN_FROM_KEYS) {
    single = due.filter((e) => e.topic !== 'service.index');
    try {
      await reindexServicesByScan(deps, keys);
      for (const entry of indexing) await done(entry);
    } catch (error) {
      for (const entry of indexing) await failed(entry, error);
    }
  }
  for (const entry of single) {
    try {
      await applyEntry(deps, entry);
      await done(entry);
    } catch (error) {
      await failed(entry, error);
    }
  }
}

function backoff(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
}

/** Deletes entries older than the retention (in a shared index, only applied ones). */
async function prune(deps: WorkerDeps, checkpoint: Checkpoint, now: Date): Promise<void> {
  if (now.getTime() - checkpoint.lastPrunedAt < PRUNE_EVERY_MS) return;
  checkpoint.lastPrunedAt = now.getTime();
  const before = new Date(now.getTime() - FEED_RETENTION_MS);
  await deps.db.models.Outbox.collection.deleteMany({
    createdAt: { $lt: before },
    availableAt: { $lte: now },
    ...(isPerProcess(deps.search) ? {} : { appliedAt: { $lte: now } }),
  });
}

/** Applies the entries this process's own index has not seen yet. */
async function readForOwnIndex(deps: WorkerDeps, limit: number): Promise<number> {
  const { Outbox } = deps.db.models;
  const checkpoint = checkpointOf(deps.search);
  const now = deps.clock.now();
  // Measured in real time: it is this process's lag, whatever clock the domain is given.
  if (
    checkpoint.lastReadAt !== null &&
    Date.now() - checkpoint.lastReadAt > FEED_RETENTION_MS / 2
  ) {
    // Away so long that entries it never read may be pruned: start over from the database.
    deps.logger.warn('the search index fell behind the change feed; rebuilding it');
    await markIndexedBefore(deps, now, () => rebuildIndex(deps));
  }
  // The whole feed: it is short (pruned by age) and FerretDB would scan for any filter anyway.
  const entries = await Outbox.collection.find({}).toArray();
  const present = new Set(entries.map(versionOf));
  for (const version of checkpoint.applied.keys()) {
    if (!present.has(version)) checkpoint.applied.delete(version);
  }
  checkpoint.lastReadAt = Date.now();
  const due = entries
    .filter((e) => new Date(e.availableAt as Date).getTime() <= now.getTime())
    .filter((e) => !checkpoint.applied.has(versionOf(e)))
    .filter((e) => (checkpoint.failures.get(versionOf(e))?.nextAt ?? 0) <= now.getTime())
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
    .slice(0, limit);
  let applied = 0;
  await applyInOrder(
    deps,
    due,
    async (entry) => {
      checkpoint.applied.set(versionOf(entry), now.getTime());
      checkpoint.failures.delete(versionOf(entry));
      applied += 1;
      // A rebuild asked for by a CLI waits for this mark; the first process to apply it says so.
      if (entry.topic === 'index.rebuild') {
        await Outbox.collection.updateOne(
          { _id: entry._id, appliedAt: null },
          { $set: { appliedAt: deps.clock.now() } },
        );
      }
    },
    async (entry, error) => {
      const attempts = (checkpoint.failures.get(versionOf(entry))?.attempts ?? 0) + 1;
      checkpoint.failures.set(versionOf(entry), {
        attempts,
        nextAt: now.getTime() + backoff(attempts),
      });
      deps.logger.warn({ err: error, entry: entry._id, attempts }, 'feed entry failed; will retry');
    },
  );
  await prune(deps, checkpoint, now);
  return applied;
}

/** Claims, applies and marks entries nobody has applied to the shared index yet. */
async function applyToSharedIndex(deps: WorkerDeps, limit: number): Promise<number> {
  const { Outbox } = deps.db.models;
  const now = deps.clock.now();
  const entries = await Outbox.collection.find({ appliedAt: null }).toArray();
  const candidates = entries
    .filter((e) => new Date(e.availableAt as Date).getTime() <= now.getTime())
    .filter((e) => isUnleased(e, now))
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
    .slice(0, limit);
  let applied = 0;
  await withClaims(
    Outbox.collection,
    deps.db.models.Claim.collection,
    candidates,
    {
      now,
      leaseMs: CLAIM_MS,
      onRenewError: (error) => deps.logger.warn({ err: error }, 'could not renew a feed claim'),
    },
    (due, token) =>
      applyInOrder(
        deps,
        due,
        async (entry) => {
          await releaseOne(Outbox.collection, entry._id, token, { appliedAt: deps.clock.now() });
          applied += 1;
        },
        async (entry, error) => {
          const attempts = Number(entry.attempts ?? 0) + 1;
          deps.logger.warn(
            { err: error, entry: entry._id, attempts },
            'feed entry failed; will retry',
          );
          await releaseOne(Outbox.collection, entry._id, token, {
            attempts,
            availableAt: new Date(now.getTime() + backoff(attempts)),
            lastError: error instanceof Error ? error.message : String(error),
          });
        },
      ),
  );
  await prune(deps, checkpointOf(deps.search), now);
  return applied;
}

/**
 * Brings the index up to date with the change feed, oldest entries first, at most `limit` of
 * them. A failure is retried with a growing back-off. Returns how many entries it applied.
 */
export async function drainOutbox(deps: WorkerDeps, limit = 50): Promise<number> {
  return isPerProcess(deps.search) ? readForOwnIndex(deps, limit) : applyToSharedIndex(deps, limit);
}

/** How many feed entries this index has yet to apply (held entries included). */
export async function countPending(deps: Pick<DomainDeps, 'db' | 'search'>): Promise<number> {
  const { Outbox } = deps.db.models;
  if (!isPerProcess(deps.search)) return Outbox.collection.countDocuments({ appliedAt: null });
  const checkpoint = checkpointOf(deps.search);
  const entries = await Outbox.collection
    .find({}, { projection: { _id: 1, availableAt: 1 } })
    .toArray();
  return entries.filter((e) => !checkpoint.applied.has(versionOf(e))).length;
}

/** How far this index is behind the feed: entries it has yet to apply, and the oldest one's age. */
export async function feedLag(
  deps: Pick<DomainDeps, 'db' | 'search'>,
  now: Date,
): Promise<{ waiting: number; oldestAgeSeconds: number }> {
  const { Outbox } = deps.db.models;
  const projection = { _id: 1, availableAt: 1, createdAt: 1 };
  const entries = isPerProcess(deps.search)
    ? (await Outbox.collection.find({}, { projection }).toArray()).filter(
        (e) => !checkpointOf(deps.search).applied.has(versionOf(e)),
      )
    : await Outbox.collection.find({ appliedAt: null }, { projection }).toArray();
  let oldest = now.getTime();
  for (const entry of entries) {
    oldest = Math.min(oldest, new Date(entry.createdAt as Date).getTime());
  }
  return {
    waiting: entries.length,
    oldestAgeSeconds: Math.max(0, (now.getTime() - oldest) / 1000),
  };
}

/**
 * Runs `build` (a full rebuild of the index from the database that starts now) and records every
 * entry due before it started as applied: the rebuild read their changes. For this process's own
 * index that is its checkpoint; for a shared index, the entries' `appliedAt`.
 */
export async function markIndexedBefore<T>(
  deps: Pick<DomainDeps, 'db' | 'search'>,
  started: Date,
  build: () => Promise<T>,
): Promise<T> {
  const result = await build();
  if (!isPerProcess(deps.search)) {
    // One index for all processes: the entries the rebuild covered are applied for everyone.
    await deps.db.models.Outbox.collection.updateMany(
      { appliedAt: null, availableAt: { $lte: started } },
      { $set: { appliedAt: started } },
    );
    return result;
  }
  const checkpoint = checkpointOf(deps.search);
  const entries = await deps.db.models.Outbox.collection
    .find({}, { projection: { _id: 1, availableAt: 1 } })
    .toArray();
  for (const entry of entries) {
    if (new Date(entry.availableAt as Date).getTime() <= started.getTime()) {
      checkpoint.applied.set(versionOf(entry), started.getTime());
    }
  }
  checkpoint.lastReadAt = Date.now();
  return result;
}

export type IndexWorker = Poller;

/**
 * Polls the change feed (FerretDB has no change streams) and applies it; a change written through
 * this process kicks it at once (see `registerIndexWorker`). Other processes' writes are picked up
 * by the poll.
 */
export function startIndexWorker(deps: WorkerDeps, intervalMs = 1000): IndexWorker {
  const poller = startPoller(
    async () => {
      // Keep going while there is work; a poll that found none is not counted as a run.
      let applied = 0;
      for (;;) {
        const n = await drainOutbox(deps);
        if (n === 0) return applied > 0;
        applied += n;
      }
    },
    { intervalMs, logger: deps.logger, name: 'search-index feed', stats: jobStatsFor(deps.db) },
  );
  const unregister = registerIndexWorker(deps.db, poller);
  return {
    ...poller,
    stop: async () => {
      unregister();
      await poller.stop();
    },
  };
}
