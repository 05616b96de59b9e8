import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/domain/clock.ts';
import { haversineKm } from '../../server/lib/distance.ts';
import { signedInAs } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      origin { latitude longitude label approximate source }
      edges { distanceKm node { id name locations { latitude longitude
        address { address1 city stateProvince postalCode } } } }
      mapPoints { serviceId name latitude longitude }
    }
  }
`;

type Origin = {
  latitude: number;
  longitude: number;
  label: string | null;
  approximate: boolean;
  source: string;
};
type SearchData = {
  searchServices: {
    totalCount: number;
    origin: Origin | null;
    edges: Array<{
      distanceKm: number | null;
      node: {
        id: string;
        name: string;
        locations: Array<{
          latitude: number | null;
          longitude: number | null;
          address: {
            address1: string;
            city: string;
            stateProvince: string;
            postalCode: string;
          } | null;
        }>;
      };
    }>;
    mapPoints: Array<{ serviceId: string; name: string; latitude: number; longitude: number }>;
  };
};

const NOW = fixedClock('2026-11-24T17:00:00Z');
const UNMATCHED =
  'No place matches this address. Check the house number and street, or give a city and state ' +
  'or a 5-digit ZIP code.';

/** A fake Nominatim: answers /search for one known address and records every request. */
async function startFakeNominatim(): Promise<{ url: string; requests: URL[]; close(): void }> {
  const requests: URL[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    if (url.pathname !== '/search') {
      res.writeHead(500).end('unexpected request');
      return;
    }
    const q = url.searchParams.get('q') ?? '';
    const body = q.startsWith('1437 Bannock')
      ? [
          {
            lat: '39.7393',
            lon: '-104.9903',
            display_name: '1437 Bannock Street, Civic Center, Denver, Colorado, 80202',
            place_rank: 30,
          },
        ]
      : [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => server.close() };
}

describe('searching around a place over the demo directory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, clock: NOW });
  });
  afterAll(async () => {
    await server?.close();
  });

  const search = (input: Record<string, unknown>) => server.gql<SearchData>(SEARCH, { input });

  it('maps every match, not just the page', async () => {
    const res = await search({ first: 5 });
    expect(res.errors).toBeUndefined();
    const result = res.data?.searchServices;
    expect(result?.edges).toHaveLength(5);
    expect(result?.totalCount).toBeGreaterThan(100);
    const ids = new Set(result?.mapPoints.map((p) => p.serviceId));
    expect(ids.size).toBe(result?.mapPoints.length);
    // Every service with a site is mapped; the few without one are not.
    expect(result?.mapPoints.length).toBeGreaterThan((result?.totalCount ?? 0) * 0.8);
    expect(result?.mapPoints.length).toBeLessThanOrEqual(result?.totalCount ?? 0);
    for (const edge of result?.edges ?? []) {
      if (edge.node.locations.some((l) => l.latitude !== null)) expect(ids).toContain(edge.node.id);
    }

    const food = await search({ categories: ['food'], postalCode: '80205', radiusKm: 5, first: 1 });
    const foodResult = food.data?.searchServices;
    expect(foodResult?.mapPoints.length).toBeGreaterThan(1);
    for (const point of foodResult?.mapPoints ?? []) {
      const origin = foodResult?.origin;
      expect(
        haversineKm(origin?.latitude ?? 0, origin?.longitude ?? 0, point.latitude, point.longitude),
      ).toBeLessThanOrEqual(5.01);
    }
  });

  it('reads the map points from the page’s own search, not from a second one', async () => {
    const engine = server.runtime.deps.search;
    const original = engine.search.bind(engine);
    let searches = 0;
    engine.search = (query) => {
      searches += 1;
      return original(query);
    };
    try {
      const res = await search({ categories: ['food'], postalCode: '80205', radiusKm: 5 });
      expect(res.data?.searchServices.mapPoints.length).toBeGreaterThan(1);
      expect(searches).toBe(1);
    } finally {
      engine.search = original;
    }
  });

  it('starts from a directory site’s own street address, exactly', async () => {
    const browse = await search({ text: 'food', first: 1 });
    const location = browse.data?.searchServices.edges[0]?.node.locations.find(
      (l) => l.address && l.latitude !== null,
    );
    const address = location?.address;
    if (!address) throw new Error('no seeded address');
    const typed = `${address.address1
      .replace(/\bSt\b/, 'Street')
      .replace(
        /\bAve\b/,
        'Avenue',
      )}, ${address.city}, ${address.stateProvince} ${address.postalCode}`;
    const res = await search({ place: typed, sort: 'DISTANCE', first: 3 });
    expect(res.errors).toBeUndefined();
    const origin = res.data?.searchServices.origin;
    expect(origin).toMatchObject({ approximate: false, source: 'SEARCH' });
    expect(origin?.latitude).toBeCloseTo(location?.latitude ?? 0, 5);
    expect(origin?.longitude).toBeCloseTo(location?.longitude ?? 0, 5);
    expect(origin?.label).toContain(address.address1);
    expect(res.data?.searchServices.edges[0]?.distanceKm).toBe(0);
  });

  it('falls back to the ZIP code or city in an address, saying it is approximate', async () => {
    const zip = await search({ place: '99999 Nowhere Lane, Denver, CO 80205' });
    expect(zip.errors).toBeUndefined();
    expect(zip.data?.searchServices.origin).toMatchObject({ label: '80205', approximate: true });

    const city = await search({ place: 'Aurora' });
    expect(city.errors).toBeUndefined();
    const origin = city.data?.searchServices.origin;
    expect(origin).toMatchObject({ label: 'Aurora, CO', approximate: true });
    // Aurora, Colorado (the directory's), not the bigger Aurora, Illinois.
    expect(origin?.longitude).toBeLessThan(-104);

    const bare = await search({ place: '80205' });
    expect(bare.data?.searchServices.origin).toMatchObject({ label: '80205', approximate: true });
  });

  it('refuses an address nothing matches, and more than one kind of place', async () => {
    const res = await search({ place: '12 Imaginary Boulevard, Atlantis' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.message).toBe(`place: ${UNMATCHED}`);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'place', message: UNMATCHED }],
    });

    const both = await search({ place: 'Aurora, CO', postalCode: '80205' });
    expect(both.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'place', message: 'Give one of near, postalCode or place, not several.' }],
    });
  });

  it('starts a saved client’s search from their address', async () => {
    const coordinator = await signedInAs(server, 'coordinator');
    const created = await coordinator.gql<{ createClient: { id: string; address: string } }>(
      /* GraphQL */ `mutation C($input: CreateClientInput!) { createClient(input: $input) { id address } }`,
      {
        input: {
          name: 'Ana Ruiz',
          dateOfBirth: '1980-02-02',
          postalCode: '80205',
          address: '  1 Main St, Aurora, CO  ',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createClient.address).toBe('1 Main St, Aurora, CO');
    const res = await coordinator.gql<SearchData>(SEARCH, {
      input: { clientId: created.data?.createClient.id, first: 1 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.searchServices.origin).toMatchObject({
      label: 'Aurora, CO',
      approximate: true,
      source: 'CLIENT_ADDRESS',
    });

    // A place typed in the search wins over the client's address.
    const typed = await coordinator.gql<SearchData>(SEARCH, {
      input: { clientId: created.data?.createClient.id, postalCode: '80205', first: 1 },
    });
    expect(typed.data?.searchServices.origin).toMatchObject({ label: '80205', source: 'SEARCH' });
  });

  it('counts a typed address that found nothing in its ZIP code’s area of unmet needs', async () => {
    const none = await search({
      text: 'zzqqxxyy',
      categories: ['legal'],
      place: '99999 Nowhere Lane, Denver, CO 80205',
    });
    expect(none.data?.searchServices.totalCount).toBe(0);
    const admin = await signedInAs(server, 'network_admin');
    const res = await admin.gql<{
      unmetNeeds: { rows: Array<{ category: string; area: string }> };
    }>(
      /* GraphQL */ `query U($input: ReportPeriodInput!) {
        unmetNeeds(input: $input) { rows { category area } }
      }`,
      { input: { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.unmetNeeds.rows).toEqual([{ category: 'legal', area: '802' }]);
  });

  it('keeps postalCode working as before', async () => {
    const res = await search({ postalCode: '80205', first: 1 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.searchServices.origin).toMatchObject({
      label: '80205',
      approximate: true,
      source: 'SEARCH',
    });
  });

  it('gives the map its settings and the offline map its place names', async () => {
    const res = await server.gql<{
      mapSettings: { tileUrl: string | null; tileAttribution: string | null };
      mapPlaces: Array<{ kind: string; name: string }>;
    }>(/* GraphQL */ `{
      mapSettings { tileUrl tileAttribution }
      mapPlaces(input: { south: 39.5, west: -105.3, north: 40.1, east: -104.6, zoom: 10 }) {
        kind name
      }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.mapSettings).toEqual({ tileUrl: null, tileAttribution: null });
    expect(res.data?.mapPlaces[0]).toEqual({ kind: 'CITY', name: 'Denver' });

    const bad = await server.gql(/* GraphQL */ `{
      mapPlaces(input: { south: -100, west: 0, north: 1, east: 1, zoom: 10 }) { name }
    }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'south', message: 'Latitude must be between -90 and 90.' }],
    });
  });
});

describe('searching around a street address with a geocoder', () => {
  let server: TestServer;
  let nominatim: Awaited<ReturnType<typeof startFakeNominatim>>;
  beforeAll(async () => {
    nominatim = await startFakeNominatim();
    server = await startTestServer({
      seed: true,
      clock: NOW,
      env: {
        GEOCODER_URL: nominatim.url,
        MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    nominatim?.close();
  });

  it('asks the geocoder, and measures from the house it found', async () => {
    const res = await server.gql<SearchData>(SEARCH, {
      input: { place: '1437 Bannock St, Denver, CO', sort: 'DISTANCE', first: 3 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.searchServices.origin).toEqual({
      latitude: 39.7393,
      longitude: -104.9903,
      label: '1437 Bannock Street, Civic Center, Denver, Colorado, 80202',
      approximate: false,
      source: 'SEARCH',
    });
    const request = nominatim.requests.at(-1);
    expect(request?.pathname).toBe('/search');
    expect(Object.fromEntries(request?.searchParams ?? [])).toEqual({
      q: '1437 Bannock St, Denver, CO',
      format: 'jsonv2',
      limit: '1',
      countrycodes: 'us',
    });
  });

  it('falls back to the city when the geocoder finds nothing, and errs when nothing matches', async () => {
    const city = await server.gql<SearchData>(SEARCH, {
      input: { place: '5 Unknown Rd, Littleton, CO' },
    });
    expect(city.data?.searchServices.origin).toMatchObject({
      label: 'Littleton, CO',
      approximate: true,
    });
    const none = await server.gql<SearchData>(SEARCH, { input: { place: 'qwxz' } });
    expect(none.errors?.[0]?.message).toBe(`place: ${UNMATCHED}`);
    // A bare ZIP code never needs the geocoder.
    const before = nominatim.requests.length;
    await server.gql<SearchData>(SEARCH, { input: { place: '80205' } });
    expect(nominatim.requests.length).toBe(before);
  });

  it('hands the configured tile server to the web app', async () => {
    const res = await server.gql<{ mapSettings: { tileUrl: string; tileAttribution: string } }>(
      '{ mapSettings { tileUrl tileAttribution } }',
    );
    expect(res.data?.mapSettings).toEqual({
      tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
      tileAttribution: '© OpenStreetMap contributors',
    });
  });
});
