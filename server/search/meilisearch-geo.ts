import type { SearchQuery } from './engine.ts';

/**
 * Places on Meilisearch mostly without its geo tree (which its radius filter reads whole): a place
 * restriction is a set of rectangles on the documents' `latitude` and `longitude` (numeric
 * attributes filtered by comparison), and whether a point lies in the query's circle is decided
 * here, with Meilisearch's own distance.
 */

export type Near = NonNullable<SearchQuery['near']>;

/** Meilisearch's Earth radius, in metres. */
const EARTH_RADIUS_M = 6371e3;
const RAD = Math.PI / 180;

/** The great-circle distance on Meilisearch's Earth (haversine), in metres, unrounded. */
export function exactDistanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const hav = (theta: number) => (1 - Math.cos(theta)) / 2;
  const phi1 = lat1 * RAD;
  const phi2 = lat2 * RAD;
  const total = hav(phi2 - phi1) + Math.cos(phi1) * Math.cos(phi2) * hav(lng2 * RAD - lng1 * RAD);
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(total));
}

/** Meilisearch's distance (haversine, rounded to the millimetre), in metres. */
export function meiliDistanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  return Math.round(exactDistanceM(lat1, lng1, lat2, lng2) * 1000) / 1000;
}

/** The circle's radius in metres (a negative radius holds only its centre). */
export function radiusM(near: Near): number {
  return Math.max(0, near.radiusKm * 1000);
}

/** Whether a point is inside the circle as Meilisearch's `_geoRadius` decides it. */
export function withinRadius(near: Near, lat: number, lng: number): boolean {
  return meiliDistanceM(near.latitude, near.longitude, lat, lng) <= radiusM(near) + Number.EPSILON;
}

/** A point's coordinates as documents hold them (null: a service with no site). */
export type Located = { latitude: number | null; longitude: number | null };

/**
 * The distance of a document from the circle's centre, unrounded (nearest first orders by it, as
 * the embedded engine does), or null when it has no site.
 */
export function distanceFrom(near: Near, doc: Located): number | null {
  if (doc.latitude === null || doc.longitude === null) return null;
  return exactDistanceM(near.latitude, near.longitude, doc.latitude, doc.longitude);
}

/** Whether a document lies in the circle, as Meilisearch's `_geoRadius` decides it. */
export function insideCircle(near: Near, doc: Located): boolean {
  return (
    doc.latitude !== null &&
    doc.longitude !== null &&
    withinRadius(near, doc.latitude, doc.longitude)
  );
}

/** A rectangle in degrees; `left` may exceed `right` across the antimeridian (longitudes wrap). */
export type Rect = { top: number; right: number; bottom: number; left: number };

/** Wraps a longitude into [-180, 180]. */
function wrap(lng: number): number {
  return lng > 180 ? lng - 360 : lng < -180 ? lng + 360 : lng;
}

/**
 * The filter for a rectangle. Within one side of the antimeridian and away from the poles,
 * Meilisearch's `_geoBoundingBox` (ranges on its own coordinate facets, which cost less than two
 * numeric ranges, and no read of its geo tree). Else ranges on the numeric coordinates: a side
 * past a pole is dropped, a span of every longitude asks nothing of longitude, and one across the
 * antimeridian is two ranges.
 */
export function rectFilter(rect: Rect): string {
  const [left, right] = [wrap(rect.left), wrap(rect.right)];
  const everyLongitude = rect.right - rect.left >= 360;
  if (rect.bottom > -90 && rect.top < 90 && !everyLongitude && left <= right)
    return `_geoBoundingBox([${rect.top}, ${right}], [${rect.bottom}, ${left}])`;
  const parts: string[] = [];
  if (rect.bottom > -90 || rect.top < 90)
    parts.push(`latitude ${Math.max(-90, rect.bottom)} TO ${Math.min(90, rect.top)}`);
  else parts.push('latitude EXISTS');
  if (!everyLongitude) {
    if (left <= right) parts.push(`longitude ${left} TO ${right}`);
    else parts.push(`(longitude ${left} TO 180 OR longitude -180 TO ${right})`);
  }
  return `(${parts.join(' AND ')})`;
}

/**
 * The rectangle around a point holding every point within `halfM` metres of it: `halfM` in
 * latitude each way, and in longitude the widest the circle reaches (sin Δλ = sin r / cos φ);
 * every longitude where the circle reaches a pole. Every point outside it lies farther than
 * `halfM` from the centre: its latitude sides are `halfM` away, and its meridian sides are on
 * great circles `halfM` away.
 */
