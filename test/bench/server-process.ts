import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import { fixedClock } from '../../server/domain/clock.ts';
import { rebuildIndex } from '../../server/domain/directory/indexer.ts';
import {
  markIndexedBefore,
  startIndexWorker,
} from '../../server/domain/directory/outbox-worker.ts';
import type { DirectoryBundle } from '../../server/domain/directory/records.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { taxonomyRecords } from '../../server/domain/directory/taxonomy.ts';
import { applyServiceEdit } from '../../server/domain/listings/edit-service.ts';
import { defaultHttpSettings } from '../../server/http/settings.ts';
import { createLogger } from '../../server/logger.ts';
import { startRuntime } from '../../server/runtime.ts';
import type { SearchDocument } from '../../server/search/engine.ts';
import {
  type MeilisearchExchange,
  meilisearchExchanges,
} from '../../server/search/meilisearch-http.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import { writeInBatches } from './batches.ts';
import { loadBenchmarkDirectory } from './directory.ts';
import {
  BENCH_NOW,
  type LoadStats,
  type MeiliRequest,
  type RunnerMessage,
  rssSampler,
  send,
} from './protocol.ts';

/**
 * The real server for the benchmark: the app from buildApp over the runtime main.ts starts
 * (embedded FerretDB in a temporary DATA_DIR, the configured search engine, the outbox worker), loaded with N synthetic services, on a
 * free loopback port. Reports readiness, load timings and memory over IPC.
 */
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    db: { type: 'boolean', default: false },
    /** Meilisearch as the engine (a fresh index); unset: the embedded engine. */
    'meili-url': { type: 'string' },
    'meili-key': { type: 'string' },
    /**
     * The resolved floor: every search answers the same 20 hits, so everything but the engine
     * runs (HTTP, yoga and its plugins, the context, input checks, each hit's eligibility, open
     * status and view, the Pothos types, serialisation).
     */
    'constant-page': { type: 'boolean', default: false },
    /** GraphQL requests per caller per minute, as production limits them; 0 (the default): off. */
    'graphql-per-minute': { type: 'string', default: '0' },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const progress = (message: string) => send({ type: 'progress', message });

const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-bench-'));
const config = parseConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  SEED_ON_START: 'false',
  ...(values['meili-url']
    ? {
        MEILI_URL: values['meili-url'],
        MEILI_KEY: values['meili-key'] ?? '',
        MEILI_INDEX_PREFIX: `bench_${Date.now().toString(36)}`,
      }
    : {}),
});
const logger = createLogger(config.LOG_LEVEL);

/**
 * What this process asks Meilisearch: every request the adapter makes is counted with the bytes of
 * its answer and Meilisearch's own processing time (each query's `processingTimeMs`), and, while
 * capturing, search requests are kept to replay against Meilisearch alone.
 */
const meiliTraffic = { requests: 0, bytes: 0, processingMs: 0 };
let captured: MeiliRequest[] | null = null;
const meiliUrl = values['meili-url'];
type Timed = { processingTimeMs?: number; results?: Array<{ processingTimeMs?: number }> };
meilisearchExchanges.subscribe((message) => {
  const exchange = message as MeilisearchExchange;
  meiliTraffic.requests += 1;
  meiliTraffic.bytes += exchange.bytes;
  const answer = (exchange.answer ?? {}) as Timed;
  for (const timed of answer.results ?? [answer])
    meiliTraffic.processingMs += timed.processingTimeMs ?? 0;
  if (captured !== null && exchange.path.endsWith('search') && exchange.body !== undefined)
    captured.push({ path: exchange.path, body: exchange.body });
});
// The server's own runtime: database, search engine, deps and outbox worker, as main.ts starts it.
const runtime = await startRuntime(config, logger, { clock: fixedClock(BENCH_NOW), seed: false });
const { deps } = runtime;
const { search } = deps;
const now = deps.clock.now();

let dbMs = 0;
let worker = runtime.worker;
if (values.db) {
  // The rebuild below covers every stored service; the worker would re-read them one by one.
  await worker.stop();
  const { taxonomy, terms } = taxonomyRecords();
  const t0 = performance.now();
  await storeBundle(deps, {
    taxonomies: [taxonomy],
    taxonomyTerms: terms,
    organizations: [],
    locations: [],
    services: [],
    serviceAtLocations: [],
  });
  dbMs += performance.now() - t0;
}

