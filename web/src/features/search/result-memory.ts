import type { SearchServicesQuery } from '../../generated/graphql';

type Edge = SearchServicesQuery['searchServices']['edges'][number];

/** What a search said about a service that `service(id)` does not: open now, eligibility. */
export type RememberedResult = Pick<Edge, 'openStatus' | 'eligibility' | 'distanceKm'>;

const results = new Map<string, RememberedResult>();

export function rememberResults(edges: Edge[]): void {
  for (const edge of edges) {
    results.set(edge.node.id, {
      openStatus: edge.openStatus,
      eligibility: edge.eligibility,
      distanceKm: edge.distanceKm,
    });
  }
  while (results.size > 500) results.delete(results.keys().next().value as string);
}

export function recallResult(serviceId: string): RememberedResult | null {
  return results.get(serviceId) ?? null;
}
