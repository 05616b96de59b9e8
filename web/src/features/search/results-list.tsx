import { useEffect, useMemo } from 'react';
import { formatDistance } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { StatusMessage } from '../../ui/status-message';
import { Glossary } from './glossary';
import { isPlaceNotFound, PLACE_ERROR_ID } from './internal/place-error';
import { activeFilterCount, type SearchState, widerRadius } from './internal/url-state';
import { ResultCard, resultElementId } from './result-card';
import type { ServiceSearch } from './use-service-search';

export type ResultsListProps = {
  state: SearchState;
  search: ServiceSearch;
  online: boolean;
  activeId: string | null;
  selectedId: string | null;
  onHover: (id: string | null) => void;
  onSelect: (id: string) => void;
  onChange: (next: SearchState) => void;
};

/** The results, always present beside the map; the way in for keyboard and screen readers. */
export function ResultsList({
  state,
  search,
  online,
  activeId,
  selectedId,
  onHover,
  onSelect,
  onChange,
}: ResultsListProps) {
  const { t, lang, locale } = useI18n();
  // One "now" per result set, so every card agrees.
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed per search
  const now = useMemo(() => new Date(), [search.searchKey, search.edges]);

  useEffect(
    function scrollSelectedIntoView() {
      if (!selectedId) return;
      const element = document.getElementById(resultElementId(selectedId));
      element?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
    [selectedId],
  );

  const wider = widerRadius(state.radiusKm);
  const filters = activeFilterCount(state);

  let body: React.ReactNode = null;
  if (search.status === 'idle') {
    body = <p className="results-hint">{t('search.start')}</p>;
  } else if (search.status === 'loading') {
    body = (
      <p className="results-hint" role="status">
        {t('search.loading')}
      </p>
    );
  } else if (search.status === 'error' && isPlaceNotFound(search.error)) {
    body = (
      <StatusMessage tone="error">
        <span id={PLACE_ERROR_ID}>{t('place.notFound')}</span>
      </StatusMessage>
    );
  } else if (search.status === 'error' && search.error) {
    const offline = !online || search.error.kind === 'network';
    body = (
      <StatusMessage
        tone="error"
        action={
          <button type="button" className="button-secondary" onClick={search.retry}>
            {t('search.retry')}
          </button>
        }
      >
        {offline ? t('search.networkError') : t('search.error', { message: search.error.message })}
      </StatusMessage>
    );
  } else if (search.edges.length === 0) {
    body = (
      <div className="results-empty" role="status">
        <p>
          <strong>{t('search.empty')}</strong>
        </p>
        {search.suggestedNeeds.length > 0 ? (
          <ul className="need-suggestions">
            {search.suggestedNeeds.map((need) => (
              <li key={need.code}>
                <button
                  type="button"
                  className="chip need-suggestion"
                  onClick={() => onChange({ ...state, text: '', categories: [need.code] })}
                >
                  {t('suggest.didYouMean', { need: lang === 'es' ? need.nameEs : need.name })}
                </button>{' '}
                <span className="hint">
                  {need.totalCount === 1
                    ? t('suggest.countOne')
                    : t('suggest.count', {
                        count: new Intl.NumberFormat(locale).format(need.totalCount),
                      })}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <p>{t('search.emptyHint')}</p>
        <div className="results-empty-actions">
          {wider && (state.postalCode || state.place || state.near || search.origin) ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() => onChange({ ...state, radiusKm: wider })}
            >
              {t('search.widen', { distance: formatDistance(wider, locale) })}
            </button>
          ) : null}
          {filters > 0 ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() =>
                onChange({
                  ...state,
                  categories: [],
                  openNow: false,
                  freeOnly: false,
                  notFull: false,
                  eligibleOnly: false,
                  language: '',
                })
              }
            >
              {t('search.removeFilters')}
            </button>
          ) : null}
        </div>
      </div>
    );
  } else {
    body = (
      <>
        <ol className="results-list">
          {search.edges.map((edge) => (
            <ResultCard
              key={edge.node.id}
              edge={edge}
              now={now}
              active={activeId === edge.node.id}
              selected={selectedId === edge.node.id}
              onHover={onHover}
              onSelect={onSelect}
            />
          ))}
        </ol>
        {search.hasNextPage ? (
          <button
            type="button"
            className="button-secondary load-more"
            onClick={search.loadMore}
            disabled={search.loadingMore}
          >
            {search.loadingMore ? t('search.loading') : t('search.loadMore')}
          </button>
        ) : null}
      </>
    );
  }

  const count =
    search.status === 'success'
      ? search.totalCount === 1
        ? t('search.resultCountOne')
        : t('search.resultCount', {
            count: new Intl.NumberFormat(locale).format(search.totalCount),
          })
      : null;

  const origin = search.status === 'success' ? search.origin : null;
  const originLabel =
    origin?.label ??
    (state.nearSource === 'map' ? t('search.originMap') : t('search.originDevice'));
  const originPlace =
    origin?.source === 'CLIENT_ADDRESS'
      ? t('place.fromClient', { place: originLabel })
      : originLabel;

  return (
    <section
      className="results"
      aria-labelledby="results-heading"
      aria-busy={search.status === 'loading'}
    >
      <div className="results-header">
        <h2 id="results-heading" tabIndex={-1}>
          {t('search.results')}
        </h2>
        {count ? (
          <span className="results-count" role="status">
            {count}
          </span>
        ) : null}
      </div>
      <div className="results-subhead">
        {origin ? (
          <p
            className="results-origin"
            title={origin.approximate ? t('place.approximateHint') : undefined}
          >
            {t('search.distancesFrom', { place: originPlace })}
            {origin.approximate ? ` (${t('place.approximate')})` : null}
          </p>
        ) : null}
        <Glossary />
      </div>
      {search.status === 'success' && search.error ? (
        <StatusMessage tone="warning">
          {search.error.kind === 'api'
            ? t('search.error', { message: search.error.message })
            : t('search.networkError')}
        </StatusMessage>
      ) : null}
      {body}
    </section>
  );
}
