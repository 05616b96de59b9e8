import { describe, expect, it } from 'vitest';
import { eligibilityFilter } from '../../server/domain/eligibility/filter.ts';
import type { SearchQuery, SearchResult } from '../../server/search/engine.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import { buildSearchDocument, weekMinute } from './search-document-factory.ts';

/**
 * The embedded engine keeps text matches and filter leaves between searches and ranks large
 * matches by walking precomputed orders. These check that every answer equals the same engine's
 * answer with the caches off, and that a change to the index is seen by the next search.
 */
const NOW = Date.UTC(2026, 10, 3, 18, 30);
const WORDS = ['food', 'pantry', 'shelter', 'legal', 'clinic', 'dental', 'housing', 'meals'];
const CATEGORIES = ['food', 'housing', 'legal', 'health'];

function directory(count: number) {
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, i) =>
    buildSearchDocument({
      // Every fifth service has a second site.
      serviceId: `svc-${Math.floor(i / 5) * 5 + (i % 5 === 1 ? 0 : i % 5)}`,
      name: `${pick(WORDS)} ${pick(WORDS)} ${i % 7}`,
      description: `${pick(WORDS)} ${pick(WORDS)} and ${pick(WORDS)}`,
      categories: [pick(CATEGORIES)],
      languages: random() < 0.3 ? ['en', 'es'] : ['en'],
      costs: [pick(['FREE', 'FEE'])],
      latitude: 39.7 + random() * 0.2,
      longitude: -105 + random() * 0.2,
      minAge: random() < 0.3 ? pick([18, 21, 60]) : null,
      maxAge: random() < 0.3 ? pick([24, 64]) : null,
      incomeLimitFplPercent: random() < 0.4 ? pick([100, 138, 200]) : null,
      assuredAt: random() < 0.5 ? Date.UTC(2026, 0, 1 + Math.floor(random() * 30)) : null,
      hoursKnown: true,
      weeklyHours: random() < 0.5 ? [[weekMinute(1, 9), weekMinute(1, 17)]] : [],
    }),
  );
}

const base = (overrides: Partial<SearchQuery>): SearchQuery => ({
  sort: 'RELEVANCE',
  offset: 0,
  limit: 10,
  staleBefore: Date.UTC(2026, 0, 15),
  distinctService: true,
  facets: ['categories', 'languages', 'costs'],
  ...overrides,
});

/** The domain's eligibility filter for a client known only by what is given. */
const eligibleBy = (client: { age?: number; fplPercent?: number }) =>
  eligibilityFilter({
    age: client.age ?? null,
    fplPercent: client.fplPercent ?? null,
    residency: [],
    gender: null,
    veteran: null,
  });

/**
 * A directory searched twice with `query` (so its caches are filled), then a listing that matches
 * "food" strongly added in `categories`: the index, the first answer and the listing.
 */
async function searchedTwiceThenAdded(query: SearchQuery, categories: string[]) {
  const index = new MemorySearchIndex();
  await index.upsert(directory(200));
  const before = await index.search(query);
  await index.search(query);
  const added = buildSearchDocument({
    serviceId: 'svc-new',
    name: 'Food food food',
    categories,
    assuredAt: NOW,
  });
  await index.upsert([added]);
  return { index, before, added };
}

