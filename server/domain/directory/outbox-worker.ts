import type { Document } from 'mongodb';
import type { DomainDeps } from '../deps.ts';
import { rebuildIndex, reindexServices } from './indexer.ts';

type WorkerDeps = Pick<DomainDeps, 'db' | 'search' | 'clock' | 'logger'>;

const MAX_BACKOFF_MS = 60_000;

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
  for (const entry of due) {
    try {
      await applyEntry(deps, entry);
      await Outbox.collection.deleteOne({ _id: entry._id });
      applied += 1;
    } catch (error) {
      const attempts = Number(entry.attempts ?? 0) + 1;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
      deps.logger.warn(
        { err: error, entry: entry._id, attempts },
        'outbox entry failed; will retry',
      );
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
    }
  }
  return applied;
}

async function applyEntry(deps: WorkerDeps, entry: Document): Promise<void> {
  if (entry.topic === 'index.rebuild') {
    await rebuildIndex(deps);
    return;
  }
  const keys: string[] = Array.isArray(entry.keys) ? entry.keys.map(String) : [];
  if (keys.length > 0) await reindexServices(deps, keys);
}

/** Deletes entries written before `before` (a full rebuild that started later covered them). */
export async function discardOutboxBefore(
  deps: Pick<DomainDeps, 'db'>,
  before: Date,
): Promise<void> {
  await deps.db.models.Outbox.collection.deleteMany({ createdAt: { $lt: before } });
}

export type IndexWorker = { kick(): void; stop(): Promise<void>; idle(): Promise<void> };

/**
 * Polls the outbox (FerretDB has no change streams) and drains it; `kick()` runs it at once after a
 * local write. Other processes' writes (an import CLI) are picked up by the poll.
 */
export function startIndexWorker(deps: WorkerDeps, intervalMs = 1000): IndexWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        while ((await drainOutbox(deps)) > 0 && !stopped) {
          // keep going while there is work
        }
      } catch (error) {
        deps.logger.error({ err: error }, 'outbox worker failed');
      } finally {
        running = null;
        if (again) {
          again = false;
          run();
        }
      }
    })();
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    kick: run,
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
