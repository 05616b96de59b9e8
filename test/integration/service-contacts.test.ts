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
import { startTestServer, type TestServer } from '../support/test-server.ts';

const FIELDS = /* GraphQL */ `
  id email url
  contactPhones { number source }
  organization { phones { number } }
  locations { id phones { number } }
  openStatus { isOpen nextChange }
  hoursSummary
  hours { known weekly { weekday spans { opens closes } } upcoming { date spans { opens closes } } closedDates }
`;
const SERVICE = `query Service($id: ID!) { service(id: $id) { ${FIELDS} } }`;
const SEARCH = `query Search($text: String!, $near: PointInput) {
  searchServices(input: { text: $text, near: $near, radiusKm: 2 }) {
    edges { openStatus { isOpen nextChange } node { ${FIELDS} } }
  }
}`;

type Hours = {
  known: boolean;
  weekly: Array<{ weekday: string; spans: Array<{ opens: string; closes: string }> }>;
  upcoming: Array<{ date: string; spans: Array<{ opens: string; closes: string }> }>;
  closedDates: string[];
};
type ServiceData = {
  id: string;
  email: string | null;
  url: string | null;
  contactPhones: Array<{ number: string; source: string }>;
  organization: { phones: Array<{ number: string }> };
  locations: Array<{ id: string; phones: Array<{ number: string }> }>;
  openStatus: { isOpen: boolean | null; nextChange: string | null };
  hoursSummary: string | null;
  hours: Hours;
};

// Tuesday 8 December 2026, 10:00 in Denver (UTC−7).
const NOW = '2026-12-08T17:00:00Z';

describe('what a coordinator sees to call, write or visit', () => {
  let server: TestServer;
  const org = buildOrganization({
    name: 'Call Ahead Org',
    phones: [{ id: randomUUID(), number: '(303) 555-0300', type: 'voice' }],
  });
  const site = buildLocation({
    phones: [
      { id: randomUUID(), number: '(303) 555-0200', type: 'voice' },
      { id: randomUUID(), number: '303.555.0300', type: 'voice' },
    ],
  });
  // "Call or walk in", with no number of its own: the site's and the organization's are shown.
  const pantry = buildService(org, {
    name: 'Call Ahead Pantry Quokka',
    application_process: 'Call or walk in.',
    email: 'pantry@callahead.example.org',
    url: 'https://callahead.example.org/pantry',
    phones: [],
  });
  // Open only on the third Thursday of the month: 17 December 2026.
  const monthly = buildService(org, {
    name: 'Monthly Mobile Market Quokka',
    phones: [{ id: randomUUID(), number: '(720) 555-0100', type: 'voice' }],
    schedules: [
      {
        id: randomUUID(),
        freq: 'MONTHLY',
        byday: '3TH',
        opens_at: '10:00',
        closes_at: '13:00',
      },
    ],
  });

  // Two sites with their own hours: a search near the second finds that site.
  const aurora = buildLocation({ name: 'Aurora Site', latitude: 39.7294, longitude: -104.8319 });
  const twoSites = buildService(org, { name: 'Two Sites Pantry Quokka' });
  const downtownLink = {
    ...link(twoSites, site),
    schedules: [
      {
        id: randomUUID(),
        freq: 'WEEKLY' as const,
        byday: 'MO',
        opens_at: '09:00',
        closes_at: '17:00',
      },
    ],
  };
  const auroraLink = {
    ...link(twoSites, aurora),
    schedules: [
      {
        id: randomUUID(),
        freq: 'WEEKLY' as const,
        byday: 'SA',
        opens_at: '10:00',
        closes_at: '12:00',
      },
    ],
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: fixedClock(NOW) });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [site, aurora],
        services: [pantry, monthly, twoSites],
        serviceAtLocations: [link(pantry, site), link(monthly, site), downtownLink, auroraLink],
      }),
    );
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  });
  afterAll(async () => {
    await server?.close();
  });

  const hit = async (text: string, near: { latitude: number; longitude: number } | null = null) => {
    const res = await server.gql<{
      searchServices: {
        edges: Array<{ openStatus: ServiceData['openStatus']; node: ServiceData }>;
      };
    }>(SEARCH, { text, near });
    expect(res.errors).toBeUndefined();
    const edge = res.data?.searchServices.edges[0];
    if (!edge) throw new Error(`no hit for ${text}`);
    return edge;
  };
  const detail = async (id: string) => {
    const res = await server.gql<{ service: ServiceData }>(SERVICE, { id });
    expect(res.errors).toBeUndefined();
    if (!res.data) throw new Error('no service');
    return res.data.service;
  };

  it('lists the numbers to call, the service’s first, then the site’s, then the organization’s', async () => {
    const card = (await hit('Call Ahead Pantry Quokka')).node;
    const page = await detail(pantry.id);
    for (const view of [card, page]) {
      expect(view.contactPhones).toEqual([
        { number: '(303) 555-0200', source: 'LOCATION' },
        // The organization's (303) 555-0300 is this number again: listed once.
        { number: '303.555.0300', source: 'LOCATION' },
      ]);
      expect(view.locations[0]?.phones.map((p) => p.number)).toEqual([
        '(303) 555-0200',
        '303.555.0300',
      ]);
      expect(view.organization.phones.map((p) => p.number)).toEqual(['(303) 555-0300']);
      expect(view.email).toBe('pantry@callahead.example.org');
      expect(view.url).toBe('https://callahead.example.org/pantry');
    }
    const own = await detail(monthly.id);
    expect(own.contactPhones.map((p) => p.source)).toEqual(['SERVICE', 'LOCATION', 'LOCATION']);
  });

  it('gives the card and the detail the same hours', async () => {
    const edge = await hit('Monthly Mobile Market Quokka');
    const page = await detail(monthly.id);
    expect(edge.openStatus).toEqual({ isOpen: false, nextChange: '2026-12-17T17:00:00.000Z' });
    for (const view of [edge.node, page]) {
      expect(view.hoursSummary).toBeNull();
      expect(view.hours).toEqual({
        known: true,
        weekly: [],
        upcoming: [{ date: '2026-12-17', spans: [{ opens: '10:00', closes: '13:00' }] }],
        closedDates: [],
      });
    }
    const weekday = await detail(pantry.id);
    expect(weekday.hoursSummary).toBe('Mon–Fri 9:00–17:00');
    expect(weekday.hours.weekly.map((d) => d.weekday)).toEqual([
      'MONDAY',
      'TUESDAY',
      'WEDNESDAY',
      'THURSDAY',
      'FRIDAY',
    ]);
    expect(weekday.hours.weekly[0]?.spans).toEqual([{ opens: '09:00', closes: '17:00' }]);
  });

  it('describes one site on a card: its address, its open status and its hours', async () => {
    const edge = await hit('Two Sites Pantry Quokka', { latitude: 39.7294, longitude: -104.8319 });
    expect(edge.node.locations.map((l) => l.id)).toEqual([aurora.id, site.id]);
    expect(edge.openStatus).toEqual({ isOpen: false, nextChange: '2026-12-12T17:00:00.000Z' });
    expect(edge.node.openStatus).toEqual(edge.openStatus);
    expect(edge.node.hours.weekly.map((d) => d.weekday)).toEqual(['SATURDAY']);
  });
});
