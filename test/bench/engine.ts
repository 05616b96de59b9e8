import { parseArgs } from 'node:util';
import type { Filter, SearchQuery } from '../../server/search/engine.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import {
  createRandom,
  generateSyntheticDocuments,
  SYNTHETIC_CATEGORIES,
  SYNTHETIC_REGION,
} from './synthetic-documents.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '600' },
    seed: { type: 'string', default: '42' },
  },
});
const n = Number(values.n);
const queryCount = Number(values.queries);
const seed = Number(values.seed);

const TEXTS = [
  'food pantry',
  'shelter',
  'rent assistance',
  'legal aid',
  'counseling',
  'dental clinic',
  'job training',
  'utility bill',
  'childcare',
  'immigration legal',
  'detox',
  'bus vouchers',
  'food',
  'housing',
  'mental health',
  'free meals',
  'eviction',
  'recovery support',
  'citizenship',
  'wheelchair',
  'emergency shelter families',
  'crisis',
  'groceries',
  'tenant rights',
  'resume',
  'heating',
  'therapy',
  'medicaid',
  'esl',
  'diapers',
];
const TYPOS = [
  'shleter',
  'pantyr',
  'counceling',
  'emplyoment',
  'immigartion',
  'groseries',
  'evicton',
  'transportaton',
  'dentl',
  'childcre',
];
const PREFIXES = ['food pan', 'shel', 'coun', 'legal ad', 'rec'];
const STALE_BEFORE = Date.UTC(2023, 0, 1);

