import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import './map.css';
import { MapContainer } from 'react-leaflet';
import { useI18n } from '../../lib/i18n';
import type { LatLng } from './internal/geo';
import { BasemapLayer } from './layers/basemap-layer';
import { FitToResults } from './layers/fit-to-results';
import { OriginMarker } from './layers/origin-marker';
import { ResizeWatcher } from './layers/resize-watcher';
import { SearchAreaControl } from './layers/search-area-control';
import { ServiceMarkers } from './layers/service-markers';
import type { MapOrigin, MapService } from './types';
import { useMapSettings } from './use-map-settings';

export type MapViewProps = {
  /** Every match of the search (not just the loaded page), or the whole directory. */
  services: MapService[];
  /** Where distances start, marked on the map; null when the search gave no place. */
  origin: MapOrigin | null;
  /** What the origin marker says. */
  originLabel: string;
  /** Changes with every new set of services: the view fits to it once. */
  searchKey: string;
  /** Fit the view to each new search's results (off after "search this area"). */
  fitToResults: boolean;
  activeId: string | null;
  selectedId: string | null;
  searchAreaLabel: string;
  onHover: (id: string | null) => void;
  onSelect: (id: string) => void;
  onSearchArea: (center: LatLng, radiusKm: number) => void;
};

/** The contiguous US, only until the first services arrive (they come with the map). */
const INITIAL_CENTER: [number, number] = [39.5, -98.35];
const INITIAL_ZOOM = 4;

/** The one owner of the Leaflet map; everything on it is a layer in ./layers. */
export function MapView({
  services,
  origin,
  originLabel,
  searchKey,
  fitToResults,
  activeId,
  selectedId,
  searchAreaLabel,
  onHover,
  onSelect,
  onSearchArea,
}: MapViewProps) {
  const { t } = useI18n();
  const settings = useMapSettings();
  return (
    <MapContainer
      className="map-view"
      center={INITIAL_CENTER}
      zoom={INITIAL_ZOOM}
      minZoom={3}
      maxZoom={18}
      zoomControl
      keyboard
      worldCopyJump={false}
    >
      <ResizeWatcher />
      {settings ? (
        <BasemapLayer
          tileUrl={settings.tileUrl}
          tileAttribution={settings.tileAttribution}
          outlineAttribution={t('map.outlineAttribution')}
        />
      ) : null}
      <OriginMarker origin={origin} label={originLabel} />
      <ServiceMarkers
        services={services}
        activeId={activeId}
        selectedId={selectedId}
        onHover={onHover}
        onSelect={onSelect}
      />
      {fitToResults ? (
        <FitToResults services={services} origin={origin} fitKey={searchKey} />
      ) : null}
      <SearchAreaControl label={searchAreaLabel} resetKey={searchKey} onSearchArea={onSearchArea} />
    </MapContainer>
  );
}
