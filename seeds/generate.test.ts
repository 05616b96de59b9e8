import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uuidv5 } from '../server/domain/directory/ids.ts';
import {
  locationSchema,
  organizationSchema,
  serviceAtLocationSchema,
  serviceSchema,
} from '../server/domain/directory/records.ts';
import { lookupPostalCode } from '../server/domain/geo/postal-codes.ts';
import {
  allMetros,
  demoDatasetOptions,
  demoDatasetPath,
  generateDirectory,
  generateServices,
  serializeServices,
} from './generate.ts';
import { taxonomyTermId } from './ids.ts';
import type { HsdsFullService, HsdsLocation, HsdsOrganization } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TOP_LEVEL = [
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
];
const DENVER_BOX = { south: 39.3, north: 40.05, west: -105.3, east: -104.6 };
const DENVER_COUNTIES = ['Denver', 'Arapahoe', 'Adams', 'Jefferson', 'Douglas', 'Broomfield'];
// Real Denver-area organizations the invented names must never reproduce.
const REAL_NAMES = [
  'Denver Rescue Mission',
  'Food Bank of the Rockies',
  'Metro Caring',
  'Colorado Legal Services',
  'Denver Housing Authority',
  'Aurora Housing Authority',
  'Mile High United Way',
  'Jefferson Center for Mental Health',
  'Aurora Mental Health Center',
  'Servicios de La Raza',
  'Urban Peak',
  'The Gathering Place',
  'St. Francis Center',
  'Energy Outreach Colorado',
  'African Community Center',
  'Brothers Redevelopment',
  'Project Angel Heart',
  'Bienvenidos Food Bank',
  'Jeffco Action Center',
  'Arvada Community Food Bank',
];

const demo = generateDirectory(demoDatasetOptions).services;

function organizations(services: readonly HsdsFullService[]): Map<string, HsdsOrganization> {
  return new Map(services.map((s) => [s.organization.id, s.organization]));
}

function locations(services: readonly HsdsFullService[]): Map<string, HsdsLocation> {
  const out = new Map<string, HsdsLocation>();
  for (const s of services)
    for (const sal of s.service_at_locations) out.set(sal.location.id, sal.location);
  return out;
}

function categoryCounts(services: readonly HsdsFullService[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of services) for (const c of s.categories) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

// Every object with an id, keyed by id; a shared record (organization, location, term) may
// appear many times but must be the same record each time.
function collectIds(value: unknown, seen: Map<string, string>, clashes: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectIds(item, seen, clashes);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string') {
    const body = JSON.stringify(record);
    const before = seen.get(record.id);
    if (before === undefined) seen.set(record.id, body);
    else if (before !== body) clashes.push(record.id);
  }
  for (const child of Object.values(record)) collectIds(child, seen, clashes);
}

