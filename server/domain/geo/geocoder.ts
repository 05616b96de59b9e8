/** A point a geocoder found for an address. */
export type GeocodedPoint = {
  latitude: number;
  longitude: number;
  /** The geocoder's own name for the place, e.g. "1500 East Colfax Avenue, Denver, CO". */
  label: string;
  /** False only for a house or building; a street, ZIP code or town is approximate. */
  approximate: boolean;
};

const TIMEOUT_MS = 5000;

type NominatimPlace = { lat?: string; lon?: string; display_name?: string; place_rank?: number };
type PeliasFeature = {
  geometry?: { coordinates?: [number, number] };
  properties?: { label?: string; accuracy?: string; layer?: string };
};

function isPelias(base: URL): boolean {
  return /\/v1\/?$/.test(base.pathname);
}

function searchUrl(base: URL, text: string): URL {
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}/search`, base);
  if (isPelias(base)) {
    url.searchParams.set('text', text);
    url.searchParams.set('size', '1');
    url.searchParams.set('boundary.country', 'USA');
  } else {
    url.searchParams.set('q', text);
    url.searchParams.set('format', 'jsonv2');
    url.searchParams.set('limit', '1');
    url.searchParams.set('countrycodes', 'us');
  }
  return url;
}

function fromNominatim(body: unknown): GeocodedPoint | null {
  if (!Array.isArray(body)) return null;
  const place = body[0] as NominatimPlace | undefined;
  const latitude = Number(place?.lat);
  const longitude = Number(place?.lon);
  if (!place || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  return {
    latitude,
    longitude,
    label: place.display_name ?? '',
    // Nominatim ranks a house or building 30; streets and areas rank lower.
    approximate: (place.place_rank ?? 0) < 30,
  };
}

function fromPelias(body: unknown): GeocodedPoint | null {
  const features = (body as { features?: PeliasFeature[] } | null)?.features;
  const feature = Array.isArray(features) ? features[0] : undefined;
  const [longitude, latitude] = feature?.geometry?.coordinates ?? [];
  if (!feature || typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  const exact =
    feature.properties?.accuracy === 'point' &&
    (feature.properties.layer === 'address' || feature.properties.layer === 'venue');
  return { latitude, longitude, label: feature.properties?.label ?? '', approximate: !exact };
}

/**
 * Asks a Nominatim server (base URL) or a Pelias server (base URL ending in /v1) for an address
 * in the US. Null when it finds nothing; throws when the geocoder cannot be reached or answers
 * with an error, so the caller can fall back.
 */
export async function geocodeAddress(baseUrl: string, text: string): Promise<GeocodedPoint | null> {
  const base = new URL(baseUrl);
  const response = await fetch(searchUrl(base, text), {
    headers: { accept: 'application/json', 'user-agent': 'Wayfinder (resource directory)' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`geocoder answered ${response.status}`);
  const body: unknown = await response.json();
  return isPelias(base) ? fromPelias(body) : fromNominatim(body);
}
