import type { Actor } from '../domain/accounts/actor.ts';
import type { DomainDeps } from '../domain/deps.ts';
import type { Logger } from '../logger.ts';

/** Per-request context: the domain's dependencies, who is asking, and a request logger. */
export type GraphQLContext = {
  deps: DomainDeps;
  logger: Logger;
  requestId: string;
  /** The signed-in user, or null. */
  actor: Actor | null;
  /** How the request authenticated: a session cookie needs a CSRF token on mutations. */
  authVia: 'cookie' | 'bearer' | null;
  /** Whether the request carried the session's CSRF token. */
  csrfValid: boolean;
  /** The session's CSRF token, to hand to the signed-in browser. */
  csrfToken: string | null;
  /** The raw token of the session, for sign-out. */
  sessionId: string | null;
  ip: string | null;
  /** Sets or clears the session cookie on the response. */
  setSessionCookie(token: string | null, maxAgeSeconds: number): void;
};

/** The context once `signedIn` has passed: the actor is known. */
export type SignedInContext = GraphQLContext & { actor: Actor };
