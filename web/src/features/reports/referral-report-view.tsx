import { useMemo } from 'react';
import { ReferralReportDocument } from '../../generated/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { categoryNamesOf } from './internal/labels';
import { formatHours, formatPercent } from './internal/report-format';
import { periodOf, type ReportState } from './internal/report-url-state';
import { groupSeries, monthSeries, toPercent } from './internal/series';
import { ClosedLoopChart, MedianTimesChart, OutcomesChart, ReasonsChart } from './report-charts';

export type ReferralReportViewProps = { state: ReportState };

/** Closed-loop figures for the period: summary, by month, rejection reasons, by group. */
export function ReferralReportView({ state }: ReferralReportViewProps) {
  const { t, locale, categoryName } = useI18n();
  const period = useMemo(() => periodOf(state), [state]);
  const query = useQuery(ReferralReportDocument, { input: period });
  const report = query.data?.referralReport;
  const none = t('reports.none');

  const series = useMemo(() => {
    if (!query.data) return null;
    const { referralReport: data, taxonomy } = query.data;
    const names = categoryNamesOf(taxonomy);
    const needLabel = (code: string) =>
      code === 'uncategorized'
        ? t('reports.uncategorized')
        : categoryName(code, names.get(code) ?? code);
    return {
      months: monthSeries(data.byMonth, state.from, state.to),
      reasons: data.rejectionReasons.map((r) => ({
        code: r.code,
        label: t(`reason.${r.code}` as MessageKey),
        count: r.count,
      })),
      byAgency: groupSeries(data.byAgency, (g) => g.label ?? t('reports.unknownAgency')),
      byNeed: groupSeries(data.byNeed, (g) => needLabel(g.key)),
    };
  }, [query.data, state.from, state.to, t, categoryName]);

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
  if (!report || !series) {
    return query.loading ? <p role="status">{t('reports.loading')}</p> : null;
  }
  const totals = report.totals;
  return (
    <div className="report-body" aria-busy={query.loading}>
      <section className="report-summary panel" aria-labelledby="report-summary-title">
        <h2 id="report-summary-title">{t('reports.summary')}</h2>
        <dl className="report-tiles">
          <div>
            <dt>{t('reports.sent')}</dt>
            <dd>{new Intl.NumberFormat(locale).format(totals.sent)}</dd>
          </div>
          <div>
            <dt>{t('reports.closedLoopRate')}</dt>
            <dd>{formatPercent(toPercent(totals.closedLoopRate), locale, none)}</dd>
          </div>
          <div>
            <dt>{t('reports.medianAcceptance')}</dt>
            <dd>{formatHours(totals.medianHoursToAcceptance, locale, none)}</dd>
          </div>
          <div>
            <dt>{t('reports.medianCompletion')}</dt>
            <dd>{formatHours(totals.medianHoursToCompletion, locale, none)}</dd>
          </div>
        </dl>
      </section>
      <div className="report-grid">
        <ClosedLoopChart points={series.months} />
        <MedianTimesChart points={series.months} />
        <ReasonsChart reasons={series.reasons} />
        {state.by === 'agency' ? (
          <OutcomesChart
            title={t('reports.chartByAgency')}
            groupName={t('reports.agency')}
            groups={series.byAgency}
          />
        ) : (
          <OutcomesChart
            title={t('reports.chartByNeed')}
            groupName={t('reports.need')}
            groups={series.byNeed}
          />
        )}
      </div>
    </div>
  );
}
