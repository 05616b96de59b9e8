/**
 * The whole search lives in the URL query, so a search can be bookmarked, shared and walked with
 * back/forward. Defaults are left out of the URL; keys are written in a fixed order.
 */
export type NearSource = 'device' | 'map';

export type SearchState = {
  text: string;
  /** Top-level need category codes. */
  categories: string[];
  postalCode: string;
  /** A typed street address or city ('' for none); a bare ZIP code goes in `postalCode`. */
  place: string;
  near: { lat: number; lng: number } | null;
  /** Where `near` came from: the device's location or the map ("search this area"). */
  nearSource: NearSource | null;
  radiusKm: number;
  age: number | null;
  householdSize: number | null;
  annualIncome: number | null;
  /** ISO 639 code the client speaks; '' for any. */
  language: string;
  veteran: boolean | null;
  openNow: boolean;
  freeOnly: boolean;
  /** Leave out services whose agency reports no capacity now. */
  notFull: boolean;
  /** Only services whose agency is on the referral network. */
  referableOnly: boolean;
  eligibleOnly: boolean;
  /** Services reporting room now first (then the usual order). */
  availableFirst: boolean;
  /** A saved client's id ('' for none): eligibility then comes from the client's record. */
  clientId: string;
};

/** Radius choices in km, chosen to be round in miles (1, 2, 5, 10, 25, 50 mi). */
export const radiusOptionsKm = [1.6, 3.2, 8, 16.1, 40.2, 80.5] as const;
export const DEFAULT_RADIUS_KM = 16.1;

export const defaultSearchState: SearchState = {
  text: '',
  categories: [],
  postalCode: '',
  place: '',
  near: null,
  nearSource: null,
  radiusKm: DEFAULT_RADIUS_KM,
  age: null,
  householdSize: null,
  annualIncome: null,
  language: '',
  veteran: null,
  openNow: false,
  freeOnly: false,
  notFull: false,
  referableOnly: false,
  eligibleOnly: false,
  availableFirst: false,
  clientId: '',
};

function intOrNull(value: string | null, min: number, max: number): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) return null;
  return Math.round(n);
}

function flag(value: string | null): boolean {
  return value === '1' || value === 'true';
}

function parseNear(value: string | null): SearchState['near'] {
  if (!value) return null;
  const [lat, lng] = value.split(',').map(Number);
  if (lat === undefined || lng === undefined || !Number.isFinite(lat) || !Number.isFinite(lng)) {
    return null;
  }
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  return { lat, lng };
}

/** Reads a query string ("?q=food&zip=80205") into a complete, valid state. */
export function decodeSearchState(search: string): SearchState {
  const params = new URLSearchParams(search);
  const near = parseNear(params.get('near'));
  const from = params.get('from');
  const radius = Number(params.get('r'));
  const categories = (params.get('need') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => /^[a-z][a-z0-9-]{0,40}$/.test(c));
  const language = params.get('lang') ?? '';
  const veteran = params.get('vet');
  return {
    text: (params.get('q') ?? '').slice(0, 200),
    categories: [...new Set(categories)],
    postalCode: (params.get('zip') ?? '').replace(/\D/g, '').slice(0, 5),
    place: (params.get('at') ?? '').trim().slice(0, 300),
    near,
    nearSource: near ? (from === 'map' ? 'map' : 'device') : null,
    radiusKm:
      Number.isFinite(radius) && radius >= 0.1 && radius <= 500
        ? Math.round(radius * 10) / 10
        : DEFAULT_RADIUS_KM,
    age: intOrNull(params.get('age'), 0, 130),
    householdSize: intOrNull(params.get('hh'), 1, 30),
    annualIncome: intOrNull(params.get('income'), 0, 10_000_000),
    language: /^[a-z]{2,3}$/.test(language) ? language : '',
    veteran: veteran === '1' ? true : veteran === '0' ? false : null,
    openNow: flag(params.get('open')),
    freeOnly: flag(params.get('free')),
    notFull: flag(params.get('room')),
    referableOnly: flag(params.get('refer')),
    eligibleOnly: flag(params.get('elig')),
    availableFirst: flag(params.get('avail')),
    clientId: /^[\w:.-]{1,200}$/.test(params.get('client') ?? '')
      ? (params.get('client') ?? '')
      : '',
  };
}

