import tzLookup from '@photostructure/tz-lookup';

/** The IANA time zone at a point, from a bundled boundary table (offline). */
export function timezoneAt(latitude: number, longitude: number): string {
  return tzLookup(latitude, longitude);
}
