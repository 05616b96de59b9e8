import { useEffect, useState } from 'react';
import { MapSettingsDocument } from '../../generated/graphql';
import { request } from '../../lib/graphql';

/** The deployment's tile server (MAP_TILE_URL); null tileUrl: the offline outline map. */
export type MapSettings = { tileUrl: string | null; tileAttribution: string | null };

const OUTLINE_ONLY: MapSettings = { tileUrl: null, tileAttribution: null };

// Asked once per page load: it changes only when the server is reconfigured.
let settings: Promise<MapSettings> | null = null;

function loadMapSettings(): Promise<MapSettings> {
  settings ??= request(MapSettingsDocument, {}).then(
    (data) => data.mapSettings,
    // Unreachable server: the outlines need no network.
    () => OUTLINE_ONLY,
  );
  return settings;
}

/** The map settings, or null while they load. */
export function useMapSettings(): MapSettings | null {
  const [value, setValue] = useState<MapSettings | null>(null);
  useEffect(function loadSettings() {
    let cancelled = false;
    loadMapSettings().then((loaded) => {
      if (!cancelled) setValue(loaded);
    });
    return function cancelLoadSettings() {
      cancelled = true;
    };
  }, []);
  return value;
}