/**
 * The embedded engine is built as a server start builds it: one rebuild fed each batch as it is
 * read (as the database scan hands them over), so the whole directory never sits in memory as
 * objects; the time spent indexing is counted apart from the load.
 */
const streamed = search.kind === 'memory';
let indexMs = 0;
/**
 * The listing the edit probe edits: a service from about the middle of the directory, stored in
 * the database (with its organization and sites) when the directory is not stored there anyway.
 */
let probeBundle = null as DirectoryBundle | null;
const loadStarted = performance.now();
let lastReport = 0;
let loaded = 0;
const load = (
  write?: (documents: SearchDocument[]) => Promise<void>,
): ReturnType<typeof loadBenchmarkDirectory> =>
  loadBenchmarkDirectory(n, seed, now, {
    onDocuments: write
      ? async (documents) => {
          const t0 = performance.now();
          await writeInBatches(documents, write);
          indexMs += performance.now() - t0;
        }
      : undefined,
    onBundle: async (bundle) => {
      if (probeBundle === null && loaded + bundle.services.length >= n / 2)
        probeBundle = probeListing(bundle);
      if (!values.db) return;
      const t0 = performance.now();
      await storeBundle(deps, bundle);
      dbMs += performance.now() - t0;
    },
    onProgress: (done, total) => {
      loaded = done;
      if (performance.now() - lastReport > 5_000 || done === total) {
        lastReport = performance.now();
        progress(`loaded ${done}/${total} services`);
      }
    },
  });
/** The directory loaded while a rebuild of the embedded engine takes each batch. */
async function loadIntoRebuild(): ReturnType<typeof loadBenchmarkDirectory> {
  let loadedDirectory: Awaited<ReturnType<typeof loadBenchmarkDirectory>> | null = null;
  let filled = 0;
  await search.rebuild(async (write) => {
    loadedDirectory = await load(write);
    filled = performance.now();
  });
  // What the rebuild did once every batch was in: ordering and indexing them.
  indexMs += performance.now() - filled;
  if (loadedDirectory === null) throw new Error('The rebuild did not load the directory.');
  return loadedDirectory;
}
let directory: Awaited<ReturnType<typeof loadBenchmarkDirectory>> | null = streamed
  ? await loadIntoRebuild()
  : await load();
const loadS = (performance.now() - loadStarted - dbMs - indexMs) / 1000;

progress(`indexing ${directory.documentCount} documents`);
const indexStarted = performance.now();
// Meilisearch builds the directory as a server start does (`rebuild`: queued while read, one swap
// at the end).
const documents = directory.documents;
if (!streamed) {
  await search.rebuild((write) => writeInBatches(documents, write));
}
// The first query builds whatever the engine builds lazily; count it as part of the build.
await search.search({ text: 'food', sort: 'RELEVANCE', limit: 1, offset: 0 });
const indexBuildS = (performance.now() - indexStarted + indexMs) / 1000;
if (values['constant-page']) await answerConstantPage();

const stats: LoadStats = {
  services: directory.services,
  documents: directory.documentCount,
  loadS,
  indexBuildS,
  readS: directory.readS,
  documentsS: directory.documentsS,
};
if (values.db) {
  stats.dbLoadS = dbMs / 1000;
  progress('rebuilding the index from the database');
  const started = deps.clock.now();
  const t0 = performance.now();
  await markIndexedBefore(deps, new Date(started.getTime() + 1), () => rebuildIndex(deps));
  await search.search({ text: 'food', sort: 'RELEVANCE', limit: 1, offset: 0 });
  stats.dbRebuildS = (performance.now() - t0) / 1000;
  worker = startIndexWorker(deps);
}
if (!values.db && probeBundle !== null) {
  // Only the probe's listing is in the database; it indexes to the documents it already has.
  const { taxonomy, terms } = taxonomyRecords();
  await storeBundle(deps, { ...probeBundle, taxonomies: [taxonomy], taxonomyTerms: terms });
}
const { points, postalCodes, knownItems } = directory;
directory = null;
(globalThis as { gc?: () => void }).gc?.();

const app = buildApp(deps, {
  isProduction: true,
  isDevelopment: false,
  // The rate-limited floor's callers are told apart by X-Forwarded-For, as behind a proxy.
  http: {
    ...defaultHttpSettings,
    graphqlPerMinute: Number(values['graphql-per-minute']),
    trustProxy: 'loopback',
  },
});
const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const sampler = rssSampler();
sampler.start();
send({
  type: 'ready',
  port: (server.address() as AddressInfo).port,
  stats,
  points,
  postalCodes,
  knownItems,
});