export function boxAround(latitude: number, longitude: number, halfM: number): Rect {
  const r = Math.min(Math.PI, halfM / EARTH_RADIUS_M);
  const dLat = r / RAD;
  const top = Math.min(90, latitude + dLat);
  const bottom = Math.max(-90, latitude - dLat);
  const ratio = Math.sin(r) / Math.cos(latitude * RAD);
  if (top >= 90 || bottom <= -90 || !(ratio < 1) || r >= Math.PI / 2)
    return { top, bottom, left: -180, right: 180 };
  const dLng = Math.asin(ratio) / RAD;
  if (dLng >= 180) return { top, bottom, left: -180, right: 180 };
  return { top, bottom, left: longitude - dLng, right: longitude + dLng };
}

/** The rectangle holding the whole circle, with a margin (and a metre) to spare. */
export function circleBox(near: Near): Rect {
  return boxAround(near.latitude, near.longitude, radiusM(near) * 1.01 + 1);
}

/** Rectangles per quadrant inscribed in the circle, for counting (see `circleShapes`). */
const EDGE_SAMPLES = 16;

/**
 * Rectangles to count a circle's matches by (see the adapter's circle counting): `inner` ones
 * wholly inside the circle, `outer` ones wholly outside it (within `box`), `steps` of each per
 * quadrant; null where the circle comes near a pole (its box then is all there is). Each
 * rectangle is checked against Meilisearch's own distance where it comes farthest (inner) or
 * nearest (outer), with a metre to spare, so rounding never puts a point on the wrong side.
 */
export function circleShapes(
  near: Near,
  steps: number,
): { inner: Rect[]; outer: Rect[]; box: Rect } | null {
  const box = circleBox(near);
  if (!(near.radiusKm > 0) || box.top >= 89 || box.bottom <= -89 || box.right - box.left >= 360)
    return null;
  const radius = radiusM(near);
  const { latitude: lat, longitude: lng } = near;
  const dLat = radius / EARTH_RADIUS_M / RAD;
  const cos = Math.cos(lat * RAD);
  const { top, bottom, left, right } = box;
  // Along a meridian edge of a rectangle, Meilisearch's distance from the centre at EDGE_SAMPLES
  // points: a step moves the point by at most its arc, so half a step's arc bounds the error.
  // For a given latitude a point is farthest from the centre (and nearest, in a rectangle that
  // lies to one side) on such an edge, so these bound the whole rectangle.
  const alongEdge = (from: number, to: number, dLng: number): { min: number; max: number } => {
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let k = 0; k <= EDGE_SAMPLES; k++) {
      const d = meiliDistanceM(lat, lng, from + ((to - from) * k) / EDGE_SAMPLES, lng + dLng);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    const slack = (Math.abs(to - from) / EDGE_SAMPLES / 2) * RAD * EARTH_RADIUS_M;
    return { min: min - slack - 1, max: max + slack + 1 };
  };
  const corner = (a: number, b: number) => alongEdge(lat - a, lat + a, b).max;
  const nearest = (a: number, b: number) =>
    Math.min(alongEdge(lat + a, top, b).min, alongEdge(bottom, lat - a, b).min);
  const inner: Rect[] = [];
  const outer: Rect[] = [];
  for (let i = 1; i <= steps; i++) {
    const angle = (Math.PI / 2) * (i / (steps + 1));
    const [sin, cosA] = [Math.sin(angle), Math.cos(angle)];
    let scale = 0.995;
    while (scale > 0.5 && corner(dLat * sin * scale, (dLat * cosA * scale) / cos) > radius)
      scale *= 0.995;
    if (scale > 0.5) {
      const [a, b] = [dLat * sin * scale, (dLat * cosA * scale) / cos];
      inner.push({ top: lat + a, right: lng + b, bottom: lat - a, left: lng - b });
    }
    scale = 1.005;
    while (scale < 1.5 && nearest(dLat * sin * scale, (dLat * cosA * scale) / cos) <= radius)
      scale *= 1.005;
    if (scale < 1.5) {
      const [a, b] = [dLat * sin * scale, (dLat * cosA * scale) / cos];
      // Beyond the meridian sides of the box's own rectangle there is nothing to exclude.
      if (lng + b < right) {
        outer.push(
          { top, right, bottom: lat + a, left: lng + b },
          { top: lat - a, right, bottom, left: lng + b },
        );
      }
      if (lng - b > left) {
        outer.push(
          { top, right: lng - b, bottom: lat + a, left },
          { top: lat - a, right: lng - b, bottom, left },
        );
      }
    }
  }
  if (inner.length === 0) return null;
  return { inner, outer, box };
}

/** Rectangles as one filter (any of them). */
export function anyRect(rects: readonly Rect[]): string {
  return rects.length === 1
    ? rectFilter(rects[0] as Rect)
    : `(${rects.map(rectFilter).join(' OR ')})`;
}
