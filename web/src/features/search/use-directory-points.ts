import { useEffect, useState } from 'react';
import { DirectoryMapPointsDocument } from '../../generated/graphql';
import { request } from '../../lib/graphql';
import type { MapService } from '../map/types';

export type MapPoints = {
  /** The set these points are; a new key lets the map fit to them once. */
  key: string;
  services: MapService[];
  /** How many services matched; more than `services` when some have no site to map. */
  totalCount: number;
};

export const noMapPoints: MapPoints = { key: '', services: [], totalCount: 0 };

/** A search's map points as the map takes them: one per service. */
export function toMapServices(
  points: ReadonlyArray<{
    serviceId: string;
    name: string;
    latitude: number;
    longitude: number;
    acceptsReferrals: boolean;
  }>,
): MapService[] {
  return points.map((p) => ({
    id: p.serviceId,
    name: p.name,
    lat: p.latitude,
    lng: p.longitude,
    referable: p.acceptsReferrals,
  }));
}

// Asked once per page load: every service in the directory.
let directory: Promise<MapPoints> | null = null;

function loadDirectoryPoints(): Promise<MapPoints> {
  directory ??= request(DirectoryMapPointsDocument, {}).then(
    (data) => ({
      key: 'directory',
      services: toMapServices(data.searchServices.mapPoints),
      totalCount: data.searchServices.totalCount,
    }),
    (error: unknown) => {
      directory = null;
      throw error;
    },
  );
  return directory;
}

/**
 * Every service in the directory as map points, while `enabled` (before the first search, or
 * when a search failed), so the map opens on the directory's area rather than the country.
 */
export function useDirectoryPoints(enabled: boolean): MapPoints {
  const [points, setPoints] = useState<MapPoints>(noMapPoints);
  useEffect(
    function loadDirectory() {
      if (!enabled) return;
      let cancelled = false;
      loadDirectoryPoints().then(
        (loaded) => {
          if (!cancelled) setPoints(loaded);
        },
        () => {
          // Offline: the map shows what it can; the list says what went wrong.
        },
      );
      return function cancelLoadDirectory() {
        cancelled = true;
      };
    },
    [enabled],
  );
  return points;
}
