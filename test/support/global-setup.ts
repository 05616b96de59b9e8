import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../server/db/embedded-ferretdb.ts';
import { createLogger } from '../../server/logger.ts';
import { type MeiliConnection, meilisearchBinary, startMeilisearch } from './meilisearch-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
    /** The process id of the run's embedded database, or null when the run uses MONGODB_URI. */
    databasePid: number | null;
    /** The run's Meilisearch, or null when none is available (its runs are then skipped). */
    meili: MeiliConnection | null;
  }
}

/**
 * One Meilisearch for the whole run (each test file uses its own index prefix on it): MEILI_URL
 * (with MEILI_KEY) when set, else one started from the binary. Without either, the Meilisearch
 * runs are skipped and one line says so.
 */
async function setupMeilisearch(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MEILI_URL;
  if (external !== undefined && external !== '') {
    project.provide('meili', { url: external, key: process.env.MEILI_KEY ?? '' });
    return async () => {};
  }
  const binary = meilisearchBinary();
  if (binary === null) {
    console.log('Meilisearch runs skipped: no binary at MEILI_BIN or ../shared/bin/meilisearch.');
    project.provide('meili', null);
    return async () => {};
  }
  const server = await startMeilisearch(binary);
  project.provide('meili', { url: server.url, key: server.key });
  return server.dispose;
}

/**
 * Starts one embedded FerretDB for the whole run (each test file then uses its own database on
 * it), or uses MONGODB_URI when set, e.g. to run the suite against a real MongoDB.
 */
async function setupDatabase(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongodbUri', external);
    project.provide('databasePid', null);
    return async () => {};
  }
  // Directories of live databases, removed at the end; a crashed one's stays for its log.
  const dataDirs: string[] = [];
  const logger = createLogger('warn');
  let db!: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
  let closing = false;
  // Should the database die mid-run (FerretDB v1 has been seen to panic), a fresh one comes up on
  // the same port, so the files after it go on (each makes its own database; the driver
  // reconnects), and the log shows the crash line and goroutine trace of the dead one (all it
  // printed stays in its data directory). A fresh directory, because one the crash interrupted
  // may no longer open.
  const start = async (listen?: string): Promise<void> => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-test-'));
    dataDirs.push(dataDir);
    db = await startEmbeddedDatabase({
      dataDir,
      logger,
      listen,
      onUnexpectedExit: (exit) => {
        if (closing) return;
        dataDirs.splice(dataDirs.indexOf(dataDir), 1);
        console.error(
          `[test database] exited unexpectedly (code ${exit.code}, signal ${exit.signal}); ` +
            `restarting it. Its full output stays in ${exit.log}; what explains the exit:\n` +
            (exit.stderr || '(none)'),
        );
        start(`127.0.0.1:${new URL(db.uri).port}`).catch((error: unknown) =>
          console.error('[test database] could not restart:', error),
        );
      },
    });
    project.provide('databasePid', db.pid);
  };
  await start();
  project.provide('mongodbUri', db.uri);
  return async () => {
    closing = true;
    await db.stop();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [stopDatabase, stopMeilisearch] = await Promise.all([
    setupDatabase(project),
    setupMeilisearch(project),
  ]);
  return async () => {
    await Promise.all([stopDatabase(), stopMeilisearch()]);
  };
}