function coordinate(n: number): string {
  return String(Math.round(n * 100_000) / 100_000);
}

/** Writes the state as a query string ('' for the default state), defaults left out. */
export function encodeSearchState(state: SearchState): string {
  const params = new URLSearchParams();
  const text = state.text.trim();
  if (text) params.set('q', text);
  if (state.categories.length > 0) params.set('need', state.categories.join(','));
  if (state.postalCode) params.set('zip', state.postalCode);
  else if (state.place.trim()) params.set('at', state.place.trim());
  else if (state.near) {
    params.set('near', `${coordinate(state.near.lat)},${coordinate(state.near.lng)}`);
    if (state.nearSource === 'map') params.set('from', 'map');
  }
  if (state.radiusKm !== DEFAULT_RADIUS_KM) params.set('r', String(state.radiusKm));
  if (state.age !== null) params.set('age', String(state.age));
  if (state.householdSize !== null) params.set('hh', String(state.householdSize));
  if (state.annualIncome !== null) params.set('income', String(state.annualIncome));
  if (state.language) params.set('lang', state.language);
  if (state.veteran !== null) params.set('vet', state.veteran ? '1' : '0');
  if (state.openNow) params.set('open', '1');
  if (state.freeOnly) params.set('free', '1');
  if (state.notFull) params.set('room', '1');
  if (state.referableOnly) params.set('refer', '1');
  if (state.eligibleOnly) params.set('elig', '1');
  if (state.availableFirst) params.set('avail', '1');
  if (state.clientId) params.set('client', state.clientId);
  const query = params.toString().replaceAll('%2C', ',');
  return query ? `?${query}` : '';
}

export function hasClientProfile(state: SearchState): boolean {
  return (
    state.clientId !== '' ||
    state.age !== null ||
    state.householdSize !== null ||
    state.annualIncome !== null ||
    state.language !== '' ||
    state.veteran !== null
  );
}

export function hasPlace(state: SearchState): boolean {
  return /^\d{5}$/.test(state.postalCode) || state.place.trim() !== '' || state.near !== null;
}

/** A search runs once there is something to look for, somewhere to look, or a client. */
export function isSearchable(state: SearchState): boolean {
  return (
    hasPlace(state) ||
    state.text.trim() !== '' ||
    state.categories.length > 0 ||
    state.clientId !== ''
  );
}

/**
 * What the place field holds: a ZIP code, a typed address or city, or nothing. Five digits (or
 * ZIP+4) are a ZIP code, so URLs and the API's postalCode keep their meaning.
 */
export function placeFields(text: string): Pick<SearchState, 'postalCode' | 'place'> {
  const value = text.trim().replace(/\s+/g, ' ');
  const zip = /^(\d{5})(?:-\d{4})?$/.exec(value);
  if (zip?.[1]) return { postalCode: zip[1], place: '' };
  return { postalCode: '', place: value.slice(0, 300) };
}

/** How many narrowing filters are on (for the empty-state hint). */
export function activeFilterCount(state: SearchState): number {
  return (
    state.categories.length +
    (state.openNow ? 1 : 0) +
    (state.freeOnly ? 1 : 0) +
    (state.notFull ? 1 : 0) +
    (state.referableOnly ? 1 : 0) +
    (state.eligibleOnly ? 1 : 0) +
    (state.language ? 1 : 0)
  );
}

/** The next wider radius choice, or null at the widest. */
export function widerRadius(radiusKm: number): number | null {
  return radiusOptionsKm.find((r) => r > radiusKm + 0.05) ?? null;
}
