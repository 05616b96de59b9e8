import type { Database } from '../db/database.ts';

/**
 * A few seconds' memory of slow-changing reads (an organization's name, who works at an agency)
 * for work that would otherwise repeat them for every message. Never used for anything that
 * grants access; a change shows within `ttlMs`, or within one more read when the memory had
 * just expired: up to STALE_FACTOR × `ttlMs` an expired value is still answered while a fresh
 * read runs behind it, so a busy agency's requests never wait on that read (a scan, on the
 * embedded database). Older than that, the caller waits for the fresh read.
 */

type Entry = { value: Promise<unknown>; storedAt: number; refreshing: boolean };

const MAX_ENTRIES = 5_000;
const STALE_FACTOR = 4;
const memories = new WeakMap<Database, Map<string, Entry>>();

export async function recentRead<T>(
  db: Database,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  now: () => number = Date.now,
): Promise<T> {
  let memory = memories.get(db);
  if (!memory) {
    memory = new Map();
    memories.set(db, memory);
  }
  const memo = memory;
  const at = now();
  const entry = memo.get(key);
  if (entry && at - entry.storedAt <= ttlMs) return entry.value as Promise<T>;
  if (entry && at - entry.storedAt <= ttlMs * STALE_FACTOR) {
    if (!entry.refreshing) {
      entry.refreshing = true;
      const fresh = load();
      fresh.then(
        () => memo.set(key, { value: fresh, storedAt: now(), refreshing: false }),
        () => {
          entry.refreshing = false;
        },
      );
    }
    return entry.value as Promise<T>;
  }
  if (memo.size >= MAX_ENTRIES) memo.clear();
  const value = load();
  memo.set(key, { value, storedAt: at, refreshing: false });
  // A failed read is not remembered.
  value.catch(() => {
    if (memo.get(key)?.value === value) memo.delete(key);
  });
  return value;
}
