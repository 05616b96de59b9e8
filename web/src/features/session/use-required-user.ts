import { useEffect } from 'react';
import { navigate } from '../../lib/router';
import { type SessionUser, signInPath, useSession } from './session-provider';

/** The signed-in user; sends a signed-out visitor to sign in (and back here afterwards). */
export function useRequiredUser(): SessionUser | undefined {
  const { user } = useSession();
  useEffect(
    function requireSignIn() {
      if (user === null) navigate(signInPath('required'), { replace: true });
    },
    [user],
  );
  return user ?? undefined;
}
