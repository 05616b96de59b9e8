import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CostKind,
  type EligibilityKind,
  extraLanguages,
  nameNature,
  namePeople,
  nameStreets,
  type OrgKind,
  orgKinds,
  type ServiceTemplate,
  termNames,
} from './catalog.ts';
import { createIdFactory, taxonomyTermId } from './ids.ts';
import { type MetroName, metroAreaCodes, metroPlaces, type Place, siteAddress } from './places.ts';
import { createRng, type Rng } from './prng.ts';
import { buildSchedules } from './schedules.ts';
import type {
  HsdsAttribute,
  HsdsCostOption,
  HsdsEligibility,
  HsdsFullService,
  HsdsLanguage,
  HsdsLocation,
  HsdsOrganization,
  HsdsPhone,
  HsdsSchedule,
} from './types.ts';

/** Options of the generator. */
export type GenerateOptions = {
  /** How many services to make (exactly). */
  services: number;
  seed: number;
  /** Metro areas to place organizations in, in turn; Denver when omitted. */
  metro?: MetroName | readonly MetroName[];
};

/** The options the committed demo dataset (`seeds/demo/services.json`) is generated with. */
export const demoDatasetOptions: GenerateOptions = {
  services: 2_000,
  seed: 20_261_101,
  metro: 'denver',
};

/** Every metro the generator knows, for datasets too large for one metro. */
export const allMetros: readonly MetroName[] = [
  'denver',
  'colorado-springs',
  'albuquerque',
  'salt-lake-city',
];

/** "Now" for the dataset: assured dates and seasonal hours are spread around this day. */
export const REFERENCE_DATE = '2026-11-01';

const TIMEZONE = 'America/Denver';
const DAY_MS = 86_400_000;
const referenceMs = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);
const languageNames: Readonly<Record<string, string>> = { en: 'English', es: 'Spanish' };
for (const [code, name] of extraLanguages) (languageNames as Record<string, string>)[code] = name;

const accessibilityNotes: readonly string[] = [
  'Wheelchair-accessible entrance, elevator and restrooms.',
  'Step-free entrance; accessible parking in front.',
  'Ramp at the side entrance; accessible restroom on the main floor.',
  'Ground-floor entrance with automatic doors.',
  'Two steps at the entrance; staff can meet visitors at the curb.',
  'Accessible entrance from the parking lot; service animals welcome.',
];

const orgCountWeights: readonly (readonly [number, number])[] = [
  [1, 7],
  [2, 22],
  [3, 26],
  [4, 22],
  [5, 14],
  [6, 9],
];

type OrgContext = {
  kind: OrgKind;
  org: HsdsOrganization;
  domain: string;
  sites: { place: Place; location: HsdsLocation }[];
  languages: string[];
  phone: string;
};

type Ctx = {
  rng: Rng;
  nextId: () => string;
  usedNames: Set<string>;
  suffixes: Map<string, number>;
};

