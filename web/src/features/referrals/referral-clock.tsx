import type { ReferralsQuery } from '../../generated/graphql';
import { formatDuration } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { formatInstant } from './internal/timeline';

type Node = ReferralsQuery['referrals']['edges'][number]['node'];

export type ReferralClockProps = {
  referral: Pick<Node, 'id' | 'status' | 'sentAt' | 'respondBy' | 'overdue'>;
  now: Date;
};

/** A board row's clock: when the agency must answer and how long it has waited, or "resume". */
export function ReferralClock({ referral, now }: ReferralClockProps) {
  const { t, locale } = useI18n();
  if (referral.status === 'DRAFT') {
    return (
      <p className="referral-clock">
        <span>{t('board.notSent')}</span>{' '}
        <Link to={`/referrals/${encodeURIComponent(referral.id)}`} className="button-link">
          {t('board.resume')}
        </Link>
      </p>
    );
  }
  if (!referral.sentAt) return null;
  const waited = formatDuration(new Date(referral.sentAt), now, locale);
  return (
    <p className={referral.overdue ? 'referral-clock is-overdue' : 'referral-clock'}>
      {referral.respondBy ? (
        <span>
          {t(referral.overdue ? 'board.overdueSince' : 'board.respondBy', {
            time: formatInstant(referral.respondBy, locale),
          })}
        </span>
      ) : null}
      <span>
        {referral.status === 'SENT'
          ? t('board.waited', { duration: waited })
          : t('board.sentAgo', { duration: waited })}
      </span>
    </p>
  );
}
