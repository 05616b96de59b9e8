import type { DomainDeps } from '../domain/deps.ts';
import { importDirectory } from '../domain/directory/import-directory.ts';
import type { StoreSummary } from '../domain/directory/store.ts';
import { readSource } from './read-source.ts';
import type { ImportReading } from './types.ts';

export type ImportResult = {
  reading: Omit<ImportReading, 'bundle'>;
  stored: StoreSummary;
};

/**
 * Reads an HSDS source (JSON, NDJSON or tabular datapackage) and hands its valid records to the
 * domain to store. Bad rows are reported, never half-stored.
 */
export async function importSource(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  source: string,
  progress?: {
    reading?: (done: number, total: number) => void;
    storing?: (done: number, total: number) => void;
  },
): Promise<ImportResult> {
  const { bundle, ...reading } = await readSource(source, { onProgress: progress?.reading });
  const stored = await importDirectory(deps, bundle, progress?.storing);
  return { reading, stored };
}
