export type LatLng = { lat: number; lng: number };
export type Bounds = { north: number; south: number; east: number; west: number };

const EARTH_RADIUS_KM = 6371.0088;

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The search radius for "search this area": from the centre to the nearer edge of the visible
 * map, so the circle fits the view, within the API's 0.1–500 km.
 */
export function radiusForBounds(center: LatLng, bounds: Bounds): number {
  const toEdgeNS = Math.min(
    haversineKm(center, { lat: bounds.north, lng: center.lng }),
    haversineKm(center, { lat: bounds.south, lng: center.lng }),
  );
  const toEdgeEW = Math.min(
    haversineKm(center, { lat: center.lat, lng: bounds.east }),
    haversineKm(center, { lat: center.lat, lng: bounds.west }),
  );
  const km = Math.min(toEdgeNS, toEdgeEW);
  return Math.round(Math.min(500, Math.max(0.1, km)) * 10) / 10;
}
