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

const SERVICE = /* GraphQL */ `
  query Service($id: ID!) {
    service(id: $id) { id hoursSummary openStatus { isOpen nextChange timeZone } }
  }
`;

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      origin { latitude longitude label approximate }
      edges {
        distanceKm
        openStatus { isOpen nextChange timeZone }
        node { id openStatus { isOpen nextChange timeZone } }
      }
    }
  }
`;

type Status = { isOpen: boolean | null; nextChange: string | null; timeZone: string };
type ServiceData = { service: { id: string; hoursSummary: string | null; openStatus: Status } };
type SearchData = {
  searchServices: {
    totalCount: number;
    origin: { latitude: number; longitude: number; label: string | null; approximate: boolean };
    edges: Array<{
      distanceKm: number | null;
      openStatus: Status;
      node: { id: string; openStatus: Status };
    }>;
  };
};

// Tuesday 24 November 2026, 10:00 in Denver (MST, UTC−7) and in Phoenix (MST all year).
const NOW = '2026-11-24T17:00:00Z';

describe.each(engineNames())('Service.openStatus and the search origin (%s)', (engine) => {
  let server: TestServer;
  const org = buildOrganization({ name: 'Open Status Org' });
  const denver = buildLocation({ organization_id: org.id });
  const phoenix = buildLocation({
    organization_id: org.id,
    latitude: 33.4484,
    longitude: -112.074,
    timezone_name: 'America/Phoenix',
  });
  const pantry = buildService(org, { name: 'Weekday Pantry Zephyr' });
  const shelter = buildService(org, {
    name: 'Overnight Shelter Zephyr',
    schedules: [
      {
        id: randomUUID(),
        freq: 'WEEKLY',
        byday: 'MO,TU,WE,TH,FR,SA,SU',
        opens_at: '20:00',
        closes_at: '08:00',
      },
    ],
  });
  const desert = buildService(org, {
    name: 'Desert Clinic Zephyr',
    schedules: [
      { id: randomUUID(), freq: 'WEEKLY', byday: 'WE', opens_at: '09:00', closes_at: '12:00' },
    ],
  });

  beforeAll(async () => {
    server = await startTestServer({ clock: fixedClock(NOW), engine });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [denver, phoenix],
        services: [pantry, shelter, desert],
        serviceAtLocations: [link(pantry, denver), link(shelter, denver), link(desert, phoenix)],
      }),
    );
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function statusOf(id: string): Promise<Status | undefined> {
    const res = await server.gql<ServiceData>(SERVICE, { id });
    expect(res.errors).toBeUndefined();
    return res.data?.service.openStatus;
  }

  it('says a weekday service is open and closes at 17:00 in its own zone', async () => {
    expect(await statusOf(pantry.id)).toEqual({
      isOpen: true,
      nextChange: '2026-11-25T00:00:00.000Z',
      timeZone: 'America/Denver',
    });
  });

  it('says an overnight shelter is closed and opens at 20:00 local', async () => {
    expect(await statusOf(shelter.id)).toEqual({
      isOpen: false,
      nextChange: '2026-11-25T03:00:00.000Z',
      timeZone: 'America/Denver',
    });
  });

  it('uses the site’s zone, not Denver’s, for a site in Phoenix', async () => {
    expect(await statusOf(desert.id)).toEqual({
      isOpen: false,
      nextChange: '2026-11-25T16:00:00.000Z',
      timeZone: 'America/Phoenix',
    });
  });

  it('agrees with what search says for each hit', async () => {
    const res = await server.gql<SearchData>(SEARCH, { input: { text: 'Zephyr' } });
    expect(res.errors).toBeUndefined();
    const edges = res.data?.searchServices.edges ?? [];
    expect(edges).toHaveLength(3);
    for (const edge of edges) {
      expect(edge.node.openStatus).toEqual(edge.openStatus);
      expect(await statusOf(edge.node.id)).toEqual(edge.openStatus);
    }
  });

  it('reports the origin of a ZIP code search as the ZIP code’s centroid', async () => {
    const res = await server.gql<SearchData>(SEARCH, {
      input: { text: 'Zephyr', postalCode: '80202', radiusKm: 10 },
    });
    expect(res.errors).toBeUndefined();
    const origin = res.data?.searchServices.origin;
    expect(origin).toMatchObject({ label: '80202', approximate: true });
    expect(origin?.latitude).toBeCloseTo(39.75, 1);
    expect(origin?.longitude).toBeCloseTo(-105.0, 1);
    expect(res.data?.searchServices.totalCount).toBe(2);
  });

  it('reports a point search’s origin exactly, with no label', async () => {
    const res = await server.gql<SearchData>(SEARCH, {
      input: { text: 'Zephyr', near: { latitude: 33.45, longitude: -112.07 }, radiusKm: 5 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.searchServices.origin).toEqual({
      latitude: 33.45,
      longitude: -112.07,
      label: null,
      approximate: false,
    });
    expect(res.data?.searchServices.edges.map((e) => e.node.id)).toEqual([desert.id]);
  });

  it('has no origin when the search gives no place', async () => {
    const res = await server.gql<SearchData>(SEARCH, { input: { text: 'Zephyr' } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.searchServices.origin).toBeNull();
    expect(res.data?.searchServices.edges.every((e) => e.distanceKm === null)).toBe(true);
  });
});
