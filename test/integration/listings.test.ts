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

const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateServiceInput!) {
    updateService(input: $input) { id name freshness { assuredDate stale } }
  }
`;
const CONFIRM = /* GraphQL */ `
  mutation Confirm($id: ID!) {
    confirmServiceAccurate(serviceId: $id) { id freshness { assuredDate stale } }
  }
`;
const CAPACITY = /* GraphQL */ `
  mutation Capacity($input: SetServiceCapacityInput!) {
    setServiceCapacity(input: $input) { id capacity { status count unit note updatedAt } }
  }
`;
const SERVICE = /* GraphQL */ `
  query One($id: ID!) {
    service(id: $id) { id name capacity { status count } freshness { assuredDate stale } }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($text: String!) {
    searchServices(input: { text: $text }) {
      edges { node { id name freshness { assuredDate stale } capacity { status count } } }
    }
  }
`;
const CHANGES = /* GraphQL */ `
  query Changes($id: ID!) {
    listingChanges(serviceId: $id) {
      totalCount
      edges { node { fieldName previousValue replacementValue updatedBy resourceId resourceType } }
    }
  }
`;

type SearchData = {
  searchServices: {
    edges: Array<{
      node: {
        id: string;
        name: string;
        freshness: { assuredDate: string | null; stale: boolean };
        capacity: { status: string; count: number | null } | null;
      };
    }>;
  };
};

// A clock tests can move: 24 November 2026, noon UTC.
let nowMs = Date.parse('2026-11-24T12:00:00Z');
const clock: Clock = { now: () => new Date(nowMs) };

const org = buildOrganization({ name: 'Mile High Mutual Aid' });
const site = buildLocation();
const pantry = buildService(org, { name: 'Westside Pantry', assured_date: '2026-10-01' });
const oldShelter = buildService(org, {
  name: 'Harbor Night Shelter',
  categories: ['housing'],
  assured_date: '2024-01-15',
});

describe('agencies keep their listings true', () => {
  let server: TestServer;
  let owner: TestActor;
  let otherAgency: TestActor;
  let coordinator: TestActor;
  let admin: TestActor;

  const settle = async () => {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  };
  const search = async (text: string) => {
    const res = await server.gql<SearchData>(SEARCH, { text });
    expect(res.errors).toBeUndefined();
    return res.data?.searchServices.edges.map((e) => e.node) ?? [];
  };
  const storedName = async (id: string) =>
    (await server.runtime.deps.db.models.Service.collection.findOne({ _id: id as never }))?.name;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [site],
        services: [pantry, oldShelter],
        serviceAtLocations: [link(pantry, site), link(oldShelter, site)],
      }),
    );
    await settle();
    await buildMember(server, { id: org.id, name: org.name, kinds: ['agency'] });
    owner = await signedInAs(server, 'agency_staff', {
      organizationId: org.id,
      email: 'staff@milehigh.example.org',
    });
    otherAgency = await signedInAs(server, 'agency_staff');
    coordinator = await signedInAs(server, 'coordinator');
    admin = await signedInAs(server, 'network_admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets the owning agency edit a listing, and search finds the new name', async () => {
    const res = await owner.gql(UPDATE, {
      input: { serviceId: pantry.id, name: 'Westside Community Pantry' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      updateService: {
        id: pantry.id,
        name: 'Westside Community Pantry',
        freshness: { assuredDate: '2026-11-24', stale: false },
      },
    });
    await settle();
    const hits = await search('Westside Community Pantry');
    expect(hits[0]).toMatchObject({ id: pantry.id, name: 'Westside Community Pantry' });
  });

  it('logs each changed field with who changed it', async () => {
    await owner.gql(UPDATE, {
      input: { serviceId: pantry.id, description: 'Groceries on weekdays.', languages: ['en'] },
    });
    type Changes = {
      listingChanges: {
        totalCount: number;
        edges: Array<{ node: Record<string, string | null> }>;
      };
    };
    const res = await owner.gql<Changes>(CHANGES, { id: pantry.id });
    expect(res.errors).toBeUndefined();
    const changes = res.data?.listingChanges.edges.map((e) => e.node) ?? [];
    expect(res.data?.listingChanges.totalCount).toBe(changes.length);
    expect(changes.find((c) => c.fieldName === 'name')).toEqual({
      fieldName: 'name',
      previousValue: 'Westside Pantry',
      replacementValue: 'Westside Community Pantry',
      updatedBy: 'staff@milehigh.example.org',
      resourceId: pantry.id,
      resourceType: 'service',
    });
    expect(changes.find((c) => c.fieldName === 'description')).toMatchObject({
      previousValue: 'A service for testing.',
      replacementValue: 'Groceries on weekdays.',
    });
    expect(changes.find((c) => c.fieldName === 'assured_date')).toMatchObject({
      previousValue: '2026-10-01',
      replacementValue: '2026-11-24',
    });
    // Unchanged languages are not logged.
    expect(changes.some((c) => c.fieldName === 'languages')).toBe(false);

    const asAdmin = await admin.gql<Changes>(CHANGES, { id: pantry.id });
    expect(asAdmin.data?.listingChanges.edges.length).toBe(changes.length);
    const asOther = await otherAgency.gql(CHANGES, { id: pantry.id });
    expect(asOther.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
  });

  it('refuses another agency, a coordinator and an anonymous caller', async () => {
    const input = { serviceId: pantry.id, name: 'Hijacked' };
    const other = await otherAgency.gql(UPDATE, { input });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(other.errors?.[0]?.message).toBe(
      'Only staff of the agency that lists this service can change it.',
    );
    const coord = await coordinator.gql(UPDATE, { input });
    expect(coord.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const anon = await server.gql(UPDATE, { input });
    expect(anon.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    expect(await storedName(pantry.id)).toBe('Westside Community Pantry');
  });

  it.each([
    [{ name: '' }, 'name: is required'],
    [
      {
        schedules: [{ freq: 'WEEKLY', byday: 'MO', opensAt: '09:00', closesAt: '5pm' }],
      },
      'schedules.0.closesAt: must be a time such as 09:00 or 17:30',
    ],
    [{ eligibility: { minAge: 65, maxAge: 18 } }, 'eligibility.maxAge: must not be below min_age'],
    [
      { languages: ['klingon'] },
      'languages.0: Unknown language code "klingon". Use ISO 639 codes such as en, es or ht.',
    ],
  ])('rejects %j with a field-named message and changes nothing', async (change, message) => {
    const before = await server.runtime.deps.db.models.Service.collection.findOne({
      _id: pantry.id as never,
    });
    const res = await owner.gql(UPDATE, { input: { serviceId: pantry.id, ...change } });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.message).toBe(message);
    const after = await server.runtime.deps.db.models.Service.collection.findOne({
      _id: pantry.id as never,
    });
    expect(after).toEqual(before);
  });

  it('turns a stale listing fresh when its agency confirms it', async () => {
    const before = (await search('Harbor Night Shelter')).find((n) => n.id === oldShelter.id);
    expect(before?.freshness).toEqual({ assuredDate: '2024-01-15', stale: true });
    type Stale = {
      staleListings: {
        totalCount: number;
        edges: Array<{ node: { serviceId: string } }>;
        pageInfo: { hasNextPage: boolean };
      };
    };
    const stale = await admin.gql<Stale>(
      '{ staleListings(first: 10) { totalCount edges { node { serviceId assuredDate } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(stale.data?.staleListings.edges.map((e) => e.node.serviceId)).toEqual([oldShelter.id]);
    expect(stale.data?.staleListings.totalCount).toBe(1);
    expect(stale.data?.staleListings.pageInfo.hasNextPage).toBe(false);
    const asStaff = await owner.gql('{ staleListings { totalCount } }');
    expect(asStaff.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');

    const res = await owner.gql(CONFIRM, { id: oldShelter.id });
    expect(res.data).toEqual({
      confirmServiceAccurate: {
        id: oldShelter.id,
        freshness: { assuredDate: '2026-11-24', stale: false },
      },
    });
    await settle();
    const after = (await search('Harbor Night Shelter')).find((n) => n.id === oldShelter.id);
    expect(after?.freshness).toEqual({ assuredDate: '2026-11-24', stale: false });
    const none = await admin.gql<Stale>('{ staleListings { totalCount edges { cursor } } }');
    expect(none.data?.staleListings).toEqual({ totalCount: 0, edges: [] });
  });

  it('publishes capacity that expires back to unknown', async () => {
    const res = await owner.gql(CAPACITY, {
      input: {
        serviceId: oldShelter.id,
        status: 'AVAILABLE',
        count: 3,
        unit: 'beds',
        note: 'Tonight',
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      setServiceCapacity: {
        id: oldShelter.id,
        capacity: {
          status: 'AVAILABLE',
          count: 3,
          unit: 'beds',
          note: 'Tonight',
          updatedAt: '2026-11-24T12:00:00.000Z',
        },
      },
    });
    const bad = await owner.gql(CAPACITY, {
      input: { serviceId: oldShelter.id, status: 'WAITLIST', count: -1 },
    });
    expect(bad.errors?.[0]?.message).toBe('count: must not be negative');
    const other = await otherAgency.gql(CAPACITY, {
      input: { serviceId: oldShelter.id, status: 'NO_CAPACITY' },
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    await settle();
    const hit = (await search('Harbor Night Shelter')).find((n) => n.id === oldShelter.id);
    expect(hit?.capacity).toEqual({ status: 'AVAILABLE', count: 3 });

    nowMs += 73 * 3_600_000;
    const later = (await search('Harbor Night Shelter')).find((n) => n.id === oldShelter.id);
    expect(later?.capacity).toBeNull();
    const detail = await server.gql<{ service: { capacity: unknown } }>(SERVICE, {
      id: oldShelter.id,
    });
    expect(detail.data?.service.capacity).toBeNull();
  });
});
