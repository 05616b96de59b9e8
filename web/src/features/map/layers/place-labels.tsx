import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import { MapPlacesDocument, type MapPlacesQuery } from '../../../generated/graphql';
import { request } from '../../../lib/graphql';
import { declutter } from '../internal/declutter';

type Place = MapPlacesQuery['mapPlaces'][number];

const LABEL_PANE = 'wayfinder-place-labels';
const MIN_ZOOM = 6;
const DEBOUNCE_MS = 200;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function labelSize(place: Place): { width: number; height: number } {
  return place.kind === 'CITY'
    ? { width: place.name.length * 7.5 + 8, height: 18 }
    : { width: place.name.length * 6.5 + 6, height: 14 };
}

/**
 * City and ZIP code names on the offline outline map, from the server's bundled ZIP table:
 * asked for each view after the map stops moving, and thinned so that no two overlap.
 */
export function PlaceLabels() {
  const map = useMap();

  useEffect(
    function showPlaceLabels() {
      const pane = map.getPane(LABEL_PANE) ?? map.createPane(LABEL_PANE);
      pane.style.zIndex = '350';
      pane.style.pointerEvents = 'none';
      const group = L.layerGroup().addTo(map);
      let timer: ReturnType<typeof setTimeout> | null = null;
      let controller: AbortController | null = null;

      function draw(places: Place[]) {
        group.clearLayers();
        const boxes = places.map((place) => ({
          ...map.latLngToContainerPoint([place.latitude, place.longitude]),
          ...labelSize(place),
        }));
        for (const index of declutter(boxes)) {
          const place = places[index];
          if (!place) continue;
          const { width, height } = labelSize(place);
          L.marker([place.latitude, place.longitude], {
            pane: LABEL_PANE,
            interactive: false,
            keyboard: false,
            icon: L.divIcon({
              className: place.kind === 'CITY' ? 'place-label is-city' : 'place-label is-zip',
              html: escapeHtml(place.name),
              iconSize: [width, height],
            }),
          }).addTo(group);
        }
      }

      function load() {
        controller?.abort();
        const zoom = Math.round(map.getZoom());
        if (zoom < MIN_ZOOM) {
          group.clearLayers();
          return;
        }
        const bounds = map.getBounds();
        const input = {
          south: Math.max(-90, bounds.getSouth()),
          west: Math.max(-180, bounds.getWest()),
          north: Math.min(90, bounds.getNorth()),
          east: Math.min(180, bounds.getEast()),
          zoom,
        };
        const current = new AbortController();
        controller = current;
        request(MapPlacesDocument, { input }, { signal: current.signal }).then(
          (data) => {
            if (!current.signal.aborted) draw(data.mapPlaces);
          },
          () => {
            // Names are a help, not a need: the outlines and markers still show.
          },
        );
      }

      function handleMoveEnd() {
        if (timer) clearTimeout(timer);
        timer = setTimeout(load, DEBOUNCE_MS);
      }

      map.on('moveend', handleMoveEnd);
      handleMoveEnd();
      return function removePlaceLabels() {
        map.off('moveend', handleMoveEnd);
        if (timer) clearTimeout(timer);
        controller?.abort();
        group.remove();
      };
    },
    [map],
  );

  return null;
}
