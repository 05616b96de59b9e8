import { CircleMarker, Tooltip } from 'react-leaflet';
import { areaRadius } from '../internal/area-radius';
import type { MapArea } from '../types';

export type AreaCirclesProps = { areas: MapArea[] };

/** One circle per area, sized by its count, labelled in a tooltip; biggest drawn first. */
export function AreaCircles({ areas }: AreaCirclesProps) {
  const maxCount = Math.max(0, ...areas.map((area) => area.count));
  const ordered = [...areas].sort((a, b) => b.count - a.count);
  return (
    <>
      {ordered.map((area) => (
        <CircleMarker
          key={area.id}
          center={[area.lat, area.lng]}
          radius={areaRadius(area.count, maxCount)}
          pathOptions={{
            className: 'area-circle',
            color: '#7a2e12',
            weight: 1.5,
            fillColor: '#c05800',
            fillOpacity: 0.45,
          }}
        >
          <Tooltip direction="top">{area.label}</Tooltip>
        </CircleMarker>
      ))}
    </>
  );
}
