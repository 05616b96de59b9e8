import { allMetros, generateServices } from '../../seeds/generate.ts';
import type { HsdsFullService } from '../../seeds/types.ts';
import type {
  DirectoryBundle,
  Location,
  Organization,
} from '../../server/domain/directory/records.ts';
import { buildSearchDocuments } from '../../server/domain/directory/search-documents.ts';
import type { ServiceGraph, StoredService } from '../../server/domain/directory/stored.ts';
import { taxonomyRecords } from '../../server/domain/directory/taxonomy.ts';
import { ImportContext } from '../../server/importers/context.ts';
import { finalize } from '../../server/importers/finalize.ts';
import { Hsds3JsonReader } from '../../server/importers/hsds-json.ts';
import type { SearchDocument } from '../../server/search/engine.ts';

/** Services read through the importer at a time; organizations never span two batches. */
const BATCH = 5_000;
/** The default CAPACITY_TTL_HOURS; the generated directory publishes no capacity anyway. */
const CAPACITY_TTL_HOURS = 72;
/** Services whose exact names the quality probes search for. */
const KNOWN_ITEMS = 60;

/** A benchmark directory, read the way an HSDS import reads it, ready to index or store. */
export type BenchmarkDirectory = {
  services: number;
  /** The search documents; empty when they were handed to `onDocuments` instead. */
  documents: SearchDocument[];
  documentCount: number;
  /** Sites to search around, sampled from the directory's own locations. */
  points: Array<{ latitude: number; longitude: number }>;
  /** ZIP codes of sites, for postal-code searches. */
  postalCodes: string[];
  /** Services spread through the directory, searched by their exact names (quality probes). */
  knownItems: Array<{ id: string; name: string }>;
  /** Seconds spent generating services and reading them into validated records. */
  readS: number;
  /** Seconds spent building search documents from the records. */
  documentsS: number;
};

/**
 * Generates the same directory as `generateBenchmarkDirectory(n, seed)`, one batch of services at
 * a time, reads each batch through the HSDS 3 JSON importer (validation, enrichment, categories),
 * and builds the search documents with the real `buildSearchDocuments`. `onBundle` sees every
 * validated batch (to store it in the database as well). `onDocuments`, when given, takes each
 * batch's search documents instead of the result keeping them all, as a server's index build reads
 * the directory from its database a batch at a time; its time is not counted in `documentsS`.
 */
export async function loadBenchmarkDirectory(
  n: number,
  seed: number,
  now: Date,
  options: {
    onBundle?: (bundle: DirectoryBundle) => Promise<void>;
    onProgress?: (done: number, total: number) => void;
    onDocuments?: (documents: SearchDocument[]) => Promise<void>;
  } = {},
): Promise<BenchmarkDirectory> {
  const { terms: termList } = taxonomyRecords();
  const terms = new Map(termList.map((t) => [t.id, t]));
  const generator = generateServices({
    services: n,
    seed,
    metro: n > 10_000 ? allMetros : 'denver',
  });
  const documents: SearchDocument[] = [];
  let documentCount = 0;
  const points: BenchmarkDirectory['points'] = [];
  const postalCodes = new Set<string>();
  const knownItems: BenchmarkDirectory['knownItems'] = [];
  const knownItemEvery = Math.max(1, Math.floor(n / KNOWN_ITEMS));
  let readMs = 0;
  let documentsMs = 0;
  let services = 0;
  let batch: HsdsFullService[] = [];
  let pending: HsdsFullService | undefined;

  const flush = async () => {
    const t0 = performance.now();
    const ctx = new ImportContext('benchmark');
    const reader = new Hsds3JsonReader(ctx);
    for (const service of batch) reader.read(service as never, 'benchmark.json', null);
    const { bundle } = finalize(ctx, reader.drafts);
    const t1 = performance.now();
    readMs += t1 - t0;
    for (const term of bundle.taxonomyTerms) if (!terms.has(term.id)) terms.set(term.id, term);
    const organizations = new Map<string, Organization>(bundle.organizations.map((o) => [o.id, o]));
    const locations = new Map<string, Location>(bundle.locations.map((l) => [l.id, l]));
    const links = new Map<string, StoredService['service_at_locations']>();
    for (const link of bundle.serviceAtLocations) {
      const list = links.get(link.service_id) ?? [];
      list.push(link);
      links.set(link.service_id, list);
    }
    const built: SearchDocument[] = options.onDocuments ? [] : documents;
    for (const [i, service] of bundle.services.entries()) {
      if ((services + i) % knownItemEvery === 0 && knownItems.length < KNOWN_ITEMS) {
        knownItems.push({ id: service.id, name: service.name });
      }
      const graph: ServiceGraph = {
        service: { ...service, service_at_locations: links.get(service.id) ?? [] },
        organization: organizations.get(service.organization_id) ?? null,
        acceptsReferrals: false,
        locations,
        terms,
      };
      for (const doc of buildSearchDocuments(graph, now, CAPACITY_TTL_HOURS)) {
        built.push(doc);
        documentCount += 1;
      }
    }
    documentsMs += performance.now() - t1;
    if (options.onDocuments) await options.onDocuments(built);
    for (const location of bundle.locations) {
      if (location.latitude != null && location.longitude != null && points.length < 5_000) {
        points.push({ latitude: location.latitude, longitude: location.longitude });
      }
      const zip = location.addresses[0]?.postal_code;
      if (zip && postalCodes.size < 500) postalCodes.add(zip.slice(0, 5));
    }
    services += bundle.services.length;
    if (options.onBundle) await options.onBundle(bundle);
    options.onProgress?.(services, n);
    batch = [];
  };

  for (const service of generator) {
    // Cut batches only between organizations, so each batch holds whole organizations.
    if (batch.length >= BATCH && pending && pending.organization_id !== service.organization_id) {
      await flush();
    }
    batch.push(service);
    pending = service;
  }
  if (batch.length > 0) await flush();
  return {
    services,
    documents,
    documentCount,
    points,
    postalCodes: [...postalCodes],
    knownItems,
    readS: readMs / 1000,
    documentsS: documentsMs / 1000,
  };
}
