import { useSession } from '../features/session/session-provider';
import { SignInForm } from '../features/session/sign-in-form';
import { useI18n } from '../lib/i18n';
import { Link, navigate } from '../lib/router';

export type SignInPageProps = { search: string };

export function SignInPage({ search }: SignInPageProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const next = new URLSearchParams(search).get('next');
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
          <p className="hint">{t('session.intro')}</p>
          <SignInForm onSignedIn={handleSignedIn} />
        </>
      )}
    </div>
  );
}
