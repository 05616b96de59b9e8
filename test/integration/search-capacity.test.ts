import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import { engineNames } from '../search/engines.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildCoordinating,
  createReferralTo,
} from './referral-fixture.ts';

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      edges { node { id name capacity { status } } }
    }
  }
`;
const CAPACITY = /* GraphQL */ `
  mutation Capacity($input: SetServiceCapacityInput!) {
    setServiceCapacity(input: $input) { id capacity { status } }
  }
`;
const REFERRAL_CAPACITY = /* GraphQL */ `
  query ReferralCapacity($id: ID!) {
    referral(id: $id) { id serviceCapacity { status count unit note updatedAt } }
  }
`;

type SearchData = {
  searchServices: {
    totalCount: number;
    edges: Array<{ node: { id: string; name: string; capacity: { status: string } | null } }>;
  };
};

// A clock the test moves: 24 November 2026, noon UTC.
const START = Date.parse('2026-11-24T12:00:00Z');
let nowMs = START;
const clock: Clock = { now: () => new Date(nowMs) };
const HOUR = 3_600_000;

describe.each(engineNames())('search and referrals by capacity (%s)', (engine) => {
  let server: TestServer;
  let beds: Agency;
  let cots: Agency;
  let rooms: Agency;
  let coordinator: TestActor;
  let coordinatingId: string;

  const settle = async () => {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  };
  const search = async (input: Record<string, unknown>) => {
    const res = await server.gql<SearchData>(SEARCH, { input: { first: 50, ...input } });
    expect(res.errors).toBeUndefined();
    return res.data?.searchServices.edges.map((e) => e.node.id) ?? [];
  };
  const publish = async (agency: Agency, status: string) => {
    const res = await agency.staff.gql(CAPACITY, {
      input: { serviceId: agency.service.id, status, count: 2, unit: 'beds' },
    });
    expect(res.errors).toBeUndefined();
  };

  beforeAll(async () => {
    // Each engine's run starts at the same instant (a test below moves the clock on).
    nowMs = START;
    server = await startTestServer({ clock, engine });
    beds = await buildAgency(server, {
      name: 'Harbor Shelter',
      serviceName: 'Harbor Shelter Beds',
      categories: ['housing'],
    });
    cots = await buildAgency(server, {
      name: 'Cedar Shelter',
      serviceName: 'Cedar Shelter Cots',
      categories: ['housing'],
    });
    rooms = await buildAgency(server, {
      name: 'Aspen House',
      serviceName: 'Aspen Family Rooms',
      categories: ['housing'],
    });
    const coordinating = await buildCoordinating(server);
    coordinator = coordinating.coordinator;
    coordinatingId = coordinating.member.id;
    await publish(beds, 'WAITLIST');
    await publish(rooms, 'AVAILABLE');
    await settle();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('filters by current capacity, unknown included on request', async () => {
    const housing = { categories: ['housing'] };
    expect(await search({ ...housing, capacity: ['AVAILABLE'] })).toEqual([rooms.service.id]);
    expect((await search({ ...housing, capacity: ['WAITLIST', 'UNKNOWN'] })).sort()).toEqual(
      [beds.service.id, cots.service.id].sort(),
    );
    expect((await search({ ...housing, capacity: [] })).length).toBe(3);
  });

  it('ranks available services first, the rest in relevance order', async () => {
    // Housing synonyms make "shelter" match all three; the available one leads anyway.
    const relevance = await search({ text: 'shelter', sort: 'RELEVANCE' });
    expect(relevance).toHaveLength(3);
    expect(await search({ text: 'shelter', sort: 'AVAILABLE_FIRST' })).toEqual([
      rooms.service.id,
      ...relevance.filter((id) => id !== rooms.service.id),
    ]);
    const browse = await search({ categories: ['housing'], sort: 'AVAILABLE_FIRST' });
    const byRelevance = await search({ categories: ['housing'] });
    expect(browse).toEqual([
      rooms.service.id,
      ...byRelevance.filter((id) => id !== rooms.service.id),
    ]);
  });

  it('reflects a capacity change once the outbox drains', async () => {
    await publish(cots, 'AVAILABLE');
    await publish(rooms, 'NO_CAPACITY');
    await settle();
    expect(await search({ categories: ['housing'], capacity: ['AVAILABLE'] })).toEqual([
      cots.service.id,
    ]);
    const ranked = await search({ text: 'shelter', sort: 'AVAILABLE_FIRST' });
    expect(ranked[0]).toBe(cots.service.id);
    expect(await search({ categories: ['housing'], capacity: ['NO_CAPACITY'] })).toEqual([
      rooms.service.id,
    ]);
  });

  it('tells the referring coordinator the target has a waitlist, until it expires', async () => {
    const referral = await createReferralTo(server, coordinator, beds, { needs: ['housing'] });
    const res = await coordinator.gql<{ referral: { serviceCapacity: unknown } }>(
      REFERRAL_CAPACITY,
      { id: referral.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.referral.serviceCapacity).toEqual({
      status: 'WAITLIST',
      count: 2,
      unit: 'beds',
      note: null,
      updatedAt: '2026-11-24T12:00:00.000Z',
    });
    const agencySide = await beds.staff.gql<{ referral: { serviceCapacity: { status: string } } }>(
      REFERRAL_CAPACITY,
      { id: referral.id },
    );
    expect(agencySide.data?.referral.serviceCapacity.status).toBe('WAITLIST');

    // Past CAPACITY_TTL_HOURS (72) everything published reads as unknown, with no re-index.
    // Sessions have expired by then too, so a colleague signs in afresh.
    nowMs += 73 * HOUR;
    const colleague = await signedInAs(server, 'coordinator', { organizationId: coordinatingId });
    const later = await colleague.gql<{ referral: { serviceCapacity: unknown } }>(
      REFERRAL_CAPACITY,
      { id: referral.id },
    );
    expect(later.data?.referral.serviceCapacity).toBeNull();
    expect(await search({ categories: ['housing'], capacity: ['WAITLIST', 'AVAILABLE'] })).toEqual(
      [],
    );
    expect((await search({ categories: ['housing'], capacity: ['UNKNOWN'] })).length).toBe(3);
    const ranked = await search({ categories: ['housing'], sort: 'AVAILABLE_FIRST' });
    expect(ranked).toEqual(await search({ categories: ['housing'] }));
  });
});
