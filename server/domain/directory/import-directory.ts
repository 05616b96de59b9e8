import { readSource } from '../../importers/read-source.ts';
import type { ImportReading } from '../../importers/types.ts';
import type { DomainDeps } from '../deps.ts';
import { type StoreSummary, storeBundle } from './store.ts';
import { taxonomyRecords } from './taxonomy.ts';

export type ImportResult = {
  reading: Omit<ImportReading, 'bundle'>;
  stored: StoreSummary;
};

/**
 * Reads an HSDS source (JSON, NDJSON or tabular datapackage) and stores every valid record,
 * together with the Wayfinder taxonomy it may refer to. Bad rows are reported, never half-stored.
 */
export async function importDirectory(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  source: string,
  progress?: {
    reading?: (done: number, total: number) => void;
    storing?: (done: number, total: number) => void;
  },
): Promise<ImportResult> {
  const reading = await readSource(source, { onProgress: progress?.reading });
  const { taxonomy, terms } = taxonomyRecords();
  const known = new Set(reading.bundle.taxonomyTerms.map((t) => t.id));
  const bundle = {
    ...reading.bundle,
    taxonomies: [taxonomy, ...reading.bundle.taxonomies.filter((t) => t.id !== taxonomy.id)],
    taxonomyTerms: [...terms.filter((t) => !known.has(t.id)), ...reading.bundle.taxonomyTerms],
  };
  const stored = await storeBundle(deps, bundle, progress?.storing);
  const { bundle: _bundle, ...rest } = reading;
  return { reading: rest, stored };
}

/** True when the directory holds no services yet. */
export async function isDirectoryEmpty(deps: Pick<DomainDeps, 'db'>): Promise<boolean> {
  return (await deps.db.models.Service.collection.findOne({})) === null;
}
