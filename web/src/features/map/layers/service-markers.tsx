import L from 'leaflet';
import 'leaflet.markercluster';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { markerClassName, markerZIndexOffset } from '../internal/marker-icon';
import { moveProgrammatically } from '../internal/programmatic-move';
import type { MapService } from '../types';

export type ServiceMarkersProps = {
  services: MapService[];
  activeId: string | null;
  selectedId: string | null;
  onHover: (id: string | null) => void;
  onSelect: (id: string) => void;
};

const SELECT_ZOOM = 16;

function iconFor(state: { active: boolean; selected: boolean; referable?: boolean }): L.DivIcon {
  return L.divIcon({
    className: markerClassName(state),
    html: '<span class="service-marker-pin" aria-hidden="true"></span>',
    iconSize: [28, 28],
    iconAnchor: [14, 26],
    tooltipAnchor: [0, -24],
  });
}

function clusterIcon(cluster: L.MarkerCluster): L.DivIcon {
  const count = cluster.getChildCount();
  const size = count < 10 ? 34 : count < 100 ? 40 : 46;
  return L.divIcon({
    className: 'service-cluster',
    html: `<span>${count}</span>`,
    iconSize: [size, size],
  });
}

/**
 * One clustered marker per service. Hovering or focusing a marker highlights its result;
 * clicking selects it. The highlighted and selected results are mirrored onto the markers
 * (or onto the cluster that holds them).
 */
export function ServiceMarkers({
  services,
  activeId,
  selectedId,
  onHover,
  onSelect,
}: ServiceMarkersProps) {
  const map = useMap();
  const groupRef = useRef<L.MarkerClusterGroup | null>(null);
  const markersRef = useRef(new Map<string, L.Marker>());
  const handlersRef = useRef({ onHover, onSelect });
  handlersRef.current = { onHover, onSelect };
  const appliedRef = useRef<{ active: string | null; selected: string | null }>({
    active: null,
    selected: null,
  });
  const highlightedClusterRef = useRef<HTMLElement | null>(null);

  useEffect(
    function createClusterGroup() {
      const group = L.markerClusterGroup({
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        disableClusteringAtZoom: SELECT_ZOOM,
        maxClusterRadius: 44,
        iconCreateFunction: clusterIcon,
      });
      group.addTo(map);
      groupRef.current = group;
      const markers = markersRef.current;
      return function removeClusterGroup() {
        group.remove();
        groupRef.current = null;
        markers.clear();
      };
    },
    [map],
  );

  useEffect(
    function replaceMarkers() {
      const group = groupRef.current;
      if (!group) return;
      const markers = markersRef.current;
      group.clearLayers();
      markers.clear();
      appliedRef.current = { active: null, selected: null };
      const layers = services.map((service) => {
        const label = service.label ?? service.name;
        const marker = L.marker([service.lat, service.lng], {
          icon: iconFor({ active: false, selected: false, referable: service.referable }),
          title: label,
          alt: label,
          keyboard: true,
        });
        marker.bindTooltip(label, { direction: 'top' });
        marker.on('mouseover focus', () => handlersRef.current.onHover(service.id));
        marker.on('mouseout blur', () => handlersRef.current.onHover(null));
        marker.on('click', () => handlersRef.current.onSelect(service.id));
        markers.set(service.id, marker);
        return marker;
      });
      group.addLayers(layers);
    },
    [services],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: new markers need the highlight again
  useEffect(
    function mirrorHighlight() {
      const group = groupRef.current;
      const markers = markersRef.current;
      const previous = appliedRef.current;
      const touched = new Set([previous.active, previous.selected, activeId, selectedId]);
      for (const id of touched) {
        if (!id) continue;
        const marker = markers.get(id);
        if (!marker) continue;
        const state = { active: id === activeId, selected: id === selectedId };
        // Change classes in place: replacing the icon would drop keyboard focus from it.
        marker.options.icon = iconFor({
          ...state,
          referable: services.find((s) => s.id === id)?.referable,
        });
        const element = marker.getElement();
        if (element) {
          element.classList.toggle('is-active', state.active);
          element.classList.toggle('is-selected', state.selected);
        }
        marker.setZIndexOffset(markerZIndexOffset(state));
      }
      appliedRef.current = { active: activeId, selected: selectedId };

      highlightedClusterRef.current?.classList.remove('is-active');
      highlightedClusterRef.current = null;
      const activeMarker = activeId ? markers.get(activeId) : undefined;
      if (group && activeMarker) {
        const parent = group.getVisibleParent(activeMarker) as L.Marker | null;
        if (parent && parent !== activeMarker) {
          const element = parent.getElement() ?? null;
          element?.classList.add('is-active');
          highlightedClusterRef.current = element;
        }
      }
    },
    [activeId, selectedId, services],
  );

  useEffect(
    function showSelected() {
      const group = groupRef.current;
      const marker = selectedId ? markersRef.current.get(selectedId) : undefined;
      if (!group || !marker) return;
      const latLng = marker.getLatLng();
      const unclustered = group.getVisibleParent(marker) === marker;
      if (!unclustered || !map.getBounds().pad(-0.1).contains(latLng)) {
        moveProgrammatically(map, () => {
          map.setView(latLng, unclustered ? map.getZoom() : Math.max(map.getZoom(), SELECT_ZOOM), {
            animate: false,
          });
        });
      }
      // After a zoom the cluster group adds the marker back a moment later.
      function handleMarkerShown() {
        marker?.openTooltip();
      }
      if (marker.getElement()) handleMarkerShown();
      else marker.once('add', handleMarkerShown);
      return function cancelShowSelected() {
        marker.off('add', handleMarkerShown);
      };
    },
    [map, selectedId],
  );

  return null;
}
