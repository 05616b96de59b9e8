import type { Server } from 'node:http';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { httpSettings } from './http/settings.ts';
import { createLogger } from './logger.ts';
import { startRuntime } from './runtime.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);

const runtime = await startRuntime(config, logger).catch((error: unknown) => {
  // One clear line (a refused Meilisearch key, a database that does not answer), then exit.
  logger.fatal(
    { err: error },
    `could not start: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
const app = buildApp(runtime.deps, {
  isProduction: config.NODE_ENV === 'production',
  isDevelopment: config.NODE_ENV === 'development',
  http: httpSettings(config),
});
const server: Server = app.listen(config.PORT, () => {
  logger.info(
    { port: config.PORT, database: runtime.deps.db.where, search: runtime.deps.search.kind },
    `Wayfinder is listening on http://localhost:${config.PORT}/graphql`,
  );
});

/** How long open requests (and live streams, which never end by themselves) get at shutdown. */
const DRAIN_MS = 5_000;

let stopping = false;
/**
 * Stops gracefully: accepts no new connections, lets requests under way finish (live streams are
 * cut after DRAIN_MS), then stops the background workers (each finishes its current run and
 * releases its claims, so another server can take the work at once) and flushes what waits.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), DRAIN_MS + 15_000);
  force.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await closed;
  clearTimeout(cut);
  await runtime.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
