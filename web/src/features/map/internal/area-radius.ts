/** Minimum and maximum circle radius in pixels. */
const MIN_RADIUS = 6;
const MAX_RADIUS = 30;

/** A circle's radius in pixels for a count, scaled so that circle areas compare like counts. */
export function areaRadius(count: number, maxCount: number): number {
  if (maxCount <= 0 || count <= 0) return MIN_RADIUS;
  const share = Math.sqrt(Math.min(count, maxCount) / maxCount);
  return Math.round((MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share) * 10) / 10;
}
