import type { Document } from 'mongodb';
import type { DomainDeps } from '../deps.ts';
import { type Poller, startPoller } from '../poller.ts';
import { type IndexDeps, rebuildIndex, reindexServices, reindexServicesByScan } from './indexer.ts';

type WorkerDeps = IndexDeps;

const MAX_BACKOFF_MS = 60_000;
/**
 * From this many services in the due entries on, they are re-indexed together from full scans:
 * FerretDB's SQLite backend reads one `_id` slower than it scans a few thousand rows.
 */
const SCAN_FROM_KEYS = 1000;

/**
 * Applies due outbox entries to the search index, oldest first, and deletes each one only after
 * it was applied. A failure leaves the entry with a growing back-off. Returns how many applied.
 */
export async function drainOutbox(deps: WorkerDeps, limit = 50): Promise<number> {
  const { Outbox } = deps.db.models;
  const now = deps.clock.now();
  const due = await Outbox.collection
    .find({ availableAt: { $lte: now } })
    .sort({ createdAt: 1 })
    .limit(limit)
    .toArray();
  let applied = 0;
  const retryLater = async (entry: Document, error: unknown) => {
    const attempts = Number(entry.attempts ?? 0) + 1;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
    deps.logger.warn({ err: error, entry: entry._id, attempts }, 'outbox entry failed; will retry');
    await Outbox.collection.updateOne(
      { _id: entry._id },
      {
        $set: {
          attempts,
          availableAt: new Date(now.getTime() + delay),
          lastError: error instanceof Error ? error.message : String(error),
        },
      },
    );
  };

  const indexing = due.filter((e) => e.topic === 'service.index');
  const keys = new Set(indexing.flatMap(keysOf));
  let single = due;
  if (keys.size >= SCAN_FROM_KEYS) {
    single = due.filter((e) => e.topic !== 'service.index');
    try {
      await reindexServicesByScan(deps, keys);
      for (const entry of indexing) {
        await Outbox.collection.deleteOne({ _id: entry._id });
        applied += 1;
      }
    } catch (error) {
      for (const entry of indexing) await retryLater(entry, error);
    }
  }
  for (const entry of single) {
    try {
      await applyEntry(deps, entry);
      await Outbox.collection.deleteOne({ _id: entry._id });
      applied += 1;
    } catch (error) {
      await retryLater(entry, error);
    }
  }
  return applied;
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

/** Deletes entries written before `before` (a full rebuild that started later covered them). */
export async function discardOutboxBefore(
  deps: Pick<DomainDeps, 'db'>,
  before: Date,
): Promise<void> {
  await deps.db.models.Outbox.collection.deleteMany({ createdAt: { $lt: before } });
}

export type IndexWorker = Poller;

/**
 * Polls the outbox (FerretDB has no change streams) and drains it; `kick()` runs it at once after a
 * local write. Other processes' writes (an import CLI) are picked up by the poll.
 */
export function startIndexWorker(deps: WorkerDeps, intervalMs = 1000): IndexWorker {
  return startPoller(
    async () => {
      while ((await drainOutbox(deps)) > 0) {
        // keep going while there is work
      }
    },
    { intervalMs, logger: deps.logger, name: 'search-index outbox' },
  );
}
