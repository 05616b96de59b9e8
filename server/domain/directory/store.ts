import { randomUUID } from 'node:crypto';
import type { Collection, Document } from 'mongodb';
import type { Models } from '../../db/database.ts';
import type { DomainDeps } from '../deps.ts';
import type { DirectoryBundle, ServiceAtLocation } from './records.ts';
import type { StoredService } from './stored.ts';

/** How many records of each kind a write created and updated. */
export type StoreSummary = {
  created: Record<string, number>;
  updated: Record<string, number>;
};

const BATCH = 500;

type Keyed = { id: string };

/**
 * Writes a batch of one collection: insert first (fast on FerretDB), then replace whole the ones
 * that already existed. Each record is one document write, so it is stored whole or not at all.
 */
async function upsertAll(
  collection: Collection<Document>,
  records: readonly Keyed[],
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (let i = 0; i < records.length; i += BATCH) {
    const chunk: Document[] = records
      .slice(i, i + BATCH)
      .map(({ id, ...rest }) => ({ _id: id, ...rest }));
    const existing = new Set<number>();
    try {
      await collection.insertMany(chunk, { ordered: false });
    } catch (error) {
      const writeErrors = duplicateKeyIndexes(error);
      if (writeErrors === null) throw error;
      for (const index of writeErrors) existing.add(index);
    }
    created += chunk.length - existing.size;
    for (const index of existing) {
      const doc = chunk[index];
      if (!doc) continue;
      // `_id`-only filters are the only ones FerretDB's SQLite backend answers without a scan.
      await collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
      updated += 1;
    }
  }
  return { created, updated };
}

/** Indexes of the duplicate-key failures of an unordered insertMany, or null for another error. */
function duplicateKeyIndexes(error: unknown): number[] | null {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return null;
  const raw = (error as { writeErrors: unknown }).writeErrors;
  const list = Array.isArray(raw) ? raw : [raw];
  const indexes: number[] = [];
  for (const item of list) {
    const code =
      (item as { code?: unknown }).code ?? (item as { err?: { code?: unknown } }).err?.code;
    const index =
      (item as { index?: unknown }).index ?? (item as { err?: { index?: unknown } }).err?.index;
    if (code !== 11000 || typeof index !== 'number') return null;
    indexes.push(index);
  }
  return indexes;
}

/**
 * How long an announcement written before a change waits for the writer to release it. A worker
 * (possibly in another process) must not apply it while the records are still being written; if
 * the writer crashes, the entry becomes due on its own after this hold.
 */
const HOLD_MS = 10 * 60_000;

/**
 * Records the intent to re-index these services, before the change is written. The entries are
 * due at `availableAt` (now by default). Returns them, for releaseIndexing.
 */
export async function enqueueIndexing(
  models: Models,
  serviceIds: readonly string[],
  now: Date,
  availableAt: Date = now,
): Promise<Document[]> {
  const entries: Document[] = [];
  for (let i = 0; i < serviceIds.length; i += BATCH) {
    entries.push({
      _id: randomUUID(),
      topic: 'service.index',
      keys: serviceIds.slice(i, i + BATCH),
      createdAt: now,
      availableAt,
      attempts: 0,
    });
  }
  if (entries.length > 0) await models.Outbox.collection.insertMany(entries);
  return entries;
}

/** The search-index workers running in this process, by the database whose feed they follow. */
const indexWorkers = new WeakMap<object, Set<{ kick(): void }>>();

/**
 * Registers a worker that follows this database's change feed, so that a change written through
 * this process reaches the index at once rather than at the worker's next poll. Returns the call
 * that unregisters it.
 */
export function registerIndexWorker(db: object, worker: { kick(): void }): () => void {
  let workers = indexWorkers.get(db);
  if (!workers) {
    workers = new Set();
    indexWorkers.set(db, workers);
  }
  workers.add(worker);
  return () => {
    indexWorkers.get(db)?.delete(worker);
  };
}

/**
 * Makes held entries due now and wakes this process's index workers. Whole-document upserts by
 * `_id` (the fast path on FerretDB); an entry a worker already applied early is written again, so
 * the final state is always indexed.
 */
async function releaseIndexing(
  deps: Pick<DomainDeps, 'db'>,
  entries: Document[],
  now: Date,
): Promise<void> {
  for (const entry of entries) {
    await deps.db.models.Outbox.collection.replaceOne(
      { _id: entry._id },
      { ...entry, availableAt: now },
      { upsert: true },
    );
  }
  if (entries.length > 0) for (const worker of indexWorkers.get(deps.db) ?? []) worker.kick();
}

/**
 * Runs `write` between a held announcement of these services to the search index and its release,
 * so a crash after the write still reaches the index (the held entries fall due on their own).
 */
export async function withIndexing<T>(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  serviceIds: readonly string[],
  write: () => Promise<T>,
): Promise<T> {
  const { models } = deps.db;
  const announcedAt = deps.clock.now();
  const held = await enqueueIndexing(
    models,
    serviceIds,
    announcedAt,
    new Date(announcedAt.getTime() + HOLD_MS),
  );
  const result = await write();
  await releaseIndexing(deps, held, deps.clock.now());
  return result;
}

/**
 * Stores validated HSDS records (organizations, locations, services with their
 * service-at-locations nested, taxonomy) and announces every touched service to the search index
 * through the outbox, written first so that a crash after the write still reaches the index.
 */
export async function storeBundle(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  bundle: DirectoryBundle,
  onProgress?: (done: number, total: number) => void,
): Promise<StoreSummary> {
  const { models } = deps.db;
  const linksByService = new Map<string, ServiceAtLocation[]>();
  for (const link of bundle.serviceAtLocations) {
    const list = linksByService.get(link.service_id) ?? [];
    list.push(link);
    linksByService.set(link.service_id, list);
  }
  const services: StoredService[] = bundle.services.map((service) => ({
    ...service,
    service_at_locations: linksByService.get(service.id) ?? [],
  }));

  const touched = new Set(services.map((s) => s.id));
  const announcedAt = deps.clock.now();
  const held = await enqueueIndexing(
    models,
    [...touched],
    announcedAt,
    new Date(announcedAt.getTime() + HOLD_MS),
  );

  const summary: StoreSummary = { created: {}, updated: {} };
  const total =
    bundle.taxonomies.length +
    bundle.taxonomyTerms.length +
    bundle.organizations.length +
    bundle.locations.length +
    services.length;
  let done = 0;
  const steps: Array<[string, Collection<Document>, readonly Keyed[]]> = [
    ['taxonomies', models.Taxonomy.collection, bundle.taxonomies],
    ['taxonomyTerms', models.TaxonomyTerm.collection, bundle.taxonomyTerms],
    ['organizations', models.Organization.collection, bundle.organizations],
    ['locations', models.Location.collection, bundle.locations],
    ['services', models.Service.collection, services],
  ];
  for (const [name, collection, records] of steps) {
    for (let i = 0; i < records.length; i += BATCH) {
      const result = await upsertAll(collection, records.slice(i, i + BATCH));
      summary.created[name] = (summary.created[name] ?? 0) + result.created;
      summary.updated[name] = (summary.updated[name] ?? 0) + result.updated;
      done += Math.min(BATCH, records.length - i);
      onProgress?.(done, total);
    }
  }
  await releaseIndexing(deps, held, deps.clock.now());
  return summary;
}
