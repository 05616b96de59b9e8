import type { Document } from 'mongodb';
import { fromDoc } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import { rebuildIndex, reindexServices } from './indexer.ts';
import type { Location, Organization, TaxonomyTerm } from './records.ts';
import { buildSearchDocuments } from './search-documents.ts';
import type { StoredService } from './stored.ts';

type WorkerDeps = Pick<DomainDeps, 'db' | 'search' | 'clock' | 'logger'>;

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
      await reindexByScan(deps, keys);
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

/** Re-indexes many services at once, reading each collection in one scan (as rebuildIndex does). */
async function reindexByScan(deps: WorkerDeps, serviceIds: ReadonlySet<string>): Promise<void> {
  const { models } = deps.db;
  const now = deps.clock.now();
  const terms = new Map<string, TaxonomyTerm>();
  for await (const doc of models.TaxonomyTerm.collection.find({})) {
    const term = fromDoc<TaxonomyTerm>(doc);
    terms.set(term.id, term);
  }
  const organizations = new Map<string, Organization>();
  for await (const doc of models.Organization.collection.find({})) {
    const org = fromDoc<Organization>(doc);
    organizations.set(org.id, org);
  }
  const locations = new Map<string, Location>();
  for await (const doc of models.Location.collection.find({})) {
    const location = fromDoc<Location>(doc);
    locations.set(location.id, location);
  }
  const docs = [];
  for await (const doc of models.Service.collection.find({})) {
    if (!serviceIds.has(String(doc._id))) continue;
    const service = fromDoc<StoredService>(doc);
    docs.push(
      ...buildSearchDocuments(
        {
          service: { ...service, service_at_locations: service.service_at_locations ?? [] },
          organization: organizations.get(service.organization_id) ?? null,
          locations,
          terms,
        },
        now,
      ),
    );
  }
  await deps.search.removeServices([...serviceIds]);
  if (docs.length > 0) await deps.search.upsert(docs);
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
