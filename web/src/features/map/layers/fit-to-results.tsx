import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { moveProgrammatically } from '../internal/programmatic-move';
import type { MapService } from '../types';

export type FitToResultsProps = {
  services: MapService[];
  /** Changes with every new search; the view fits once per key. */
  fitKey: string;
};

/** Fits the view to a new search's results (not to "show more" pages). */
export function FitToResults({ services, fitKey }: FitToResultsProps) {
  const map = useMap();
  const fittedRef = useRef<string | null>(null);

  useEffect(
    function fitToResults() {
      if (services.length === 0 || fittedRef.current === fitKey) return;
      fittedRef.current = fitKey;
      const bounds = L.latLngBounds(services.map((s) => [s.lat, s.lng] as [number, number]));
      moveProgrammatically(map, () => {
        map.fitBounds(bounds, { padding: [32, 32], maxZoom: 14, animate: false });
      });
    },
    [map, services, fitKey],
  );

  return null;
}
