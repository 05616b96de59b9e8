import type { FeatureCollection, Geometry, MultiLineString } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type StateOutlines = { land: FeatureCollection<Geometry>; borders: MultiLineString };

/** US states (land and borders) from us-atlas, loaded only when the offline basemap is needed. */
export async function loadStateOutlines(): Promise<StateOutlines> {
  const [{ feature, mesh }, atlas] = await Promise.all([
    import('topojson-client'),
    import('us-atlas/states-10m.json'),
  ]);
  const topology = atlas.default as unknown as Topology<{
    states: GeometryCollection;
    nation: GeometryCollection;
  }>;
  const land = feature(topology, topology.objects.nation) as FeatureCollection<Geometry>;
  const borders = mesh(topology, topology.objects.states, (a, b) => a !== b);
  return { land, borders };
}

/** County borders, for when the map is zoomed in to a metro area. */
export async function loadCountyBorders(): Promise<MultiLineString> {
  const [{ mesh }, atlas] = await Promise.all([
    import('topojson-client'),
    import('us-atlas/counties-10m.json'),
  ]);
  const topology = atlas.default as unknown as Topology<{ counties: GeometryCollection }>;
  return mesh(topology, topology.objects.counties, (a, b) => a !== b);
}
