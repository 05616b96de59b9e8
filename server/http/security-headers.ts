import type { Request, RequestHandler } from 'express';

/**
 * The origin images may come from for a tile URL template such as
 * https://{s}.tile.example.org/{z}/{x}/{y}.png: its scheme and host, with a `{s}` subdomain as
 * a wildcard. Null when there is no template or it is not a URL.
 */
export function tileImageSource(template: string | undefined): string | null {
  const match = /^(https?):\/\/([^/?#]+)/.exec(template ?? '');
  if (!match) return null;
  const host = match[2]?.replace(/\{s\}/g, '*') ?? '';
  if (!/^(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(host)) return null;
  return `${match[1]}://${host}`;
}

/** The Content-Security-Policy of the web app and the API. */
export function contentSecurityPolicy(mapTileUrl: string | undefined): string {
  const tiles = tileImageSource(mapTileUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Leaflet positions tiles and markers with inline styles.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Security headers on every response. Routes with stricter needs (the confirmation page) set
 * their own CSP over this one. `skipCsp` leaves the CSP off a request (GraphiQL in development
 * loads its scripts from a CDN).
 */
export function securityHeaders(options: {
  mapTileUrl: string | undefined;
  hsts: boolean;
  skipCsp?: (req: Request) => boolean;
}): RequestHandler {
  const csp = contentSecurityPolicy(options.mapTileUrl);
  return (req, res, next) => {
    if (!options.skipCsp?.(req)) res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (options.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
