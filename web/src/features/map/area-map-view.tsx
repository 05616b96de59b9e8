import 'leaflet/dist/leaflet.css';
import './map.css';
import { MapContainer } from 'react-leaflet';
import { useI18n } from '../../lib/i18n';
import { AreaCircles } from './layers/area-circles';
import { BasemapLayer } from './layers/basemap-layer';
import { FitToAreas } from './layers/fit-to-areas';
import { ResizeWatcher } from './layers/resize-watcher';
import type { MapArea } from './types';
import { useMapSettings } from './use-map-settings';

export type AreaMapViewProps = {
  areas: MapArea[];
  /** Changes with the data shown, so the view fits to new data once. */
  dataKey: string;
};

const INITIAL_CENTER: [number, number] = [39.5, -98.35];
const INITIAL_ZOOM = 4;

/** A map of counts by area (circles) over the same basemap as the search map. */
export function AreaMapView({ areas, dataKey }: AreaMapViewProps) {
  const { t } = useI18n();
  const settings = useMapSettings();
  return (
    <MapContainer
      className="map-view"
      center={INITIAL_CENTER}
      zoom={INITIAL_ZOOM}
      minZoom={3}
      maxZoom={14}
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
      <AreaCircles areas={areas} />
      <FitToAreas areas={areas} fitKey={dataKey} />
    </MapContainer>
  );
}
