import '../features/referrals/referrals.css';
import { canSeeDashboard, canSeeInbox } from '../features/referrals/internal/actions';
import { ReferralBoard } from '../features/referrals/referral-board';
import { useRequiredUser } from '../features/session/use-required-user';
import { useI18n } from '../lib/i18n';
import { StatusMessage } from '../ui/status-message';

export type ReferralsPageProps = { kind: 'dashboard' | 'inbox'; search: string };

/** `/referrals` (what my organization sent) and `/inbox` (what it received). */
export function ReferralsPage({ kind, search }: ReferralsPageProps) {
  const { t } = useI18n();
  const user = useRequiredUser();
  const dashboard = kind === 'dashboard';
  const allowed = dashboard ? canSeeDashboard(user?.role) : canSeeInbox(user?.role);

  return (
    <div className="referrals-page">
      <h1>{dashboard ? t('referrals.title') : t('inbox.title')}</h1>
      {user && !allowed ? (
        <StatusMessage tone="warning">
          {t('referrals.notAllowed', {
            who: dashboard ? t('referrals.forCoordinators') : t('referrals.forAgencies'),
          })}
        </StatusMessage>
      ) : null}
      {user && allowed ? (
        <>
          <p className="hint">
            {t(dashboard ? 'referrals.intro' : 'inbox.intro', { org: user.organization.name })}
          </p>
          <ReferralBoard
            side={dashboard ? 'referring' : 'receiving'}
            organizationId={user.organization.id}
            path={dashboard ? '/referrals' : '/inbox'}
            search={search}
          />
        </>
      ) : null}
    </div>
  );
}
