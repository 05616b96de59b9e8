import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { resolveSession } from '../domain/accounts/sessions.ts';
import type { DomainDeps } from '../domain/deps.ts';
import type { GraphQLContext } from './context.ts';

export const SESSION_COOKIE = 'wf_session';

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * Builds the per-request context: authenticates a bearer token (API clients) or the session
 * cookie (the browser), and notes whether the CSRF header matches the cookie's session.
 */
export async function createRequestContext(
  deps: DomainDeps,
  req: Request,
  res: Response,
  options: { secureCookies: boolean },
): Promise<GraphQLContext> {
  const requestId = randomUUID();
  const ip = req.ip ?? req.socket.remoteAddress ?? null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
  const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
  const token = bearer ?? cookie;
  const resolved = token ? await resolveSession(deps, token, ip) : null;
  const authVia = resolved ? (bearer ? 'bearer' : 'cookie') : null;
  const csrfHeader = req.headers['x-csrf-token'];
  return {
    deps,
    requestId,
    ip,
    logger: deps.logger.child({ requestId, actorId: resolved?.actor.userId }),
    actor: resolved?.actor ?? null,
    authVia,
    csrfValid:
      authVia === 'bearer' || (resolved !== null && csrfHeader === resolved.session.csrfToken),
    csrfToken: resolved?.session.csrfToken ?? null,
    sessionId: resolved?.session.id ?? null,
    setSessionCookie: (value, maxAgeSeconds) => {
      const attributes = [
        `${SESSION_COOKIE}=${value ? encodeURIComponent(value) : ''}`,
        'Path=/',
        'HttpOnly',
        'SameSite=Strict',
        `Max-Age=${value ? Math.floor(maxAgeSeconds) : 0}`,
        ...(options.secureCookies ? ['Secure'] : []),
      ];
      res.append('Set-Cookie', attributes.join('; '));
    },
  };
}
