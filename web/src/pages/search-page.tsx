import { Component, lazy, type ReactNode, Suspense, useCallback, useMemo, useState } from 'react';
import type { MapOrigin } from '../features/map/types';
import { isPlaceNotFound } from '../features/search/internal/place-error';
import {
  decodeSearchState,
  encodeSearchState,
  isSearchable,
  type SearchState,
} from '../features/search/internal/url-state';
import { ResultsList } from '../features/search/results-list';
import { SearchForm } from '../features/search/search-form';
import {
  type MapPoints,
  noMapPoints,
  useDirectoryPoints,
} from '../features/search/use-directory-points';
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
  const { t, locale } = useI18n();
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
      handleChange({
        ...state,
        postalCode: '',
        place: '',
        near: center,
        nearSource: 'map',
        radiusKm,
      });
    },
    [handleChange, state],
  );

  const searching = isSearchable(state);
  const failed = results.status === 'error';
  const directory = useDirectoryPoints(!searching || failed);
  const points: MapPoints = useMemo(() => {
    // A failed search (an address nothing matches) maps the directory, not the whole country.
    if (!searching || failed) return directory;
    if (results.status !== 'success') return noMapPoints;
    return {
      key: results.pageKey,
      services: results.mapPoints,
      totalCount: results.totalCount,
    };
  }, [
    searching,
    failed,
    directory,
    results.status,
    results.pageKey,
    results.mapPoints,
    results.totalCount,
  ]);
  const origin = results.status === 'success' ? results.origin : null;
  const mapOrigin = useMemo<MapOrigin | null>(
    () =>
      origin
        ? {
            lat: origin.latitude,
            lng: origin.longitude,
            approximate: origin.approximate,
            radiusKm: state.radiusKm,
          }
        : null,
    [origin, state.radiusKm],
  );
  const mapped = points.services.length;
  const mapNote =
    points.key === ''
      ? null
      : searching && !failed
        ? mapped < points.totalCount
          ? t('map.mappedOf', {
              mapped: new Intl.NumberFormat(locale).format(mapped),
              total: new Intl.NumberFormat(locale).format(points.totalCount),
            })
          : null
        : t('map.directory', { count: new Intl.NumberFormat(locale).format(points.totalCount) });
  // Markers of services that take referrals say so in their title.
  const mapServices = useMemo(
    () =>
      points.services.map((service) =>
        service.referable
          ? { ...service, label: t('network.markerReferable', { name: service.name }) }
          : service,
      ),
    [points.services, t],
  );

  return (
    <div className="search-page">
      <h1 className="visually-hidden">{t('search.title')}</h1>
      <SearchForm
        state={state}
        placeNotFound={results.status === 'error' && isPlaceNotFound(results.error)}
        onChange={handleChange}
      />
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
                  origin={mapOrigin}
                  originLabel={
                    origin?.label ? t('map.origin', { place: origin.label }) : t('map.originPoint')
                  }
                  searchKey={points.key}
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
          {showMap && mapNote ? (
            <p className="map-note" role="status">
              {mapNote}
            </p>
          ) : null}
        </section>
      </div>
    </div>
  );
}
