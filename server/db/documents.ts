import type { Document } from 'mongodb';

/** Maps a stored document's `_id` to the record's `id`: the one place this mapping happens. */
export function fromDoc<T>(doc: Document): T {
  const { _id, ...rest } = doc;
  return { id: String(_id), ...rest } as T;
}
