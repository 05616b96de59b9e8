import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import './map.css';
import { MapContainer } from 'react-leaflet';
import { config } from '../../lib/config';
import type { LatLng } from './internal/geo';
import { BasemapLayer } from './layers/basemap-layer';
import { FitToResults } from './layers/fit-to-results';
import { ResizeWatcher } from './layers/resize-watcher';
import { SearchAreaControl } from './layers/search-area-control';
import { ServiceMarkers } from './layers/service-markers';
import type { MapService } from './types';

export type MapViewProps = {
  services: MapService[];
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

/** The contiguous US, before the first results arrive. */
const INITIAL_CENTER: [number, number] = [39.5, -98.35];
const INITIAL_ZOOM = 4;

/** The one owner of the Leaflet map; everything on it is a layer in ./layers. */
export function MapView({
  services,
  searchKey,
  fitToResults,
  activeId,
  selectedId,
  searchAreaLabel,
  onHover,
  onSelect,
  onSearchArea,
}: MapViewProps) {
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
      <BasemapLayer tileUrl={config.VITE_TILE_URL} tileAttribution={config.VITE_TILE_ATTRIBUTION} />
      <ServiceMarkers
        services={services}
        activeId={activeId}
        selectedId={selectedId}
        onHover={onHover}
        onSelect={onSelect}
      />
      {fitToResults ? <FitToResults services={services} fitKey={searchKey} /> : null}
      <SearchAreaControl label={searchAreaLabel} resetKey={searchKey} onSearchArea={onSearchArea} />
    </MapContainer>
  );
}