const QUERIES: SearchQuery[] = [
  base({ text: 'food' }),
  base({ text: 'food pantry', offset: 5 }),
  base({ text: 'shelter', filter: { field: 'categories', anyOf: ['housing'] } }),
  base({}),
  base({ filter: { field: 'languages', anyOf: ['es'] }, limit: 3 }),
  base({ text: 'legal', near: { latitude: 39.8, longitude: -104.9, radiusKm: 8 } }),
  base({ sort: 'DISTANCE', near: { latitude: 39.8, longitude: -104.9, radiusKm: 5 } }),
  base({ filter: { openAt: Date.UTC(2026, 10, 3, 17) } }),
  base({ text: 'clinic', filter: { field: 'minAge', isNull: true }, distinctService: false }),
  base({ text: 'meals', staleBefore: undefined, points: 50 }),
  // A text match alone, replayed: page 2, without one site per service, another cut-off.
  base({ text: 'food', offset: 10 }),
  base({ text: 'food', distinctService: false }),
  base({ text: 'food', staleBefore: Date.UTC(2026, 0, 25) }),
  base({ text: 'food', sort: 'AVAILABLE_FIRST', now: NOW }),
  // Near a place: a small radius (the grid's cells, fewer than the matches) and a large one.
  base({ text: 'food', near: { latitude: 39.8, longitude: -104.9, radiusKm: 1 } }),
  base({ text: 'food shelter', near: { latitude: 39.8, longitude: -104.9, radiusKm: 40 } }),
  base({ text: 'housing', near: { latitude: 39.75, longitude: -104.95, radiusKm: 3 }, limit: 25 }),
  // Eligibility-like ranges: bounds on, between and beyond the values the columns hold.
  ...[17, 18, 20, 21, 22, 60, 61].map((age) =>
    base({ text: age % 2 === 0 ? 'food' : undefined, filter: eligibleBy({ age }) }),
  ),
  ...[99.5, 100, 137.9, 138, 150, 200, 250].map((fpl) =>
    base({ filter: eligibleBy({ fplPercent: fpl }) }),
  ),
  base({ filter: { field: 'minAge', gte: 19, lte: 60 } }),
  base({ filter: { field: 'minAge', gte: 61, lte: 20 } }),
  base({ filter: { field: 'maxAge', gte: 24, lte: 24 }, text: 'legal' }),
  base({
    text: 'clinic',
    filter: {
      and: [
        { not: { field: 'languages', anyOf: ['es'] } },
        {
          or: [
            { field: 'costs', anyOf: ['FREE'] },
            { field: 'minAge', lte: 21 },
          ],
        },
      ],
    },
  }),
  base({ filter: { and: [{ openAt: Date.UTC(2026, 10, 3, 17) }, { field: 'maxAge', gte: 30 }] } }),
];

const shape = (r: SearchResult) => ({
  total: r.total,
  ids: r.hits.map((h) => h.document.id),
  facets: r.facets,
  points: r.points?.map((p) => p.serviceId).sort(),
});

describe('embedded engine caches', () => {
  it('answer every search, asked three times, as the engine without caches does', async () => {
    const docs = directory(600);
    const cached = new MemorySearchIndex();
    const plain = new MemorySearchIndex({ cacheEntries: 0 });
    await cached.upsert(docs);
    await plain.upsert(docs);
    for (let round = 0; round < 3; round++) {
      for (const query of QUERIES) {
        expect(shape(await cached.search(query)), JSON.stringify(query)).toEqual(
          shape(await plain.search(query)),
        );
      }
    }
  });

  it('see a new value between the bounds a range was cached by', async () => {
    const index = new MemorySearchIndex();
    await index.upsert(directory(200));
    const young = base({ filter: { field: 'minAge', lte: 19 } });
    const before = await index.search(young);
    await index.search(young);
    // 19 holds no documents but 18 does: after this, "up to 19" and "up to 18" differ.
    const added = buildSearchDocument({ serviceId: 'svc-19', name: 'Nineteen', minAge: 19 });
    await index.upsert([added]);
    const after = await index.search({ ...young, limit: 1000 });
    expect(after.total).toBe(before.total + 1);
    expect(after.hits.map((h) => h.document.id)).toContain(added.id);
    await index.removeServices(['svc-19']);
    expect((await index.search(young)).total).toBe(before.total);
  });

  it('see a new match of a text searched alone before', async () => {
    const food = base({ text: 'food' });
    const { index, before, added } = await searchedTwiceThenAdded(food, ['legal']);
    const after = await index.search(food);
    expect(after.total).toBe(before.total + 1);
    expect(after.hits[0]?.document.id).toBe(added.id);
    expect(after.facets.categories?.legal).toBe((before.facets.categories?.legal ?? 0) + 1);
  });

  it('see documents added, replaced and removed since the last search', async () => {
    const food = base({ text: 'food', filter: { field: 'categories', anyOf: ['food'] } });
    const { index, added } = await searchedTwiceThenAdded(food, ['food']);
    expect((await index.search(food)).hits[0]?.document.id).toBe(added.id);

    await index.upsert([{ ...added, categories: ['legal'] }]);
    expect((await index.search(food)).hits.map((h) => h.document.id)).not.toContain(added.id);

    await index.upsert([{ ...added, name: 'Something else', categories: ['food'] }]);
    const before = await index.search(food);
    await index.removeServices(['svc-new']);
    const after = await index.search(food);
    // Its category puts "food" in its keywords, so it was a match until removed.
    expect(after.total).toBe(before.total - 1);
    expect(after.hits.map((h) => h.document.id)).not.toContain(added.id);
  });
});