function buildQueries(): Array<{ kind: string; query: SearchQuery }> {
  const random = createRandom(seed + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const point = () => ({
    latitude:
      SYNTHETIC_REGION.minLat +
      0.2 +
      random() * (SYNTHETIC_REGION.maxLat - SYNTHETIC_REGION.minLat - 0.4),
    longitude:
      SYNTHETIC_REGION.minLng +
      0.2 +
      random() * (SYNTHETIC_REGION.maxLng - SYNTHETIC_REGION.minLng - 0.4),
    radiusKm: pick([5, 10, 25, 40]),
  });
  const categoryFilter = (): Filter => ({
    field: 'categories',
    anyOf: [pick(SYNTHETIC_CATEGORIES)],
  });
  const eligibility = (): Filter => {
    const age = 10 + Math.floor(random() * 70);
    return {
      and: [
        {
          or: [
            { field: 'minAge', isNull: true },
            { field: 'minAge', lte: age },
          ],
        },
        {
          or: [
            { field: 'maxAge', isNull: true },
            { field: 'maxAge', gte: age },
          ],
        },
        {
          or: [
            { field: 'incomeLimitFplPercent', isNull: true },
            { field: 'incomeLimitFplPercent', gte: pick([100, 150, 200]) },
          ],
        },
        {
          or: [
            {
              field: 'residency',
              anyOf: ['state:CO', `zip:80${200 + Math.floor(random() * 100)}`],
            },
          ],
        },
        { field: 'veteranOnly', equals: false },
      ],
    };
  };
  const openAt = (): Filter => ({
    openAt: Date.UTC(2024, 5, 10 + Math.floor(random() * 7), Math.floor(random() * 24)),
  });
  const base = (): SearchQuery => ({
    sort: 'RELEVANCE',
    offset: 0,
    limit: 20,
    staleBefore: STALE_BEFORE,
    distinctService: random() < 0.5,
  });
  const kinds: Array<[string, () => SearchQuery]> = [
    ['text', () => ({ ...base(), text: pick(TEXTS) })],
    [
      'text+filters',
      () => ({
        ...base(),
        text: pick(TEXTS),
        filter: {
          and: [categoryFilter(), { field: 'languages', anyOf: [pick(['es', 'vi', 'zh'])] }],
        },
      }),
    ],
    [
      'text+filters+geo',
      () => ({
        ...base(),
        text: pick(TEXTS),
        filter: { field: 'costs', anyOf: ['FREE'] },
        near: point(),
      }),
    ],
    [
      'geo-browse',
      () => ({ ...base(), near: point(), sort: random() < 0.5 ? 'DISTANCE' : 'RELEVANCE' }),
    ],
    [
      'facets',
      () => ({
        ...base(),
        text: random() < 0.5 ? pick(TEXTS) : undefined,
        facets: ['categories', 'languages', 'costs'],
      }),
    ],
    [
      'eligibility',
      () => ({
        ...base(),
        text: random() < 0.5 ? pick(TEXTS) : undefined,
        filter: eligibility(),
        near: random() < 0.5 ? point() : undefined,
      }),
    ],
    ['typo', () => ({ ...base(), text: pick(TYPOS) })],
    ['prefix', () => ({ ...base(), text: pick(PREFIXES) })],
    [
      'openAt',
      () => ({
        ...base(),
        text: random() < 0.5 ? pick(TEXTS) : undefined,
        filter: { and: [openAt(), categoryFilter()] },
        near: random() < 0.5 ? point() : undefined,
      }),
    ],
  ];
  const out: Array<{ kind: string; query: SearchQuery }> = [];
  for (let i = 0; i < queryCount; i++) {
    const [kind, make] = kinds[i % kinds.length] as [string, () => SearchQuery];
    out.push({ kind, query: make() });
  }
  return out;
}

/** Capacity filter and AVAILABLE_FIRST queries, from their own random stream. */
function capacityQueries(): Array<{ kind: string; query: SearchQuery }> {
  const random = createRandom(seed + 2);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = () => Date.UTC(2024, 5, 10 + Math.floor(random() * 4), Math.floor(random() * 24));
  const out: Array<{ kind: string; query: SearchQuery }> = [];
  for (let i = 0; i < 200; i++) {
    const now = at();
    const base: SearchQuery = {
      sort: 'RELEVANCE',
      offset: 0,
      limit: 20,
      staleBefore: STALE_BEFORE,
      distinctService: true,
      text: random() < 0.5 ? pick(TEXTS) : undefined,
    };
    out.push(
      i % 2 === 0
        ? {
            kind: 'capacity filter',
            query: {
              ...base,
              filter: { capacityAt: now, statuses: ['AVAILABLE'], orUnknown: random() < 0.5 },
            },
          }
        : { kind: 'available first', query: { ...base, sort: 'AVAILABLE_FIRST', now } },
    );
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

async function main(): Promise<void> {
  const docs = generateSyntheticDocuments(n, seed);
  const index = new MemorySearchIndex();
  await index.init();
  const started = performance.now();
  await index.upsert(docs);
  // The first query builds the lazy name order; count it as part of the build.
  await index.search({ sort: 'RELEVANCE', offset: 0, limit: 1 });
  const buildS = (performance.now() - started) / 1000;

  const queries = buildQueries();
  for (const { query } of queries.slice(0, 50)) await index.search(query);
  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  for (const { kind, query } of queries) {
    const t0 = performance.now();
    await index.search(query);
    const ms = performance.now() - t0;
    times.push(ms);
    const list = byKind.get(kind) ?? [];
    list.push(ms);
    byKind.set(kind, list);
  }
  times.sort((a, b) => a - b);
  // Capacity queries are timed apart, so the main mix stays comparable across versions.
  const capacityTimes: number[] = [];
  const capacity = capacityQueries();
  for (const { query } of capacity.slice(0, 20)) await index.search(query);
  for (const { kind, query } of capacity) {
    const t0 = performance.now();
    await index.search(query);
    const ms = performance.now() - t0;
    capacityTimes.push(ms);
    const list = byKind.get(kind) ?? [];
    list.push(ms);
    byKind.set(kind, list);
  }
  capacityTimes.sort((a, b) => a - b);
  if (process.env.BENCH_DETAIL === '1') {
    for (const [kind, list] of byKind) {
      list.sort((a, b) => a - b);
      process.stderr.write(
        `${kind.padEnd(18)} p50 ${percentile(list, 50).toFixed(2)} p95 ${percentile(list, 95).toFixed(2)} max ${(list[list.length - 1] ?? 0).toFixed(2)}\n`,
      );
    }
  }
  const line = {
    n,
    buildS: round(buildS),
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    p99Ms: round(percentile(times, 99)),
    capacityP95Ms: round(percentile(capacityTimes, 95)),
    rssMiB: Math.round(process.memoryUsage().rss / 1048576),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

await main();
