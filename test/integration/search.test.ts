import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/domain/clock.ts';
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
        node { id name organization { id name } categories { code name } languages { code }
          locations { id name latitude longitude address { address1 city stateProvince postalCode } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

type SearchData = {
  searchServices: {
    totalCount: number;
    facets: { categories: Array<{ value: string; count: number }> };
    edges: Array<{
      cursor: string;
      distanceKm: number | null;
      eligibility: { status: string; reasons: string[] } | null;
      openStatus: { isOpen: boolean | null; nextChange: string | null };
      node: { id: string; name: string; categories: Array<{ code: string }> };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe.each(engineNames())('searchServices over the demo directory (%s)', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: true,
      clock: fixedClock('2026-11-24T17:00:00Z'),
      engine,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds food help near a ZIP code, nearest first, with distances', async () => {
    const res = await server.gql<SearchData>(SEARCH, {
      input: {
        categories: ['food'],
        postalCode: '80205',
        radiusKm: 5,
        sort: 'DISTANCE',
        first: 10,
      },
    });
    expect(res.errors).toBeUndefined();
    const result = res.data?.searchServices;
    expect(result?.totalCount).toBeGreaterThan(0);
    const distances = result?.edges.map((e) => e.distanceKm ?? Number.NaN) ?? [];
    expect(distances.every((d) => d >= 0 && d <= 5)).toBe(true);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(result?.edges.every((e) => e.node.categories.some((c) => c.code === 'food'))).toBe(true);
  });

  it('rejects an unknown category with a typed, specific error', async () => {
    const res = await server.gql(SEARCH, { input: { categories: ['snacks'] } });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.message).toBe(
      'categories.0: Unknown category "snacks". Use one of: food, housing, transportation, mental-health, substance-use, health, legal, employment, utilities, family, disability, immigration.',
    );
  });
});
