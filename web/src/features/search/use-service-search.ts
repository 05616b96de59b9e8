import { useCallback, useEffect, useState } from 'react';
import { SearchServicesDocument, type SearchServicesQuery } from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import type { MapService } from '../map/types';
import { toSearchInput } from './internal/search-input';
import { isSearchable, type SearchState } from './internal/url-state';
import { rememberResults } from './result-memory';
import { toMapServices } from './use-directory-points';

export type SearchEdge = SearchServicesQuery['searchServices']['edges'][number];
export type SearchOrigin = NonNullable<SearchServicesQuery['searchServices']['origin']>;
export type SuggestedNeed = SearchServicesQuery['searchServices']['suggestedNeeds'][number];

export type ServiceSearch = {
  status: 'idle' | 'loading' | 'success' | 'error';
  edges: SearchEdge[];
  totalCount: number;
  /** The point distances are measured from; null when the search gave no place. */
  origin: SearchOrigin | null;
  /** Needs the text names, when the text found nothing: search by one of them instead. */
  suggestedNeeds: SuggestedNeed[];
  /** Every match as a map point (all pages), from the first page's request. */
  mapPoints: MapService[];
  hasNextPage: boolean;
  loadingMore: boolean;
  error: GraphQLRequestError | null;
  /** Changes with every new search (not with "show more"): the map fits to it. */
  searchKey: string;
  /**
   * The search the shown page belongs to: until a new search's page arrives, the previous one's
   * (searchKey changes at once), so the map fits to the new results and not to the old ones.
   */
  pageKey: string;
  loadMore: () => void;
  retry: () => void;
};

type Page = {
  key: string;
  edges: SearchEdge[];
  totalCount: number;
  origin: SearchOrigin | null;
  suggestedNeeds: SuggestedNeed[];
  mapPoints: MapService[];
  endCursor: string | null;
  hasNextPage: boolean;
};

// Recent searches, so back/forward shows results at once.
const recent = new Map<string, Page>();
function remember(key: string, page: Page): void {
  recent.delete(key);
  recent.set(key, page);
  if (recent.size > 20) recent.delete(recent.keys().next().value as string);
}

function asRequestError(error: unknown): GraphQLRequestError {
  return error instanceof GraphQLRequestError
    ? error
    : new GraphQLRequestError(String(error), 'network');
}

/** Runs `searchServices` for the URL's search state, with "show more" paging. */
export function useServiceSearch(state: SearchState): ServiceSearch {
  const searchable = isSearchable(state);
  const key = searchable ? JSON.stringify(toSearchInput(state)) : '';
  const [attempt, setAttempt] = useState(0);
  const [page, setPage] = useState<Page | null>(() => recent.get(key) ?? null);
  const [status, setStatus] = useState<ServiceSearch['status']>(searchable ? 'loading' : 'idle');
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the same search
  useEffect(
    function runSearch() {
      setLoadingMore(false);
      if (!key) {
        setPage(null);
        setStatus('idle');
        setError(null);
        return;
      }
      const cached = recent.get(key);
      setPage(cached ?? null);
      setStatus(cached ? 'success' : 'loading');
      setError(null);
      const controller = new AbortController();
      request(
        SearchServicesDocument,
        { input: JSON.parse(key), withMapPoints: true },
        { signal: controller.signal },
      ).then(
        (data) => {
          const result = data.searchServices;
          const next: Page = {
            key,
            edges: result.edges,
            totalCount: result.totalCount,
            origin: result.origin ?? null,
            suggestedNeeds: result.suggestedNeeds,
            mapPoints: toMapServices(result.mapPoints ?? []),
            endCursor: result.pageInfo.endCursor,
            hasNextPage: result.pageInfo.hasNextPage,
          };
          rememberResults(result.edges);
          remember(key, next);
          setPage(next);
          setStatus('success');
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setError(asRequestError(failure));
          setStatus(cached ? 'success' : 'error');
        },
      );
      return function cancelSearch() {
        controller.abort();
      };
    },
    [key, attempt],
  );

  const loadMore = useCallback(() => {
    if (!page?.hasNextPage || !page.endCursor || loadingMore) return;
    setLoadingMore(true);
    const input = { ...(JSON.parse(key) as object), after: page.endCursor };
    request(SearchServicesDocument, { input, withMapPoints: false }).then(
      (data) => {
        const result = data.searchServices;
        rememberResults(result.edges);
        setPage((previous) => {
          const next: Page = {
            key,
            edges: [...(previous?.edges ?? []), ...result.edges],
            totalCount: result.totalCount,
            origin: result.origin ?? null,
            suggestedNeeds: previous?.suggestedNeeds ?? [],
            mapPoints: previous?.mapPoints ?? [],
            endCursor: result.pageInfo.endCursor,
            hasNextPage: result.pageInfo.hasNextPage,
          };
          remember(key, next);
          return next;
        });
        setLoadingMore(false);
      },
      (failure: unknown) => {
        setError(asRequestError(failure));
        setLoadingMore(false);
      },
    );
  }, [key, page, loadingMore]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return {
    status,
    edges: page?.edges ?? [],
    totalCount: page?.totalCount ?? 0,
    origin: page?.origin ?? null,
    suggestedNeeds: page?.suggestedNeeds ?? [],
    mapPoints: page?.mapPoints ?? [],
    hasNextPage: page?.hasNextPage ?? false,
    loadingMore,
    error,
    searchKey: key,
    pageKey: page?.key ?? '',
    loadMore,
    retry,
  };
}
