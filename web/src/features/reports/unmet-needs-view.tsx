import { lazy, Suspense, useMemo } from 'react';
import type { MapArea } from '../../features/map/types';
import { UnmetNeedsDocument } from '../../generated/graphql';
import { useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { LoadBoundary } from '../../ui/load-boundary';
import { StatusMessage } from '../../ui/status-message';
import { DataTable } from './chart-figure';
import { categoryNamesOf } from './internal/labels';
import { periodOf, type ReportState } from './internal/report-url-state';
import { unmetByCategory } from './internal/series';

const AreaMapView = lazy(() =>
  import('../map/area-map-view').then((module) => ({ default: module.AreaMapView })),
);

export type UnmetNeedsViewProps = { state: ReportState };

/** Searches that met no need in the period: a map by area and tables by area and category. */
export function UnmetNeedsView({ state }: UnmetNeedsViewProps) {
  const { t, locale, categoryName } = useI18n();
  const period = useMemo(() => periodOf(state), [state]);
  const query = useQuery(UnmetNeedsDocument, { input: period });
  const number = useMemo(() => new Intl.NumberFormat(locale), [locale]);

  const view = useMemo(() => {
    if (!query.data) return null;
    const { unmetNeeds, taxonomy } = query.data;
    const names = categoryNamesOf(taxonomy);
    const needLabel = (code: string) =>
      code === 'uncategorized'
        ? t('reports.uncategorized')
        : categoryName(code, names.get(code) ?? code);
    const areaLabel = (area: string | null) =>
      area ? t('unmet.areaName', { area }) : t('unmet.unknownArea');
    const mapAreas: MapArea[] = [];
    for (const area of unmetNeeds.byArea) {
      if (area.area === null || area.latitude === null || area.longitude === null) continue;
      mapAreas.push({
        id: area.area,
        lat: area.latitude,
        lng: area.longitude,
        count: area.count,
        label: `${areaLabel(area.area)}: ${number.format(area.count)} · ${area.categories
          .slice(0, 3)
          .map((c) => needLabel(c.category))
          .join(', ')}`,
      });
    }
    return {
      total: unmetNeeds.total,
      mapAreas,
      areas: unmetNeeds.byArea.map((area) => ({
        key: area.area ?? '',
        cells: [
          areaLabel(area.area),
          area.count,
          area.noResults,
          area.noneEligible,
          area.categories
            .slice(0, 3)
            .map((c) => `${needLabel(c.category)} (${number.format(c.count)})`)
            .join(', '),
        ],
      })),
      categories: unmetByCategory(unmetNeeds.rows).map((row) => ({
        key: row.category,
        cells: [
          needLabel(row.category),
          row.count,
          row.noResults,
          row.noneEligible,
          row.areas
            .slice(0, 3)
            .map((area) => t('unmet.areaName', { area }))
            .join(', '),
        ],
      })),
    };
  }, [query.data, t, categoryName, number]);

  if (query.error) {
    return (
      <StatusMessage
        tone="error"
        action={
          <button type="button" className="button-secondary" onClick={query.retry}>
            {t('reports.retry')}
          </button>
        }
      >
        {t('reports.error', { message: query.error.message })}
      </StatusMessage>
    );
  }
  if (!view) return query.loading ? <p role="status">{t('reports.loading')}</p> : null;

  const counts = [t('unmet.searches'), t('unmet.noResults'), t('unmet.noneEligible')];
  return (
    <div className="report-body" aria-busy={query.loading}>
      <section className="report-summary panel" aria-labelledby="unmet-summary-title">
        <h2 id="unmet-summary-title" className="visually-hidden">
          {t('reports.summary')}
        </h2>
        <dl className="report-tiles">
          <div>
            <dt>{t('unmet.total')}</dt>
            <dd>{number.format(view.total)}</dd>
          </div>
        </dl>
      </section>
      {view.total === 0 ? (
        <p className="report-empty panel">{t('unmet.empty')}</p>
      ) : (
        <div className="unmet-layout">
          <section className="panel unmet-map" aria-labelledby="unmet-map-title">
            <h2 id="unmet-map-title">{t('unmet.map')}</h2>
            <p className="hint">
              {view.mapAreas.length > 0 ? t('unmet.mapHint') : t('unmet.mapNoAreas')}
            </p>
            {view.mapAreas.length > 0 ? (
              <div className="unmet-map-box">
                <LoadBoundary fallback={<p className="map-message">{t('search.mapFailed')}</p>}>
                  <Suspense fallback={<p className="map-message">{t('search.mapLoading')}</p>}>
                    <AreaMapView
                      areas={view.mapAreas}
                      dataKey={`${state.from}|${state.to}|${view.total}`}
                    />
                  </Suspense>
                </LoadBoundary>
              </div>
            ) : null}
            <div className="report-table-scroll">
              <DataTable
                caption={t('unmet.byArea')}
                columns={[t('unmet.area'), ...counts, t('unmet.topNeeds')]}
                rows={view.areas}
                textColumns={[4]}
              />
            </div>
          </section>
          <section className="panel" aria-labelledby="unmet-category-title">
            <h2 id="unmet-category-title">{t('unmet.byCategory')}</h2>
            <div className="report-table-scroll">
              <DataTable
                caption={t('unmet.byCategory')}
                columns={[t('reports.need'), ...counts, t('unmet.topAreas')]}
                rows={view.categories}
                textColumns={[4]}
              />
            </div>
          </section>
        </div>
      )}
    </div>
  );
}
