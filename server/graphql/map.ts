import { findPlaceLabels, type PlaceLabel } from '../domain/geo/place-labels.ts';
import { builder } from './builder.ts';

type MapSettings = { tileUrl: string | null; tileAttribution: string | null };

const MapSettingsRef = builder.objectRef<MapSettings>('MapSettings').implement({
  description: 'How the web app draws its map: this deployment’s tile server, if it has one.',
  fields: (t) => ({
    tileUrl: t.exposeString('tileUrl', {
      nullable: true,
      description:
        'Raster tile URL template ({z}/{x}/{y}) from MAP_TILE_URL; null: draw the offline ' +
        'outline map with mapPlaces for names.',
    }),
    tileAttribution: t.exposeString('tileAttribution', {
      nullable: true,
      description: 'The credit to show with those tiles; null without tiles.',
    }),
  }),
});

builder.queryField('mapSettings', (t) =>
  t.field({
    type: MapSettingsRef,
    description: 'The map’s tile server and its credit.',
    resolve: (_root, _args, ctx) => ({
      tileUrl: ctx.deps.settings.mapTileUrl,
      tileAttribution: ctx.deps.settings.mapTileUrl ? ctx.deps.settings.mapTileAttribution : null,
    }),
  }),
);

const MapPlaceKindEnum = builder.enumType('MapPlaceKind', {
  values: ['CITY', 'POSTAL_CODE'] as const,
});

const MapPlaceRef = builder.objectRef<PlaceLabel>('MapPlace').implement({
  description: 'A place name for the offline map: a city, or a ZIP code at street zoom.',
  fields: (t) => ({
    kind: t.field({ type: MapPlaceKindEnum, resolve: (p) => p.kind }),
    name: t.exposeString('name'),
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
    rank: t.exposeInt('rank', {
      description: 'Larger is more prominent (a city’s number of ZIP codes); 0 for a ZIP code.',
    }),
  }),
});

const MapPlacesInput = builder.inputType('MapPlacesInput', {
  description: 'The visible part of the map, in WGS 84 degrees, and its zoom level.',
  fields: (t) => ({
    south: t.float({ required: true }),
    west: t.float({ required: true }),
    north: t.float({ required: true }),
    east: t.float({ required: true }),
    zoom: t.int({ required: true }),
  }),
});

builder.queryField('mapPlaces', (t) =>
  t.field({
    type: [MapPlaceRef],
    description:
      'City and ZIP code names inside a view, most prominent first and bounded in number, from ' +
      'the bundled ZIP table: the offline map’s labels. Empty below zoom 6.',
    args: { input: t.arg({ type: MapPlacesInput, required: true }) },
    resolve: (_root, args) => findPlaceLabels(args.input),
  }),
);
