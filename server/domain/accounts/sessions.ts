import { createHash, randomBytes } from 'node:crypto';
import type { DomainDeps } from '../deps.ts';
import type { Actor } from './actor.ts';
import { cachedSession, forgetSession, rememberSession } from './session-cache.ts';
import { getUser, type User } from './users.ts';

export type Session = {
  /** sha256 of the token: the token itself is never stored. */
  id: string;
  userId: string;
  /** Sent back with every cookie-authenticated mutation (x-csrf-token header). */
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  ip: string | null;
  /** The user's session generation when it started (see User.sessionGeneration). */
  generation: number;
};

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Starts a session for a user; returns the bearer token (shown once) and the session. */
export async function createSession(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  user: User,
  options: { ttlHours: number; ip: string | null },
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const session: Session = {
    id: tokenId(token),
    userId: user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + options.ttlHours * 3_600_000),
    ip: options.ip,
    generation: user.sessionGeneration,
  };
  const { id, ...rest } = session;
  await deps.db.models.Session.collection.insertOne({ _id: id as never, ...rest });
  return { token, session };
}

/** Resolves a token to its actor and session; null when unknown, expired or the user is disabled. */
export async function resolveSession(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  token: string,
  ip: string | null,
): Promise<{ actor: Actor; session: Session; user: User } | null> {
  if (!token || token.length > 200) return null;
  const id = tokenId(token);
  const cached = cachedSession<{ session: Session; user: User }>(deps.db, id);
  if (cached) {
    if (cached.session.expiresAt.getTime() <= deps.clock.now().getTime()) return null;
    return { ...cached, actor: actorOf(cached.user, id, ip) };
  }
  const doc = await deps.db.models.Session.collection.findOne({ _id: id as never });
  if (!doc) return null;
  const session: Session = {
    id,
    userId: String(doc.userId),
    csrfToken: String(doc.csrfToken),
    createdAt: new Date(doc.createdAt),
    expiresAt: new Date(doc.expiresAt),
    ip: doc.ip ?? null,
    generation: Number(doc.generation ?? 0),
  };
  if (session.expiresAt.getTime() <= deps.clock.now().getTime()) return null;
  const user = await getUser(deps, session.userId);
  if (!user || user.disabled || session.generation !== user.sessionGeneration) return null;
  rememberSession(deps.db, id, user.id, { session, user });
  return { session, user, actor: actorOf(user, id, ip) };
}

/**
 * Whether a session is still good right now, read from the database (never this process's
 * cache), so a sign-out, password change or disabled account on any instance counts at once:
 * false when it is gone, expired, or its user is disabled or has moved to a new generation.
 */
export async function isSessionCurrent(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  sessionId: string,
): Promise<boolean> {
  const doc = await deps.db.models.Session.collection.findOne({ _id: sessionId as never });
  if (!doc || new Date(doc.expiresAt).getTime() <= deps.clock.now().getTime()) return false;
  const user = await getUser(deps, String(doc.userId));
  return !!user && !user.disabled && user.sessionGeneration === Number(doc.generation ?? 0);
}

function actorOf(user: User, sessionId: string, ip: string | null): Actor {
  return { userId: user.id, organizationId: user.organizationId, role: user.role, sessionId, ip };
}

/** Ends a session (sign-out). */
export async function revokeSession(
  deps: Pick<DomainDeps, 'db'>,
  sessionId: string,
): Promise<void> {
  forgetSession(deps.db, sessionId);
  await deps.db.models.Session.collection.deleteOne({ _id: sessionId as never });
}
