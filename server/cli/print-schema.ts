import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printedSchema } from '../graphql/schema.ts';

/** Writes schema/schema.graphql, or with --check fails when the committed file is stale. */
const file = path.resolve(import.meta.dirname, '../../schema/schema.graphql');
const sdl = printedSchema();
if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== sdl) {
    console.error('schema/schema.graphql is stale: run `npm run schema:print` and commit it.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  await writeFile(file, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}
