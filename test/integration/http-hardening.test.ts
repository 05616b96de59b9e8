import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { csrfToken } }
`;

function preflight(server: TestServer, origin: string) {
  return fetch(server.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-csrf-token',
    },
  });
}

const base = (server: TestServer) => server.url.replace(/\/graphql$/, '');

describe('the HTTP edge (defaults)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      development: true,
      env: { SIGN_IN_MAX_PER_ADDRESS: '3' },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets no other origin in: a preflight gets no CORS grant', async () => {
    const res = await preflight(server, 'https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
    const simple = await fetch(server.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers on the web app and the API', async () => {
    for (const res of [
      await fetch(`${base(server)}/`),
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }),
    ]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      // Plain HTTP outside production: no HSTS.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('answers a malformed URL with a JSON error and no stack', async () => {
    const res = await fetch(`${base(server)}/lists/%E0%A4%A.pdf`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'BAD_REQUEST', message: 'This request is not valid.' },
    });
    expect(text).not.toMatch(/at |node_modules|\/work\//);
  });

  it('answers invalid JSON to /graphql without the parser’s error, even in development', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ __typename }"',
    });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(text).not.toContain('originalError');
    expect(text).not.toContain('SyntaxError');
    expect(text).not.toMatch(/\bat \S+ \(|node_modules/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await fetch(`${base(server)}/no/such/thing`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' },
    });
  });

  it('trusts no proxy by default: X-Forwarded-For does not escape the per-address limit', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(
        server,
        {
          query: SIGN_IN,
          variables: { input: { email: `xff-${randomUUID()}@example.org`, password: 'wrong' } },
        },
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
      );
      codes.push(res.body.errors?.[0]?.extensions?.code);
    }
    expect(codes).toEqual(['NOT_SIGNED_IN', 'NOT_SIGNED_IN', 'NOT_SIGNED_IN', 'RATE_LIMITED']);
  });
});

describe('the HTTP edge (configured)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        CORS_ORIGINS: 'https://partner.example.org',
        MAP_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('grants CORS to a configured origin only', async () => {
    const partner = await preflight(server, 'https://partner.example.org');
    expect(partner.headers.get('access-control-allow-origin')).toBe('https://partner.example.org');
    expect(partner.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight(server, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows images from the configured tile server', async () => {
    const res = await fetch(`${base(server)}/`);
    expect(res.headers.get('content-security-policy')).toContain(
      "img-src 'self' data: blob: https://*.tiles.example.org",
    );
  });
});
