import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../server/db/embedded-ferretdb.ts';
import { createLogger } from '../../server/logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

/**
 * Starts one embedded FerretDB for the whole run (each test file then uses its own database on
 * it), or uses MONGODB_URI when set, e.g. to run the suite against a real MongoDB.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongodbUri', external);
    return async () => {};
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-test-'));
  const db = await startEmbeddedDatabase({ dataDir, logger: createLogger('warn') });
  project.provide('mongodbUri', db.uri);
  return async () => {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
