import { randomUUID } from 'node:crypto';
import { createSearchIndex } from '../create-search-index.ts';
import { systemClock } from '../domain/clock.ts';
import { type IndexDeps, rebuildIndex } from '../domain/directory/indexer.ts';
import { MemorySearchIndex } from '../search/memory/memory-index.ts';
import { type CliContext, CliError, progressBar, runCli, seconds } from './cli-support.ts';

/** How long to wait for a running server to apply the rebuild request. */
const SERVER_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 500;

/**
 * `npm run reindex`: rebuilds the search index from the database. Meilisearch is rebuilt here;
 * the embedded engine lives inside the server, so a running server is asked to rebuild it
 * through the outbox, and without one the documents are only built once to check them.
 */
async function main({ config, logger, db }: CliContext): Promise<number> {
  const started = Date.now();
  if (config.MEILI_URL) {
    const search = createSearchIndex({
      meiliUrl: config.MEILI_URL,
      meiliKey: config.MEILI_KEY,
      indexPrefix: config.MEILI_INDEX_PREFIX,
    });
    try {
      await search.init();
      const built = await rebuildWithProgress({
        db,
        clock: systemClock,
        logger,
        search,
        settings: { capacityTtlHours: config.CAPACITY_TTL_HOURS },
      });
      console.log(
        `Rebuilt the Meilisearch index: ${built.services} services, ${built.documents} documents in ${seconds(Date.now() - started)}.`,
      );
    } finally {
      await search.close();
    }
    return 0;
  }

  if (db.shared) {
    const id = randomUUID();
    const now = new Date();
    const { Outbox } = db.models;
    await Outbox.collection.insertOne({
      _id: id as never,
      topic: 'index.rebuild',
      keys: [],
      createdAt: now,
      availableAt: now,
      attempts: 0,
    });
    console.log('Asked the running server to rebuild its search index; waiting for it…');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const entry = await Outbox.collection.findOne({ _id: id as never });
      // Applied (the change feed keeps entries until they age out), or already pruned.
      if (!entry || entry.appliedAt) break;
      if (Date.now() - started > SERVER_TIMEOUT_MS) {
        const detail = entry.lastError ? ` Its last error: ${String(entry.lastError)}` : '';
        throw new CliError(
          `No server rebuilt the index within ${seconds(SERVER_TIMEOUT_MS)}; the request stays queued and a server applies it when it runs.${detail}`,
        );
      }
    }
    console.log(`The server rebuilt its search index in ${seconds(Date.now() - started)}.`);
    return 0;
  }

  // No server runs: the embedded index would die with this process, so build it only to check.
  const built = await rebuildWithProgress({
    db,
    clock: systemClock,
    logger,
    search: new MemorySearchIndex(),
    settings: { capacityTtlHours: config.CAPACITY_TTL_HOURS },
  });
  console.log(
    `Built ${built.documents} search documents for ${built.services} services in ${seconds(Date.now() - started)}.`,
  );
  console.log(
    'No server is running; the server builds its index from the database when it starts.',
  );
  return 0;
}

async function rebuildWithProgress(
  deps: IndexDeps,
): Promise<{ services: number; documents: number }> {
  const bar = progressBar('Indexing');
  try {
    return await rebuildIndex(deps, (done, total) => bar.update(done, total));
  } finally {
    bar.stop();
  }
}

await runCli(main);
