/** A service as the map shows it: one point per service. */
export type MapService = {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** Its agency takes referrals: the marker is marked, and `label` says so. */
  referable?: boolean;
  /** What the marker's title and tooltip read; the name when absent. */
  label?: string;
};

/** An area drawn as a circle sized by a count (e.g. unmet needs by ZIP3). */
export type MapArea = { id: string; lat: number; lng: number; count: number; label: string };

/**
 * Where a search measures distances from (approximate for a ZIP code's or city's centre) and
 * how far around it the search reaches.
 */
export type MapOrigin = { lat: number; lng: number; approximate: boolean; radiusKm: number };
