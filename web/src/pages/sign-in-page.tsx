import { useSession } from '../features/session/session-provider';
import { SignInForm } from '../features/session/sign-in-form';
import { useI18n } from '../lib/i18n';
import { Link, navigate } from '../lib/router';
import { StatusMessage } from '../ui/status-message';

export type SignInPageProps = { search: string };

export function SignInPage({ search }: SignInPageProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const params = new URLSearchParams(search);
  const next = params.get('next');
  const reason = params.get('reason');
  const destination = next?.startsWith('/') && !next.startsWith('//') ? next : '/';

  function handleSignedIn() {
    navigate(destination, { replace: true });
  }

  return (
    <div className="narrow-page">
      <h1>{t('session.title')}</h1>
      {user ? (
        <p>
          {t('session.already', { name: user.name, org: user.organization.name })}{' '}
          <Link to="/">{t('app.backToSearch')}</Link>
        </p>
      ) : (
        <>
          {reason === 'expired' ? (
            <StatusMessage tone="warning">{t('session.expired')}</StatusMessage>
          ) : reason === 'required' ? (
            <StatusMessage tone="info">{t('session.required')}</StatusMessage>
          ) : null}
          <p className="hint">{t('session.intro')}</p>
          <SignInForm onSignedIn={handleSignedIn} />
        </>
      )}
    </div>
  );
}
