import { createHash } from 'node:crypto';
import type { Collection, Document } from 'mongodb';
import type { Database } from '../../db/database.ts';
import { fromDoc } from '../../db/documents.ts';
import type { SearchDocument } from '../../search/engine.ts';
import { isAgencyKinds } from '../accounts/users.ts';
import type { DomainDeps } from '../deps.ts';
import type { Location, Organization, TaxonomyTerm } from './records.ts';
import { buildSearchDocuments } from './search-documents.ts';
import type { ServiceGraph, StoredService } from './stored.ts';

/** What indexing reads: storage, search, time, logs and the capacity TTL documents carry. */
export type IndexDeps = Pick<DomainDeps, 'db' | 'search' | 'clock' | 'logger'> & {
  settings: Pick<DomainDeps['settings'], 'capacityTtlHours'>;
};

async function byId<T>(collection: Collection<Document>, id: string): Promise<T | null> {
  // One `_id` equality per read: FerretDB's SQLite backend scans for `$in`.
  const doc = await collection.findOne({ _id: id as never });
  return doc ? fromDoc<T>(doc) : null;
}

async function allTerms(db: Database): Promise<Map<string, TaxonomyTerm>> {
  const terms = new Map<string, TaxonomyTerm>();
  for await (const doc of db.models.TaxonomyTerm.collection.find({})) {
    const term = fromDoc<TaxonomyTerm>(doc);
    terms.set(term.id, term);
  }
  return terms;
}

/** Whether this organization is an agency on the referral network (one `_id` read). */
export async function isNetworkAgency(db: Database, organizationId: string): Promise<boolean> {
  const member = await db.models.Member.collection.findOne({ _id: organizationId as never });
  return isAgencyKinds(member?.kinds);
}

/** The ids of the network's agencies (one scan: members are a few hundred at most). */
async function networkAgencyIds(db: Database): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const doc of db.models.Member.collection.find({}, { projection: { kinds: 1 } })) {
    if (isAgencyKinds(doc.kinds)) ids.add(String(doc._id));
  }
  return ids;
}

/** Loads the graphs of these services (missing ones are left out). */
export async function loadServiceGraphs(
  db: Database,
  serviceIds: readonly string[],
  terms?: ReadonlyMap<string, TaxonomyTerm>,
): Promise<ServiceGraph[]> {
  const { models } = db;
  const termMap = terms ?? (await allTerms(db));
  const organizations = new Map<string, Organization | null>();
  const agencies = new Map<string, boolean>();
  const locations = new Map<string, Location>();
  const graphs: ServiceGraph[] = [];
  for (const id of serviceIds) {
    const service = await byId<StoredService>(models.Service.collection, id);
    if (!service) continue;
    if (!organizations.has(service.organization_id)) {
      organizations.set(
        service.organization_id,
        await byId<Organization>(models.Organization.collection, service.organization_id),
      );
      agencies.set(service.organization_id, await isNetworkAgency(db, service.organization_id));
    }
    for (const link of service.service_at_locations ?? []) {
      if (locations.has(link.location_id)) continue;
      const location = await byId<Location>(models.Location.collection, link.location_id);
      if (location) locations.set(location.id, location);
    }
    graphs.push({
      service: { ...service, service_at_locations: service.service_at_locations ?? [] },
      organization: organizations.get(service.organization_id) ?? null,
      acceptsReferrals: agencies.get(service.organization_id) ?? false,
      locations,
      terms: termMap,
    });
  }
  return graphs;
}

/** Re-indexes these services from the database: their old documents go, current ones come in. */
export async function reindexServices(
  deps: IndexDeps,
  serviceIds: readonly string[],
): Promise<number> {
  const graphs = await loadServiceGraphs(deps.db, serviceIds);
  const now = deps.clock.now();
  const ttl = deps.settings.capacityTtlHours;
  const docs = graphs.flatMap((g) => buildSearchDocuments(g, now, ttl));
  await deps.search.replaceServices([...serviceIds], docs);
  return docs.length;
}

/** Everything services refer to, each collection read in one scan (no per-id reads). */
async function loadDirectoryMaps(db: Database) {
  const terms = await allTerms(db);
  const organizations = new Map<string, Organization>();
  for await (const doc of db.models.Organization.collection.find({})) {
    const org = fromDoc<Organization>(doc);
    organizations.set(org.id, org);
  }
  const locations = new Map<string, Location>();
  for await (const doc of db.models.Location.collection.find({})) {
    const location = fromDoc<Location>(doc);
    locations.set(location.id, location);
  }
  return { terms, organizations, locations, agencies: await networkAgencyIds(db) };
}

