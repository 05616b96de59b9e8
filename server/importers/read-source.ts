import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ImportContext } from './context.ts';
import { finalize } from './finalize.ts';
import { Hsds3JsonReader, topLevelObjects } from './hsds-json.ts';
import { readOhana } from './ohana.ts';
import { tabularDatasetKey } from './tabular/tables.ts';
import { readTabular } from './tabular.ts';
import type { ImportFormat, ImportReading, ReadOptions } from './types.ts';

/**
 * Detects a source's format and reads it into a validated DirectoryBundle plus issues. A
 * directory with datapackage.json is HSDS tabular; a .json/.ndjson file or a directory of them is
 * HSDS 3 JSON, unless its objects are 2013 Ohana records. Throws only when the path is unreadable.
 */
export async function readSource(source: string, opts: ReadOptions = {}): Promise<ImportReading> {
  const info = await stat(source);
  const key = path.basename(path.resolve(source)).replace(/\.(nd)?json$/i, '');
  if (info.isDirectory() && existsSync(path.join(source, 'datapackage.json'))) {
    const ctx = new ImportContext(await tabularDatasetKey(source));
    const drafts = await readTabular(source, ctx);
    return reading('hsds-tabular', ctx, drafts, opts);
  }
  const files = info.isDirectory()
    ? (await readdir(source))
        .filter((f) => /\.(nd)?json$/i.test(f))
        .sort()
        .map((f) => path.join(source, f))
    : [source];
  const documents: Array<{
    file: string;
    objects: Array<{ value: Record<string, unknown>; row: number | null }>;
  }> = [];
  const ctx = new ImportContext(key);
  for (const file of files) {
    const name = info.isDirectory() ? path.basename(file) : path.basename(source);
    documents.push({
      file: name,
      objects: parseJsonOrNdjson(ctx, name, await readFile(file, 'utf8')),
    });
  }
  const first = documents.flatMap((d) => d.objects).slice(0, 20);
  if (first.length > 0 && first.every((o) => isOhana(o.value))) {
    const drafts = readOhana(ctx, documents);
    return reading('ohana-ndjson', ctx, drafts, opts);
  }
  const reader = new Hsds3JsonReader(ctx);
  for (const doc of documents) for (const o of doc.objects) reader.read(o.value, doc.file, o.row);
  return reading('hsds3-json', ctx, reader.drafts, opts);
}

function reading(
  format: ImportFormat,
  ctx: ImportContext,
  drafts: Parameters<typeof finalize>[1],
  opts: ReadOptions,
): ImportReading {
  const { bundle, counts } = finalize(ctx, drafts, opts);
  return { format, bundle, issues: ctx.issues, skipped: ctx.skipped, counts };
}

/** Ohana's 2013 export: flat records with `agency`/`keywords`/`coordinates` and no HSDS nesting. */
function isOhana(obj: Record<string, unknown>): boolean {
  return (
    ('keywords' in obj || 'coordinates' in obj || 'agency' in obj || 'street_address' in obj) &&
    !('service_at_locations' in obj) &&
    !('organization' in obj)
  );
}

/** A whole-file JSON document, else one JSON value per line (NDJSON); unreadable lines are errors. */
function parseJsonOrNdjson(
  ctx: ImportContext,
  file: string,
  text: string,
): Array<{ value: Record<string, unknown>; row: number | null }> {
  try {
    return topLevelObjects(JSON.parse(text)).map((value) => ({ value, row: null }));
  } catch {
    // Not one document: read it as NDJSON.
  }
  const out: Array<{ value: Record<string, unknown>; row: number | null }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      for (const value of topLevelObjects(JSON.parse(line))) out.push({ value, row: i + 1 });
    } catch (error) {
      ctx.reject(
        { file, row: i + 1, sourceId: null },
        'line',
        null,
        `This line is not valid JSON: ${(error as Error).message}`,
      );
    }
  });
  return out;
}
