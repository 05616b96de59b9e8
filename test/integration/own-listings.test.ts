import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const MY_SERVICES = /* GraphQL */ `
  query Mine { myServices { totalCount edges { node { id name } } } }
`;
const EDITABLE = /* GraphQL */ `
  query Editable($id: ID!) {
    editableService(id: $id) {
      id name status lastModified assuredDate languages categories requiredDocuments
      schedules { freq byday opensAt closesAt validFrom validTo closed description }
      eligibility { minAge maxAge postalCodes veteranOnly description }
      costs { option amount currency }
      capacity { status count note }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateServiceInput!) {
    updateService(input: $input) { id name }
  }
`;

const clock: Clock = { now: () => new Date('2026-11-24T12:00:00Z') };
const org = buildOrganization({ name: 'Mile High Mutual Aid' });
const otherOrg = buildOrganization({ name: 'Elsewhere Aid' });
const site = buildLocation();
const pantry = buildService(org, { name: 'Westside Pantry' });
const shelter = buildService(org, { name: 'Harbor Night Shelter', categories: ['housing'] });
const theirs = buildService(otherOrg, { name: 'Not Ours' });

describe('an agency lists and reads its own listings to edit them', () => {
  let server: TestServer;
  let owner: TestActor;
  let coordinator: TestActor;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org, otherOrg],
        locations: [site],
        services: [pantry, shelter, theirs],
        serviceAtLocations: [link(pantry, site), link(shelter, site), link(theirs, site)],
      }),
    );
    await buildMember(server, { id: org.id, name: org.name, kinds: ['agency'] });
    owner = await signedInAs(server, 'agency_staff', { organizationId: org.id });
    coordinator = await signedInAs(server, 'coordinator');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists only the organization’s services, by name', async () => {
    const res = await owner.gql<{ myServices: { totalCount: number; edges: unknown[] } }>(
      MY_SERVICES,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.myServices).toEqual({
      totalCount: 2,
      edges: [
        { node: { id: shelter.id, name: 'Harbor Night Shelter' } },
        { node: { id: pantry.id, name: 'Westside Pantry' } },
      ],
    });
    const coord = await coordinator.gql(MY_SERVICES);
    expect(coord.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
  });

  it('reads a listing as stored, and its lastModified guards the next edit', async () => {
    const closure = {
      validFrom: '2026-12-25',
      validTo: '2026-12-25',
      closed: true,
      description: 'Christmas',
    };
    const saved = await owner.gql(UPDATE, {
      input: {
        serviceId: pantry.id,
        schedules: [
          { freq: 'WEEKLY', byday: 'MO,WE', opensAt: '09:00', closesAt: '17:00' },
          closure,
        ],
        eligibility: { minAge: 18, residency: { postalCodes: ['80205'] } },
        languages: ['en', 'es'],
      },
    });
    expect(saved.errors).toBeUndefined();
    type Editable = {
      editableService: {
        lastModified: string;
        schedules: unknown[];
        eligibility: unknown;
        languages: string[];
      };
    };
    const res = await owner.gql<Editable>(EDITABLE, { id: pantry.id });
    expect(res.errors).toBeUndefined();
    const listing = res.data?.editableService;
    expect(listing?.schedules).toEqual([
      {
        freq: 'WEEKLY',
        byday: 'MO,WE',
        opensAt: '09:00',
        closesAt: '17:00',
        validFrom: null,
        validTo: null,
        closed: false,
        description: null,
      },
      { freq: null, byday: null, opensAt: null, closesAt: null, ...closure },
    ]);
    expect(listing?.eligibility).toEqual({
      minAge: 18,
      maxAge: null,
      postalCodes: ['80205'],
      veteranOnly: false,
      description: null,
    });
    expect(listing?.languages).toEqual(['en', 'es']);
    expect(listing?.lastModified).toBe('2026-11-24T12:00:00.000Z');

    const ok = await owner.gql(UPDATE, {
      input: { serviceId: pantry.id, expectedLastModified: listing?.lastModified, name: 'Pantry' },
    });
    expect(ok.errors).toBeUndefined();
    const stale = await owner.gql(UPDATE, {
      input: { serviceId: pantry.id, expectedLastModified: '2026-01-01T00:00:00.000Z', name: 'X' },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses another organization’s listing', async () => {
    const res = await owner.gql(EDITABLE, { id: theirs.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const missing = await owner.gql(EDITABLE, { id: 'nope' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
