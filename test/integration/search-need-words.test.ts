import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/domain/clock.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { startServerWithDirectory } from '../support/directory-server.ts';
import type { TestServer } from '../support/test-server.ts';

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      edges { node { name } }
      suggestedNeeds { code name nameEs: name(language: ES) totalCount }
    }
  }
`;

type SearchData = {
  searchServices: {
    totalCount: number;
    edges: Array<{ node: { name: string } }>;
    suggestedNeeds: Array<{ code: string; name: string; nameEs: string; totalCount: number }>;
  };
};

const org = buildOrganization({ name: 'Front Range Helpers' });
const site = buildLocation({ name: 'Downtown' });
const pantry = buildService(org, {
  name: 'Eastside Pantry',
  description: 'Groceries every weekday.',
  categories: ['food'],
});
const shelter = buildService(org, {
  name: 'Overnight Beds',
  description: 'A warm place to sleep.',
  categories: ['housing'],
});
const rides = buildService(org, {
  name: 'Medical Rides',
  description: 'Trips to appointments.',
  categories: ['transportation'],
});

describe('searching by need words in Spanish', () => {
  let server: TestServer;
  const search = async (input: Record<string, unknown>) => {
    const res = await server.gql<SearchData>(SEARCH, { input });
    expect(res.errors).toBeUndefined();
    const result = res.data?.searchServices;
    if (!result) throw new Error('no data');
    return result;
  };

  beforeAll(async () => {
    server = await startServerWithDirectory(
      bundleOf({
        organizations: [org],
        locations: [site],
        services: [pantry, shelter, rides],
        serviceAtLocations: [link(pantry, site), link(shelter, site), link(rides, site)],
      }),
      fixedClock('2026-11-24T17:00:00Z'),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['comida', 'Eastside Pantry'],
    ['vivienda', 'Overnight Beds'],
    ['transporte', 'Medical Rides'],
    ['Alimentos', 'Eastside Pantry'],
    ['albergue', 'Overnight Beds'],
  ])('finds English listings for %j', async (text, name) => {
    const result = await search({ text });
    expect(result.edges.map((e) => e.node.name)).toEqual([name]);
    expect(result.suggestedNeeds).toEqual([]);
  });

  it('suggests the need a text names when the text finds nothing', async () => {
    // A need chip left on from the last client, and a new need typed in.
    const result = await search({ text: 'comida', categories: ['legal'] });
    expect(result.totalCount).toBe(0);
    expect(result.suggestedNeeds).toEqual([
      { code: 'food', name: 'Food', nameEs: 'Alimentos', totalCount: 1 },
    ]);
    const byNeed = await search({ categories: ['food'] });
    expect(byNeed.edges.map((e) => e.node.name)).toEqual(['Eastside Pantry']);
  });

  it('suggests only needs the same search finds services for', async () => {
    expect((await search({ text: 'abogado', categories: ['food'] })).suggestedNeeds).toEqual([]);
    expect((await search({ text: 'xyzzy' })).suggestedNeeds).toEqual([]);
    const both = await search({ text: 'comida y vivienda', categories: ['legal'] });
    expect(both.suggestedNeeds.map((n) => n.code)).toEqual(['food', 'housing']);
  });
});
