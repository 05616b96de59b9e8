import L from 'leaflet';
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import { type LatLng, radiusForBounds } from '../internal/geo';
import { isProgrammaticMove } from '../internal/programmatic-move';

export type SearchAreaControlProps = {
  label: string;
  /** A new search hides the button until the user moves the map again. */
  resetKey: string;
  onSearchArea: (center: LatLng, radiusKm: number) => void;
};

/** "Search this area", shown once the user pans or zooms the map themselves. */
export function SearchAreaControl({ label, resetKey, onSearchArea }: SearchAreaControlProps) {
  const map = useMap();
  const [moved, setMoved] = useState(false);

  useEffect(
    function watchUserMoves() {
      function handleMoveEnd() {
        if (!isProgrammaticMove(map)) setMoved(true);
      }
      map.on('moveend', handleMoveEnd);
      return function unwatchUserMoves() {
        map.off('moveend', handleMoveEnd);
      };
    },
    [map],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: hide on every new search
  useEffect(
    function hideOnNewSearch() {
      setMoved(false);
    },
    [resetKey],
  );

  function handleRef(element: HTMLDivElement | null) {
    if (element) {
      L.DomEvent.disableClickPropagation(element);
      L.DomEvent.disableScrollPropagation(element);
    }
  }

  function handleClick() {
    const center = map.getCenter();
    const bounds = map.getBounds();
    setMoved(false);
    onSearchArea(
      { lat: center.lat, lng: center.lng },
      radiusForBounds(
        { lat: center.lat, lng: center.lng },
        {
          north: bounds.getNorth(),
          south: bounds.getSouth(),
          east: bounds.getEast(),
          west: bounds.getWest(),
        },
      ),
    );
  }

  if (!moved) return null;
  return (
    <div className="map-search-area" ref={handleRef}>
      <button type="button" className="button-primary" onClick={handleClick}>
        {label}
      </button>
    </div>
  );
}
