import { randomUUID } from 'node:crypto';
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

const CARD = /* GraphQL */ `
  query Card($input: SearchServicesInput!) {
    searchServices(input: $input) {
      edges { node { id languages { code } costs } }
    }
  }
`;
const DETAIL = /* GraphQL */ `
  query Detail($id: ID!) {
    service(id: $id) { languages { code } costs }
  }
`;

type Said = { languages: Array<{ code: string }>; costs: string[] };

const org = buildOrganization({ name: 'Front Range Helpers' });
const site = buildLocation({
  name: 'Downtown',
  languages: [
    { id: randomUUID(), code: 'en' },
    { id: randomUUID(), code: 'es' },
  ],
});
const shelter = buildService(org, {
  name: 'Overnight Beds',
  languages: [{ id: randomUUID(), code: 'en' }],
  fees_description: 'Free of charge.',
});

describe('a result card and the service page say the same', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServerWithDirectory(
      bundleOf({
        organizations: [org],
        locations: [site],
        services: [shelter],
        serviceAtLocations: [link(shelter, site)],
      }),
      fixedClock('2026-11-24T17:00:00Z'),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the languages of the service and its site, and one reading of its costs', async () => {
    const card = await server.gql<{ searchServices: { edges: Array<{ node: Said }> } }>(CARD, {
      input: { text: 'Overnight Beds' },
    });
    const detail = await server.gql<{ service: Said }>(DETAIL, { id: shelter.id });
    expect(card.errors).toBeUndefined();
    expect(detail.errors).toBeUndefined();
    const onCard = card.data?.searchServices.edges[0]?.node;
    expect(onCard?.languages.map((l) => l.code)).toEqual(['en', 'es']);
    expect(detail.data?.service.languages.map((l) => l.code)).toEqual(['en', 'es']);
    expect(onCard?.costs).toEqual(['FREE']);
    expect(detail.data?.service.costs).toEqual(['FREE']);
  });
});