process.on('message', (message: RunnerMessage) => {
  if (message.type === 'memory') {
    send({
      ...sampler.report(),
      ...(search instanceof MemorySearchIndex ? { answerCache: search.resultCacheCounts() } : {}),
    });
  }
  if (message.type === 'meiliStats') {
    send({ type: 'meiliStats', ...meiliTraffic, captured: captured ?? [] });
    if (message.capture !== undefined) captured = message.capture ? [] : null;
    else if (captured !== null) captured = [];
  }
  if (message.type === 'stop') void stop();
  if (message.type === 'editProbe') void editProbe();
});
process.on('disconnect', () => void stop());

/**
 * From here on every search answers one page: the 20 best hits for "food" with their facets and
 * total, each hit 0.4 km further than the one before (as a search around a place would).
 */
async function answerConstantPage(): Promise<void> {
  const page = await search.search({
    text: 'food',
    sort: 'RELEVANCE',
    distinctService: true,
    offset: 0,
    limit: 20,
    facets: ['categories', 'languages', 'costs'],
  });
  const constant = {
    ...page,
    hits: page.hits.map((hit, i) => ({ ...hit, distanceKm: 0.35 + i * 0.4 })),
  };
  search.search = async () => constant;
}

/** The first service of a batch from the middle of the directory, with its organization and sites. */
function probeListing(bundle: DirectoryBundle): DirectoryBundle | null {
  const service = bundle.services[0];
  if (service === undefined) return null;
  const links = bundle.serviceAtLocations.filter((link) => link.service_id === service.id);
  const sites = new Set(links.map((link) => link.location_id));
  return {
    services: [service],
    serviceAtLocations: links,
    organizations: bundle.organizations.filter((org) => org.id === service.organization_id),
    locations: bundle.locations.filter((location) => sites.has(location.id)),
    taxonomies: [],
    taxonomyTerms: [],
  };
}

/**
 * One listing edit through the real path: the service renamed in the database as an edit writes
 * it (a versioned write announced to the change feed), which the outbox worker applies to the
 * index; timed from the start of the write until a search by the new name finds the service.
 * Also the time Meilisearch took, from the first of the edit's tasks enqueued to the last done.
 */
async function editProbe(): Promise<void> {
  const service = probeBundle?.services[0];
  if (service === undefined) return;
  const word = `probe${Math.random()
    .toString(36)
    .replace(/[^a-z]/g, '')
    .slice(0, 8)}`;
  const tasksBefore = await meiliTasks();
  const t0 = performance.now();
  // As an agency's edit writes it: validated, versioned, announced to the change feed.
  await applyServiceEdit(deps, { email: 'probe@example.org', userId: 'bench-probe' }, service.id, {
    serviceId: service.id,
    name: `${service.name} ${word}`,
  });
  const writeMs = performance.now() - t0;
  for (;;) {
    const found = await search.search({ text: word, sort: 'RELEVANCE', offset: 0, limit: 1 });
    if (found.hits.some((h) => h.document.serviceId === service.id)) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const visibleMs = performance.now() - t0;
  // Meilisearch marks a task done just after its documents become searchable.
  let tasks: MeiliTask[] = [];
  for (let tries = 0; tries < 100; tries++) {
    tasks = (await meiliTasks()).filter((task) => task.uid > (tasksBefore[0]?.uid ?? -1));
    if (tasks.every((task) => task.finishedAt !== null)) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const meiliMs =
    tasks.length === 0
      ? null
      : Math.max(...tasks.map((task) => Date.parse(task.finishedAt ?? task.enqueuedAt))) -
        Math.min(...tasks.map((task) => Date.parse(task.enqueuedAt)));
  send({ type: 'editProbe', visibleMs, writeMs, meiliMs, meiliTasks: tasks.length });
}

type MeiliTask = { uid: number; enqueuedAt: string; finishedAt: string | null };

/** Meilisearch's latest tasks, newest first (none without Meilisearch). */
async function meiliTasks(): Promise<MeiliTask[]> {
  if (!meiliUrl) return [];
  const res = await fetch(`${meiliUrl}/tasks?limit=20`, {
    headers: { authorization: `Bearer ${values['meili-key'] ?? ''}` },
  });
  return ((await res.json()) as { results: MeiliTask[] }).results;
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await worker.stop();
  // Flushes what the searches buffered (unmet needs) before the database closes.
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}
