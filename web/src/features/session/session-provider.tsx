import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { MeDocument, type MeQuery, SignInDocument, SignOutDocument } from '../../generated/graphql';
import { onSessionExpired, request, setCsrfToken } from '../../lib/graphql';
import { navigate } from '../../lib/router';

/** The sign-in page's address that brings the person back here afterwards. */
export function signInPath(reason: 'expired' | 'required'): string {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname.startsWith('/sign-in')) return here;
  const next = here;
  return `/sign-in?${new URLSearchParams({ next, reason }).toString()}`;
}

export type SessionUser = NonNullable<MeQuery['me']>['user'];

type SessionValue = {
  /** null: signed out; undefined: still asking the server. */
  user: SessionUser | null | undefined;
  signIn: (email: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);

export type SessionProviderProps = { children: ReactNode };

/** Who is signed in. The CSRF token stays in memory (never in storage). */
export function SessionProvider({ children }: SessionProviderProps) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(function loadSession() {
    let cancelled = false;
    request(MeDocument, {}).then(
      (data) => {
        if (cancelled) return;
        setCsrfToken(data.me?.csrfToken ?? null);
        setUser(data.me?.user ?? null);
      },
      () => {
        if (!cancelled) setUser(null);
      },
    );
    return function cancelLoadSession() {
      cancelled = true;
    };
  }, []);

  useEffect(function watchSessionExpiry() {
    return onSessionExpired(function handleSessionExpired() {
      setCsrfToken(null);
      setUser(null);
      if (!window.location.pathname.startsWith('/sign-in')) {
        navigate(signInPath('expired'), { replace: true });
      }
    });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const data = await request(SignInDocument, { input: { email, password } });
    setCsrfToken(data.signIn.csrfToken);
    setUser(data.signIn.user);
    return data.signIn.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await request(SignOutDocument, {});
    } finally {
      setCsrfToken(null);
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}

/** Coordinators (and their org admins) can refer clients. */
export function canRefer(user: SessionUser | null | undefined): boolean {
  return user?.role === 'COORDINATOR' || user?.role === 'ORG_ADMIN';
}
