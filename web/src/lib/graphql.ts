import type { TypedDocument } from '../generated/graphql';
import { config } from './config';

/** An error a person can read: the API's first error message, or a network problem. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'api' | 'network' | 'http',
    readonly code?: string,
    /** Field-level problems (`extensions.issues`), by input path such as `schedules.0.closesAt`. */
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

type GraphQLResponse<T> = {
  data?: T | null;
  errors?: Array<{
    message: string;
    extensions?: { code?: string; issues?: Array<{ path: string; message: string }> };
  }>;
};

let csrfToken: string | null = null;

/** Kept in memory only; set from `signIn` or `me`, cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type ExpiryListener = () => void;
const expiryListeners = new Set<ExpiryListener>();

/** Called when the API says the session is gone (NOT_SIGNED_IN); returns an unsubscribe. */
export function onSessionExpired(listener: ExpiryListener): () => void {
  expiryListeners.add(listener);
  return function offSessionExpired() {
    expiryListeners.delete(listener);
  };
}

function isSignIn(document: string): boolean {
  return /^\s*mutation\s+SignIn\b/.test(document);
}

function isMutation(document: string): boolean {
  return /^\s*mutation\b/.test(document);
}

/**
 * POSTs a typed document to the API with the session cookie, adding `x-csrf-token` to mutations.
 * Resolves with `data`, or rejects with a GraphQLRequestError carrying `errors[0].message`.
 */
export async function request<Result, Variables>(
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  options: { signal?: AbortSignal } = {},
): Promise<Result> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (isMutation(document) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(config.VITE_GRAPHQL_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ query: document, variables }),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new GraphQLRequestError('network', 'network');
  }
  let body: GraphQLResponse<Result>;
  try {
    body = (await response.json()) as GraphQLResponse<Result>;
  } catch {
    throw new GraphQLRequestError(`HTTP ${response.status}`, 'http');
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    if (code === 'NOT_SIGNED_IN' && !isSignIn(document)) {
      for (const listener of [...expiryListeners]) listener();
    }
    throw new GraphQLRequestError(first.message, 'api', code, first.extensions?.issues ?? []);
  }
  if (!body.data) throw new GraphQLRequestError(`HTTP ${response.status}`, 'http');
  return body.data;
}
