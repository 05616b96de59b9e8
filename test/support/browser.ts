import type { GraphQLResponse, TestServer } from './test-server.ts';

const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { csrfToken user { id email role } }
  }
`;

export type BrowserSession = {
  cookie: string;
  csrfToken: string;
  userId: string;
  /** POSTs as the browser would: with the session cookie, and the CSRF header unless `csrf: false`. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { csrf?: boolean },
  ): Promise<GraphQLResponse<T>>;
};

/** POSTs one GraphQL operation with the given headers; returns the body and the Set-Cookie values. */
export async function post<T = Record<string, unknown>>(
  server: TestServer,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<{ body: GraphQLResponse<T>; setCookies: string[] }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    body: (await response.json()) as GraphQLResponse<T>,
    setCookies: response.headers.getSetCookie(),
  };
}

/** A cookie session made from a Set-Cookie header and its CSRF token. */
export function browserSession(
  server: TestServer,
  parts: { cookie: string; csrfToken: string; userId: string },
): BrowserSession {
  return {
    ...parts,
    gql: async (query, variables, options) => {
      const headers: Record<string, string> = { cookie: parts.cookie };
      if (options?.csrf !== false) headers['x-csrf-token'] = parts.csrfToken;
      return (await post<never>(server, { query, variables }, headers)).body;
    },
  };
}

/** Signs in through the signIn mutation, as the web app does, and keeps the session cookie. */
export async function signInWithCookie(
  server: TestServer,
  email: string,
  password: string,
): Promise<BrowserSession> {
  const { body, setCookies } = await post<{
    signIn: { csrfToken: string; user: { id: string } };
  }>(server, { query: SIGN_IN, variables: { input: { email, password } } });
  const signedIn = body.data?.signIn;
  const cookie = setCookies.find((c) => c.startsWith('wf_session='))?.split(';')[0];
  if (!signedIn || !cookie) throw new Error(`sign-in failed: ${JSON.stringify(body.errors)}`);
  return browserSession(server, {
    cookie,
    csrfToken: signedIn.csrfToken,
    userId: signedIn.user.id,
  });
}
