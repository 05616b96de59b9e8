import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveClientProfile } from '../../server/domain/eligibility/client-profile.ts';
import { eligibilityFilter } from '../../server/domain/eligibility/filter.ts';
import type { SearchDocument, SearchQuery, SearchResult } from '../../server/search/engine.ts';
import { generateSyntheticDocuments } from '../bench/synthetic-documents.ts';
import { availableEngines } from './engines.ts';

/**
 * Every engine against the embedded one on the same synthetic directory: the same query gives
 * the same matches, totals and facet counts, and the same order wherever the ranking contract
 * fixes one (browse by freshness then name, distance, available first, paging).
 */
const engines = availableEngines();
const others = engines.filter((e) => e.name !== 'memory');
const reference = engines.find((e) => e.name === 'memory');

const DENVER = { latitude: 39.7392, longitude: -104.9903 };
const NOW = Date.UTC(2024, 5, 10, 15);
const STALE_BEFORE = Date.UTC(2023, 0, 1);

/**
 * Synthetic listings, with what belongs to a service (assurance, languages, costs) the same at
 * each of its sites, the service's number of sites and which site is its first, as the documents
 * built from HSDS records have it. Facet counts under
 * `distinctService` rely on that: Meilisearch counts one document per service, not necessarily
 * the best-ranked one.
 */
function directory(): SearchDocument[] {
  const docs = generateSyntheticDocuments(1500, 7);
  const first = new Map<string, SearchDocument>();
  const sites = new Map<string, number>();
  for (const doc of docs) sites.set(doc.serviceId, (sites.get(doc.serviceId) ?? 0) + 1);
  return docs.map((doc) => {
    const service = first.get(doc.serviceId) ?? doc;
    first.set(doc.serviceId, service);
    const { assuredAt, languages, costs } = service;
    const siteCount = sites.get(doc.serviceId);
    return { ...doc, assuredAt, languages, costs, siteCount, firstSite: service === doc };
  });
}

function q(overrides: Partial<SearchQuery>): SearchQuery {
  return { sort: 'RELEVANCE', offset: 0, limit: 40, staleBefore: STALE_BEFORE, ...overrides };
}

const near = (radiusKm: number) => ({ ...DENVER, radiusKm });

/** Queries whose order the contract fixes: no text, so no text relevance is involved. */
const ORDERED: Array<[string, SearchQuery]> = [
  ['browse: fresh first, then by name', q({})],
  ['browse a category', q({ filter: { field: 'categories', anyOf: ['food'] } })],
  ['browse near a point: fresh, then nearest', q({ near: near(15) })],
  ['nearest first', q({ sort: 'DISTANCE', near: near(20) })],
  [
    'nearest first, one per service',
    q({ sort: 'DISTANCE', near: near(20), distinctService: true }),
  ],
  ['near a point, one per service', q({ near: near(25), distinctService: true })],
  [
    'a category near a point, one per service',
    q({ near: near(25), distinctService: true, filter: { field: 'categories', anyOf: ['food'] } }),
  ],
  ['available first', q({ sort: 'AVAILABLE_FIRST', now: NOW })],
  ['available first near a point', q({ sort: 'AVAILABLE_FIRST', now: NOW, near: near(25) })],
  ['open now', q({ filter: { openAt: NOW } })],
  // A Saturday with dated openings, at an instant off the quarter hour, and a holiday.
  ['open on a date with dated hours', q({ filter: { openAt: Date.UTC(2024, 5, 15, 17, 7) } })],
  ['open on a holiday', q({ filter: { openAt: Date.UTC(2024, 6, 4, 16, 44) } })],
  [
    'eligible: age 30, about 150% FPL, in 80205',
    q({
      filter: eligibilityFilter(
        resolveClientProfile(
          { age: 30, householdSize: 1, annualIncome: 23_000, postalCode: '80205' },
          { year: 2025 },
        ),
      ),
    }),
  ],
  [
    'capacity known and current',
    q({ filter: { capacityAt: NOW, statuses: ['AVAILABLE', 'WAITLIST'], orUnknown: false } }),
  ],
  ['one per service', q({ distinctService: true, filter: { field: 'languages', anyOf: ['es'] } })],
  ['nearest first with text', q({ text: 'food', sort: 'DISTANCE', near: near(30) })],
];

/**
 * Queries with text. Meilisearch ranks text by its own rules (proximity, exactness), which the
 * embedded engine only approximates, so here the matches, totals and facets must agree, and the
 * order is not compared.
 */
const TEXT: Array<[string, SearchQuery]> = [
  ['one word', q({ text: 'shelter' })],
  ['two words', q({ text: 'food pantry' })],
  ['a typo', q({ text: 'counseing' })],
  ['a prefix', q({ text: 'evic' })],
  ['text near a point', q({ text: 'legal', near: near(20) })],
  ['text, available first', q({ text: 'housing', sort: 'AVAILABLE_FIRST', now: NOW })],
  ['text, one per service', q({ text: 'clinic', distinctService: true })],
  [
    'text near a point, one per service',
    q({ text: 'food', near: near(25), distinctService: true }),
  ],
];

const FACETS: SearchQuery['facets'] = ['categories', 'languages', 'costs'];

const ids = (result: SearchResult) => result.hits.map((h) => h.document.id);

// Skipped, not absent, when only the embedded engine is here (vitest wants a suite per file).
describe.skipIf(reference === undefined || others.length === 0)('engines agree', () => {
  describe.each(others)('$name with the embedded one', ({ create }) => {
    const memory = reference?.create();
    const engine = create();

    beforeAll(async () => {
      const docs = directory();
      await Promise.all([memory?.init(), engine.init()]);
      await Promise.all([memory?.upsert(docs), engine.upsert(docs)]);
    });
    afterAll(async () => {
      await engine.clear();
      await engine.close();
    });

    const both = async (query: SearchQuery): Promise<[SearchResult, SearchResult]> => {
      if (memory === undefined) throw new Error('no embedded engine');
      return Promise.all([memory.search(query), engine.search(query)]);
    };

    it.each(ORDERED)('%s: same hits in the same order, totals and facets', async (_, query) => {
      const [expected, actual] = await both({ ...query, facets: FACETS });
      expect(expected.total).toBeGreaterThan(0);
      expect(actual.total).toBe(expected.total);
      expect(actual.facets).toEqual(expected.facets);
      expect(ids(actual)).toEqual(ids(expected));
      const [, page] = await both({ ...query, offset: 33, limit: 7 });
      expect(ids(page)).toEqual(ids(expected).slice(33, 40));
    });

    it.each<[string, SearchQuery['filter']]>([
      ['', undefined],
      [' with a filter', { field: 'languages', anyOf: ['en', 'es'] }],
    ])(
      'a page past the first ones near a point, one per service%s: same hits and counts',
      async (_, filter) => {
        const query = q({ near: near(40), distinctService: true, filter, facets: FACETS });
        const [expected, actual] = await both({ ...query, offset: 210, limit: 20 });
        expect(expected.hits.length).toBeGreaterThan(0);
        expect(actual.total).toBe(expected.total);
        expect(actual.facets).toEqual(expected.facets);
        expect(ids(actual)).toEqual(ids(expected));
      },
    );

    it.each(TEXT)('%s: same matches, totals and facets', async (_, query) => {
      const all = { ...query, limit: 2000, facets: FACETS };
      const [expected, actual] = await both(all);
      expect(expected.total).toBeGreaterThan(0);
      expect(actual.total).toBe(expected.total);
      expect(actual.facets).toEqual(expected.facets);
      expect([...ids(actual)].sort()).toEqual([...ids(expected)].sort());
    });
  });
});
