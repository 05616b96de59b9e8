import path from 'node:path';
import { systemClock } from '../domain/clock.ts';
import { importSource } from '../importers/import-source.ts';
import { demoDataset } from '../runtime.ts';
import { type CliContext, CliError, progressBar, runCli, table } from './cli-support.ts';

/**
 * `npm run seed`: loads the demo directory through the same import as real data. Ids are
 * deterministic, so running it again updates the same records and creates nothing.
 */
async function main({ db }: CliContext): Promise<number> {
  const started = Date.now();
  const storing = progressBar('Storing');
  const result = await importSource({ db, clock: systemClock }, demoDataset, {
    storing: (done, total) => storing.update(done, total),
  });
  storing.stop();
  const errors = result.reading.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new CliError(
      `The demo dataset has ${errors.length} invalid records; regenerate it with \`npm run seeds:generate\`.`,
    );
  }
  const { created, updated } = result.stored;
  console.log(
    `Loaded the demo directory (${path.relative(process.cwd(), demoDataset)}) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  console.log(
    table([
      ['record type', 'created', 'updated'],
      ...Object.keys(created).map((t) => [t, String(created[t] ?? 0), String(updated[t] ?? 0)]),
    ]),
  );
  console.log(
    db.shared
      ? '\nSearch: a running server applies the changes from the outbox within seconds.'
      : '\nSearch: the server builds its index from the database when it starts.',
  );
  return 0;
}

await runCli(main);
