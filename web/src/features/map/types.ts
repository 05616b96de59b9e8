/** A service as the map shows it: one point per service. */
export type MapService = { id: string; name: string; lat: number; lng: number };
