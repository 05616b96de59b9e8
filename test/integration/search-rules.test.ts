import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/domain/clock.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { engineNames } from '../search/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      facets { categories { value count } languages { value count } }
      edges {
        cursor
        distanceKm
        eligibility { status reasons }
        openStatus { isOpen nextChange }
        node { id name categories { code } languages { code } freshness { stale } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

type Edge = {
  cursor: string;
  distanceKm: number | null;
  eligibility: { status: string; reasons: string[] } | null;
  openStatus: { isOpen: boolean | null; nextChange: string | null };
  node: { id: string; name: string; freshness: { stale: boolean } };
};
type SearchData = {
  searchServices: {
    totalCount: number;
    facets: { categories: Array<{ value: string; count: number }> };
    edges: Edge[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

const org = buildOrganization({ name: 'Front Range Helpers' });
const downtown = buildLocation({ name: 'Downtown', latitude: 39.7392, longitude: -104.9903 });
const northside = buildLocation({ name: 'Northside', latitude: 39.775, longitude: -104.98 });
const boulder = buildLocation({ name: 'Boulder Office', latitude: 40.015, longitude: -105.27 });
const id = () => randomUUID();

const pantry = buildService(org, {
  name: 'Eastside Food Pantry',
  description: 'Groceries and fresh produce every weekday.',
  languages: [
    { id: id(), code: 'en' },
    { id: id(), code: 'es' },
  ],
});
const seniorMeals = buildService(org, {
  name: 'Senior Meals',
  description: 'Hot lunches for older adults.',
  eligibility: {
    min_age: 60,
    income_limit_fpl_percent: 200,
    residency: { postal_codes: [], counties: ['Denver County, CO'], states: [] },
  },
  schedules: [{ id: id(), freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '14:00' }],
});
const shelter = buildService(org, {
  name: 'Overnight Shelter for Women',
  description: 'Emergency beds, showers and breakfast.',
  categories: ['housing'],
  eligibility: { genders: ['female'] },
  schedules: [
    {
      id: id(),
      freq: 'WEEKLY',
      byday: 'MO,TU,WE,TH,FR,SA,SU',
      opens_at: '20:00',
      closes_at: '07:00',
    },
    { id: id(), closed: true, valid_from: '2026-11-26', valid_to: '2026-11-26' },
  ],
});
const veteransClinic = buildService(org, {
  name: 'Veterans Legal Clinic',
  description: 'Free legal advice on benefits and housing.',
  categories: ['legal'],
  eligibility: { veteran_only: true },
});
const staleBank = buildService(org, {
  name: 'Old Town Food Bank',
  description: 'Emergency food boxes.',
  assured_date: '2024-01-15',
});
const inactive = buildService(org, { name: 'Closed Pantry', status: 'inactive' });

describe.each(engineNames())('searchServices rules over a known directory (%s)', (engine) => {
  let server: TestServer;
  const search = async (input: Record<string, unknown>) => {
    const res = await server.gql<SearchData>(SEARCH, { input });
    expect(res.errors).toBeUndefined();
    const result = res.data?.searchServices;
    if (!result) throw new Error('no data');
    return result;
  };
  const names = (edges: Edge[]) => edges.map((e) => e.node.name);

  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Denver.
    server = await startTestServer({ clock: fixedClock('2026-11-24T17:00:00Z'), engine });
    const services = [pantry, seniorMeals, shelter, veteransClinic, staleBank, inactive];
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [downtown, northside, boulder],
        services,
        serviceAtLocations: [
          link(pantry, downtown),
          link(seniorMeals, northside),
          link(shelter, downtown),
          link(veteransClinic, boulder),
          link(staleBank, downtown),
          link(inactive, downtown),
        ],
      }),
    );
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('tolerates typos and ignores inactive services', async () => {
    // Every food listing has "pantry" among its category synonyms; the name match ranks first.
    const typo = names((await search({ text: 'pantyr' })).edges);
    expect(typo[0]).toBe('Eastside Food Pantry');
    expect(typo).not.toContain('Veterans Legal Clinic');
    expect((await search({ text: 'closed pantry' })).edges.map((e) => e.node.name)).not.toContain(
      'Closed Pantry',
    );
  });

  it('limits by radius and sorts by distance', async () => {
    const result = await search({
      near: { latitude: 39.7392, longitude: -104.9903 },
      radiusKm: 10,
      sort: 'DISTANCE',
    });
    expect(names(result.edges)).not.toContain('Veterans Legal Clinic');
    expect(result.totalCount).toBe(4);
    expect(result.edges.at(-1)?.node.name).toBe('Senior Meals');
    expect(result.edges.at(-1)?.distanceKm).toBeCloseTo(4.07, 1);
    expect(result.edges[0]?.distanceKm).toBe(0);
  });

  it('explains eligibility and filters with eligibleOnly', async () => {
    const client = { age: 70, householdSize: 3, annualIncome: 60_000, postalCode: '80205' };
    const result = await search({ text: 'senior meals', client });
    const meals = result.edges.find((e) => e.node.name === 'Senior Meals');
    expect(meals?.eligibility?.status).toBe('INELIGIBLE');
    expect(meals?.eligibility?.reasons.join(' ')).toContain('200%');

    const young = await search({
      client: { age: 30, gender: 'MALE', veteran: false },
      eligibleOnly: true,
    });
    expect(names(young.edges).sort()).toEqual(['Eastside Food Pantry', 'Old Town Food Bank']);

    const unknownAge = await search({ text: 'senior meals', client: { postalCode: '80205' } });
    expect(unknownAge.edges[0]?.eligibility?.status).toBe('UNKNOWN');
  });

  it('answers open at a time, overnight and on a holiday, with the next change', async () => {
    const saturday = await search({ openAt: '2026-11-28T11:00:00-07:00' });
    expect(names(saturday.edges)).toEqual(['Senior Meals']);
    expect(saturday.edges[0]?.openStatus).toEqual({
      isOpen: true,
      nextChange: '2026-11-28T21:00:00.000Z',
    });

    const wednesdayNight = await search({ openAt: '2026-11-25T23:30:00-07:00' });
    expect(names(wednesdayNight.edges)).toEqual(['Overnight Shelter for Women']);
    const thanksgivingNight = await search({ openAt: '2026-11-26T21:00:00-07:00' });
    expect(names(thanksgivingNight.edges)).toEqual([]);

    const now = await search({ text: 'eastside pantry', openNow: true });
    expect(now.edges[0]?.openStatus).toEqual({
      isOpen: true,
      nextChange: '2026-11-25T00:00:00.000Z',
    });
  });

  it('ranks stale listings lower but never hides them', async () => {
    const result = await search({ text: 'food' });
    const list = names(result.edges);
    expect(list).toContain('Old Town Food Bank');
    expect(list.indexOf('Old Town Food Bank')).toBeGreaterThan(
      list.indexOf('Eastside Food Pantry'),
    );
    expect(
      result.edges.find((e) => e.node.name === 'Old Town Food Bank')?.node.freshness.stale,
    ).toBe(true);
  });

  it('counts facets over all matches and pages with cursors', async () => {
    const first = await search({ first: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.facets.categories).toEqual([
      { value: 'food', count: 3 },
      { value: 'housing', count: 1 },
      { value: 'legal', count: 1 },
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search({ first: 2, after: first.pageInfo.endCursor });
    const third = await search({ first: 2, after: second.pageInfo.endCursor });
    const all = [...first.edges, ...second.edges, ...third.edges].map((e) => e.node.id);
    expect(new Set(all).size).toBe(5);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ radiusKm: 0, postalCode: '80202' }, 'radiusKm: Radius must be between 0.1 and 500 km.'],
    [{ radiusKm: 900, postalCode: '80202' }, 'radiusKm: Radius must be between 0.1 and 500 km.'],
    [
      { near: { latitude: 100, longitude: 0 } },
      'near.latitude: Latitude must be between -90 and 90.',
    ],
    [{ postalCode: '00000' }, 'postalCode: Postal code 00000 is not a known US ZIP code.'],
    [
      { languages: ['xx'] },
      'languages.0: Unknown language code "xx". Use ISO 639 codes such as en, es or ht.',
    ],
    [
      { sort: 'DISTANCE' },
      'sort: Sorting by distance needs a place: give near, postalCode or place.',
    ],
    [{ eligibleOnly: true }, 'eligibleOnly: Eligible-only needs a client profile: give client.'],
    [{ first: 0 }, 'first: Ask for between 1 and 100 results.'],
    [{ first: 101 }, 'first: Ask for between 1 and 100 results.'],
    [{ after: 'bm9wZQ' }, 'after: This cursor is not valid. Start again from the first page.'],
    [
      { client: { householdSize: 0 } },
      'client.householdSize: Household size must be between 1 and 20.',
    ],
  ])('rejects %j with a field-named message', async (input, message) => {
    const res = await server.gql(SEARCH, { input });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.message).toBe(message);
  });

  it('rejects a malformed openAt with a typed error', async () => {
    for (const openAt of ['tomorrow', '2026-11-28T11:00:00', '2026-13-45T99:00:00Z']) {
      const res = await server.gql(SEARCH, { input: { openAt } });
      expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(res.errors?.[0]?.message).toContain('Expected an ISO 8601 date-time with an offset');
    }
  });

  it('returns a service by id, and NOT_FOUND for an unknown one', async () => {
    const query =
      'query($id: ID!) { service(id: $id) { name hoursSummary organization { name } } }';
    const found = await server.gql<{ service: { name: string; hoursSummary: string } }>(query, {
      id: pantry.id,
    });
    expect(found.data?.service).toEqual({
      name: 'Eastside Food Pantry',
      hoursSummary: 'Mon–Fri 9:00–17:00',
      organization: { name: 'Front Range Helpers' },
    });
    const missing = await server.gql(query, { id: 'nope' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.message).toBe('No service has the id "nope".');
  });

  it('refuses queries nested too deep', async () => {
    let selection = 'code';
    for (let i = 0; i < 14; i++) selection = `code children { ${selection} }`;
    const res = await server.gql(`{ taxonomy { ${selection} } }`);
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('lists the taxonomy with its stable top-level codes', async () => {
    const res = await server.gql<{ taxonomy: Array<{ code: string }> }>('{ taxonomy { code } }');
    expect(res.data?.taxonomy.map((c) => c.code)).toEqual([
      'food',
      'housing',
      'transportation',
      'mental-health',
      'substance-use',
      'health',
      'legal',
      'employment',
      'utilities',
      'family',
      'disability',
      'immigration',
    ]);
  });
});
