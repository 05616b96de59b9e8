import { describe, expect, it } from 'vitest';
import { eligibilityFilter } from '../../server/domain/eligibility/filter.ts';
import type { SearchDocument, SearchQuery, SearchResult } from '../../server/search/engine.ts';
import {
  MemorySearchIndex,
  type MemorySearchOptions,
} from '../../server/search/memory/memory-index.ts';
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

/** The same documents in an engine with its caches and in one without any. */
async function cachedAndPlain(docs: SearchDocument[], options: MemorySearchOptions = {}) {
  const cached = new MemorySearchIndex(options);
  const plain = new MemorySearchIndex({ ...options, cacheEntries: 0 });
  await cached.upsert(docs);
  await plain.upsert(docs);
  return { cached, plain };
}

describe('embedded engine caches', () => {
  it('answer every search, asked three times, as the engine without caches does', async () => {
    const docs = directory(600);
    const { cached, plain } = await cachedAndPlain(docs);
    for (let round = 0; round < 3; round++) {
      for (const query of QUERIES) {
        expect(shape(await cached.search(query)), JSON.stringify(query)).toEqual(
          shape(await plain.search(query)),
        );
      }
    }
  });

  it('rank a common word narrowed to a few sites, replayed, as the engine without caches does', async () => {
    // Over a thousand matches, of which a small radius keeps a few: a replay puts back only
    // their ranking keys. Typos and two words give matches whose slots are not found in order.
    // "meals" also finds "soup" (a synonym): two words' matches, merged out of slot order.
    const docs = directory(3000).map((doc, i) => ({
      ...doc,
      description: i % 3 === 0 ? `${doc.description} soup` : doc.description,
    }));
    const { cached, plain } = await cachedAndPlain(docs, { synonyms: { meals: ['soup'] } });
    // Texts in turn, so what an earlier search left in place is another text's keys.
    const narrowed = [0.5, 2, 6, 1].flatMap((radiusKm) =>
      ['food', 'fod pantyr', 'housing shelter', 'meals'].map((text) =>
        base({ text, near: { latitude: 39.8, longitude: -104.9, radiusKm }, limit: 5 }),
      ),
    );
    for (let round = 0; round < 3; round++) {
      for (const query of narrowed) {
        const expected = await plain.search(query);
        const answer = await cached.search(query);
        expect(shape(answer), JSON.stringify(query)).toEqual(shape(expected));
      }
    }
    for (const text of ['food', 'meals']) {
      expect((await plain.search(base({ text }))).total).toBeGreaterThan(1024);
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

describe('embedded engine whole-answer cache', () => {
  const near = { latitude: 39.8, longitude: -104.9, radiusKm: 8 };
  const hitsOf = (index: MemorySearchIndex) => index.resultCacheCounts().hits;

  it('answer a search asked again, whole, as the engine without caches does', async () => {
    const docs = directory(600);
    const { cached, plain } = await cachedAndPlain(docs);
    const queries = [
      ...QUERIES,
      base({ text: 'food', near, points: 40 }),
      base({ filter: { field: 'costs', anyOf: ['FREE'] }, near, sort: 'DISTANCE', points: 5 }),
    ];
    for (let round = 0; round < 2; round++) {
      for (const query of queries) {
        expect(await cached.search(query), JSON.stringify(query)).toEqual(
          await plain.search(query),
        );
      }
    }
    // Every search of the second round but the one ordered by capacity now.
    expect(hitsOf(cached)).toBe(queries.length - 1);
    expect(plain.resultCacheCounts()).toEqual({ hits: 0, misses: 0 });
  });

  it('hand out answers a caller may change without changing the next one', async () => {
    const index = new MemorySearchIndex();
    await index.upsert(directory(200));
    const query = base({ text: 'food', near, points: 10 });
    const first = await index.search(query);
    const expected = structuredClone(first);
    first.hits.length = 0;
    if (first.facets.categories) first.facets.categories.food = -1;
    if (first.points?.[0]) first.points[0].name = 'changed';
    const second = await index.search(query);
    expect(hitsOf(index)).toBe(1);
    second.facets.costs = {};
    expect(await index.search(query)).toEqual(expected);
  });

  it('keep an answer for the same local minute and the same fresh set, not beyond', async () => {
    const docs = directory(400);
    const { cached, plain } = await cachedAndPlain(docs);
    const open = (at: number, staleBefore: number) =>
      base({ filter: { openAt: at }, staleBefore, limit: 50 });
    const at = Date.UTC(2026, 10, 3, 17);
    const cut = Date.UTC(2026, 0, 15);
    // Half a minute on, and a cut-off just before an assurance date: the same fresh set.
    const same = [open(at, cut), open(at + 30_000, cut), open(at, cut - 1)];
    for (const query of same) expect(await cached.search(query)).toEqual(await plain.search(query));
    expect(hitsOf(cached)).toBe(2);
    // A minute later, at closing time, and with the cut-off past other assurance dates.
    const other = [
      open(at + 60_000, cut),
      open(Date.UTC(2026, 10, 4, 0, 59), cut),
      open(Date.UTC(2026, 10, 4, 1), cut),
      open(at, Date.UTC(2026, 0, 25)),
    ];
    for (const query of other)
      expect(await cached.search(query)).toEqual(await plain.search(query));
    expect(hitsOf(cached)).toBe(2);
    const closed = await cached.search(open(Date.UTC(2026, 10, 4, 1), cut));
    expect(closed.total).toBeLessThan((await cached.search(open(at, cut))).total);
  });

  it('see a listing added, edited, removed or its capacity changed at once', async () => {
    const index = new MemorySearchIndex();
    await index.upsert(directory(200));
    const query = base({
      text: 'food',
      near,
      filter: {
        and: [
          { field: 'categories', anyOf: ['food'] },
          { capacityAt: NOW, statuses: ['AVAILABLE'], orUnknown: true },
        ],
      },
    });
    const ids = async () => (await index.search(query)).hits.map((h) => h.document.id);
    const before = await index.search(query);
    await index.search(query);
    expect(hitsOf(index)).toBe(1);
    const added = buildSearchDocument({
      serviceId: 'svc-kept',
      name: 'Food food food',
      categories: ['food'],
      latitude: near.latitude,
      longitude: near.longitude,
      assuredAt: NOW,
    });
    await index.upsert([added]);
    const after = await index.search(query);
    expect(after.total).toBe(before.total + 1);
    expect(after.hits[0]?.document.id).toBe(added.id);

    await index.search(query);
    await index.upsert([{ ...added, name: 'Food pantry' }]);
    expect(
      (await index.search(query)).hits.find((h) => h.document.id === added.id)?.document.name,
    ).toBe('Food pantry');

    await index.search(query);
    const full = { capacityStatus: 'NO_CAPACITY', capacityExpiresAt: NOW + 3_600_000 };
    await index.upsert([{ ...added, ...full }]);
    expect(await ids()).not.toContain(added.id);

    await index.upsert([{ ...added, capacityStatus: 'AVAILABLE', capacityExpiresAt: NOW + 1 }]);
    expect(await ids()).toContain(added.id);
    await index.search(query);
    await index.removeServices(['svc-kept']);
    expect(await ids()).not.toContain(added.id);
    expect((await index.search(query)).total).toBe(before.total);
  });

  it('judge capacity at the instant asked, not at the one an answer was kept for', async () => {
    const index = new MemorySearchIndex();
    const expiring = buildSearchDocument({
      name: 'Food bank',
      capacityStatus: 'AVAILABLE',
      capacityExpiresAt: NOW,
    });
    await index.upsert([...directory(50), expiring]);
    const availableAt = (at: number) =>
      base({ text: 'food', filter: { capacityAt: at, statuses: ['AVAILABLE'], orUnknown: false } });
    expect((await index.search(availableAt(NOW))).total).toBe(1);
    expect((await index.search(availableAt(NOW + 1))).total).toBe(0);
    expect((await index.search(availableAt(NOW))).total).toBe(1);
  });
});

describe('embedded engine opening instants', () => {
  it('judge a site in a time zone new to the index at an instant asked before', async () => {
    const index = new MemorySearchIndex();
    await index.upsert(directory(100));
    const at = Date.UTC(2026, 10, 3, 17);
    const query = base({ filter: { openAt: at }, limit: 200 });
    const before = await index.search(query);
    await index.search(query);
    // Wednesday 02:00 in Tokyo.
    const tokyo = buildSearchDocument({
      timezone: 'Asia/Tokyo',
      hoursKnown: true,
      weeklyHours: [[weekMinute(2, 1), weekMinute(2, 3)]],
    });
    await index.upsert([tokyo]);
    const after = await index.search(query);
    expect(after.total).toBe(before.total + 1);
    expect(after.hits.map((h) => h.document.id)).toContain(tokyo.id);
  });
});
