import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../graphql/request-context.ts';

const STATUS: Record<string, number> = { NOT_SIGNED_IN: 401, NOT_ALLOWED: 403, NOT_FOUND: 404 };

/** The session token of a plain HTTP request: a bearer token, else the session cookie. */
export function sessionToken(req: Request): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** Answers a plain HTTP request with a UserError's code and sentence (never cached). */
export function failRequest(res: Response, code: string, message: string): void {
  res
    .status(STATUS[code] ?? 400)
    .setHeader('cache-control', 'no-store')
    .json({ error: { code, message } });
}
