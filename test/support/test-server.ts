import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { httpSettings } from '../../server/http/settings.ts';
import { createLogger } from '../../server/logger.ts';
import { type Runtime, startRuntime } from '../../server/runtime.ts';
import type { EngineName } from '../search/engines.ts';

export type GraphQLResponse<T = Record<string, unknown>> = {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
};

export type TestServer = {
  url: string;
  runtime: Runtime;
  /** POSTs a GraphQL operation over real HTTP. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** The database name, to start another server on the same data. */
  dbName: string;
  /** Stops the server; drops its database unless `keepDatabase`. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
};

/** Drops a test database over a connection of its own. */
async function dropDatabase(uri: string, name: string): Promise<void> {
  const client = new MongoClient(uri, { retryWrites: false });
  try {
    await client.connect();
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** MEILI_URL and MEILI_KEY of the run's Meilisearch when the test asks for it. */
function meiliEnv(engine: EngineName | undefined): Record<string, string> {
  if ((engine ?? (process.env.MEILI_URL ? 'meilisearch' : 'memory')) === 'memory') return {};
  const meili = inject('meili');
  if (meili === null) throw new Error('This test needs Meilisearch, and the run has none.');
  return { MEILI_URL: meili.url, MEILI_KEY: meili.key };
}

/**
 * The real app on a real port, over the run's embedded database (a fresh database per call) and
 * the configured search engine (a fresh index prefix per call).
 */
export async function startTestServer(
  options: {
    seed?: boolean;
    clock?: Clock;
    env?: Record<string, string>;
    /** A built web app to serve (end-to-end tests). */
    webDist?: string;
    /** Use this database (e.g. one an earlier test server kept) instead of a fresh one. */
    dbName?: string;
    /** Build the app as NODE_ENV=development does (GraphiQL on). */
    development?: boolean;
    /** The search engine: the embedded one unless asked (or MEILI_URL is set for the run). */
    engine?: EngineName;
  } = {},
): Promise<TestServer> {
  const config = parseConfig({
    NODE_ENV: 'test',
    MONGODB_URI: inject('mongodbUri'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // Suites make many requests from one address; the rate-limit tests set their own limit.
    GRAPHQL_RATE_LIMIT_PER_MINUTE: '0',
    ...meiliEnv(options.engine),
    ...options.env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const name = options.dbName ?? `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const runtime = await startRuntime(config, logger, {
    dbName: name,
    indexPrefix: name,
    clock: options.clock,
    seed: options.seed ?? false,
  });
  const app = buildApp(runtime.deps, {
    isProduction: config.NODE_ENV === 'production',
    isDevelopment: options.development ?? false,
    webDist: options.webDist,
    http: httpSettings(config),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    runtime,
    gql: async (query, variables) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    dbName: name,
    close: async (closeOptions) => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The runtime's jobs and its last flushes write to the database until it has closed, and a
      // write after the drop would bring the database back (files and connections that nobody
      // drops again), so it is dropped only once nothing of this server can touch it.
      await runtime.close();
      if (!closeOptions?.keepDatabase) await dropDatabase(config.MONGODB_URI ?? '', name);
    },
  };
}
