import type { SearchDocument } from '../../server/search/engine.ts';

/** Documents per batch, as the database scan of a server start's rebuild hands them over. */
export const BATCH = 2_000;

/** Hands `documents` to `write` a batch at a time, each batch written before the next. */
export async function writeInBatches(
  documents: readonly SearchDocument[],
  write: (batch: SearchDocument[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < documents.length; i += BATCH) await write(documents.slice(i, i + BATCH));
}
