import type { Document } from 'mongodb';

/** Maps a stored document's `_id` to the record's `id`: the one place this mapping happens. */
export function fromDoc<T>(doc: Document): T {
  const { _id, ...rest } = doc;
  return { id: String(_id), ...rest } as T;
}

/** True for MongoDB's duplicate-key error (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