describe('generateDirectory', () => {
  it('is deterministic: the same options give the same bytes, another seed does not', () => {
    const again = generateDirectory(demoDatasetOptions).services;
    expect(serializeServices(again)).toBe(serializeServices(demo));
    const other = generateDirectory({ ...demoDatasetOptions, seed: 7, services: 50 }).services;
    expect(other[0]?.id).not.toBe(demo[0]?.id);
  });

  it('makes exactly the services asked for, from at least 500 organizations', () => {
    expect(demo).toHaveLength(2_000);
    expect(organizations(demo).size).toBeGreaterThanOrEqual(500);
    expect(generateDirectory({ services: 37, seed: 3 }).services).toHaveLength(37);
  });

  it('represents every need category with at least 80 services', () => {
    const counts = categoryCounts(demo);
    for (const code of TOP_LEVEL) expect(counts[code] ?? 0, code).toBeGreaterThanOrEqual(80);
    expect(Object.keys(counts).sort()).toEqual([...TOP_LEVEL].sort());
  });

  it('validates against the directory record schemas', () => {
    const failures: string[] = [];
    for (const s of demo) {
      const { organization, service_at_locations, ...service } = s;
      const parsed = serviceSchema.safeParse(service);
      if (!parsed.success) failures.push(`service ${s.id}: ${parsed.error.message}`);
      for (const { location, ...sal } of service_at_locations) {
        const salParsed = serviceAtLocationSchema.safeParse(sal);
        if (!salParsed.success)
          failures.push(`service_at_location ${sal.id}: ${salParsed.error.message}`);
        expect(sal.service_id).toBe(s.id);
        expect(sal.location_id).toBe(location.id);
      }
      expect(s.organization_id).toBe(organization.id);
    }
    for (const org of organizations(demo).values()) {
      const parsed = organizationSchema.safeParse(org);
      if (!parsed.success) failures.push(`organization ${org.id}: ${parsed.error.message}`);
    }
    for (const location of locations(demo).values()) {
      const parsed = locationSchema.safeParse(location);
      if (!parsed.success) failures.push(`location ${location.id}: ${parsed.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('gives every record a unique UUID, and a shared record the same content everywhere', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    collectIds(demo, seen, clashes);
    expect(clashes).toEqual([]);
    for (const id of seen.keys()) expect(id).toMatch(UUID);
    expect(seen.size).toBeGreaterThan(20_000);
  });

  it('links attributes to our taxonomy terms by name-based UUIDv5', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com')
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    for (const s of demo) {
      for (const attribute of s.attributes) {
        const { code } = attribute.taxonomy_term;
        expect(attribute.taxonomy_term_id).toBe(taxonomyTermId(code));
        expect(attribute.taxonomy_term.id).toBe(attribute.taxonomy_term_id);
        expect(s.categories).toContain(code.split('.')[0]);
      }
    }
  });

  it('places every site in the Denver metro, on a real ZIP code of its six core counties', () => {
    for (const location of locations(demo).values()) {
      expect(location.latitude).toBeGreaterThan(DENVER_BOX.south);
      expect(location.latitude).toBeLessThan(DENVER_BOX.north);
      expect(location.longitude).toBeGreaterThan(DENVER_BOX.west);
      expect(location.longitude).toBeLessThan(DENVER_BOX.east);
      expect(location.timezone_name).toBe('America/Denver');
      const [address] = location.addresses;
      const place = lookupPostalCode(address?.postal_code ?? '');
      expect(place, address?.postal_code).not.toBeNull();
      expect(address?.city).toBe(place?.city);
      expect(address?.state_province).toBe('CO');
      expect(DENVER_COUNTIES).toContain(place?.county);
      // Within about a kilometre and a half of the ZIP centroid.
      const dLat = (location.latitude - (place?.latitude ?? 0)) * 111;
      const dLon = (location.longitude - (place?.longitude ?? 0)) * 85;
      expect(Math.hypot(dLat, dLon)).toBeLessThan(1.5);
      expect(address?.address_1).toMatch(/^\d+ \S/);
    }
  });

  it('has realistic hours, eligibility, languages, costs and review dates', () => {
    const schedules = demo.flatMap((s) => s.schedules);
    const allDays = 'MO,TU,WE,TH,FR,SA,SU';
    expect(
      schedules.some(
        (x) => x.byday === allDays && x.opens_at === '00:00' && x.closes_at === '24:00',
      ),
    ).toBe(true);
    expect(
      schedules.some(
        (x) => x.byday === allDays && x.opens_at === '20:00' && x.closes_at === '07:00',
      ),
    ).toBe(true);
    expect(
      schedules.some((x) => x.byday === 'SA' && x.opens_at === '09:00' && x.closes_at === '12:00'),
    ).toBe(true);
    expect(schedules.some((x) => x.freq === 'MONTHLY' && /^-?\dSA$/.test(x.byday ?? ''))).toBe(
      true,
    );
    expect(schedules.some((x) => !x.closed && x.valid_from && x.valid_to)).toBe(true);
    expect(schedules.some((x) => x.closed && x.valid_from === '2026-11-26')).toBe(true);
    expect(schedules.some((x) => x.closed && x.valid_from === '2026-12-25')).toBe(true);

    const share = (f: (s: HsdsFullService) => boolean): number =>
      demo.filter(f).length / demo.length;
    expect(share((s) => s.eligibility === undefined)).toBeGreaterThan(0.3);
    expect(share((s) => s.eligibility === undefined)).toBeLessThan(0.5);
    expect(share((s) => s.languages.some((l) => l.code === 'es'))).toBeGreaterThan(0.4);
    expect(share((s) => s.languages.some((l) => l.code === 'es'))).toBeLessThan(0.6);
    expect(demo.every((s) => s.languages.some((l) => l.code === 'en'))).toBe(true);
    const codes = new Set(demo.flatMap((s) => s.languages.map((l) => l.code)));
    for (const code of ['vi', 'am', 'ar', 'so', 'ru', 'zh', 'ne', 'my', 'fr'])
      expect(codes).toContain(code);
    expect(demo.some((s) => s.eligibility?.veteran_only)).toBe(true);
    expect(demo.some((s) => s.eligibility?.genders?.includes('female'))).toBe(true);
    expect(demo.some((s) => s.eligibility?.min_age === 60)).toBe(true);
    expect(demo.some((s) => s.eligibility?.residency?.counties.includes('Denver County, CO'))).toBe(
      true,
    );
    expect(demo.some((s) => (s.eligibility?.residency?.postal_codes.length ?? 0) > 0)).toBe(true);
    for (const percent of [130, 200, 250]) {
      expect(demo.some((s) => s.eligibility?.income_limit_fpl_percent === percent)).toBe(true);
    }
    const options = new Set(demo.flatMap((s) => s.cost_options.map((c) => c.option)));
    expect([...options].sort()).toEqual(['Fee', 'Free', 'Insurance', 'Sliding scale']);
    expect(share((s) => s.cost_options.some((c) => c.option === 'Free'))).toBeGreaterThan(0.6);

    const stale = demo.filter((s) => s.assured_date < '2026-05-05').length;
    expect(stale).toBeGreaterThan(demo.length * 0.2);
    expect(stale).toBeLessThan(demo.length * 0.7);
    expect(
      demo.every((s) => s.assured_date >= '2024-10-31' && s.assured_date <= '2026-11-01'),
    ).toBe(true);
    const closed = demo.filter((s) => s.status === 'temporarily closed').length;
    expect(closed).toBeGreaterThan(0);
    expect(closed).toBeLessThan(demo.length * 0.1);
  });

  it('shapes organizations like a real directory: 2–6 services each, some sites shared', () => {
    const perOrg = new Map<string, number>();
    for (const s of demo) perOrg.set(s.organization_id, (perOrg.get(s.organization_id) ?? 0) + 1);
    const typical = [...perOrg.values()].filter((n) => n >= 2 && n <= 6).length;
    expect(typical / perOrg.size).toBeGreaterThan(0.8);
    expect(demo.some((s) => s.service_at_locations.length >= 2)).toBe(true);
    const servicesPerLocation = new Map<string, number>();
    for (const s of demo) {
      for (const sal of s.service_at_locations) {
        servicesPerLocation.set(
          sal.location_id,
          (servicesPerLocation.get(sal.location_id) ?? 0) + 1,
        );
      }
    }
    expect([...servicesPerLocation.values()].some((n) => n >= 3)).toBe(true);
    const names = [...organizations(demo).values()].map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const real of REAL_NAMES) expect(names).not.toContain(real);
  });

  it('matches the committed seeds/demo/services.json byte for byte', () => {
    // Regenerate with `npm run seeds:generate` after changing the generator.
    const committed = readFileSync(demoDatasetPath, 'utf8');
    expect(committed === serializeServices(demo)).toBe(true);
    expect(Buffer.byteLength(committed)).toBeLessThan(11_000_000);
  });
});

describe('generateServices (benchmark scale)', () => {
  it('spreads large datasets over several metros with unique ids', () => {
    const ids = new Set<string>();
    const cities = new Set<string>();
    let count = 0;
    for (const s of generateServices({ services: 20_000, seed: 11, metro: allMetros })) {
      count += 1;
      ids.add(s.id);
      for (const sal of s.service_at_locations) {
        const [address] = sal.location.addresses;
        cities.add(`${address?.city}, ${address?.state_province}`);
      }
    }
    expect(count).toBe(20_000);
    expect(ids.size).toBe(20_000);
    for (const city of [
      'Denver, CO',
      'Colorado Springs, CO',
      'Albuquerque, NM',
      'Salt Lake City, UT',
    ]) {
      expect(cities).toContain(city);
    }
  });
});
