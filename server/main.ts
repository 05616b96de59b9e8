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

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close();
  server.closeAllConnections();
  await runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
