import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { haversineKm } from '../../server/lib/distance.ts';
import type {
  SearchDocument,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from '../../server/search/engine.ts';
import { availableEngines } from './engines.ts';
import { buildSearchDocument, weekMinute } from './search-document-factory.ts';

const DENVER = { latitude: 39.7392, longitude: -104.9903 };
const FRESH = Date.UTC(2024, 5, 1);
const STALE = Date.UTC(2020, 0, 1);
const STALE_BEFORE = Date.UTC(2023, 0, 1);

function q(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return { sort: 'RELEVANCE', offset: 0, limit: 50, ...overrides };
}

/** A one-site food pantry at a point (for circles far from Denver). */
function pantryAt(id: string, latitude: number, longitude: number) {
  return buildSearchDocument({ id, name: 'Food Pantry', siteCount: 1, latitude, longitude });
}

function ids(result: SearchResult): string[] {
  return result.hits.map((h) => h.document.id);
}

describe.each(availableEngines())('search conformance: $name', ({ create }) => {
  let index: SearchIndex;

  beforeAll(async () => {
    index = create();
    await index.init();
  });

  afterAll(async () => {
    await index.clear();
    await index.close();
  });

  beforeEach(async () => {
    await index.clear();
  });

  const load = async (...docs: SearchDocument[]): Promise<void> => {
    await index.upsert(docs);
  };

  describe('text', () => {
    it('tolerates typos in longer words', async () => {
      await load(
        buildSearchDocument({ id: 'shelter', name: 'Emergency Shelter' }),
        buildSearchDocument({ id: 'pantry', name: 'Food Pantry' }),
        buildSearchDocument({ id: 'legal', name: 'Legal Aid Clinic' }),
      );
      expect(ids(await index.search(q({ text: 'shleter' })))).toEqual(['shelter']);
      expect(ids(await index.search(q({ text: 'pantyr' })))).toEqual(['pantry']);
      expect(ids(await index.search(q({ text: 'emergncy sheltr' })))).toEqual(['shelter']);
    });

    it('allows no typo in short words', async () => {
      await load(buildSearchDocument({ id: 'food', name: 'Food Bank' }));
      expect((await index.search(q({ text: 'fod' }))).total).toBe(0);
      expect(ids(await index.search(q({ text: 'food' })))).toEqual(['food']);
    });

    it('matches the last query word as a prefix', async () => {
      await load(
        buildSearchDocument({ id: 'pantry', name: 'Food Pantry' }),
        buildSearchDocument({ id: 'bank', name: 'Food Bank' }),
      );
      expect(ids(await index.search(q({ text: 'food pan' })))).toEqual(['pantry']);
      expect(ids(await index.search(q({ text: 'pant' })))).toEqual(['pantry']);
    });

    it('folds accents and case both ways', async () => {
      await load(
        buildSearchDocument({ id: 'esperanza', name: 'Café Esperanza' }),
        buildSearchDocument({ id: 'luz', name: 'CAFE LUZ' }),
      );
      const plain = await index.search(q({ text: 'cafe' }));
      expect([...ids(plain)].sort()).toEqual(['esperanza', 'luz']);
      const accented = await index.search(q({ text: 'Café' }));
      expect([...ids(accented)].sort()).toEqual(['esperanza', 'luz']);
    });

    it('requires every query word (AND)', async () => {
      await load(
        buildSearchDocument({ id: 'food', name: 'Food Pantry' }),
        buildSearchDocument({ id: 'legal', name: 'Legal Aid' }),
        buildSearchDocument({ id: 'both', name: 'Food and Legal Clinic' }),
      );
      const result = await index.search(q({ text: 'food legal' }));
      expect(ids(result)).toEqual(['both']);
      expect(result.total).toBe(1);
    });

    it('drops trailing words that nothing matches rather than answer nothing', async () => {
      await load(
        buildSearchDocument({ id: 'food', name: 'Food Pantry' }),
        buildSearchDocument({ id: 'legal', name: 'Legal Aid' }),
      );
      const result = await index.search(q({ text: 'food zebrafish' }));
      expect(ids(result)).toEqual(['food']);
      expect(result.total).toBe(1);
    });

    it('ranks a name match above a description match', async () => {
      await load(
        buildSearchDocument({
          id: 'desc',
          name: 'Community Center',
          description: 'We offer housing help.',
        }),
        buildSearchDocument({
          id: 'org',
          name: 'Neighborhood Hub',
          organizationName: 'Housing Partners',
        }),
        buildSearchDocument({ id: 'name', name: 'Housing Help Desk' }),
        buildSearchDocument({ id: 'keyword', name: 'Resource Desk', keywords: ['housing'] }),
      );
      expect(ids(await index.search(q({ text: 'housing' })))).toEqual([
        'name',
        'keyword',
        'org',
        'desc',
      ]);
    });

    it('searches category codes as words', async () => {
      await load(
        buildSearchDocument({ id: 'mh', name: 'Counseling Center', categories: ['mental-health'] }),
        buildSearchDocument({ id: 'other', name: 'Counseling Line', categories: ['legal'] }),
      );
      expect(ids(await index.search(q({ text: 'mental health' })))).toEqual(['mh']);
    });
  });

  describe('need words in English and Spanish', () => {
    beforeEach(async () => {
      await load(
        buildSearchDocument({ id: 'pantry', name: 'Northside Pantry', keywords: ['Food'] }),
        buildSearchDocument({ id: 'shelter', name: 'Family Shelter', keywords: ['Housing'] }),
        buildSearchDocument({ id: 'rides', name: 'Medical Rides', keywords: ['Transportation'] }),
        buildSearchDocument({ id: 'rent', name: 'Rent Help Desk', keywords: ['Housing'] }),
        buildSearchDocument({
          id: 'comedor',
          name: 'Comedor San José',
          description: 'Comida caliente para familias.',
        }),
      );
    });

    const found = async (text: string): Promise<string[]> =>
      [...ids(await index.search(q({ text })))].sort();

    it('finds listings by the Spanish word for their need', async () => {
      expect(await found('comida')).toEqual(['comedor', 'pantry']);
      expect(await found('vivienda')).toEqual(['rent', 'shelter']);
      expect(await found('transporte')).toEqual(['rides']);
      expect(await found('alquiler')).toEqual(['rent', 'shelter']);
    });

    it('finds Spanish listings by the English word', async () => {
      expect(await found('food')).toEqual(['comedor', 'pantry']);
    });

    it('expands a phrase as a whole', async () => {
      expect(await found('sin hogar')).toEqual(['rent', 'shelter']);
    });

    it('still requires every word, each through its synonyms', async () => {
      expect(await found('comida familia')).toEqual(['comedor']);
      expect(await found('vivienda familia')).toEqual(['shelter']);
    });
  });

  describe('filters', () => {
    beforeEach(async () => {
      await load(
        buildSearchDocument({
          id: 'a',
          categories: ['food', 'housing'],
          languages: ['en', 'es'],
          costs: ['FREE'],
          residency: ['state:CO'],
          genders: [],
          serviceId: 'svc-a',
          organizationId: 'org-1',
          minAge: 18,
          maxAge: null,
          incomeLimitFplPercent: 200,
          veteranOnly: false,
          acceptsReferrals: true,
        }),
        buildSearchDocument({
          id: 'b',
          categories: ['legal'],
          languages: ['en'],
          costs: ['SLIDING_SCALE'],
          residency: ['zip:80202'],
          genders: ['female'],
          serviceId: 'svc-b',
          organizationId: 'org-1',
          minAge: null,
          maxAge: 24,
          incomeLimitFplPercent: null,
          veteranOnly: true,
        }),
        buildSearchDocument({
          id: 'c',
          categories: [],
          languages: ['vi'],
          costs: ['FEE', 'INSURANCE'],
          residency: [],
          genders: ['male'],
          serviceId: 'svc-c',
          organizationId: 'org-2',
          minAge: 65,
          maxAge: 120,
          incomeLimitFplPercent: 400,
          veteranOnly: false,
          acceptsReferrals: true,
          latitude: null,
          longitude: null,
        }),
      );
    });

    const sortedIds = async (filter: SearchQuery['filter']): Promise<string[]> =>
      [...ids(await index.search(q({ filter })))].sort();

    it('matches anyOf on every array and id field', async () => {
      expect(await sortedIds({ field: 'categories', anyOf: ['food', 'legal'] })).toEqual([
        'a',
        'b',
      ]);
      expect(await sortedIds({ field: 'languages', anyOf: ['es', 'vi'] })).toEqual(['a', 'c']);
      expect(await sortedIds({ field: 'costs', anyOf: ['INSURANCE'] })).toEqual(['c']);
      expect(await sortedIds({ field: 'residency', anyOf: ['zip:80202', 'state:CO'] })).toEqual([
        'a',
        'b',
      ]);
      expect(await sortedIds({ field: 'genders', anyOf: ['female'] })).toEqual(['b']);
      expect(await sortedIds({ field: 'serviceId', anyOf: ['svc-c'] })).toEqual(['c']);
      expect(await sortedIds({ field: 'organizationId', anyOf: ['org-1'] })).toEqual(['a', 'b']);
      expect(await sortedIds({ field: 'categories', anyOf: ['nothing'] })).toEqual([]);
    });

    it('matches empty list fields with isEmpty', async () => {
      expect(await sortedIds({ field: 'residency', isEmpty: true })).toEqual(['c']);
      expect(await sortedIds({ field: 'genders', isEmpty: true })).toEqual(['a']);
      expect(
        await sortedIds({
          or: [
            { field: 'residency', isEmpty: true },
            { field: 'residency', anyOf: ['zip:80202'] },
          ],
        }),
      ).toEqual(['b', 'c']);
    });

    it('never matches null in numeric comparisons', async () => {
      expect(await sortedIds({ field: 'minAge', lte: 30 })).toEqual(['a']);
      expect(await sortedIds({ field: 'minAge', gte: 0 })).toEqual(['a', 'c']);
      expect(await sortedIds({ field: 'maxAge', gte: 20, lte: 24 })).toEqual(['b']);
      expect(await sortedIds({ field: 'incomeLimitFplPercent', gte: 250 })).toEqual(['c']);
    });

    it('matches isNull on numbers and coordinates', async () => {
      expect(await sortedIds({ field: 'minAge', isNull: true })).toEqual(['b']);
      expect(await sortedIds({ field: 'incomeLimitFplPercent', isNull: true })).toEqual(['b']);
      expect(await sortedIds({ field: 'latitude', isNull: true })).toEqual(['c']);
    });

    it('matches veteranOnly', async () => {
      expect(await sortedIds({ field: 'veteranOnly', equals: true })).toEqual(['b']);
      expect(await sortedIds({ field: 'veteranOnly', equals: false })).toEqual(['a', 'c']);
    });

    it('matches acceptsReferrals, and follows a re-index when an agency leaves the network', async () => {
      expect(await sortedIds({ field: 'acceptsReferrals', equals: true })).toEqual(['a', 'c']);
      expect(await sortedIds({ field: 'acceptsReferrals', equals: false })).toEqual(['b']);
      await index.upsert([
        buildSearchDocument({ id: 'c', serviceId: 'svc-c', organizationId: 'org-2' }),
      ]);
      expect(await sortedIds({ field: 'acceptsReferrals', equals: true })).toEqual(['a']);
      expect(await sortedIds({ not: { field: 'acceptsReferrals', equals: true } })).toEqual([
        'b',
        'c',
      ]);
    });

    it('combines with and, or and not', async () => {
      const age30 = {
        and: [
          {
            or: [
              { field: 'minAge', isNull: true },
              { field: 'minAge', lte: 30 },
            ],
          },
          {
            or: [
              { field: 'maxAge', isNull: true },
              { field: 'maxAge', gte: 30 },
            ],
          },
        ],
      } satisfies SearchQuery['filter'];
      expect(await sortedIds(age30)).toEqual(['a']);
      expect(await sortedIds({ not: { field: 'categories', anyOf: ['food'] } })).toEqual([
        'b',
        'c',
      ]);
      expect(
        await sortedIds({
          or: [
            { field: 'veteranOnly', equals: true },
            {
              and: [
                { field: 'languages', anyOf: ['vi'] },
                { not: { field: 'minAge', isNull: true } },
              ],
            },
          ],
        }),
      ).toEqual(['b', 'c']);
      expect(await sortedIds({ and: [] })).toEqual(['a', 'b', 'c']);
      expect(await sortedIds({ or: [] })).toEqual([]);
    });
  });

  describe('openAt', () => {
    // 2024-06-10 is a Monday; New York is UTC-4 and Los Angeles UTC-7 in June.
    const at = (iso: string): SearchQuery => q({ filter: { openAt: Date.parse(iso) } });
    const open = async (iso: string): Promise<string[]> =>
      [...ids(await index.search(at(iso)))].sort();
    const weekdays9to5 = [0, 1, 2, 3, 4].map((d): [number, number] => [
      weekMinute(d, 9),
      weekMinute(d, 17),
    ]);

    it('evaluates hours in each document’s own time zone', async () => {
      await load(
        buildSearchDocument({
          id: 'ny',
          timezone: 'America/New_York',
          weeklyHours: weekdays9to5,
          hoursKnown: true,
        }),
        buildSearchDocument({
          id: 'la',
          timezone: 'America/Los_Angeles',
          weeklyHours: weekdays9to5,
          hoursKnown: true,
        }),
        buildSearchDocument({
          id: 'unknown',
          timezone: 'America/New_York',
          weeklyHours: [],
          hoursKnown: false,
        }),
      );
      expect(await open('2024-06-10T14:00:00Z')).toEqual(['ny']);
      expect(await open('2024-06-10T19:00:00Z')).toEqual(['la', 'ny']);
      expect(await open('2024-06-10T23:00:00Z')).toEqual(['la']);
      expect(await open('2024-06-10T12:00:00Z')).toEqual([]);
      expect(await open('2024-06-08T19:00:00Z')).toEqual([]);
    });

    it('handles overnight spans, including past Sunday midnight', async () => {
      await load(
        buildSearchDocument({
          id: 'sunday-night',
          timezone: 'America/New_York',
          hoursKnown: true,
          weeklyHours: [[weekMinute(6, 20), weekMinute(6, 20) + 12 * 60]],
        }),
        buildSearchDocument({
          id: 'friday-night',
          timezone: 'America/Los_Angeles',
          hoursKnown: true,
          weeklyHours: [[weekMinute(4, 22), weekMinute(5, 2)]],
        }),
      );
      expect(await open('2024-06-10T10:00:00Z')).toEqual(['sunday-night']);
      expect(await open('2024-06-10T13:00:00Z')).toEqual([]);
      expect(await open('2024-06-09T01:00:00Z')).toEqual([]);
      expect(await open('2024-06-15T08:00:00Z')).toEqual(['friday-night']);
      expect(await open('2024-06-15T10:00:00Z')).toEqual([]);
    });

    it('closes on closed dates, but lets a span from the previous evening finish', async () => {
      await load(
        buildSearchDocument({
          id: 'holiday',
          timezone: 'America/New_York',
          hoursKnown: true,
          weeklyHours: weekdays9to5,
          closedDates: ['2024-06-10'],
        }),
        buildSearchDocument({
          id: 'overnight-into-holiday',
          timezone: 'America/New_York',
          hoursKnown: true,
          weeklyHours: [[weekMinute(6, 20), weekMinute(6, 20) + 12 * 60]],
          closedDates: ['2024-06-10'],
        }),
        buildSearchDocument({
          id: 'overnight-from-holiday',
          timezone: 'America/New_York',
          hoursKnown: true,
          weeklyHours: [[weekMinute(6, 20), weekMinute(6, 20) + 12 * 60]],
          closedDates: ['2024-06-09'],
        }),
      );
      expect(await open('2024-06-10T15:00:00Z')).toEqual([]);
      expect(await open('2024-06-11T15:00:00Z')).toEqual(['holiday']);
      expect(await open('2024-06-10T10:00:00Z')).toEqual(['overnight-into-holiday']);
    });

    it('adds dated hours, including overnight ones', async () => {
      await load(
        buildSearchDocument({
          id: 'dated',
          timezone: 'America/New_York',
          hoursKnown: false,
          datedHours: [['2024-06-15', 10 * 60, 14 * 60]],
        }),
        buildSearchDocument({
          id: 'dated-overnight',
          timezone: 'America/Los_Angeles',
          hoursKnown: true,
          datedHours: [['2024-06-15', 22 * 60, 26 * 60]],
        }),
        buildSearchDocument({
          id: 'dated-closed',
          timezone: 'America/New_York',
          hoursKnown: true,
          datedHours: [['2024-06-15', 10 * 60, 14 * 60]],
          closedDates: ['2024-06-15'],
        }),
      );
      expect(await open('2024-06-15T15:00:00Z')).toEqual(['dated']);
      expect(await open('2024-06-22T15:00:00Z')).toEqual([]);
      expect(await open('2024-06-16T08:00:00Z')).toEqual(['dated-overnight']);
      expect(await open('2024-06-16T10:00:00Z')).toEqual([]);
    });

    it('follows daylight saving time changes', async () => {
      // New York switches to EDT at 2024-03-10 02:00 local; Sunday 09:00-10:00 is open.
      await load(
        buildSearchDocument({
          id: 'sunday',
          timezone: 'America/New_York',
          hoursKnown: true,
          weeklyHours: [[weekMinute(6, 9), weekMinute(6, 10)]],
        }),
      );
      expect(await open('2024-03-03T14:30:00Z')).toEqual(['sunday']);
      expect(await open('2024-03-03T13:30:00Z')).toEqual([]);
      expect(await open('2024-03-10T13:30:00Z')).toEqual(['sunday']);
      expect(await open('2024-03-10T14:30:00Z')).toEqual([]);
    });

    it('combines openAt with other filters', async () => {
      await load(
        buildSearchDocument({
          id: 'food',
          categories: ['food'],
          timezone: 'America/New_York',
          weeklyHours: weekdays9to5,
          hoursKnown: true,
        }),
        buildSearchDocument({
          id: 'legal',
          categories: ['legal'],
          timezone: 'America/New_York',
          weeklyHours: weekdays9to5,
          hoursKnown: true,
        }),
      );
      const result = await index.search(
        q({
          filter: {
            and: [
              { openAt: Date.parse('2024-06-10T15:00:00Z') },
              { not: { field: 'categories', anyOf: ['legal'] } },
            ],
          },
        }),
      );
      expect(ids(result)).toEqual(['food']);
    });
  });

  describe('geo', () => {
    const place = (
      id: string,
      dLat: number,
      overrides: Partial<SearchDocument> = {},
    ): SearchDocument =>
      buildSearchDocument({
        id,
        latitude: DENVER.latitude + dLat,
        longitude: DENVER.longitude,
        ...overrides,
      });

    it('keeps documents within the radius, nearest first, with their distance', async () => {
      await load(
        place('far', 0.5),
        place('mid', 0.05),
        place('near', 0.01),
        place('south', -0.03),
        buildSearchDocument({ id: 'nowhere', latitude: null, longitude: null }),
      );
      const result = await index.search(q({ sort: 'DISTANCE', near: { ...DENVER, radiusKm: 10 } }));
      expect(ids(result)).toEqual(['near', 'south', 'mid']);
      expect(result.total).toBe(3);
      for (const hit of result.hits) {
        const expected = haversineKm(
          DENVER.latitude,
          DENVER.longitude,
          hit.document.latitude ?? 0,
          hit.document.longitude ?? 0,
        );
        expect(hit.distanceKm).toBeCloseTo(expected, 3);
      }
      expect(result.hits[0]?.distanceKm).toBeCloseTo(1.112, 2);
    });

    it('pages a browse around a place exactly, never a corner of the square around the circle', async () => {
      // 10 km is 0.0899 degrees of latitude and 0.117 of longitude here: the corners of the
      // square around the circle lie 14 km from its centre.
      const corner = (id: string, dLat: number, dLng: number, assuredAt: number) =>
        buildSearchDocument({
          id,
          serviceId: id,
          latitude: DENVER.latitude + dLat,
          longitude: DENVER.longitude + dLng,
          assuredAt,
        });
      await load(
        place('in1', 0.01, { serviceId: 'in1', assuredAt: FRESH }),
        place('in2', 0.03, { serviceId: 'in2', assuredAt: STALE }),
        place('in3', -0.05, { serviceId: 'in3', assuredAt: FRESH }),
        place('in4', 0.085, { serviceId: 'in4', assuredAt: STALE }),
        corner('ne', 0.08, 0.1, FRESH),
        corner('sw', -0.08, -0.1, STALE),
        corner('nw', 0.07, -0.11, FRESH),
      );
      const near = { ...DENVER, radiusKm: 10 };
      for (const sort of ['DISTANCE', 'RELEVANCE'] as const) {
        const base = q({ sort, near, staleBefore: STALE_BEFORE, distinctService: true });
        const whole = await index.search(base);
        const expected =
          sort === 'DISTANCE' ? ['in1', 'in2', 'in3', 'in4'] : ['in1', 'in3', 'in2', 'in4'];
        expect(ids(whole)).toEqual(expected);
        expect(whole.total).toBe(4);
        const paged: string[] = [];
        for (let offset = 0; offset < 6; offset++) {
          const page = await index.search({ ...base, offset, limit: 1 });
          expect(page.total).toBe(4);
          paged.push(...ids(page));
        }
        expect(paged).toEqual(expected);
      }
    });

    it('returns map points of every match, not just the page, one per service', async () => {
      await load(
        place('a1', 0.01, { serviceId: 'a', name: 'Alpha' }),
        place('a2', 0.02, { serviceId: 'a', name: 'Alpha' }),
        place('b', 0.03, { serviceId: 'b', name: 'Bravo' }),
        place('c', 0.04, { serviceId: 'c', name: 'Charlie' }),
        place('far', 2, { serviceId: 'far', name: 'Far' }),
        buildSearchDocument({
          id: 'nowhere',
          serviceId: 'nowhere',
          latitude: null,
          longitude: null,
        }),
      );
      const near = { ...DENVER, radiusKm: 10 };
      const result = await index.search(
        q({ near, sort: 'DISTANCE', distinctService: true, limit: 1, points: 100 }),
      );
      expect(result.hits).toHaveLength(1);
      expect(result.total).toBe(3);
      const points = [...(result.points ?? [])].sort((x, y) => x.name.localeCompare(y.name));
      expect(points.map((p) => [p.serviceId, p.name])).toEqual([
        ['a', 'Alpha'],
        ['b', 'Bravo'],
        ['c', 'Charlie'],
      ]);
      expect(points[1]?.latitude).toBeCloseTo(DENVER.latitude + 0.03, 5);
      expect(points[1]?.longitude).toBeCloseTo(DENVER.longitude, 5);

      const browse = await index.search(q({ limit: 1, points: 100 }));
      expect(browse.points).toHaveLength(5);
      const bounded = await index.search(q({ sort: 'DISTANCE', near, points: 2 }));
      expect(bounded.points?.map((p) => p.serviceId)).toEqual(['a', 'a']);
      expect((await index.search(q())).points).toBeUndefined();
    });

    it('reports no distance without near', async () => {
      await load(place('near', 0.01));
      const result = await index.search(q());
      expect(result.hits[0]?.distanceKm).toBeNull();
    });

    it('ranks by text first, then distance', async () => {
      await load(
        place('pantry-far', 0.08, { name: 'Food Pantry' }),
        place('pantry-near', 0.02, { name: 'Food Pantry' }),
        place('pantry-mid', 0.05, { name: 'Food Pantry' }),
        place('bank-nearest', 0.001, { name: 'Food Bank', description: 'Pantry on Fridays.' }),
        place('unrelated', 0.0, { name: 'Legal Aid' }),
      );
      const result = await index.search(
        q({ text: 'food pantry', near: { ...DENVER, radiusKm: 20 } }),
      );
      expect(ids(result)).toEqual(['pantry-near', 'pantry-mid', 'pantry-far', 'bank-nearest']);
    });

    it('orders by distance alone when sorting by distance with text', async () => {
      await load(
        place('name-far', 0.08, { name: 'Food Pantry' }),
        place('desc-near', 0.01, { name: 'Help Desk', description: 'A food pantry on Fridays.' }),
        place('name-mid', 0.04, { name: 'Food Pantry' }),
      );
      const result = await index.search(
        q({ text: 'food pantry', sort: 'DISTANCE', near: { ...DENVER, radiusKm: 20 } }),
      );
      expect(ids(result)).toEqual(['desc-near', 'name-mid', 'name-far']);
    });

    it('browses by freshness, then distance, with no text', async () => {
      await load(
        place('fresh-far', 0.05, { assuredAt: FRESH }),
        place('stale-near', 0.01, { assuredAt: STALE }),
        place('fresh-near', 0.02, { assuredAt: FRESH }),
      );
      const result = await index.search(
        q({ near: { ...DENVER, radiusKm: 20 }, staleBefore: STALE_BEFORE }),
      );
      expect(ids(result)).toEqual(['fresh-near', 'fresh-far', 'stale-near']);
    });

    describe('a circle with listings just inside and just outside its edge', () => {
      const radiusKm = 10;
      const near = { ...DENVER, radiusKm };
      const kmPerDegree = (6371 * Math.PI) / 180;
      /** A point `factor` radii from the centre, `degrees` clockwise from north. */
      const at = (factor: number, degrees: number) => {
        const angle = (degrees * Math.PI) / 180;
        const dLat = (factor * radiusKm * Math.cos(angle)) / kmPerDegree;
        const cos = Math.cos((DENVER.latitude * Math.PI) / 180);
        return {
          latitude: DENVER.latitude + dLat,
          longitude: DENVER.longitude + (factor * radiusKm * Math.sin(angle)) / kmPerDegree / cos,
        };
      };
      const categories = ['food', 'housing', 'legal'];
      const docs: SearchDocument[] = [];
      const site = (
        id: string,
        serviceId: string,
        factor: number,
        degrees: number,
        extra: Partial<SearchDocument> = {},
      ) =>
        docs.push(
          buildSearchDocument({
            id,
            serviceId,
            name: 'Food Pantry',
            assuredAt: FRESH,
            siteCount: 1,
            ...at(factor, degrees),
            ...extra,
          }),
        );
      // Single sites 100 m inside and outside the edge all round (the corners of the square
      // around the circle, its sides, the band between), well inside, and beyond.
      let n = 0;
      for (let k = 0; k < 33; k++) {
        for (const factor of [0.3, 0.96, 1.01, 1.25]) {
          n += 1;
          const category = categories[n % 3] as string;
          // Distances metres apart, so no two tie.
          site(`s${n}`, `s${n}`, factor + k * 2.5e-4, 3 + k * 11, {
            categories: [category],
            languages: n % 2 === 0 ? ['en', 'es'] : ['en'],
          });
        }
      }
      // Services with two sites: counted once when either is inside, not at all when neither is.
      const twoSites = (serviceId: string, a: [number, number], b: [number, number]) => {
        const shared = { categories: ['food'], languages: ['vi'], siteCount: 2 };
        site(`${serviceId}-a`, serviceId, a[0], a[1], { ...shared, firstSite: true });
        site(`${serviceId}-b`, serviceId, b[0], b[1], { ...shared, firstSite: false });
      };
      twoSites('m-out-in', [1.01, 45], [0.315, 200]);
      twoSites('m-out-out', [1.01, 135], [1.2, 300]);
      twoSites('m-edge-in', [0.99, 230], [0.2, 10]);
      twoSites('m-edge-far', [0.995, 315], [1.3, 40]);
      twoSites('m-edge-edge', [0.99, 95], [0.985, 265]);
      twoSites('m-corner-corner', [1.05, 44], [1.04, 226]);

      const inside = (doc: SearchDocument) =>
        haversineKm(DENVER.latitude, DENVER.longitude, doc.latitude ?? 0, doc.longitude ?? 0) <=
        radiusKm;
      /** The matching services nearest site first, with the facet counts, from the listings. */
      const expected = (matches: (doc: SearchDocument) => boolean) => {
        const nearest = new Map<string, { doc: SearchDocument; km: number }>();
        for (const doc of docs.filter((d) => inside(d) && matches(d))) {
          const km = haversineKm(
            DENVER.latitude,
            DENVER.longitude,
            doc.latitude ?? 0,
            doc.longitude ?? 0,
          );
          const seen = nearest.get(doc.serviceId);
          if (seen === undefined || km < seen.km) nearest.set(doc.serviceId, { doc, km });
        }
        const ranked = [...nearest.values()].sort((a, b) => a.km - b.km);
        const facets: Record<string, Record<string, number>> = { categories: {}, languages: {} };
        for (const { doc } of ranked)
          for (const field of ['categories', 'languages'] as const)
            for (const value of doc[field])
              (facets[field] as Record<string, number>)[value] =
                ((facets[field] as Record<string, number>)[value] ?? 0) + 1;
        return { ids: ranked.map((r) => r.doc.id), facets };
      };

      it('counts, facets and pages exactly, with text and with filters', async () => {
        await load(...docs);
        const filter = { field: 'categories' as const, anyOf: ['food', 'housing'] };
        const cases: Array<{
          query: Partial<SearchQuery>;
          matches: (d: SearchDocument) => boolean;
        }> = [
          { query: { text: 'pantry' }, matches: () => true },
          {
            query: { text: 'pantry', filter },
            matches: (d) => d.categories.some((c) => c !== 'legal'),
          },
          { query: { filter }, matches: (d) => d.categories.some((c) => c !== 'legal') },
        ];
        for (const { query, matches } of cases) {
          const want = expected(matches);
          const base = q({
            ...query,
            near,
            limit: 100,
            distinctService: true,
            facets: ['categories', 'languages'],
            staleBefore: STALE_BEFORE,
          });
          const whole = await index.search(base);
          expect(whole.total).toBe(want.ids.length);
          expect(ids(whole)).toEqual(want.ids);
          expect(whole.facets).toEqual(want.facets);
          const paged: string[] = [];
          for (let offset = 0; offset < want.ids.length + 3; offset += 7) {
            const page = await index.search({ ...base, offset, limit: 7 });
            expect(page.total).toBe(want.ids.length);
            expect(page.facets).toEqual(want.facets);
            paged.push(...ids(page));
          }
          expect(paged).toEqual(want.ids);
          // Every listing, not one per service.
          const all = await index.search({ ...base, distinctService: false, limit: 0 });
          expect(all.total).toBe(docs.filter((d) => inside(d) && matches(d)).length);
        }
      });

      it('counts a wide circle far north exactly', async () => {
        // 400 km around Fairbanks: meridians converge, so the circle is no ellipse on the map.
        const centre = { latitude: 64.84, longitude: -147.72 };
        const toRad = Math.PI / 180;
        /** The point `km` from the centre on an initial bearing of `degrees` (great circle). */
        const destination = (km: number, degrees: number) => {
          const d = km / 6371;
          const [lat1, lng1, bearing] = [
            centre.latitude * toRad,
            centre.longitude * toRad,
            degrees * toRad,
          ];
          const lat2 = Math.asin(
            Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing),
          );
          const lng2 =
            lng1 +
            Math.atan2(
              Math.sin(bearing) * Math.sin(d) * Math.cos(lat1),
              Math.cos(d) - Math.sin(lat1) * Math.sin(lat2),
            );
          return { latitude: lat2 / toRad, longitude: lng2 / toRad };
        };
        const wide: SearchDocument[] = [];
        for (let k = 0; k < 60; k++) {
          for (const km of [150, 396, 399.5, 404, 480]) {
            wide.push(
              buildSearchDocument({
                id: `w${k}-${km * 10}`,
                name: 'Food Pantry',
                siteCount: 1,
                categories: [k % 2 === 0 ? 'food' : 'legal'],
                ...destination(km, k * 6 + (km === 399.5 ? 4 : 1)),
              }),
            );
          }
        }
        await load(...wide);
        const result = await index.search(
          q({
            text: 'pantry',
            filter: { field: 'categories', anyOf: ['food'] },
            near: { ...centre, radiusKm: 400 },
            distinctService: true,
            facets: ['categories'],
            limit: 0,
          }),
        );
        expect(result.total).toBe(90);
        expect(result.facets.categories).toEqual({ food: 90 });
      });

      it('counts a circle across the antimeridian and one near a pole', async () => {
        await load(
          // Around Taveuni, Fiji: 30 km takes in both sides of the 180th meridian.
          pantryAt('east', -16.8, 179.95),
          pantryAt('west', -16.8, -179.9),
          pantryAt('beyond', -16.8, -179.6),
          // Near the North Pole: meridians 90 degrees apart, 20 km from the centre.
          pantryAt('pole-in', 89.9, 0),
          pantryAt('pole-across', 89.9, 90),
          pantryAt('pole-out', 89.5, 0),
        );
        const count = async (latitude: number, longitude: number, radiusKm: number) =>
          (
            await index.search(
              q({ text: 'pantry', near: { latitude, longitude, radiusKm }, distinctService: true }),
            )
          ).total;
        expect(await count(-16.8, 180, 30)).toBe(2);
        expect(await count(89.95, 45, 30)).toBe(2);
      });

      it('pages nearest first exactly, one per service and not, on every page', async () => {
        // Listings on a spiral out to past the edge, so whatever box a page is looked for in,
        // its corners hold listings farther than nearer ones just outside its sides.
        const spiral: SearchDocument[] = [];
        for (let k = 0; k < 240; k++) {
          const serviceId = k % 5 === 0 ? `multi${k % 40}` : `one${k}`;
          spiral.push(
            buildSearchDocument({
              id: `p${k}`,
              serviceId,
              name: 'Food Pantry',
              // What belongs to the service is the same at each of its sites.
              assuredAt: k % 3 === 0 && k % 5 !== 0 ? STALE : FRESH,
              categories: [k % 2 === 0 || k % 5 === 0 ? 'food' : 'legal'],
              ...at(1.15 * Math.sqrt((k + 0.5) / 240), k * 137.5),
            }),
          );
        }
        await load(...spiral);
        const distance = (d: SearchDocument) =>
          haversineKm(DENVER.latitude, DENVER.longitude, d.latitude ?? 0, d.longitude ?? 0);
        const within = spiral.filter((d) => distance(d) <= radiusKm);
        const nearestFirst = (docs: SearchDocument[], distinct: boolean) => {
          const sorted = [...docs].sort((a, b) => distance(a) - distance(b));
          const seen = new Set<string>();
          return sorted
            .filter((d) => !distinct || (!seen.has(d.serviceId) && seen.add(d.serviceId)))
            .map((d) => d.id);
        };
        const fresh = (d: SearchDocument) => (d.assuredAt ?? 0) >= STALE_BEFORE;
        for (const distinct of [true, false]) {
          const cases: Array<[Partial<SearchQuery>, string[]]> = [
            [{ sort: 'DISTANCE' }, nearestFirst(within, distinct)],
            [{ sort: 'DISTANCE', text: 'pantry' }, nearestFirst(within, distinct)],
            [
              { sort: 'DISTANCE', filter: { field: 'categories', anyOf: ['food'] } },
              nearestFirst(
                within.filter((d) => d.categories.includes('food')),
                distinct,
              ),
            ],
            [
              { staleBefore: STALE_BEFORE },
              [
                ...nearestFirst(within.filter(fresh), distinct),
                ...nearestFirst(
                  within.filter((d) => !fresh(d)),
                  distinct,
                ),
              ],
            ],
          ];
          for (const [query, want] of cases) {
            const base = q({ ...query, near, distinctService: distinct });
            for (const [offset, limit] of [
              [0, 1],
              [0, 7],
              [3, 11],
              [19, 20],
              [60, 13],
              [want.length - 4, 10],
            ] as const) {
              const page = await index.search({ ...base, offset, limit });
              expect(page.total).toBe(want.length);
              expect(ids(page)).toEqual(want.slice(offset, offset + limit));
            }
          }
        }
      });

      it('never takes a box corner for the nearest: nearer listings lie just beyond its sides', async () => {
        // Rings shrinking by 0.85 out to 0.68 radii: four listings towards the diagonals at c,
        // four towards north, east, south and west at 0.8 c. A box whose sides lie between
        // 0.71 c and 0.8 c holds the farther diagonal ones in its corners and not the nearer
        // ones beyond its sides. Most listings lie farther out, so the first box is small.
        const rings: SearchDocument[] = [];
        for (let j = 0; j < 12; j++) {
          const c = 0.68 * 0.85 ** j;
          for (let q4 = 0; q4 < 4; q4++) {
            rings.push(
              buildSearchDocument({
                id: `d${j}-${q4}`,
                name: 'Food Pantry',
                ...at(c, 45 + 90 * q4 + j),
              }),
              buildSearchDocument({
                id: `a${j}-${q4}`,
                name: 'Food Pantry',
                ...at(0.8 * c, 90 * q4 + j),
              }),
            );
          }
        }
        for (let k = 0; k < 300; k++)
          rings.push(
            buildSearchDocument({
              id: `o${k}`,
              name: 'Food Pantry',
              ...at(0.75 + k / 1200, k * 137.5),
            }),
          );
        await load(...rings);
        const distance = (d: SearchDocument) =>
          haversineKm(DENVER.latitude, DENVER.longitude, d.latitude ?? 0, d.longitude ?? 0);
        const want = rings
          .filter((d) => distance(d) <= radiusKm)
          .sort((a, b) => distance(a) - distance(b))
          .map((d) => d.id);
        for (let end = 1; end <= 110; end += end < 60 ? 1 : 10) {
          const page = await index.search(q({ sort: 'DISTANCE', near, offset: end - 1, limit: 1 }));
          expect(ids(page)).toEqual(want.slice(end - 1, end));
        }
      });

      it('pages nearest first when every match crowds far from the centre', async () => {
        const crowd: SearchDocument[] = [];
        for (let i = 0; i < 400; i++)
          crowd.push(
            buildSearchDocument({
              id: `far${i}`,
              name: 'Food Pantry',
              ...at(0.9 + (i % 20) * 0.002, (i % 37) * 0.05),
            }),
          );
        await load(...crowd);
        const distance = (d: SearchDocument) =>
          haversineKm(DENVER.latitude, DENVER.longitude, d.latitude ?? 0, d.longitude ?? 0);
        const want = [...crowd].sort((a, b) => distance(a) - distance(b)).map((d) => d.id);
        const page = await index.search(q({ sort: 'DISTANCE', near, limit: 20 }));
        expect(page.total).toBe(400);
        expect(ids(page)).toEqual(want.slice(0, 20));
      });

      it('pages nearest first when hundreds of matches lie within a metre of each other', async () => {
        // Meilisearch's distance sort takes distances within a metre as equal and orders those by
        // its own document ids: here, the reverse of their distances.
        const ring: SearchDocument[] = [];
        for (let i = 0; i < 260; i++)
          ring.push(
            buildSearchDocument({
              id: `ring${String(i).padStart(3, '0')}`,
              name: 'Food Pantry',
              ...at(0.01 + (259 - i) * 3e-7, (i * 137) % 360),
            }),
          );
        await load(...ring);
        const distance = (d: SearchDocument) =>
          haversineKm(DENVER.latitude, DENVER.longitude, d.latitude ?? 0, d.longitude ?? 0);
        const want = [...ring].sort((a, b) => distance(a) - distance(b)).map((d) => d.id);
        for (const offset of [0, 20, 240]) {
          const page = await index.search(q({ sort: 'DISTANCE', near, offset, limit: 20 }));
          expect(page.total).toBe(260);
          expect(ids(page)).toEqual(want.slice(offset, offset + 20));
        }
      });

      it('counts and pages a plain browse whose band around the edge is crowded', async () => {
        const crowd: SearchDocument[] = [];
        for (let i = 0; i < 2400; i++) {
          crowd.push(
            buildSearchDocument({
              id: `edge${i}`,
              name: 'Food Pantry',
              siteCount: 1,
              categories: [i % 4 === 0 ? 'legal' : 'food'],
              ...at(
                i % 2 === 0 ? 0.998 - (i % 7) * 1e-4 : 1.002 + (i % 7) * 1e-4,
                (i * 360) / 2400,
              ),
            }),
          );
        }
        await load(...docs, ...crowd);
        const want = expected(() => true).ids.length + 1200;
        for (const sort of ['DISTANCE', 'RELEVANCE'] as const) {
          const result = await index.search(
            q({ sort, near, distinctService: true, facets: ['categories'], limit: 5 }),
          );
          expect(result.total).toBe(want);
          expect(result.facets.categories?.legal).toBe(
            600 + expected((d) => d.categories.includes('legal')).ids.length,
          );
        }
        const last = await index.search(
          q({ sort: 'DISTANCE', near, distinctService: true, offset: want - 3, limit: 5 }),
        );
        expect(ids(last)).toHaveLength(3);
        for (const hit of last.hits) expect(hit.distanceKm).toBeLessThanOrEqual(radiusKm);
      });

      it('pages nearest first across the antimeridian and around a pole', async () => {
        await load(
          pantryAt('east-near', -16.8, 179.99),
          pantryAt('west-near', -16.8, -179.98),
          pantryAt('east-far', -16.8, 179.8),
          pantryAt('west-far', -16.8, -179.75),
          pantryAt('beyond', -16.8, -179.5),
          pantryAt('pole-1', 89.99, 10),
          pantryAt('pole-2', 89.97, 170),
          pantryAt('pole-3', 89.9, -90),
          pantryAt('pole-out', 89.5, 0),
        );
        const order = async (latitude: number, longitude: number, radiusKm: number) => {
          const near = { latitude, longitude, radiusKm };
          const whole = ids(await index.search(q({ sort: 'DISTANCE', near })));
          const paged: string[] = [];
          for (let offset = 0; offset < 5; offset++)
            paged.push(...ids(await index.search(q({ sort: 'DISTANCE', near, offset, limit: 1 }))));
          expect(paged).toEqual(whole);
          return whole;
        };
        expect(await order(-16.8, 180, 30)).toEqual([
          'east-near',
          'west-near',
          'east-far',
          'west-far',
        ]);
        expect(await order(90, 0, 30)).toEqual(['pole-1', 'pole-2', 'pole-3']);
      });

      it.each([
        ['some', 240],
        ['many', 900],
      ])('counts exactly when the edge of the circle holds %s matches', async (_, size) => {
        const crowd: SearchDocument[] = [];
        for (let i = 0; i < size; i++) {
          const factor = i % 2 === 0 ? 0.997 : 1.003;
          crowd.push(
            buildSearchDocument({
              id: `crowd${i}`,
              name: 'Food Pantry',
              // Services of two sites with one in the crowd, inside or not; the other site of
              // every other one well inside.
              ...(i % 5 === 0 ? { serviceId: `crowd-multi${i}`, siteCount: 2 } : { siteCount: 1 }),
              categories: [i % 3 === 0 ? 'legal' : 'food'],
              ...at(factor, (i * 360) / size),
            }),
          );
        }
        const partners = crowd
          .filter((d, i) => i % 10 === 0 || i % 10 === 5)
          .filter((_, k) => k % 2 === 0)
          .map((d, k) =>
            buildSearchDocument({
              id: `${d.id}-partner`,
              serviceId: d.serviceId,
              siteCount: 2,
              name: 'Food Pantry',
              categories: d.categories,
              ...at(0.2, k * 7),
            }),
          );
        const all = [...docs, ...crowd, ...partners];
        await load(...all);
        const servicesWith = (category?: string) =>
          new Set(
            all
              .filter(
                (d) => inside(d) && (category === undefined || d.categories.includes(category)),
              )
              .map((d) => d.serviceId),
          ).size;
        const result = await index.search(
          q({ text: 'pantry', near, distinctService: true, facets: ['categories'], limit: 5 }),
        );
        expect(result.total).toBe(servicesWith());
        expect(result.facets.categories?.food).toBe(servicesWith('food'));
        expect(result.facets.categories?.legal).toBe(servicesWith('legal'));
        const every = await index.search(q({ text: 'pantry', near, limit: 0 }));
        expect(every.total).toBe(all.filter(inside).length);
      });
    });
  });

  describe('ranking', () => {
    it('demotes stale listings within a relevance tier but never hides them', async () => {
      await load(
        buildSearchDocument({ id: 'stale', name: 'Shelter North', assuredAt: STALE }),
        buildSearchDocument({ id: 'never', name: 'Shelter East', assuredAt: null }),
        buildSearchDocument({ id: 'fresh', name: 'Shelter South', assuredAt: FRESH }),
      );
      const result = await index.search(q({ text: 'shelter', staleBefore: STALE_BEFORE }));
      expect(result.total).toBe(3);
      expect(ids(result)[0]).toBe('fresh');
      expect([...ids(result)].sort()).toEqual(['fresh', 'never', 'stale']);
    });

    it('keeps a stronger text match above a fresher weaker one', async () => {
      await load(
        buildSearchDocument({ id: 'stale-name', name: 'Legal Clinic', assuredAt: STALE }),
        buildSearchDocument({
          id: 'fresh-desc',
          name: 'Help Desk',
          description: 'Legal questions answered.',
          assuredAt: FRESH,
        }),
      );
      const result = await index.search(q({ text: 'legal', staleBefore: STALE_BEFORE }));
      expect(ids(result)).toEqual(['stale-name', 'fresh-desc']);
    });

    it('browses fresh listings by name, however recently each was confirmed', async () => {
      await load(
        buildSearchDocument({ id: 'zulu', name: 'Zulu', assuredAt: FRESH + 86_400_000 }),
        buildSearchDocument({ id: 'alpha', name: 'Alpha', assuredAt: FRESH }),
        buildSearchDocument({ id: 'mike', name: 'Mike', assuredAt: STALE }),
        buildSearchDocument({ id: 'lima', name: 'Lima', assuredAt: STALE - 86_400_000 }),
        buildSearchDocument({ id: 'bravo', name: 'Bravo', assuredAt: null }),
      );
      expect(ids(await index.search(q({ staleBefore: STALE_BEFORE })))).toEqual([
        'alpha',
        'zulu',
        'bravo',
        'lima',
        'mike',
      ]);
    });

    it('breaks ties on the same name by id, on every page', async () => {
      await load(
        buildSearchDocument({ id: 'c', name: 'Same Name' }),
        buildSearchDocument({ id: 'a', name: 'Same Name' }),
        buildSearchDocument({ id: 'b', name: 'same name' }),
      );
      expect(ids(await index.search(q()))).toEqual(['a', 'b', 'c']);
      expect(ids(await index.search(q({ offset: 1, limit: 1 })))).toEqual(['b']);
    });

    it('browses fresh listings first, then by name', async () => {
      await load(
        buildSearchDocument({ id: 'c', name: 'Charlie', assuredAt: FRESH }),
        buildSearchDocument({ id: 'a', name: 'Alpha', assuredAt: STALE }),
        buildSearchDocument({ id: 'b', name: 'Bravo', assuredAt: FRESH }),
      );
      expect(ids(await index.search(q({ staleBefore: STALE_BEFORE })))).toEqual(['b', 'c', 'a']);
    });
  });

  describe('capacity', () => {
    // The query's instant stands in for the clock: documents carry when capacity expires.
    const NOW = Date.UTC(2024, 5, 10, 12);
    const HOUR = 3_600_000;
    const capacity = (status: string, expiresAt: number) => ({
      capacityStatus: status,
      capacityExpiresAt: expiresAt,
    });
    const matching = async (statuses: string[], orUnknown: boolean, at = NOW) =>
      [...ids(await index.search(q({ filter: { capacityAt: at, statuses, orUnknown } })))].sort();

    beforeEach(async () => {
      await load(
        buildSearchDocument({ id: 'open', ...capacity('AVAILABLE', NOW + 5 * HOUR) }),
        buildSearchDocument({ id: 'full', ...capacity('NO_CAPACITY', NOW + HOUR) }),
        buildSearchDocument({ id: 'wait', ...capacity('WAITLIST', NOW + 70 * HOUR) }),
        buildSearchDocument({ id: 'assess', ...capacity('ASSESSMENT_REQUIRED', NOW + HOUR) }),
        buildSearchDocument({ id: 'expired', ...capacity('AVAILABLE', NOW - HOUR) }),
        buildSearchDocument({ id: 'none' }),
      );
    });

    it('filters by any of the current statuses', async () => {
      expect(await matching(['AVAILABLE'], false)).toEqual(['open']);
      expect(await matching(['AVAILABLE', 'WAITLIST'], false)).toEqual(['open', 'wait']);
      expect(await matching(['NO_CAPACITY', 'ASSESSMENT_REQUIRED'], false)).toEqual([
        'assess',
        'full',
      ]);
      expect(await matching([], false)).toEqual([]);
    });

    it('counts expired capacity as unknown, like none published', async () => {
      expect(await matching([], true)).toEqual(['expired', 'none']);
      expect(await matching(['AVAILABLE'], true)).toEqual(['expired', 'none', 'open']);
      // The same documents an hour and a half later: the one-hour capacities have expired too.
      const later = NOW + 1.5 * HOUR;
      expect(await matching(['AVAILABLE'], false, later)).toEqual(['open']);
      expect(await matching([], true, later)).toEqual(['assess', 'expired', 'full', 'none']);
    });

    it('keeps capacity current through its expiry instant and not a millisecond past it', async () => {
      const expiry = NOW + HOUR;
      expect(await matching(['NO_CAPACITY'], false, expiry)).toEqual(['full']);
      expect(await matching(['NO_CAPACITY'], false, expiry + 1)).toEqual([]);
      expect(await matching([], true, expiry + 1)).toContain('full');
    });

    it('combines with other filters', async () => {
      await load(
        buildSearchDocument({
          id: 'open-food',
          categories: ['food'],
          ...capacity('AVAILABLE', NOW + HOUR),
        }),
      );
      const result = await index.search(
        q({
          filter: {
            and: [
              { field: 'categories', anyOf: ['food'] },
              { capacityAt: NOW, statuses: ['AVAILABLE'], orUnknown: false },
            ],
          },
        }),
      );
      expect(ids(result)).toEqual(['open-food']);
    });
  });

  describe('AVAILABLE_FIRST', () => {
    const NOW = Date.UTC(2024, 5, 10, 12);
    const HOUR = 3_600_000;
    const available = (expiresAt = NOW + HOUR) => ({
      capacityStatus: 'AVAILABLE',
      capacityExpiresAt: expiresAt,
    });
    const isAvailable = (doc: SearchDocument) =>
      doc.capacityStatus === 'AVAILABLE' && (doc.capacityExpiresAt ?? -1) >= NOW;

    it('puts currently available services first, each part in relevance order', async () => {
      await load(
        buildSearchDocument({ id: 'name-full', name: 'Shelter Central', assuredAt: FRESH }),
        buildSearchDocument({
          id: 'name-expired',
          name: 'Shelter West',
          assuredAt: FRESH,
          ...available(NOW - 1),
        }),
        buildSearchDocument({
          id: 'desc-open',
          name: 'Help Desk',
          description: 'Emergency shelter beds.',
          assuredAt: FRESH,
          ...available(),
        }),
        buildSearchDocument({
          id: 'name-open-stale',
          name: 'Shelter North',
          assuredAt: STALE,
          ...available(),
        }),
        buildSearchDocument({
          id: 'desc-none',
          name: 'Resource Line',
          description: 'Finds a shelter.',
          assuredAt: FRESH,
        }),
      );
      const base = q({ text: 'shelter', staleBefore: STALE_BEFORE, now: NOW });
      const relevance = await index.search(base);
      const first = await index.search({ ...base, sort: 'AVAILABLE_FIRST' });
      const docs = relevance.hits.map((h) => h.document);
      expect(ids(first)).toEqual([
        ...docs.filter(isAvailable).map((d) => d.id),
        ...docs.filter((d) => !isAvailable(d)).map((d) => d.id),
      ]);
      expect(ids(first).slice(0, 2)).toEqual(['name-open-stale', 'desc-open']);
      expect(ids(first).slice(2).sort()).toEqual(['desc-none', 'name-expired', 'name-full']);
      expect(first.total).toBe(relevance.total);
    });

    it('browses available first, then the rest, each by freshness then name', async () => {
      await load(
        buildSearchDocument({ id: 'a', name: 'Alpha', assuredAt: FRESH }),
        buildSearchDocument({ id: 'b', name: 'Bravo', assuredAt: STALE, ...available() }),
        buildSearchDocument({ id: 'c', name: 'Charlie', assuredAt: FRESH, ...available() }),
        buildSearchDocument({ id: 'd', name: 'Delta', assuredAt: STALE }),
        buildSearchDocument({ id: 'e', name: 'Echo', assuredAt: FRESH, ...available(NOW - 1) }),
      );
      const result = await index.search(
        q({ sort: 'AVAILABLE_FIRST', now: NOW, staleBefore: STALE_BEFORE }),
      );
      expect(ids(result)).toEqual(['c', 'b', 'a', 'e', 'd']);
      // An hour later nothing is available any more: plain relevance order.
      const later = await index.search(
        q({ sort: 'AVAILABLE_FIRST', now: NOW + 2 * HOUR, staleBefore: STALE_BEFORE }),
      );
      expect(ids(later)).toEqual(['a', 'c', 'e', 'b', 'd']);
    });

    it('pages across the boundary with no gaps or repeats, keeping totals and facets', async () => {
      const docs: SearchDocument[] = [];
      for (let i = 0; i < 13; i++) {
        docs.push(
          buildSearchDocument({
            name: 'Same Name Clinic',
            categories: [i % 2 === 0 ? 'food' : 'legal'],
            ...(i % 3 === 0 ? available() : {}),
          }),
        );
      }
      await load(...docs);
      const base = q({ text: 'clinic', sort: 'AVAILABLE_FIRST', now: NOW, facets: ['categories'] });
      const whole = await index.search({ ...base, limit: 13 });
      expect(whole.hits.slice(0, 5).every((h) => isAvailable(h.document))).toBe(true);
      expect(whole.hits.slice(5).some((h) => isAvailable(h.document))).toBe(false);
      const relevance = await index.search({ ...base, sort: 'RELEVANCE', limit: 13 });
      expect(whole.facets).toEqual(relevance.facets);
      const paged: string[] = [];
      for (let offset = 0; offset < 13; offset += 4) {
        const page = await index.search({ ...base, offset, limit: 4 });
        expect(page.total).toBe(13);
        expect(page.facets).toEqual(whole.facets);
        paged.push(...ids(page));
      }
      expect(paged).toEqual(ids(whole));
      expect(ids(await index.search({ ...base, offset: 3, limit: 5 }))).toEqual(
        ids(whole).slice(3, 8),
      );
    });

    it('keeps one document per service', async () => {
      await load(
        buildSearchDocument({ id: 's1-a', serviceId: 's1', name: 'Food Bank', ...available() }),
        buildSearchDocument({ id: 's1-b', serviceId: 's1', name: 'Food Bank', ...available() }),
        buildSearchDocument({ id: 's2', serviceId: 's2', name: 'Food Bank' }),
      );
      const result = await index.search(
        q({ text: 'food', sort: 'AVAILABLE_FIRST', now: NOW, distinctService: true }),
      );
      expect(result.total).toBe(2);
      expect(result.hits.map((h) => h.document.serviceId)).toEqual(['s1', 's2']);
    });
  });

  describe('distinct, facets and paging', () => {
    it('returns one document per service and counts services', async () => {
      await load(
        buildSearchDocument({
          id: 's1-far',
          serviceId: 's1',
          latitude: DENVER.latitude + 0.09,
          longitude: DENVER.longitude,
        }),
        buildSearchDocument({
          id: 's1-near',
          serviceId: 's1',
          latitude: DENVER.latitude + 0.01,
          longitude: DENVER.longitude,
        }),
        buildSearchDocument({
          id: 's1-mid',
          serviceId: 's1',
          latitude: DENVER.latitude + 0.04,
          longitude: DENVER.longitude,
        }),
        buildSearchDocument({
          id: 's2',
          serviceId: 's2',
          latitude: DENVER.latitude + 0.02,
          longitude: DENVER.longitude,
        }),
      );
      const near = { ...DENVER, radiusKm: 50 };
      const all = await index.search(q({ sort: 'DISTANCE', near }));
      expect(all.total).toBe(4);
      const distinct = await index.search(q({ sort: 'DISTANCE', near, distinctService: true }));
      expect(distinct.total).toBe(2);
      expect(ids(distinct)).toEqual(['s1-near', 's2']);
    });

    it('counts facets over all matches, not just the page', async () => {
      const docs: SearchDocument[] = [];
      for (let i = 0; i < 30; i++) {
        docs.push(
          buildSearchDocument({
            name: `Food Program ${i}`,
            categories: i % 3 === 0 ? ['food', 'housing'] : ['food'],
            languages: i % 2 === 0 ? ['en', 'es'] : ['en'],
            costs: i < 10 ? ['FREE'] : ['FEE'],
          }),
        );
      }
      docs.push(buildSearchDocument({ name: 'Legal Aid', categories: ['legal'] }));
      await load(...docs);
      const result = await index.search(
        q({ text: 'food', limit: 5, facets: ['categories', 'languages', 'costs'] }),
      );
      expect(result.hits).toHaveLength(5);
      expect(result.total).toBe(30);
      expect(result.facets.categories).toEqual({ food: 30, housing: 10 });
      expect(result.facets.languages).toEqual({ en: 30, es: 15 });
      expect(result.facets.costs).toEqual({ FREE: 10, FEE: 20 });
    });

    it('counts facets after distinct', async () => {
      await load(
        buildSearchDocument({ serviceId: 'x', categories: ['food'] }),
        buildSearchDocument({ serviceId: 'x', categories: ['food'] }),
        buildSearchDocument({ serviceId: 'y', categories: ['food', 'legal'] }),
      );
      const result = await index.search(q({ distinctService: true, facets: ['categories'] }));
      expect(result.total).toBe(2);
      expect(result.facets.categories).toEqual({ food: 2, legal: 1 });
    });

    it('counts services exactly when documents say how many sites their service has', async () => {
      await load(
        buildSearchDocument({ id: 'x1', serviceId: 'x', categories: ['food'], siteCount: 2 }),
        buildSearchDocument({ id: 'x2', serviceId: 'x', categories: ['food'], siteCount: 2 }),
        buildSearchDocument({
          id: 'y',
          serviceId: 'y',
          categories: ['food', 'legal'],
          siteCount: 1,
        }),
        buildSearchDocument({ id: 'z', serviceId: 'z', categories: ['legal'], siteCount: 1 }),
      );
      const result = await index.search(
        q({ distinctService: true, limit: 2, facets: ['categories'] }),
      );
      expect(result.total).toBe(3);
      expect(result.hits).toHaveLength(2);
      expect(result.facets.categories).toEqual({ food: 2, legal: 2 });
      const food = await index.search(
        q({ distinctService: true, filter: { field: 'categories', anyOf: ['food'] }, offset: 1 }),
      );
      expect(food.total).toBe(2);
      expect(food.hits).toHaveLength(1);
    });

    it('counts services by their first site when the query asks nothing of a site', async () => {
      const site = (id: string, serviceId: string, firstSite: boolean, lat: number) =>
        buildSearchDocument({
          id,
          serviceId,
          categories: ['food'],
          siteCount: 2,
          firstSite,
          latitude: DENVER.latitude + lat,
          longitude: DENVER.longitude,
        });
      await load(
        site('x1', 'x', true, 0.5),
        site('x2', 'x', false, 0.01),
        site('y1', 'y', true, 0.02),
        site('y2', 'y', false, 0.6),
        buildSearchDocument({
          id: 'z',
          serviceId: 'z',
          categories: ['legal'],
          siteCount: 1,
          firstSite: true,
          latitude: null,
          longitude: null,
        }),
      );
      const all = await index.search(q({ distinctService: true, facets: ['categories'] }));
      expect(all.total).toBe(3);
      expect(all.facets.categories).toEqual({ food: 2, legal: 1 });
      // Near a point only some sites match: each service still counts once.
      const near = await index.search(
        q({ distinctService: true, near: { ...DENVER, radiusKm: 5 }, facets: ['categories'] }),
      );
      expect(near.total).toBe(2);
      expect(near.facets.categories).toEqual({ food: 2 });
      expect(ids(near).sort()).toEqual(['x2', 'y1']);
    });

    it('pages stably with no gaps or repeats', async () => {
      const docs: SearchDocument[] = [];
      for (let i = 0; i < 25; i++) docs.push(buildSearchDocument({ name: 'Same Name Clinic' }));
      await load(...docs);
      const whole = ids(await index.search(q({ text: 'clinic', limit: 25 })));
      const paged: string[] = [];
      for (let offset = 0; offset < 25; offset += 10) {
        const page = await index.search(q({ text: 'clinic', offset, limit: 10 }));
        expect(page.total).toBe(25);
        paged.push(...ids(page));
      }
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(25);
      const odd = await index.search(q({ text: 'clinic', offset: 7, limit: 6 }));
      expect(ids(odd)).toEqual(whole.slice(7, 13));
      expect(ids(await index.search(q({ text: 'clinic', limit: 25 })))).toEqual(whole);
    });
  });

  describe('writes', () => {
    it('replaces by id without leaving ghost postings', async () => {
      await load(buildSearchDocument({ id: 'one', name: 'Zebra Outreach', categories: ['food'] }));
      await load(buildSearchDocument({ id: 'one', name: 'Yak Outreach', categories: ['legal'] }));
      expect((await index.search(q({ text: 'zebra' }))).total).toBe(0);
      expect(ids(await index.search(q({ text: 'yak' })))).toEqual(['one']);
      expect(
        (await index.search(q({ filter: { field: 'categories', anyOf: ['food'] } }))).total,
      ).toBe(0);
      expect(await index.count()).toBe(1);
    });

    it('stays correct across many replacements', async () => {
      const first: SearchDocument[] = [];
      for (let i = 0; i < 1200; i++)
        first.push(buildSearchDocument({ id: `bulk-${i}`, name: `Walrus ${i}` }));
      await index.upsert(first);
      await index.upsert(first.map((d) => ({ ...d, name: `Otter ${d.id}` })));
      expect(await index.count()).toBe(1200);
      expect((await index.search(q({ text: 'walrus' }))).total).toBe(0);
      expect((await index.search(q({ text: 'otter', limit: 1 }))).total).toBe(1200);
    });

    it('removes every document of a service', async () => {
      await load(
        buildSearchDocument({ id: 'a1', serviceId: 'a', name: 'Harbor House' }),
        buildSearchDocument({ id: 'a2', serviceId: 'a', name: 'Harbor House' }),
        buildSearchDocument({ id: 'b1', serviceId: 'b', name: 'Harbor House' }),
      );
      await index.removeServices(['a', 'missing']);
      expect(ids(await index.search(q({ text: 'harbor' })))).toEqual(['b1']);
      expect(await index.count()).toBe(1);
    });

    it("replaces a service's documents, leaving other services alone", async () => {
      await load(
        buildSearchDocument({ id: 'a1', serviceId: 'a', name: 'Harbor House' }),
        buildSearchDocument({ id: 'a2', serviceId: 'a', name: 'Harbor House' }),
        buildSearchDocument({ id: 'b1', serviceId: 'b', name: 'Harbor House' }),
      );
      // One site renamed, one gone, one new.
      await index.replaceServices(
        ['a', 'missing'],
        [
          buildSearchDocument({ id: 'a1', serviceId: 'a', name: 'Harbor Hall' }),
          buildSearchDocument({ id: 'a3', serviceId: 'a', name: 'Harbor Hall' }),
        ],
      );
      expect(ids(await index.search(q({ text: 'hall' }))).sort()).toEqual(['a1', 'a3']);
      expect(ids(await index.search(q({ text: 'house' })))).toEqual(['b1']);
      expect(await index.count()).toBe(3);
      // No documents left: the service is gone.
      await index.replaceServices(['a'], []);
      expect(ids(await index.search(q({ text: 'harbor' })))).toEqual(['b1']);
      expect(await index.count()).toBe(1);
    });

    it('clears everything', async () => {
      await load(buildSearchDocument(), buildSearchDocument());
      expect(await index.count()).toBe(2);
      await index.clear();
      expect(await index.count()).toBe(0);
      expect((await index.search(q())).total).toBe(0);
    });

    it('returns the payload untouched', async () => {
      const payload = {
        title: 'Shown',
        nested: { list: [1, 'two', null], flag: true },
        unicode: 'é✓',
      };
      await load(buildSearchDocument({ id: 'p', name: 'Payload Place', payload }));
      const hit = (await index.search(q({ text: 'payload' }))).hits[0];
      expect(hit?.document.payload).toEqual(payload);
      expect(hit?.document.id).toBe('p');
    });
  });
});
