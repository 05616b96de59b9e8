import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { Database } from '../../server/db/database.ts';
import { fixedClock } from '../../server/domain/clock.ts';
import type { DomainDeps } from '../../server/domain/deps.ts';
import { needSynonyms } from '../../server/domain/directory/need-words.ts';
import { searchServices } from '../../server/domain/directory/search-services.ts';
import { createLogger } from '../../server/logger.ts';
import type { SearchIndex, SearchQuery, SearchResult } from '../../server/search/engine.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import { writeInBatches } from './batches.ts';
import type { loadBenchmarkDirectory } from './directory.ts';
import { BENCH_NOW } from './protocol.ts';
import { buildWorkload, QUERY_KINDS } from './workload.ts';

/**
 * The HTTP benchmark's search workload run in process against the embedded engine: the same
 * directory, the same inputs, through `searchServices` (validation, engine, eligibility and hours
 * per hit, result views) without HTTP or GraphQL. Prints per-kind CPU milliseconds for the engine
 * alone and for the rest of the domain call, the process CPU time per search, the
 * index build time and memory.
 *
 *   node --expose-gc test/bench/domain-search.ts --n 100000 [--rounds 3] [--cache file]
 */
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    queries: { type: 'string', default: '1800' },
    rounds: { type: 'string', default: '3' },
    /** A file to keep the generated directory in between runs (read when present). */
    cache: { type: 'string' },
    /** Run with the engine's caches turned off (text, filters, whole answers). */
    'no-cache': { type: 'boolean', default: false },
    /** Run with only the engine's whole-answer cache turned off. */
    'no-answer-cache': { type: 'boolean', default: false },
    /**
     * A file to write every engine answer of the first round to (hit ids and distances, total,
     * facets; one JSON line per search, then one of each hit's open status and eligibility), to
     * compare two versions of the engine and domain with `cmp`.
     */
    record: { type: 'string' },
    /** A file to write a CPU profile of the timed rounds to (.cpuprofile, for DevTools). */
    'cpu-prof': { type: 'string' },
    /** Only these query kinds, comma-separated (default: all), to profile one kind alone. */
    kinds: { type: 'string' },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

const now = new Date(BENCH_NOW);
const loadStarted = performance.now();
type Directory = Pick<
  Awaited<ReturnType<typeof loadBenchmarkDirectory>>,
  'documents' | 'points' | 'postalCodes'
>;
let directory: Directory | null = null;
if (values.cache !== undefined && existsSync(values.cache)) {
  directory = deserialize(await readFile(values.cache)) as Directory;
} else {
  const { loadBenchmarkDirectory: load } = await import('./directory.ts');
  directory = await load(n, seed, now);
  if (values.cache !== undefined) {
    const { documents, points, postalCodes } = directory;
    await writeFile(values.cache, serialize({ documents, points, postalCodes }));
  }
}
const loadS = (performance.now() - loadStarted) / 1000;
const { points, postalCodes } = directory;

const index = new MemorySearchIndex({
  synonyms: needSynonyms(),
  cacheEntries: values['no-cache'] ? 0 : undefined,
  cachedAnswers: values['no-answer-cache'] ? 0 : undefined,
});
await index.init();
const buildStarted = performance.now();
const documents = directory.documents;
// Built as a server start builds it: a rebuild fed batches as the database scan hands them over.
await index.rebuild((write) => writeInBatches(documents, write));
await index.search({ text: 'food', sort: 'RELEVANCE', limit: 1, offset: 0 });
const buildS = (performance.now() - buildStarted) / 1000;
const documentCount = documents.length;
directory = null;
(globalThis as { gc?: () => void }).gc?.();
const rssMiB = Math.round(process.memoryUsage().rss / 1048576);

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

