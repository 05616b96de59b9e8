import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

/** Tells Leaflet when its container changes size (panels opening, a phone turning). */
export function ResizeWatcher() {
  const map = useMap();
  useEffect(
    function watchContainerSize() {
      const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
      observer.observe(map.getContainer());
      return function unwatchContainerSize() {
        observer.disconnect();
      };
    },
    [map],
  );
  return null;
}
