/** A service as the map shows it: one point per service. */
export type MapService = { id: string; name: string; lat: number; lng: number };

/** An area drawn as a circle sized by a count (e.g. unmet needs by ZIP3). */
export type MapArea = { id: string; lat: number; lng: number; count: number; label: string };

/**
 * Where a search measures distances from (approximate for a ZIP code's or city's centre) and
 * how far around it the search reaches.
 */
export type MapOrigin = { lat: number; lng: number; approximate: boolean; radiusKm: number };