/** What an engine answer must keep when the engine changes, with facet values in one order. */
const recordOf = (result: SearchResult): string =>
  JSON.stringify({
    total: result.total,
    hits: result.hits.map((h) => [h.document.id, h.distanceKm]),
    facets: Object.entries(result.facets).map(([field, counts]) => [
      field,
      Object.entries(counts ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]),
    points: result.points?.length ?? null,
  });

/**
 * The engine, timed per call (process CPU time, which a busy machine does not inflate the way it
 * does wall time), so the domain's own share shows.
 */
let engineMs = 0;
let recording: string[] | null = null;
const timed: SearchIndex = new Proxy(index, {
  get(target, key, receiver) {
    if (key === 'search') {
      return async (query: SearchQuery) => {
        const t0 = process.cpuUsage();
        const result = index.searchSync(query);
        engineMs += cpuMsSince(t0);
        recording?.push(recordOf(result));
        return result;
      };
    }
    return Reflect.get(target, key, receiver);
  },
});

const deps = {
  // Unmet needs are buffered and written later; a failed write is only logged.
  db: {} as Database,
  search: timed,
  clock: fixedClock(now),
  logger: createLogger('silent'),
  settings: {
    staleAfterDays: 365,
    capacityTtlHours: 72,
    geocoderUrl: null,
  } as DomainDeps['settings'],
};

const onlyKinds = values.kinds?.split(',');
const workload = buildWorkload(Number(values.queries), seed, points, postalCodes).filter(
  (item) => onlyKinds === undefined || onlyKinds.includes(item.kind),
);
const inputOf = (input: (typeof workload)[number]['input']) =>
  input.openAt === undefined ? input : { ...input, openAt: new Date(input.openAt) };
const WARM_UP = 200;
for (const item of workload.slice(0, WARM_UP)) await searchServices(deps, inputOf(item.input));

if (values.record !== undefined) {
  // A pass of its own, outside the timed rounds.
  const lines: string[] = [];
  recording = lines;
  for (const item of workload) {
    const page = await searchServices(deps, inputOf(item.input));
    // The domain's own per-hit answers, after the engine's line for the same search.
    lines.push(
      JSON.stringify(page.edges.map((e) => [e.openStatus, e.eligibility?.status ?? null])),
    );
  }
  recording = null;
  await writeFile(values.record, `${lines.join('\n')}\n`);
}

const profiler = values['cpu-prof'] === undefined ? null : new Session();
if (profiler !== null) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
  await profiler.post('Profiler.start');
}

const perKind = new Map<
  string,
  { engine: number[]; total: number[]; hits: number; firstSight: number; firstSightHits: number }
>();
const cpuStart = process.cpuUsage();
for (let r = 0; r < Number(values.rounds); r++) {
  for (const [i, item] of workload.entries()) {
    const e0 = engineMs;
    const h0 = index.resultCacheCounts().hits;
    const t0 = process.cpuUsage();
    await searchServices(deps, inputOf(item.input));
    const total = cpuMsSince(t0);
    const entry = perKind.get(item.kind) ?? {
      engine: [],
      total: [],
      hits: 0,
      firstSight: 0,
      firstSightHits: 0,
    };
    entry.engine.push(engineMs - e0);
    entry.total.push(total);
    const hit = index.resultCacheCounts().hits > h0 ? 1 : 0;
    entry.hits += hit;
    // Searches seen here for the first time (not in the warm-up, nor an earlier round).
    if (r === 0 && i >= WARM_UP && values.record === undefined) {
      entry.firstSight++;
      entry.firstSightHits += hit;
    }
    perKind.set(item.kind, entry);
  }
}
const cpuMsPerSearch = cpuMsSince(cpuStart) / (Number(values.rounds) * workload.length);
if (profiler !== null) {
  const { profile } = await profiler.post('Profiler.stop');
  await writeFile(values['cpu-prof'] ?? '', JSON.stringify(profile));
  profiler.disconnect();
}
const mean = (list: number[]): number => list.reduce((s, v) => s + v, 0) / Math.max(1, list.length);
const p95 = (list: number[]): number =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.95)] ?? 0;
const kinds: Record<
  string,
  {
    engineMs: number;
    domainMs: number;
    engineP95Ms: number;
    resultHitRate: number;
    firstSightResultHitRate: number | null;
  }
> = {};
let engineAll = 0;
let totalAll = 0;
let count = 0;
for (const kind of QUERY_KINDS) {
  const entry = perKind.get(kind);
  if (!entry) continue;
  kinds[kind] = {
    engineMs: round(mean(entry.engine)),
    domainMs: round(mean(entry.total) - mean(entry.engine)),
    engineP95Ms: round(p95(entry.engine)),
    /**
     * Searches the engine answered from its whole-answer cache: in all rounds, and among those
     * asked for the first time (the workload's own repeats; null after a --record pass).
     */
    resultHitRate: round(entry.hits / Math.max(1, entry.total.length), 2),
    firstSightResultHitRate:
      entry.firstSight === 0 ? null : round(entry.firstSightHits / entry.firstSight, 2),
  };
  engineAll += entry.engine.reduce((s, v) => s + v, 0);
  totalAll += entry.total.reduce((s, v) => s + v, 0);
  count += entry.total.length;
}
process.stdout.write(
  `${JSON.stringify(
    {
      n,
      caches: !values['no-cache'],
      documents: documentCount,
      loadS: round(loadS, 1),
      buildS: round(buildS, 2),
      rssMiB,
      cpuMsPerSearch: round(cpuMsPerSearch),
      engineMsPerSearch: round(engineAll / count),
      domainMsPerSearch: round((totalAll - engineAll) / count),
      kinds,
    },
    null,
    1,
  )}\n`,
);
// Leave at once: timers of the domain (unmet-needs flushing) must not hold the figures back.
process.exit(0);