function graphOf(
  service: StoredService,
  maps: Awaited<ReturnType<typeof loadDirectoryMaps>>,
): ServiceGraph {
  return {
    service: { ...service, service_at_locations: service.service_at_locations ?? [] },
    organization: maps.organizations.get(service.organization_id) ?? null,
    acceptsReferrals: maps.agencies.has(service.organization_id),
    locations: maps.locations,
    terms: maps.terms,
  };
}

/**
 * Re-indexes many services at once from full scans: past a few hundred services, FerretDB's
 * SQLite backend scans faster than it reads that many documents one `_id` at a time.
 */
export async function reindexServicesByScan(
  deps: IndexDeps,
  serviceIds: ReadonlySet<string>,
): Promise<void> {
  const now = deps.clock.now();
  const ttl = deps.settings.capacityTtlHours;
  const maps = await loadDirectoryMaps(deps.db);
  const docs: SearchDocument[] = [];
  for await (const doc of deps.db.models.Service.collection.find({})) {
    if (!serviceIds.has(String(doc._id))) continue;
    docs.push(...buildSearchDocuments(graphOf(fromDoc<StoredService>(doc), maps), now, ttl));
  }
  await deps.search.replaceServices([...serviceIds], docs);
}

/** Calls `onBatch` with the search documents of every service, in batches, from full scans. */
async function scanDocuments(
  deps: IndexDeps,
  now: Date,
  onBatch: (docs: SearchDocument[], services: number, total: number) => Promise<void>,
): Promise<{ services: number; documents: number }> {
  const { models } = deps.db;
  const ttl = deps.settings.capacityTtlHours;
  const maps = await loadDirectoryMaps(deps.db);
  const total = await models.Service.collection.estimatedDocumentCount();
  let services = 0;
  let documents = 0;
  let batch: SearchDocument[] = [];
  for await (const doc of models.Service.collection.find({})) {
    batch.push(...buildSearchDocuments(graphOf(fromDoc<StoredService>(doc), maps), now, ttl));
    services += 1;
    if (batch.length >= 2000) {
      await onBatch(batch, services, total);
      documents += batch.length;
      batch = [];
    }
  }
  await onBatch(batch, services, Math.max(total, services));
  documents += batch.length;
  return { services, documents };
}

/** A document's content, to tell whether a service changed between two scans. */
function fingerprint(doc: SearchDocument): string {
  return createHash('sha1').update(JSON.stringify(doc)).digest('base64');
}

/**
 * Rebuilds the whole index from the database with full scans (no per-id reads), in batches,
 * into a new index that replaces the live one at once: searches keep answering meanwhile.
 * Edits other processes applied to the old index during the build are caught by a second scan
 * after the swap, which re-indexes every service whose documents changed since the first.
 * Returns the number of services and documents indexed.
 */
export async function rebuildIndex(
  deps: IndexDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<{ services: number; documents: number }> {
  const now = deps.clock.now();
  /** Document id → its service and fingerprint, as the first scan indexed it. */
  const built = new Map<string, { serviceId: string; fingerprint: string }>();
  let counts = { services: 0, documents: 0 };
  // The embedded engine lives in this process, whose outbox worker waits for the rebuild: no
  // other process edits it meanwhile, so there is nothing to compare after the swap.
  const embedded = deps.search.kind === 'memory';
  await deps.search.rebuild(async (write) => {
    counts = await scanDocuments(deps, now, async (docs, services, total) => {
      if (!embedded) {
        for (const doc of docs)
          built.set(doc.id, { serviceId: doc.serviceId, fingerprint: fingerprint(doc) });
      }
      if (docs.length > 0) await write(docs);
      onProgress?.(services, total);
    });
  });
  if (embedded) return counts;
  const changed = new Set<string>();
  const current = new Map<string, SearchDocument[]>();
  await scanDocuments(deps, now, async (docs) => {
    for (const doc of docs) {
      current.set(doc.serviceId, [...(current.get(doc.serviceId) ?? []), doc]);
      if (built.get(doc.id)?.fingerprint !== fingerprint(doc)) changed.add(doc.serviceId);
      built.delete(doc.id);
    }
  });
  // Whatever is left in `built` was indexed by the first scan and is gone now.
  for (const { serviceId } of built.values()) changed.add(serviceId);
  if (changed.size > 0) {
    const docs = [...changed].flatMap((id) => current.get(id) ?? []);
    await deps.search.replaceServices([...changed], docs);
  }
  return counts;
}
