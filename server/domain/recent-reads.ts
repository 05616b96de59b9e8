import type { Database } from '../db/database.ts';

/**
 * A few seconds' memory of slow-changing reads (an organization's name, who works at an agency)
 * for background work that would otherwise repeat them for every message. Never used for
 * anything that grants access; a change shows within `ttlMs`.
 */

type Entry = { value: Promise<unknown>; storedAt: number };

const MAX_ENTRIES = 5_000;
const memories = new WeakMap<Database, Map<string, Entry>>();

export async function recentRead<T>(
  db: Database,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  let memory = memories.get(db);
  if (!memory) {
    memory = new Map();
    memories.set(db, memory);
  }
  const now = Date.now();
  const entry = memory.get(key);
  if (entry && now - entry.storedAt <= ttlMs) return entry.value as Promise<T>;
  if (memory.size >= MAX_ENTRIES) memory.clear();
  const value = load();
  memory.set(key, { value, storedAt: now });
  // A failed read is not remembered.
  value.catch(() => memory.delete(key));
  return value;
}
