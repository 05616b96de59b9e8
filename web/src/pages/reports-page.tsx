import '../features/reports/reports.css';
import { useCallback, useMemo } from 'react';
import '../features/feedback/feedback.css';
import { AgencyFeedbackList, FeedbackFigures } from '../features/feedback/feedback-figures';
import { formatDay } from '../features/reports/internal/report-format';
import {
  decodeReportState,
  encodeReportState,
  periodOf,
  type ReportState,
  type ReportView,
} from '../features/reports/internal/report-url-state';
import { ReferralReportView } from '../features/reports/referral-report-view';
import { ReportControls } from '../features/reports/report-controls';
import { UnmetNeedsView } from '../features/reports/unmet-needs-view';
import { useRequiredUser } from '../features/session/use-required-user';
import { useI18n } from '../lib/i18n';
import { Link, navigate } from '../lib/router';
import { StatusMessage } from '../ui/status-message';

export type ReportsPageProps = { search: string };

/**
 * `/reports`: how referrals fared (everyone signed in, on their own organization; network admins
 * on the whole network) and, for network admins, unmet needs by area and category.
 */
export function ReportsPage({ search }: ReportsPageProps) {
  const { t, locale } = useI18n();
  const user = useRequiredUser();
  const today = useMemo(() => new Date(), []);
  const state = useMemo(() => decodeReportState(search, today), [search, today]);
  const networkAdmin = user?.role === 'NETWORK_ADMIN';
  const view: ReportView = networkAdmin ? state.view : 'referrals';
  const hrefOf = useCallback(
    (next: ReportState) => `/reports${encodeReportState(next, today)}`,
    [today],
  );
  const handleChange = useCallback((next: ReportState) => navigate(hrefOf(next)), [hrefOf]);

  const period = { from: formatDay(state.from, locale), to: formatDay(state.to, locale) };
  let intro = t('reports.unmetIntro', period);
  if (view === 'referrals') {
    intro = networkAdmin
      ? t('reports.introNetwork', period)
      : t('reports.introOrg', { ...period, org: user?.organization.name ?? '' });
  }

  return (
    <div className="reports-page">
      <h1>{t('reports.title')}</h1>
      {user ? (
        <>
          {networkAdmin ? (
            <nav className="report-views" aria-label={t('reports.views')}>
              {(['referrals', 'unmet'] as ReportView[]).map((option) => (
                <Link
                  key={option}
                  to={hrefOf({ ...state, view: option })}
                  className="report-view-link"
                  aria-current={option === view ? 'page' : undefined}
                >
                  {t(option === 'referrals' ? 'reports.viewReferrals' : 'reports.viewUnmet')}
                </Link>
              ))}
            </nav>
          ) : null}
          {!networkAdmin && state.view === 'unmet' ? (
            <StatusMessage tone="warning">{t('reports.unmetNotAllowed')}</StatusMessage>
          ) : null}
          <ReportControls
            state={state}
            showGrouping={view === 'referrals'}
            onChange={handleChange}
          />
          <p className="hint">{intro}</p>
          {view === 'referrals' ? (
            <>
              <ReferralReportView state={state} />
              <FeedbackFigures period={periodOf(state)} />
              {user.role === 'AGENCY_STAFF' || user.role === 'ORG_ADMIN' ? (
                <AgencyFeedbackList />
              ) : null}
            </>
          ) : (
            <UnmetNeedsView state={state} />
          )}
        </>
      ) : null}
    </div>
  );
}
