import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_COORDINATING_ORG_ID,
  DEMO_PASSWORD,
  demoAgencyEmail,
  ensureDemoAccounts,
} from '../../server/domain/accounts/demo-accounts.ts';
import { createSession } from '../../server/domain/accounts/sessions.ts';
import { findUserByEmail } from '../../server/domain/accounts/users.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { signedInAs, TEST_PASSWORD } from '../support/actors.ts';
import { post, signInWithCookie } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { csrfToken user { email } } }
`;
const ME = /* GraphQL */ `query { me { user { id email role } csrfToken } }`;
const SIGN_OUT = /* GraphQL */ `mutation { signOut }`;
const CHANGE_PASSWORD = /* GraphQL */ `
  mutation Change($input: ChangePasswordInput!) {
    changePassword(input: $input) { csrfToken user { id } }
  }
`;
const CREATE_API_TOKEN = /* GraphQL */ `
  mutation Token($input: CreateApiTokenInput) { createApiToken(input: $input) { token expiresAt } }
`;
const CREATE_ORG = /* GraphQL */ `
  mutation Org($input: CreateNetworkOrganizationInput!) {
    createNetworkOrganization(input: $input) { id name kinds }
  }
`;
const CREATE_USER = /* GraphQL */ `
  mutation User($input: CreateUserInput!) {
    createUser(input: $input) { id email role organization { id } }
  }
