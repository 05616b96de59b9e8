/** A stale listing as the network review page shows it. */
export type StaleRow = {
  serviceId: string;
  name: string;
  organizationId: string;
  assuredDate: string | null;
};

export type StaleGroup = { organizationId: string; listings: StaleRow[] };

/**
 * Stale listings grouped by organization. The rows come oldest first, so each group keeps that
 * order and the groups come in the order of their oldest listing.
 */
export function groupStaleListings(rows: ReadonlyArray<StaleRow>): StaleGroup[] {
  const groups = new Map<string, StaleRow[]>();
  for (const row of rows) {
    const group = groups.get(row.organizationId);
    if (group) group.push(row);
    else groups.set(row.organizationId, [row]);
  }
  return [...groups].map(([organizationId, listings]) => ({ organizationId, listings }));
}
