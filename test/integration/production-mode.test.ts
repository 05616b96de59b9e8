import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/domain/accounts/sessions.ts';
import { saveUser } from '../../server/domain/accounts/users.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { signedInAs, TEST_PASSWORD } from '../support/actors.ts';
import { post } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { csrfToken } }
`;
const ME = /* GraphQL */ `query { me { user { email } } }`;

describe('production mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        NODE_ENV: 'production',
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        HMAC_KEY: randomBytes(32).toString('base64'),
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sets a Secure, HttpOnly, SameSite=Strict cookie and sends HSTS', async () => {
    const address = `prod-${randomUUID().slice(0, 8)}@example.org`;
    await signedInAs(server, 'coordinator', { email: address });
    const { body, setCookies } = await post(server, {
      query: SIGN_IN,
      variables: { input: { email: address, password: TEST_PASSWORD } },
    });
    expect(body.errors).toBeUndefined();
    const cookie = setCookies.find((c) => c.startsWith('wf_session=')) ?? '';
    expect(cookie.split('; ')).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/']),
    );
    const res = await fetch(server.url.replace(/\/graphql$/, '/'));
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('does not answer introspection', async () => {
    const res = await server.gql('{ __schema { queryType { name } } }');
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('answers bad requests without internals', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    const text = await res.text();
    expect(text).not.toMatch(/originalError|SyntaxError|stack|node_modules/);
    const page = await fetch(server.url.replace(/\/graphql$/, '/lists/%E0%A4%A.pdf'));
    expect(await page.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'This request is not valid.' },
    });
  });
});

describe('sessions end', () => {
  let server: TestServer;
  let nowMs = Date.parse('2026-11-24T17:00:00Z');
  const clock: Clock = { now: () => new Date(nowMs) };
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const me = (token: string) =>
    post<{ me: { user: { email: string } } | null }>(
      server,
      { query: ME },
      { authorization: `Bearer ${token}` },
    );

  it('at their expiry', async () => {
    const actor = await signedInAs(server, 'coordinator');
    const { token } = await createSession(server.runtime.deps, actor.user, {
      ttlHours: 0.5,
      ip: null,
    });
    expect((await me(token)).body.data?.me?.user.email).toBe(actor.user.email);
    nowMs += 31 * 60_000;
    expect((await me(token)).body.data?.me).toBeNull();
  });

  it('when the user is disabled', async () => {
    const actor = await signedInAs(server, 'coordinator');
    expect((await me(actor.token)).body.data?.me?.user.email).toBe(actor.user.email);
    await saveUser(server.runtime.deps, { ...actor.user, disabled: true });
    expect((await me(actor.token)).body.data?.me).toBeNull();
    const again = await post(server, {
      query: SIGN_IN,
      variables: { input: { email: actor.user.email, password: TEST_PASSWORD } },
    });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
  });
});
