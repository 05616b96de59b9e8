import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSearchIndex } from '../create-search-index.ts';
import { systemClock } from '../domain/clock.ts';
import type { DomainDeps } from '../domain/deps.ts';
import { drainOutbox } from '../domain/directory/outbox-worker.ts';
import { importSource } from '../importers/import-source.ts';
import { type CliContext, CliError, progressBar, runCli } from './cli-support.ts';
import { formatImportSummary, needsReport } from './import-summary.ts';

type IndexDeps = Pick<DomainDeps, 'db' | 'search' | 'clock' | 'logger'> & {
  settings: Pick<DomainDeps['settings'], 'capacityTtlHours'>;
};

/**
 * `npm run import -- <path>`: reads an HSDS source (tabular package, HSDS 3 JSON/NDJSON, Ohana
 * NDJSON) into the directory and prints what was stored and every issue found.
 */
async function main({ config, logger, db }: CliContext): Promise<number> {
  const arg = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!arg)
    throw new CliError('Usage: npm run import -- <path to an HSDS package, JSON or NDJSON>');
  const source = path.resolve(arg);
  if (!existsSync(source)) throw new CliError(`No HSDS data at ${source}.`);

  const started = Date.now();
  const reading = progressBar('Reading');
  const storing = progressBar('Storing');
  const result = await importSource({ db, clock: systemClock }, source, {
    reading: (done, total) => reading.update(done, total),
    storing: (done, total) => {
      reading.stop();
      storing.update(done, total);
    },
  });
  reading.stop();
  storing.stop();
  const elapsed = Date.now() - started;

  const { counts, issues } = result.reading;
  const records = (counts.organizations ?? 0) + (counts.services ?? 0) + (counts.locations ?? 0);
  if (records === 0 && issues.length === 0) throw new CliError(`No HSDS data at ${source}.`);

  console.log(formatImportSummary(source, result, elapsed));
  if (needsReport(issues)) {
    const dir = path.join(config.dataDir, 'import-reports');
    await mkdir(dir, { recursive: true });
    const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `${stamp}-${path.basename(source).replace(/\W+/g, '_')}.json`);
    const { issues: _issues, ...reading } = result.reading;
    const report = { source, importedAt: new Date(started).toISOString(), ...reading, issues };
    await writeFile(file, `${JSON.stringify({ ...report, stored: result.stored }, null, 2)}\n`);
    console.log(`\nFull list of ${issues.length} issues: ${file}`);
  }

  if (config.MEILI_URL) {
    await updateMeilisearch({ config, logger, db });
  } else if (db.shared) {
    console.log('\nSearch: a running server applies the changes from the outbox within seconds.');
  } else {
    console.log('\nSearch: the server builds its index from the database when it starts.');
  }

  if (records === 0) {
    console.error(`\nNothing was imported from ${source}: every record had errors.`);
    return 1;
  }
  return 0;
}

/** Applies this import's outbox entries to Meilisearch, so search is current when we exit. */
async function updateMeilisearch({ config, logger, db }: CliContext): Promise<void> {
  const search = createSearchIndex({
    meiliUrl: config.MEILI_URL,
    meiliKey: config.MEILI_KEY,
    indexPrefix: config.MEILI_INDEX_PREFIX,
  });
  try {
    await search.init();
    const deps: IndexDeps = {
      db,
      search,
      clock: systemClock,
      logger,
      settings: { capacityTtlHours: config.CAPACITY_TTL_HOURS },
    };
    const started = Date.now();
    const pending = await db.models.Outbox.collection.countDocuments({ appliedAt: null });
    const bar = progressBar('Indexing');
    let applied = 0;
    for (;;) {
      const n = await drainOutbox(deps);
      if (n === 0) break;
      applied += n;
      bar.update(Math.min(applied, pending), pending);
    }
    bar.stop();
    const left = await db.models.Outbox.collection.countDocuments({ appliedAt: null });
    console.log(
      `\nSearch: Meilisearch updated (${applied} outbox entries in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    if (left > 0) {
      console.log(
        `${left} outbox entries could not be applied yet; a running server retries them.`,
      );
    }
  } finally {
    await search.close();
  }
}

await runCli(main);
