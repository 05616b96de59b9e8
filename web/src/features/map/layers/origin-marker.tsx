import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { MapOrigin } from '../types';

export type OriginMarkerProps = {
  origin: MapOrigin | null;
  /** What the marker says (e.g. "Distances from here: 80205"). */
  label: string;
};

/**
 * Where distances are measured from (the client's address, a ZIP code's centre, a point), with
 * the circle the search covers around it.
 */
export function OriginMarker({ origin, label }: OriginMarkerProps) {
  const map = useMap();
  const lat = origin?.lat;
  const lng = origin?.lng;
  const approximate = origin?.approximate ?? false;
  const radiusKm = origin?.radiusKm;

  useEffect(
    function addOriginMarker() {
      if (lat === undefined || lng === undefined) return;
      const marker = L.marker([lat, lng], {
        icon: L.divIcon({
          className: approximate ? 'origin-marker is-approximate' : 'origin-marker',
          html: '<span class="origin-marker-dot" aria-hidden="true"></span>',
          iconSize: [24, 24],
        }),
        title: label,
        alt: label,
        keyboard: false,
        // Above the clusters: it is the one point the whole search is about.
        zIndexOffset: 1000,
      });
      marker.bindTooltip(label, { direction: 'top', offset: [0, -10] });
      marker.addTo(map);
      const reach =
        radiusKm === undefined
          ? null
          : L.circle([lat, lng], {
              radius: radiusKm * 1000,
              className: 'search-reach',
              color: '#c05800',
              weight: 1.5,
              dashArray: '6 5',
              fill: true,
              fillColor: '#c05800',
              fillOpacity: 0.04,
              interactive: false,
            }).addTo(map);
      return function removeOriginMarker() {
        marker.remove();
        reach?.remove();
      };
    },
    [map, lat, lng, approximate, radiusKm, label],
  );

  return null;
}
