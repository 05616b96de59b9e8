import { Component, lazy, type ReactNode, Suspense, useCallback, useMemo, useState } from 'react';
import type { MapService } from '../features/map/types';
import {
  decodeSearchState,
  encodeSearchState,
  type SearchState,
} from '../features/search/internal/url-state';
import { ResultsList } from '../features/search/results-list';
import { SearchForm } from '../features/search/search-form';
import { useServiceSearch } from '../features/search/use-service-search';
import { useI18n } from '../lib/i18n';
import { navigate } from '../lib/router';
import { useMediaQuery } from '../lib/use-media-query';
import { useOnline } from '../lib/use-online';

/** Phones and narrow windows: the list comes first and the map opens on request. */
const NARROW = '(max-width: 719px)';

const MapView = lazy(() =>
  import('../features/map/map-view').then((module) => ({ default: module.MapView })),
);

type MapBoundaryProps = { fallback: ReactNode; children: ReactNode };

/** If the map code cannot load (offline on first visit), the list still works. */
class MapBoundary extends Component<MapBoundaryProps, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export type SearchPageProps = { search: string };

export function SearchPage({ search }: SearchPageProps) {
  const { t } = useI18n();
  const online = useOnline();
  const state = useMemo(() => decodeSearchState(search), [search]);
  const results = useServiceSearch(state);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const narrow = useMediaQuery(NARROW);
  const [mapOpen, setMapOpen] = useState(false);
  const showMap = !narrow || mapOpen;

  const handleChange = useCallback((next: SearchState) => {
    setSelectedId(null);
    navigate(`/${encodeSearchState(next)}`);
  }, []);

  const handleSearchArea = useCallback(
    (center: { lat: number; lng: number }, radiusKm: number) => {
      handleChange({ ...state, postalCode: '', near: center, nearSource: 'map', radiusKm });
    },
    [handleChange, state],
  );

  const mapServices = useMemo<MapService[]>(() => {
    const points: MapService[] = [];
    for (const edge of results.edges) {
      const location = edge.node.locations.find((l) => l.latitude !== null && l.longitude !== null);
      if (location?.latitude == null || location.longitude == null) continue;
      points.push({
        id: edge.node.id,
        name: edge.node.name,
        lat: location.latitude,
        lng: location.longitude,
        referable: edge.node.acceptsReferrals,
        label: edge.node.acceptsReferrals
          ? t('network.markerReferable', { name: edge.node.name })
          : edge.node.name,
      });
    }
    return points;
  }, [results.edges, t]);

  return (
    <div className="search-page">
      <h1 className="visually-hidden">{t('search.title')}</h1>
      <SearchForm state={state} onChange={handleChange} />
      {narrow ? (
        <button
          type="button"
          className="button-secondary map-toggle"
          aria-expanded={mapOpen}
          aria-controls="search-map"
          onClick={() => setMapOpen((open) => !open)}
        >
          {mapOpen ? t('search.hideMap') : t('search.showMap')}
        </button>
      ) : null}
      <div className="search-body">
        <ResultsList
          state={state}
          search={results}
          online={online}
          activeId={activeId}
          selectedId={selectedId}
          onHover={setActiveId}
          onSelect={setSelectedId}
          onChange={handleChange}
        />
        <section
          id="search-map"
          className="map-panel"
          aria-label={t('search.map')}
          hidden={!showMap}
        >
          {showMap ? (
            <MapBoundary fallback={<p className="map-message">{t('search.mapFailed')}</p>}>
              <Suspense fallback={<p className="map-message">{t('search.mapLoading')}</p>}>
                <MapView
                  services={mapServices}
                  searchKey={results.searchKey}
                  fitToResults={state.nearSource !== 'map'}
                  activeId={activeId}
                  selectedId={selectedId}
                  searchAreaLabel={t('search.searchArea')}
                  onHover={setActiveId}
                  onSelect={setSelectedId}
                  onSearchArea={handleSearchArea}
                />
              </Suspense>
            </MapBoundary>
          ) : null}
        </section>
      </div>
    </div>
  );
}
