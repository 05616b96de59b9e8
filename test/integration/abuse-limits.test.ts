import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, TEST_PASSWORD } from '../support/actors.ts';
import { post } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { csrfToken } }
`;

function aliasedSearches(count: number, first: number): string {
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `s${i}: searchServices(input: { text: "food", first: ${first} }) { edges { node { id name } } }`,
  );
  return `{ ${fields.join(' ')} }`;
}

describe('query cost and aliases', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses 600 aliased searches before running any', async () => {
    const res = await server.gql(aliasedSearches(600, 100));
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.message).toBe(
      'This request uses more than 30 aliases. Split it into smaller requests.',
    );
  });

  it('counts page sizes: a few large pages cost more than the limit, small ones do not', async () => {
    // Each search costs 1 + 100 × 4: 25 of them pass the limit of 10,000.
    const big = await server.gql(aliasedSearches(25, 100));
    expect(big.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(big.errors?.[0]?.message).toBe(
      'This request asks for too much at once (cost 10025, limit 10000). Ask for fewer items ' +
        'or fields per request.',
    );
    const small = await server.gql(aliasedSearches(25, 10));
    expect(small.errors).toBeUndefined();
    expect(Object.keys(small.data ?? {})).toHaveLength(25);
  });

  it('counts a page size given in a variable', async () => {
    const query = /* GraphQL */ `
      query Many($input: SearchServicesInput!) {
        ${Array.from({ length: 25 }, (_, i) => `s${i}: searchServices(input: $input) { edges { node { id name } } }`).join(' ')}
      }
    `;
    const big = await server.gql(query, { input: { text: 'food', first: 100 } });
    expect(big.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const small = await server.gql(query, { input: { text: 'food', first: 5 } });
    expect(small.errors).toBeUndefined();
  });
});

describe('the GraphQL rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRAPHQL_RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('limits an anonymous address, and a signed-in user apart from it', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = results.find((r) => r.status === 429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited?.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');

    // A signed-in user is counted by user, not by the address everyone here shares.
    const coordinator = await signedInAs(server, 'coordinator');
    const mine = await Promise.all(
      Array.from({ length: 6 }, () => coordinator.gql('{ me { user { id } } }')),
    );
    expect(mine.filter((r) => r.errors === undefined)).toHaveLength(5);
    expect(mine.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toHaveLength(1);
  });
});

describe('sign-in throttling under parallel attempts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  const attempt = (email: string, password: string, ip: string) =>
    post(
      server,
      { query: SIGN_IN, variables: { input: { email, password } } },
      { 'x-forwarded-for': ip },
    );

  it('lets only 5 of 25 parallel wrong passwords for one account be tried', async () => {
    const address = `parallel-${randomUUID().slice(0, 8)}@example.org`;
    await signedInAs(server, 'coordinator', { email: address });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt(address, `wrong ${i}`, `198.51.100.${i + 1}`)),
    );
    const codes = results.map((r) => r.body.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'NOT_SIGNED_IN')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(20);
    const right = await attempt(address, TEST_PASSWORD, '198.51.100.200');
    expect(right.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('lets only 30 of 40 parallel attempts from one address be tried', async () => {
    const ip = '203.0.113.77';
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attempt(`spray-${i}-${randomUUID().slice(0, 6)}@example.org`, 'wrong password', ip),
      ),
    );
    const codes = results.map((r) => r.body.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'NOT_SIGNED_IN')).toHaveLength(30);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
  });
});
