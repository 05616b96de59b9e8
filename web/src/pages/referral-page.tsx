import '../features/appointments/appointments.css';
import '../features/referrals/referrals.css';
import { useRef } from 'react';
import { sidesFor } from '../features/referrals/internal/actions';
import { ReferralDetail } from '../features/referrals/referral-detail';
import {
  POLL_FALLBACK_MS,
  POLL_LIVE_MS,
  useReferralEvents,
} from '../features/referrals/use-referral-events';
import { useRequiredUser } from '../features/session/use-required-user';
import { ReferralDocument } from '../generated/graphql';
import { useI18n } from '../lib/i18n';
import { Link } from '../lib/router';
import { useLiveQuery } from '../lib/use-live-query';
import { StatusMessage } from '../ui/status-message';

export type ReferralPageProps = { id: string };

export function ReferralPage({ id }: ReferralPageProps) {
  const { t } = useI18n();
  const user = useRequiredUser();
  const refresh = useRef<() => void>(() => {});
  const live = useReferralEvents(Boolean(user), (change) => {
    if (!change || change.referral.id === id) refresh.current();
  });
  const query = useLiveQuery(
    ReferralDocument,
    { id },
    { skip: !user, intervalMs: live ? POLL_LIVE_MS : POLL_FALLBACK_MS },
  );
  refresh.current = query.refresh;
  const referral = query.data?.referral;
  const sides = user && referral ? sidesFor(user, referral) : [];
  const toInbox = sides.length > 0 ? !sides.includes('referring') : user?.role === 'AGENCY_STAFF';

  return (
    <div className="referral-page">
      <p className="back-link">
        {toInbox ? (
          <Link to="/inbox">← {t('referral.backInbox')}</Link>
        ) : (
          <Link to="/referrals">← {t('referral.back')}</Link>
        )}
      </p>
      {query.loading ? <p role="status">{t('referral.loading')}</p> : null}
      {query.error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={query.refresh}>
              {t('search.retry')}
            </button>
          }
        >
          {query.error.kind === 'api' ? query.error.message : t('search.networkError')}
        </StatusMessage>
      ) : null}
      {referral && user ? (
        <ReferralDetail referral={referral} viewer={user} onChanged={query.refresh} />
      ) : null}
    </div>
  );
}
