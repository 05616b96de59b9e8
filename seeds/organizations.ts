import { nameNature, namePeople, nameStreets, type OrgKind, orgKinds } from './catalog.ts';
import { languageRecords, pickLanguages } from './languages.ts';
import { type MetroName, metroAreaCodes, metroPlaces, type Place, siteAddress } from './places.ts';
import type { Rng } from './prng.ts';
import { fill, slug } from './text.ts';
import type { HsdsLocation, HsdsOrganization } from './types.ts';

const TIMEZONE = 'America/Denver';

const accessibilityNotes: readonly string[] = [
  'Wheelchair-accessible entrance, elevator and restrooms.',
  'Step-free entrance; accessible parking in front.',
  'Ramp at the side entrance; accessible restroom on the main floor.',
  'Ground-floor entrance with automatic doors.',
  'Two steps at the entrance; staff can meet visitors at the curb.',
  'Accessible entrance from the parking lot; service animals welcome.',
];

/** An organization being generated, with what its services draw on. */
export type OrgContext = {
  kind: OrgKind;
  org: HsdsOrganization;
  domain: string;
  sites: { place: Place; location: HsdsLocation }[];
  languages: string[];
  phone: string;
};

/** The generator's state: one random stream and one id sequence for the whole dataset. */
export type Ctx = {
  rng: Rng;
  nextId: () => string;
  usedNames: Set<string>;
  suffixes: Map<string, number>;
};

/** A phone number in one of the metro's area codes. */
export function phoneNumber(rng: Rng, metro: MetroName): string {
  // 555-0100 to 555-0199 are reserved for fiction, so no real line is ever listed.
  return `(${rng.pick(metroAreaCodes(metro))}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

function orgName(ctx: Ctx, kind: OrgKind, place: Place): string {
  let candidate = '';
  for (let attempt = 0; attempt < 12; attempt++) {
    candidate = fill(ctx.rng.pick(kind.names), {
      street: ctx.rng.pick(nameStreets),
      nature: ctx.rng.pick(nameNature),
      person: ctx.rng.pick(namePeople),
      area: place.area,
    });
    if (!ctx.usedNames.has(candidate)) break;
  }
  // Large benchmark datasets exhaust the word lists; fall back to a branch-style suffix.
  let name = candidate;
  if (ctx.usedNames.has(name)) name = `${candidate} – ${place.area}`;
  for (let n = ctx.suffixes.get(candidate) ?? 2; ctx.usedNames.has(name); n++) {
    name = `${candidate} ${n}`;
    ctx.suffixes.set(candidate, n + 1);
  }
  ctx.usedNames.add(name);
  return name;
}

function makeLocation(
  ctx: Ctx,
  name: string,
  place: Place,
  phone: string,
  languages: readonly string[],
): HsdsLocation {
  const { rng, nextId } = ctx;
  const address = siteAddress(rng, place);
  return {
    id: nextId(),
    location_type: 'physical',
    name,
    latitude: address.latitude,
    longitude: address.longitude,
    timezone_name: TIMEZONE,
    addresses: [
      {
        id: nextId(),
        address_1: address.address_1,
        city: address.city,
        state_province: address.state,
        postal_code: address.postalCode,
        country: 'US',
        address_type: 'physical',
      },
    ],
    phones: [{ id: nextId(), number: phone, type: 'voice' }],
    accessibility: [{ id: nextId(), description: rng.pick(accessibilityNotes) }],
    languages: languageRecords(nextId, languages),
  };
}

function nearbyPlace(rng: Rng, home: Place): Place {
  const all = metroPlaces(home.metro);
  const sameCounty = all.filter(
    (p) => p.county === home.county && p.postalCode !== home.postalCode,
  );
  return rng.chance(0.7) && sameCounty.length > 0 ? rng.pick(sameCounty) : rng.pick(all);
}

/** Makes an organization of a weighted kind, at one to three sites near a weighted home. */
export function makeOrganization(ctx: Ctx, metro: MetroName): OrgContext {
  const { rng, nextId } = ctx;
  const kind = rng.weighted(orgKinds.map((k) => [k, k.weight] as const));
  const home = rng.weighted(metroPlaces(metro).map((p) => [p, p.weight] as const));
  const name = orgName(ctx, kind, home);
  const domain = `${slug(name)}.example.org`;
  const year = rng.int(1948, 2022);
  const phone = phoneNumber(rng, metro);
  const county = home.county.replace(/, [A-Z]{2}$/, '');
  const values = { org: name, area: home.area, city: home.city, county, year: String(year) };
  const org: HsdsOrganization = {
    id: nextId(),
    name,
    description: fill(rng.pick(kind.about), values),
    email: `info@${domain}`,
    website: `https://${domain}`,
    phones: [{ id: nextId(), number: phone, type: 'voice' }],
  };
  const languages = pickLanguages(rng, kind, metro);
  const siteCount = rng.weighted([
    [1, 60],
    [2, 28],
    [3, 12],
  ] as const);
  const sites: OrgContext['sites'] = [];
  const places = [home];
  while (places.length < siteCount) places.push(nearbyPlace(rng, home));
  for (const [index, place] of places.entries()) {
    const siteName =
      index === 0
        ? name
        : `${name} – ${place.area === home.area ? `${place.area} ${index + 1}` : place.area}`;
    const sitePhone = index === 0 ? phone : phoneNumber(rng, metro);
    sites.push({ place, location: makeLocation(ctx, siteName, place, sitePhone, languages) });
  }
  return { kind, org, domain, sites, languages, phone };
}
