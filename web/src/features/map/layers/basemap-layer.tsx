import L from 'leaflet';
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import { loadCountyBorders, loadStateOutlines } from '../internal/atlas';
import { PlaceLabels } from './place-labels';

export type BasemapLayerProps = {
  /** Tile URL template (MAP_TILE_URL); null draws the offline outlines only. */
  tileUrl: string | null;
  tileAttribution: string | null;
  /** The credit of the offline map, which also says it is an outline map. */
  outlineAttribution: string;
};
const BASEMAP_PANE = 'wayfinder-basemap';
const COUNTY_ZOOM = 7;

/** Needed after the first few tile errors with no tile loaded to call the tiles unreachable. */
export const TILE_FAILURES_BEFORE_OFFLINE = 3;

/**
 * Tiles when configured and reachable; otherwise state and county outlines drawn from us-atlas
 * with city and ZIP code names, so the map is never a blank box (no internet, blocked tile
 * server, no MAP_TILE_URL).
 */
export function BasemapLayer({ tileUrl, tileAttribution, outlineAttribution }: BasemapLayerProps) {
  const map = useMap();
  const [offline, setOffline] = useState(!tileUrl);

  useEffect(
    function addTileLayer() {
      if (!tileUrl) {
        setOffline(true);
        return;
      }
      setOffline(false);
      let loaded = 0;
      let failed = 0;
      const layer = L.tileLayer(tileUrl, {
        attribution: tileAttribution ?? undefined,
        maxZoom: 19,
      });
      layer.on('tileload', function handleTileLoad() {
        loaded += 1;
        if (loaded === 1) {
          layer.setOpacity(1);
          setOffline(false);
        }
      });
      layer.on('tileerror', function handleTileError() {
        failed += 1;
        if (loaded === 0 && failed >= TILE_FAILURES_BEFORE_OFFLINE) {
          layer.setOpacity(0);
          setOffline(true);
        }
      });
      layer.addTo(map);
      return function removeTileLayer() {
        layer.remove();
      };
    },
    [map, tileUrl, tileAttribution],
  );

  useEffect(
    function addOfflineOutlines() {
      if (!offline) return;
      let cancelled = false;
      const pane = map.getPane(BASEMAP_PANE) ?? map.createPane(BASEMAP_PANE);
      pane.style.zIndex = '150';
      pane.style.pointerEvents = 'none';
      map.getContainer().classList.add('has-offline-basemap');
      map.attributionControl?.addAttribution(outlineAttribution);
      const group = L.layerGroup().addTo(map);
      let countiesRequested = false;

      loadStateOutlines().then(
        ({ land, borders }) => {
          if (cancelled) return;
          L.geoJSON(land, {
            pane: BASEMAP_PANE,
            interactive: false,
            style: { color: '#9fb0c0', weight: 1, fillColor: '#f6f4ee', fillOpacity: 1 },
          }).addTo(group);
          L.geoJSON(borders, {
            pane: BASEMAP_PANE,
            interactive: false,
            style: { color: '#7d8fa1', weight: 1.4, fill: false },
          }).addTo(group);
        },
        () => {
          // The outlines are decoration; the results list has everything.
        },
      );

      function handleZoomEnd() {
        if (countiesRequested || map.getZoom() < COUNTY_ZOOM) return;
        countiesRequested = true;
        loadCountyBorders().then(
          (counties) => {
            if (cancelled) return;
            L.geoJSON(counties, {
              pane: BASEMAP_PANE,
              interactive: false,
              style: { color: '#b8c4d0', weight: 1, dashArray: '4 3', fill: false },
            }).addTo(group);
          },
          () => {},
        );
      }
      map.on('zoomend', handleZoomEnd);
      handleZoomEnd();

      return function removeOfflineOutlines() {
        cancelled = true;
        map.off('zoomend', handleZoomEnd);
        group.remove();
        map.attributionControl?.removeAttribution(outlineAttribution);
        map.getContainer().classList.remove('has-offline-basemap');
      };
    },
    [map, offline, outlineAttribution],
  );

  return offline ? <PlaceLabels /> : null;
}