`;
const WRONG = 'That email and password do not match an account.';

const email = () => `person-${randomUUID().slice(0, 8)}@example.org`;

async function makeUser(server: TestServer, address: string) {
  return signedInAs(server, 'coordinator', { email: address });
}

async function attempt(server: TestServer, address: string, password: string, ip?: string) {
  const headers: Record<string, string> = ip ? { 'x-forwarded-for': ip } : {};
  return (
    await post(
      server,
      { query: SIGN_IN, variables: { input: { email: address, password } } },
      headers,
    )
  ).body;
}

describe('accounts over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs in with a cookie and a CSRF token, and says who is signed in', async () => {
    const address = email();
    await makeUser(server, address);
    const browser = await signInWithCookie(server, address, TEST_PASSWORD);
    expect(browser.cookie).toMatch(/^wf_session=/);
    const me = await browser.gql<{ me: { user: { email: string }; csrfToken: string } }>(ME);
    expect(me.data?.me.user.email).toBe(address);
    expect(me.data?.me.csrfToken).toBe(browser.csrfToken);
  });

  it('refuses a wrong password with one message for every failure', async () => {
    const address = email();
    await makeUser(server, address);
    const wrong = await attempt(server, address, 'not the password at all');
    expect(wrong.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    expect(wrong.errors?.[0]?.message).toBe(WRONG);
    const unknown = await attempt(server, email(), 'not the password at all');
    expect(unknown.errors?.[0]?.message).toBe(WRONG);
  });

  it('refuses a cookie-authenticated mutation without the CSRF header', async () => {
    const address = email();
    await makeUser(server, address);
    const browser = await signInWithCookie(server, address, TEST_PASSWORD);
    const res = await browser.gql(SIGN_OUT, {}, { csrf: false });
    expect(res.errors?.[0]?.extensions?.code).toBe('CSRF_TOKEN_MISSING');
    expect(res.errors?.[0]?.message).toBe(
      'This request is missing its security token. Reload the page and try again.',
    );
    // Still signed in: the refused mutation did nothing.
    const me = await browser.gql<{ me: { user: { email: string } } | null }>(ME);
    expect(me.data?.me?.user.email).toBe(address);
  });

  it('signs out: the cookie stops working', async () => {
    const address = email();
    await makeUser(server, address);
    const browser = await signInWithCookie(server, address, TEST_PASSWORD);
    const out = await browser.gql<{ signOut: boolean }>(SIGN_OUT);
    expect(out.data?.signOut).toBe(true);
    const me = await browser.gql<{ me: unknown }>(ME);
    expect(me.data?.me).toBeNull();
    const again = await browser.gql(SIGN_OUT);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
  });

  it('never puts a bearer token in the sign-in answer: the session is the HttpOnly cookie', async () => {
    const address = email();
    await makeUser(server, address);
    const { body, setCookies } = await post(server, {
      query: SIGN_IN,
      variables: { input: { email: address, password: TEST_PASSWORD } },
    });
    const cookie = setCookies.find((c) => c.startsWith('wf_session=')) ?? '';
    expect(cookie).toContain('HttpOnly');
    const sessionToken = decodeURIComponent(cookie.split(';')[0]?.split('=')[1] ?? '');
    expect(sessionToken.length).toBeGreaterThan(20);
    expect(JSON.stringify(body)).not.toContain(sessionToken);
    const asked = await post(server, {
      query: 'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
      variables: { input: { email: address, password: TEST_PASSWORD } },
    });
    expect(asked.body.errors?.[0]?.message).toBe(
      'Cannot query field "token" on type "SessionInfo".',
    );
  });

  it('issues a bearer token only when asked, as a session of its own', async () => {
    const address = email();
    await makeUser(server, address);
    const browser = await signInWithCookie(server, address, TEST_PASSWORD);
    expect(
      (await browser.gql(CREATE_API_TOKEN, {}, { csrf: false })).errors?.[0]?.extensions?.code,
    ).toBe('CSRF_TOKEN_MISSING');
    expect((await server.gql(CREATE_API_TOKEN)).errors?.[0]?.extensions?.code).toBe(
      'NOT_SIGNED_IN',
    );
    const tooLong = await browser.gql(CREATE_API_TOKEN, { input: { hoursValid: 1000 } });
    expect(tooLong.errors?.[0]?.message).toBe('hoursValid: Choose between 0.1 and 12 hours.');
    const issued = await browser.gql<{ createApiToken: { token: string; expiresAt: string } }>(
      CREATE_API_TOKEN,
      { input: { hoursValid: 2 } },
    );
    expect(issued.errors).toBeUndefined();
    const token = issued.data?.createApiToken.token ?? '';
    const bearer = { authorization: `Bearer ${token}` };
    const me = await post<{ me: { user: { email: string } } }>(server, { query: ME }, bearer);
    expect(me.body.data?.me.user.email).toBe(address);
    // Signing the browser out leaves the integration's token; signing out with it ends it.
    await browser.gql(SIGN_OUT);
    expect((await post<{ me: unknown }>(server, { query: ME }, bearer)).body.data?.me).toBeTruthy();
    await post(server, { query: SIGN_OUT }, bearer);
    expect((await post<{ me: unknown }>(server, { query: ME }, bearer)).body.data?.me).toBeNull();
  });

  it('changes the password, ending every other session', async () => {
    const address = email();
    const actor = await makeUser(server, address);
    const browser = await signInWithCookie(server, address, TEST_PASSWORD);

    const wrong = await browser.gql(CHANGE_PASSWORD, {
      input: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(wrong.errors?.[0]?.message).toBe(
      'currentPassword: The current password is not correct.',
    );
    const short = await browser.gql(CHANGE_PASSWORD, {
      input: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(short.errors?.[0]?.message).toBe(
      'newPassword: Password must be at least 12 characters.',
    );

    const changed = await post<{ changePassword: { csrfToken: string } }>(
      server,
      {
        query: CHANGE_PASSWORD,
        variables: {
          input: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
        },
      },
      { cookie: browser.cookie, 'x-csrf-token': browser.csrfToken },
    );
    expect(changed.body.errors).toBeUndefined();
    const freshCookie = changed.setCookies.find((c) => c.startsWith('wf_session='))?.split(';')[0];
    if (!freshCookie) throw new Error('no session');

    // The other session (bearer) and this browser's old cookie are both over.
    expect((await actor.gql<{ me: unknown }>(ME)).data?.me).toBeNull();
    expect((await browser.gql<{ me: unknown }>(ME)).data?.me).toBeNull();
    // The new session works.
    const me = await post<{ me: { user: { email: string } } }>(
      server,
      { query: ME },
      { cookie: freshCookie },
    );
    expect(me.body.data?.me.user.email).toBe(address);
    // Only the new password signs in.
    expect((await attempt(server, address, TEST_PASSWORD)).errors?.[0]?.message).toBe(WRONG);
    await expect(signInWithCookie(server, address, 'a brand new passphrase')).resolves.toBeTruthy();
  });

  it('changes the password once when two sessions change it at once', async () => {
    // FerretDB v1 lets concurrent conditional writes both match now and then: several rounds.
    for (let round = 0; round < 6; round++) {
      const actor = await makeUser(server, email());
      const { token } = await createSession(server.runtime.deps, actor.user, {
        ttlHours: 1,
        ip: null,
      });
      const passwords = ['a brand new passphrase', 'another new passphrase'];
      const results = await Promise.all(
        [actor.token, token].map(async (bearer, i) => {
          const input = { currentPassword: TEST_PASSWORD, newPassword: passwords[i] };
          const res = await post(
            server,
            { query: CHANGE_PASSWORD, variables: { input } },
            { authorization: `Bearer ${bearer}` },
          );
          return res.body;
        }),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      const lost = results.find((r) => r.errors);
      expect(lost?.errors?.[0]).toMatchObject({
        message: 'Your password was just changed in another session. Sign in with the new one.',
        extensions: { code: 'CONFLICT' },
      });
    }
  });

  it('throttles guesses at the current password like sign-in attempts', async () => {
    const address = email();
    const actor = await makeUser(server, address);
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        actor.gql(CHANGE_PASSWORD, {
          input: { currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' },
        }),
      ),
    );
    const codes = guesses.map((g) => g.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'INVALID_INPUT')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(3);
  });

  it('needs a signed-in user to change a password', async () => {
    const res = await server.gql(CHANGE_PASSWORD, {
      input: { currentPassword: 'x', newPassword: 'a brand new passphrase' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
  });
});

describe('sign-in rate limiting', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('locks an email after 5 failures, even for the right password', async () => {
    const address = email();
    await makeUser(server, address);
    for (let i = 0; i < 5; i++) {
      const res = await attempt(server, address, `wrong password ${i}`);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    }
    const limited = await attempt(server, address, TEST_PASSWORD);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.message).toMatch(
      /^Too many sign-in attempts\. Try again in (1 minute|([2-9]|1[0-5]) minutes)\.$/,
    );
    expect(limited.data?.signIn ?? null).toBeNull();
    // Another account is not affected.
    const other = email();
    await makeUser(server, other);
    await expect(signInWithCookie(server, other, TEST_PASSWORD)).resolves.toBeTruthy();
  });

  it('a successful sign-in clears the email’s failures', async () => {
    const address = email();
    await makeUser(server, address);
    for (let i = 0; i < 4; i++) await attempt(server, address, `wrong password ${i}`);
    await signInWithCookie(server, address, TEST_PASSWORD);
    for (let i = 0; i < 4; i++) await attempt(server, address, `wrong password ${i}`);
    await expect(signInWithCookie(server, address, TEST_PASSWORD)).resolves.toBeTruthy();
  });

  it('locks an address after 30 failures across many emails', async () => {
    const ip = '203.0.113.7';
    const headers = { 'x-forwarded-for': ip };
    // This server trusts a loopback proxy, which the test client is, so the header sets the IP.
    for (let i = 0; i < 30; i++) {
      const res = await attempt(server, email(), 'wrong password', ip);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    }
    const address = email();
    await makeUser(server, address);
    const limited = await post(
      server,
      {
        query: SIGN_IN,
        variables: { input: { email: address, password: TEST_PASSWORD } },
      },
      headers,
    );
    expect(limited.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // The same account from another address is fine.
    await expect(signInWithCookie(server, address, TEST_PASSWORD)).resolves.toBeTruthy();
  });
});

describe('network administration', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('network admins add organizations; others may not', async () => {
    const admin = await signedInAs(server, 'network_admin');
    const created = await admin.gql<{ createNetworkOrganization: { id: string; kinds: string[] } }>(
      CREATE_ORG,
      { input: { name: 'Northside Navigators', kinds: ['COORDINATING'] } },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createNetworkOrganization.kinds).toEqual(['coordinating']);

    const unlisted = await admin.gql(CREATE_ORG, {
      input: { name: 'Ghost', kinds: ['AGENCY'], directoryOrganizationId: randomUUID() },
    });
    expect(unlisted.errors?.[0]?.message).toBe(
      'directoryOrganizationId: No organization in the directory has this id.',
    );
    const noKinds = await admin.gql(CREATE_ORG, { input: { name: 'Nothing', kinds: [] } });
    expect(noKinds.errors?.[0]?.message).toBe('kinds: Choose coordinating, agency, or both.');

    const coordinator = await signedInAs(server, 'coordinator');
    const refused = await coordinator.gql(CREATE_ORG, {
      input: { name: 'Sneaky', kinds: ['AGENCY'] },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(
      (await server.gql(CREATE_ORG, { input: { name: 'x', kinds: ['AGENCY'] } })).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_SIGNED_IN');
  });

  it('org admins add people to their own organization only, never network admins', async () => {
    const orgAdmin = await signedInAs(server, 'org_admin');
    const organizationId = orgAdmin.user.organizationId;
    const input = (overrides: Record<string, unknown>) => ({
      input: {
        email: email(),
        name: 'New Coordinator',
        organizationId,
        role: 'COORDINATOR',
        password: TEST_PASSWORD,
        ...overrides,
      },
    });
    const ok = await orgAdmin.gql<{ createUser: { role: string; organization: { id: string } } }>(
      CREATE_USER,
      input({}),
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.createUser).toMatchObject({
      role: 'COORDINATOR',
      organization: { id: organizationId },
    });

    const elsewhere = await signedInAs(server, 'coordinator');
    const otherOrg = await orgAdmin.gql(
      CREATE_USER,
      input({ organizationId: elsewhere.user.organizationId }),
    );
    expect(otherOrg.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(otherOrg.errors?.[0]?.message).toBe(
      'Organization admins can only add people to their own organization.',
    );
    const escalate = await orgAdmin.gql(CREATE_USER, input({ role: 'NETWORK_ADMIN' }));
    expect(escalate.errors?.[0]?.message).toBe('Only network admins can create network admins.');

    const coordinator = await signedInAs(server, 'coordinator', { organizationId });
    const byCoordinator = await coordinator.gql(CREATE_USER, input({}));
    expect(byCoordinator.errors?.[0]?.message).toBe(
      'Only organization and network admins can add people.',
    );

    const networkAdmin = await signedInAs(server, 'network_admin');
    const anywhere = await networkAdmin.gql(
      CREATE_USER,
      input({ role: 'NETWORK_ADMIN', organizationId: elsewhere.user.organizationId }),
    );
    expect(anywhere.errors).toBeUndefined();
    const duplicate = await networkAdmin.gql(CREATE_USER, input({ email: orgAdmin.user.email }));
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('demo accounts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates the demo network idempotently from the directory', async () => {
    const pantryOrg = buildOrganization({ name: 'Pantry Org' });
    const shelterOrg = buildOrganization({ name: 'Shelter Org' });
    const place = buildLocation({ organization_id: pantryOrg.id });
    const pantry = buildService(pantryOrg, { categories: ['food'] });
    const shelter = buildService(shelterOrg, { categories: ['housing'] });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [pantryOrg, shelterOrg],
        locations: [place],
        services: [pantry, shelter],
        serviceAtLocations: [link(pantry, place), link(shelter, place)],
      }),
    );
    const first = await ensureDemoAccounts(server.runtime.deps);
    const second = await ensureDemoAccounts(server.runtime.deps);
    expect(second).toEqual(first);
    expect(first.map((a) => [a.email, a.role, a.organizationId])).toEqual([
      ['coordinator@demo.wayfinder.test', 'coordinator', DEMO_COORDINATING_ORG_ID],
      ['org-admin@demo.wayfinder.test', 'org_admin', DEMO_COORDINATING_ORG_ID],
      ['network-admin@demo.wayfinder.test', 'network_admin', 'demo-wayfinder-network-office'],
      ['food-agency@demo.wayfinder.test', 'agency_staff', pantryOrg.id],
      ['housing-agency@demo.wayfinder.test', 'agency_staff', shelterOrg.id],
    ]);
    // Every third organization by id joins as well, under an address named for it; here the
    // first of the two is already the food agency, so nobody else joins.
    expect(demoAgencyEmail('Thornton Safe Haven', new Set())).toBe(
      'thornton-safe-haven@demo.wayfinder.test',
    );
    expect(
      demoAgencyEmail('Thornton Safe Haven', new Set(['thornton-safe-haven@demo.wayfinder.test'])),
    ).toBe('thornton-safe-haven-2@demo.wayfinder.test');
    const coordinator = await findUserByEmail(
      server.runtime.deps,
      'coordinator@demo.wayfinder.test',
    );
    expect(coordinator?.role).toBe('coordinator');
    const browser = await signInWithCookie(
      server,
      'food-agency@demo.wayfinder.test',
      DEMO_PASSWORD,
    );
    expect(browser.userId).toBeTruthy();
  });
});
