import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { moveProgrammatically } from '../internal/programmatic-move';
import type { MapOrigin, MapService } from '../types';

export type FitToResultsProps = {
  services: MapService[];
  /** Where distances start; with no services the view goes there. */
  origin: MapOrigin | null;
  /** Changes with every new search; the view fits once per key. */
  fitKey: string;
};

const ORIGIN_MAX_ZOOM = 14;

/**
 * Fits the view to a new search's results and its starting point (not to "show more" pages);
 * with no results, shows the area searched around the starting point; with neither, leaves the
 * view where it is.
 */
export function FitToResults({ services, origin, fitKey }: FitToResultsProps) {
  const map = useMap();
  const fittedRef = useRef<string | null>(null);

  useEffect(
    function fitToResults() {
      if (fittedRef.current === fitKey) return;
      if (services.length === 0 && !origin) return;
      fittedRef.current = fitKey;
      moveProgrammatically(map, () => {
        if (services.length === 0 && origin) {
          // Nothing found: show the whole circle the search covered around its starting point.
          const reach = L.latLng(origin.lat, origin.lng).toBounds(origin.radiusKm * 2000);
          map.fitBounds(reach, { padding: [16, 16], maxZoom: ORIGIN_MAX_ZOOM, animate: false });
          return;
        }
        const bounds = L.latLngBounds(services.map((s) => [s.lat, s.lng] as [number, number]));
        if (origin) bounds.extend([origin.lat, origin.lng]);
        map.fitBounds(bounds, { padding: [32, 32], maxZoom: 14, animate: false });
      });
    },
    [map, services, origin, fitKey],
  );

  return null;
}
