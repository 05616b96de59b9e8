import { type FormEvent, useId, useState } from 'react';
import { GraphQLRequestError } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { StatusMessage } from '../../ui/status-message';
import { useSession } from './session-provider';

export type SignInFormProps = { onSignedIn: () => void };

export function SignInForm({ onSignedIn }: SignInFormProps) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      onSignedIn();
    } catch (failure) {
      setError(
        failure instanceof GraphQLRequestError && failure.kind === 'api'
          ? failure.message
          : t('search.networkError'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="sign-in-form" onSubmit={handleSubmit} noValidate>
      {error ? <StatusMessage tone="error">{error}</StatusMessage> : null}
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('session.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('session.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('session.signingIn') : t('session.signIn')}
      </button>
    </form>
  );
}
