import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { moveProgrammatically } from '../internal/programmatic-move';
import type { MapArea } from '../types';

export type FitToAreasProps = {
  areas: MapArea[];
  /** Changes with the data shown; the view fits once per key. */
  fitKey: string;
};

/** Fits the view to the areas once per key, close enough to tell neighbouring areas apart. */
export function FitToAreas({ areas, fitKey }: FitToAreasProps) {
  const map = useMap();
  const fittedRef = useRef<string | null>(null);

  useEffect(
    function fitToAreas() {
      if (areas.length === 0 || fittedRef.current === fitKey) return;
      fittedRef.current = fitKey;
      const bounds = L.latLngBounds(areas.map((a) => [a.lat, a.lng] as [number, number]));
      moveProgrammatically(map, () => {
        map.fitBounds(bounds, { padding: [48, 48], maxZoom: 9, animate: false });
      });
    },
    [map, areas, fitKey],
  );

  return null;
}
