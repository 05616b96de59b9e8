import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery } from '../../server/search/engine.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import { buildSearchDocument } from './search-document-factory.ts';

/**
 * The embedded engine counts facet values by each match's joint combination of categories,
 * languages and costs, numbered as documents arrive. These check its counts against a plain
 * count over the documents live in the index, as documents are added, edited, removed and the
 * index compacted (which numbers the combinations afresh).
 */
const FIELDS = ['categories', 'languages', 'costs'] as const;
const CATEGORIES = ['food', 'housing', 'legal', 'health', 'dental', 'transit', 'jobs', 'youth'];
const LANGUAGES = ['en', 'es', 'vi', 'zh', 'ar', 'so', 'ru', 'fr'];
const COSTS = ['FREE', 'FEE', 'SLIDING'];
const WORDS = ['pantry', 'shelter', 'clinic', 'meals'];

function randomSource(seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  /** A few distinct values of `values`, at least one. */
  const some = (values: readonly string[], most: number): string[] => {
    const count = 1 + Math.floor(random() * most);
    return [
      ...new Set(
        Array.from({ length: count }, () => values[Math.floor(random() * values.length)] ?? ''),
      ),
    ];
  };
  return { random, some };
}

function listing(i: number, seed: number): SearchDocument {
  const { random, some } = randomSource(seed);
  return buildSearchDocument({
    id: `site-${i}`,
    serviceId: `svc-${i}`,
    name: `${WORDS[i % WORDS.length]} ${i}`,
    categories: some(CATEGORIES, 3),
    languages: random() < 0.2 ? [] : some(LANGUAGES, 3),
    costs: some(COSTS, 2),
  });
}

/** Searches whose matches are few (counted by combination) or many (counted per value). */
const SEARCHES: Partial<SearchQuery>[] = [
  {},
  { text: 'pantry' },
  { text: 'clinic' },
  { filter: { field: 'categories', anyOf: ['legal'] } },
  { text: 'meals', filter: { field: 'costs', anyOf: ['SLIDING'] } },
];

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({
  sort: 'RELEVANCE',
  offset: 0,
  limit: 5,
  facets: [...FIELDS],
  ...overrides,
});

/** Value counts of each facet field over `docs`, as the engine returns them. */
function plainCounts(docs: Iterable<SearchDocument>) {
  const counts: Record<string, Record<string, number>> = {
    categories: {},
    languages: {},
    costs: {},
  };
  for (const doc of docs) {
    for (const field of FIELDS) {
      const out = counts[field] ?? {};
      for (const value of new Set(doc[field])) out[value] = (out[value] ?? 0) + 1;
    }
  }
  return counts;
}

/** Checks every search's facets against a plain count over the live documents it matches. */
async function expectPlainCounts(index: MemorySearchIndex, live: Map<string, SearchDocument>) {
  for (const search of SEARCHES) {
    const all = await index.search(query({ ...search, limit: live.size + 1 }));
    const matched = all.hits.map((hit) => live.get(hit.document.id));
    expect(matched).not.toContain(undefined);
    const result = await index.search(query(search));
    expect(result.total).toBe(matched.length);
    expect(result.facets).toEqual(plainCounts(matched as SearchDocument[]));
  }
}

describe('embedded engine facet counts', () => {
  it('equal a plain count after documents are added, edited, removed and compacted', async () => {
    const index = new MemorySearchIndex({ cacheEntries: 0 });
    const live = new Map<string, SearchDocument>();
    const upsert = async (docs: SearchDocument[]) => {
      await index.upsert(docs);
      for (const doc of docs) live.set(doc.id, doc);
    };
    await upsert(Array.from({ length: 3000 }, (_, i) => listing(i, i + 1)));
    await expectPlainCounts(index, live);

    // Edits: the same sites with other values, some new combinations among them.
    await upsert(Array.from({ length: 300 }, (_, i) => listing(i * 7, 100_000 + i)));
    await expectPlainCounts(index, live);

    // Removals short of a compaction leave tombstoned slots and their combinations behind.
    const removed = Array.from({ length: 500 }, (_, i) => `svc-${i * 3 + 1}`);
    await index.removeServices(removed);
    for (const serviceId of removed) live.delete(`site-${serviceId.slice(4)}`);
    await expectPlainCounts(index, live);

    // Past a quarter of the slots the index compacts: every slot and combination renumbered.
    const more = Array.from({ length: 900 }, (_, i) => `svc-${i * 3 + 2}`);
    await index.removeServices(more);
    for (const serviceId of more) live.delete(`site-${serviceId.slice(4)}`);
    expect(await index.count()).toBe(live.size);
    await expectPlainCounts(index, live);

    await upsert(Array.from({ length: 200 }, (_, i) => listing(5000 + i, 200_000 + i)));
    await expectPlainCounts(index, live);
  });
});
