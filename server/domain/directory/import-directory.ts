import type { DomainDeps } from '../deps.ts';
import type { DirectoryBundle } from './records.ts';
import { type StoreSummary, storeBundle } from './store.ts';
import { taxonomyRecords } from './taxonomy.ts';

/**
 * Stores every record of a directory an importer has read and validated, together with the
 * Wayfinder taxonomy its records may refer to. Idempotent: records are upserted by id.
 */
export async function importDirectory(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  bundle: DirectoryBundle,
  onProgress?: (done: number, total: number) => void,
): Promise<StoreSummary> {
  const { taxonomy, terms } = taxonomyRecords();
  const known = new Set(bundle.taxonomyTerms.map((t) => t.id));
  return storeBundle(
    deps,
    {
      ...bundle,
      taxonomies: [taxonomy, ...bundle.taxonomies.filter((t) => t.id !== taxonomy.id)],
      taxonomyTerms: [...terms.filter((t) => !known.has(t.id)), ...bundle.taxonomyTerms],
    },
    onProgress,
  );
}

/** True when the directory holds no services yet. */
export async function isDirectoryEmpty(deps: Pick<DomainDeps, 'db'>): Promise<boolean> {
  return (await deps.db.models.Service.collection.findOne({})) === null;
}