function slug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function phoneNumber(rng: Rng, metro: MetroName): string {
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

function pickLanguages(rng: Rng, kind: OrgKind, metro: MetroName): string[] {
  const codes = ['en'];
  const spanishChance = metro === 'salt-lake-city' ? 0.45 : 0.55;
  if (rng.chance(kind.kind === 'immigrant-services' ? 0.9 : spanishChance)) codes.push('es');
  if (rng.chance(kind.multilingual)) {
    const count = kind.kind === 'immigrant-services' ? rng.int(2, 5) : rng.int(1, 2);
    while (codes.length < count + 2) {
      const code = rng.weighted(extraLanguages.map(([c, , w]) => [c, w] as const));
      if (!codes.includes(code)) codes.push(code);
      else if (rng.chance(0.3)) break;
    }
  }
  return codes;
}

function languageRecords(nextId: () => string, codes: readonly string[]): HsdsLanguage[] {
  return codes.map((code) => ({ id: nextId(), code, name: languageNames[code] ?? code }));
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

function makeOrganization(ctx: Ctx, metro: MetroName): OrgContext {
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

function fplText(percent: number): string {
  return `household income at or below ${percent}% of the federal poverty guidelines`;
}

type EligibilityResult = {
  eligibility?: HsdsEligibility;
  text: string;
  minimum_age?: number;
  maximum_age?: number;
};

function buildEligibility(
  rng: Rng,
  kind: EligibilityKind,
  place: Place,
  documents: readonly string[],
): EligibilityResult {
  const e: Omit<HsdsEligibility, 'description'> = {};
  const parts: string[] = [];
  const residency = (): void => {
    if (e.residency) return;
    e.residency = { postal_codes: [], counties: [place.county], states: [] };
    parts.push(`Residents of ${place.county.replace(/, [A-Z]{2}$/, '')}.`);
  };
  switch (kind) {
    case 'open':
      return {
        text: rng.pick([
          'Open to everyone.',
          'No eligibility requirements.',
          'Anyone may use this service.',
        ]),
      };
    case 'seniors': {
      const age = rng.weighted([
        [60, 7],
        [55, 1],
        [62, 1],
        [65, 1],
      ] as const);
      e.min_age = age;
      parts.push(`Adults ${age} and older.`);
      break;
    }
    case 'youth': {
      const [min, max] = rng.pick([
        [12, 24],
        [14, 24],
        [16, 24],
        [15, 21],
        [18, 24],
        [12, 17],
      ] as const);
      e.min_age = min;
      e.max_age = max;
      parts.push(`Young people ages ${min} to ${max}.`);
      break;
    }
    case 'children':
      e.max_age = 18;
      parts.push('Children and teens 18 and under.');
      break;
    case 'adults':
      e.min_age = 18;
      parts.push('Adults 18 and older.');
      break;
    case 'income130':
    case 'income200':
    case 'income250': {
      const percent =
        kind === 'income130' ? 130 : kind === 'income200' ? rng.pick([185, 200, 200]) : 250;
      e.income_limit_fpl_percent = percent;
      parts.push(`Open to households with ${fplText(percent)}.`);
      if (rng.chance(0.4)) residency();
      break;
    }
    case 'county':
      residency();
      break;
    case 'zip': {
      const nearby = metroPlaces(place.metro)
        .filter((p) => p.county === place.county)
        .map(
          (p) =>
            [p, (p.latitude - place.latitude) ** 2 + (p.longitude - place.longitude) ** 2] as const,
        )
        .sort((a, b) => a[1] - b[1])
        .slice(0, rng.int(2, 5))
        .map(([p]) => p.postalCode)
        .sort();
      e.residency = { postal_codes: nearby, counties: [], states: [] };
      parts.push(`Residents of ZIP codes ${nearby.join(', ')}.`);
      break;
    }
    case 'state':
      e.residency = { postal_codes: [], counties: [], states: [place.state] };
      parts.push(
        `${place.state === 'CO' ? 'Colorado' : place.state === 'NM' ? 'New Mexico' : 'Utah'} residents.`,
      );
      break;
    case 'veterans':
      e.veteran_only = true;
      parts.push('Veterans of the U.S. armed forces; some programs also serve their families.');
      break;
    case 'women': {
      e.genders = ['female'];
      const text = rng.pick([
        'Women and their children.',
        'Women 18 and older.',
        'Women, including pregnant and parenting women.',
      ]);
      if (text === 'Women 18 and older.') e.min_age = 18;
      parts.push(text);
      break;
    }
    case 'families':
      parts.push('Households with children under 18, or pregnant women.');
      if (rng.chance(0.3)) residency();
      break;
    case 'disability':
      parts.push('People with disabilities, and their families and caregivers.');
      break;
    case 'newcomers':
      parts.push(
        'Refugees, asylees, Special Immigrant Visa holders and other humanitarian immigrants, usually within five years of arrival.',
      );
      break;
  }
  // Documents are listed on the service; repeat them here only where they prove eligibility.
  if (
    documents.length > 0 &&
    (kind === 'veterans' || kind === 'newcomers' || kind === 'disability')
  ) {
    e.documents_required = [...documents];
  }
  const text = parts.join(' ');
  return {
    eligibility: { ...e, description: text },
    text,
    ...(e.min_age !== undefined ? { minimum_age: e.min_age } : {}),
    ...(e.max_age !== undefined ? { maximum_age: e.max_age } : {}),
  };
}

function buildCosts(
  rng: Rng,
  nextId: () => string,
  template: ServiceTemplate,
): { options: HsdsCostOption[]; text: string } {
  const kind: CostKind = rng.pick(template.costs);
  const both =
    kind !== 'free' &&
    template.costs.includes('sliding') &&
    template.costs.includes('insurance') &&
    rng.chance(0.5);
  const kinds: CostKind[] = both ? ['insurance', 'sliding'] : [kind];
  const options: HsdsCostOption[] = [];
  const texts: string[] = [];
  for (const k of kinds) {
    if (k === 'free') {
      options.push({ id: nextId(), option: 'Free', amount: 0, currency: 'USD' });
      texts.push(rng.pick(['Free.', 'Free of charge.', 'No cost to participants.']));
    } else if (k === 'sliding') {
      const low = rng.pick([0, 5, 10, 15, 20]);
      const high = low + rng.pick([25, 40, 60, 80]);
      options.push({
        id: nextId(),
        option: 'Sliding scale',
        currency: 'USD',
        amount_description: `$${low}–$${high} per visit, based on household income and size.`,
      });
      texts.push('Sliding fee scale based on income; no one is turned away for inability to pay.');
    } else if (k === 'insurance') {
      options.push({
        id: nextId(),
        option: 'Insurance',
        currency: 'USD',
        amount_description:
          'Health First Colorado (Medicaid), CHP+, Medicare and most private plans.',
      });
      texts.push('Insurance accepted, including Health First Colorado (Medicaid) and Medicare.');
    } else {
      const [amount, what] = template.fee ?? [10, 'per visit'];
      options.push({
        id: nextId(),
        option: 'Fee',
        amount,
        currency: 'USD',
        amount_description: what,
      });
      texts.push(`$${amount} ${what}.`);
    }
  }
  return { options, text: texts.join(' ') };
}

function interpretationText(rng: Rng, codes: readonly string[]): string | undefined {
  const extras = codes.filter((c) => c !== 'en' && c !== 'es').map((c) => languageNames[c] ?? c);
  if (extras.length > 0) {
    const spoken = codes.includes('es') ? ['Spanish', ...extras] : extras;
    const list =
      spoken.length > 1
        ? `${spoken.slice(0, -1).join(', ')} and ${spoken[spoken.length - 1]}`
        : spoken[0];
    return `Staff speak ${list}; phone interpreters for other languages.`;
  }
  if (codes.includes('es'))
    return 'Spanish-speaking staff on site; phone interpretation for other languages.';
  return rng.chance(0.5) ? 'Phone interpretation available on request.' : undefined;
}

function attributeFor(nextId: () => string, code: string): HsdsAttribute {
  const termId = taxonomyTermId(code);
  return {
    id: nextId(),
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, code, name: termNames[code] ?? code, taxonomy: 'wayfinder' },
  };
}

function assuredDate(rng: Rng): { assured: string; modified: string } {
  // About half the records were checked in the last six months; the rest are stale.
  const age = rng.chance(0.55) ? rng.int(0, 180) : rng.int(181, 730);
  const assuredMs = referenceMs - age * DAY_MS;
  const modifiedMs =
    Math.min(referenceMs - DAY_MS, assuredMs + rng.int(0, 20) * DAY_MS) +
    rng.int(8 * 3600, 18 * 3600) * 1000;
  return {
    assured: isoDay(assuredMs),
    modified: `${new Date(modifiedMs).toISOString().slice(0, 19)}Z`,
  };
}

function makeService(
  ctx: Ctx,
  oc: OrgContext,
  template: ServiceTemplate,
  usedServiceNames: Set<string>,
): HsdsFullService {
  const { rng, nextId } = ctx;
  const { org } = oc;
  let name = rng.pick(template.names);
  if (usedServiceNames.has(name))
    name =
      template.names.find((n) => !usedServiceNames.has(n)) ??
      `${name} (${oc.sites.length > 1 ? 'second site' : 'additional'})`;
  usedServiceNames.add(name);
  const id = nextId();

  // Where: the main site, or for multi-site organizations sometimes two or three sites.
  let sites = [oc.sites[0]];
  if (oc.sites.length > 1) {
    const roll = rng.next();
    if (roll < 0.2) sites = rng.sample(oc.sites, rng.int(2, oc.sites.length));
    else if (roll < 0.4) sites = [rng.pick(oc.sites.slice(1))];
  }
  const siteList = sites.filter((s): s is OrgContext['sites'][number] => s !== undefined);
  const first = siteList[0] ?? oc.sites[0];
  if (!first) throw new Error('organization without a site');
  const place = first.place;
  const county = place.county.replace(/, [A-Z]{2}$/, '');
  const values = { org: org.name, area: place.area, city: place.city, county };

  const languageCodes = oc.languages.filter((code) => code === 'en' || rng.chance(0.85));
  const detailCount = rng.int(1, Math.min(2, template.details.length));
  const sentences = [
    fill(rng.pick(template.lead), values),
    ...rng.sample(template.details, detailCount).map((d) => fill(d, values)),
  ];
  if (languageCodes.includes('es') && rng.chance(0.3)) sentences.push('Se habla español.');
  const description = sentences.join(' ');

  const hoursKind = rng.pick(template.hours);
  const overnight = template.codes.some((c) => c.startsWith('housing'));
  const schedules: HsdsSchedule[] = buildSchedules(rng, hoursKind, overnight).map((s) => ({
    id: nextId(),
    ...s,
  }));

  const documents = template.documents
    ? rng.sample(template.documents, rng.int(1, template.documents.length))
    : [];
  const eligibilityKind = rng.pick(template.eligibility);
  const eligibility = buildEligibility(
    rng,
    eligibilityKind,
    place,
    eligibilityKind === 'veterans'
      ? [...new Set([...documents, 'DD-214 or other proof of military service'])]
      : documents,
  );
  const costs = buildCosts(rng, nextId, template);
  const { assured, modified } = assuredDate(rng);
  const closed = rng.chance(0.03);
  const interpretation = interpretationText(rng, languageCodes);
  const codes = [...new Set(template.codes)];
  const categories = [...new Set(codes.map((c) => c.split('.')[0] ?? c))];
  const email = rng.chance(0.4)
    ? `${rng.pick(['intake', 'help', 'programs', 'hello', 'services'])}@${oc.domain}`
    : undefined;
  const wait = template.wait
    ? rng.pick(template.wait)
    : rng.chance(0.5)
      ? rng.pick(['No wait.', 'Usually same day.', 'Call for current wait times.'])
      : undefined;
  const apply = template.apply
    ? rng.pick(template.apply)
    : hoursKind === 'appointment'
      ? 'Call to schedule an appointment.'
      : rng.pick([
          'Walk in during open hours.',
          'Call or walk in.',
          'Call ahead or walk in; no referral needed.',
          'Register online or by phone.',
        ]);
  // Most services are reached through the organization's number; some have a line of their own.
  const phones: HsdsPhone[] = [];
  if (hoursKind === 'always') {
    phones.push({
      id: nextId(),
      number: phoneNumber(rng, place.metro),
      type: 'hotline',
      description: '24-hour line',
    });
  } else if (rng.chance(0.35)) {
    phones.push({
      id: nextId(),
      number: phoneNumber(rng, place.metro),
      type: 'voice',
      description: rng.pick(['Intake line', 'Program line', 'Appointments']),
    });
  }

  const service: HsdsFullService = {
    id,
    organization_id: org.id,
    name,
    description,
    url: `https://${oc.domain}/services/${slug(name)}`,
    ...(email ? { email } : {}),
    status: closed ? 'temporarily closed' : 'active',
    ...(closed
      ? {
          alert: rng.pick([
            'Temporarily closed for building repairs; expected to reopen in January 2027.',
            'Paused while the program is restaffed. Call for referrals to similar services.',
          ]),
        }
      : {}),
    ...(interpretation ? { interpretation_services: interpretation } : {}),
    application_process: apply,
    fees_description: costs.text,
    ...(wait ? { wait_time: wait } : {}),
    eligibility_description: eligibility.text,
    ...(eligibility.minimum_age !== undefined ? { minimum_age: eligibility.minimum_age } : {}),
    ...(eligibility.maximum_age !== undefined ? { maximum_age: eligibility.maximum_age } : {}),
    assured_date: assured,
    last_modified: modified,
    organization: org,
    service_at_locations: siteList.map((site) => ({
      id: nextId(),
      service_id: id,
      location_id: site.location.id,
      location: site.location,
    })),
    phones,
    schedules,
    languages: languageRecords(nextId, languageCodes),
    cost_options: costs.options,
    required_documents: documents.map((document) => ({ id: nextId(), document })),
    attributes: codes.map((code) => attributeFor(nextId, code)),
    categories,
    ...(eligibility.eligibility ? { eligibility: eligibility.eligibility } : {}),
  };
  return service;
}

/** Yields services one organization at a time (lazily, for very large benchmark runs); deterministic per options. */
export function* generateServices(options: GenerateOptions): Generator<HsdsFullService> {
  const metros: readonly MetroName[] =
    typeof options.metro === 'string' ? [options.metro] : (options.metro ?? ['denver']);
  if (metros.length === 0) throw new RangeError('metro must name at least one metro area');
  const ctx: Ctx = {
    rng: createRng(options.seed),
    nextId: createIdFactory(options.seed),
    usedNames: new Set(),
    suffixes: new Map(),
  };
  let made = 0;
  let orgIndex = 0;
  while (made < options.services) {
    const metro = metros[orgIndex % metros.length] ?? 'denver';
    orgIndex += 1;
    const oc = makeOrganization(ctx, metro);
    const wanted = ctx.rng.weighted(orgCountWeights);
    const count = Math.min(wanted, oc.kind.services.length, options.services - made);
    const templates = ctx.rng.sample(oc.kind.services, count);
    const usedServiceNames = new Set<string>();
    for (const template of templates) {
      yield makeService(ctx, oc, template, usedServiceNames);
      made += 1;
    }
  }
}

/** Generates a deterministic directory of HSDS 3 full services (same options, same output). */
export function generateDirectory(options: GenerateOptions): { services: HsdsFullService[] } {
  return { services: Array.from(generateServices(options)) };
}

/** A large directory for benchmarks: past 10,000 services it spreads over several Mountain West metros. */
export function generateBenchmarkDirectory(
  services: number,
  seed = 1,
): { services: HsdsFullService[] } {
  return generateDirectory({ services, seed, metro: services > 10_000 ? allMetros : 'denver' });
}

/** The dataset as committed: a JSON array, 2-space indent, trailing newline. */
export function serializeServices(services: readonly HsdsFullService[]): string {
  return `${JSON.stringify(services, null, 2)}\n`;
}

/** Path of the committed demo dataset. */
export const demoDatasetPath = fileURLToPath(new URL('./demo/services.json', import.meta.url));

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) {
  const { services } = generateDirectory(demoDatasetOptions);
  writeFileSync(demoDatasetPath, serializeServices(services));
  console.log(`Wrote ${services.length} services to ${demoDatasetPath}`);
}
