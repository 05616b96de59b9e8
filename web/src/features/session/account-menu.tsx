import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useSession } from './session-provider';

/** The header's "signed in as … / sign out", or a sign-in link. */
export function AccountMenu() {
  const { t } = useI18n();
  const { user, signOut } = useSession();
  const [busy, setBusy] = useState(false);

  async function handleSignOut() {
    setBusy(true);
    try {
      await signOut();
    } finally {
      setBusy(false);
    }
  }

  if (user === undefined) return <span className="account-menu" />;
  if (user === null) {
    return (
      <span className="account-menu">
        <Link to="/sign-in" className="header-link">
          {t('session.signIn')}
        </Link>
      </span>
    );
  }
  return (
    <span className="account-menu">
      <span className="account-name">{t('session.signedInAs', { name: user.name })}</span>
      <button type="button" className="button-link" onClick={handleSignOut} disabled={busy}>
        {t('session.signOut')}
      </button>
    </span>
  );
}
