import { useEffect, useState } from 'react';
import { SearchMapPointsDocument } from '../../generated/graphql';
import { request } from '../../lib/graphql';
import type { MapService } from '../map/types';
import { toSearchInput } from './internal/search-input';
import { isSearchable, type SearchState } from './internal/url-state';

export type MapPoints = {
  /** The search these points belong to; changes once they have arrived. */
  key: string;
  services: MapService[];
  /** How many services matched; more than `services` when some have no site to map. */
  totalCount: number;
};

const EMPTY: MapPoints = { key: '', services: [], totalCount: 0 };

// Recent point sets, so back/forward redraws at once.
const recent = new Map<string, MapPoints>();

/**
 * Every match of the URL's search as map points, not only the loaded page; with nothing to
 * search for yet, every service in the directory, so the map opens on the directory's area.
 */
export function useMapPoints(state: SearchState): MapPoints {
  // The whole directory: a browse with no filter (one result row; the points are what counts).
  const input = isSearchable(state) ? toSearchInput(state, { first: 1 }) : DIRECTORY;
  const key = JSON.stringify(input);
  const [points, setPoints] = useState<MapPoints>(() => recent.get(key) ?? EMPTY);

  useEffect(
    function loadMapPoints() {
      const cached = recent.get(key);
      if (cached) {
        setPoints(cached);
        return;
      }
      const controller = new AbortController();
      const { signal } = controller;
      fetchPoints(key, signal)
        // A search that fails (an address nothing matches) says so in the list; the map shows
        // the directory rather than the whole country.
        .catch(() =>
          fetchPoints(JSON.stringify(DIRECTORY), signal).then((p) => ({
            ...p,
            key,
            totalCount: p.services.length,
          })),
        )
        .then(
          (next) => {
            remember(key, next);
            setPoints(next);
          },
          () => {
            // Offline: the map keeps what it had.
          },
        );
      return function cancelMapPoints() {
        controller.abort();
      };
    },
    [key],
  );

  return points;
}

const DIRECTORY = { first: 1 };

function remember(key: string, points: MapPoints): void {
  recent.set(key, points);
  if (recent.size > 20) recent.delete(recent.keys().next().value as string);
}

async function fetchPoints(key: string, signal: AbortSignal): Promise<MapPoints> {
  const data = await request(SearchMapPointsDocument, { input: JSON.parse(key) }, { signal });
  const result = data.searchServices;
  return {
    key,
    totalCount: result.totalCount,
    services: result.mapPoints.map((p) => ({
      id: p.serviceId,
      name: p.name,
      lat: p.latitude,
      lng: p.longitude,
    })),
  };
}
