import type { Database } from '../../db/database.ts';

/**
 * A short-lived, per-process memo of resolved sessions, so an authenticated request costs no
 * database reads when the same session was seen a moment ago. Local sign-out, password changes
 * and user updates drop entries at once; another process's changes are seen within TTL_MS.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

type Entry<T> = { value: T; userId: string; storedAt: number };

const caches = new WeakMap<Database, Map<string, Entry<unknown>>>();

function cacheOf(db: Database): Map<string, Entry<unknown>> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** The cached value for a session id, if fresh. */
export function cachedSession<T>(db: Database, sessionId: string): T | undefined {
  const entry = cacheOf(db).get(sessionId);
  if (!entry) return undefined;
  if (Date.now() - entry.storedAt > TTL_MS) {
    cacheOf(db).delete(sessionId);
    return undefined;
  }
  return entry.value as T;
}

/** Remembers a resolved session. */
export function rememberSession<T>(
  db: Database,
  sessionId: string,
  userId: string,
  value: T,
): void {
  const cache = cacheOf(db);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(sessionId, { value, userId, storedAt: Date.now() });
}

/** Forgets one session (sign-out). */
export function forgetSession(db: Database, sessionId: string): void {
  cacheOf(db).delete(sessionId);
}

/** Forgets every session of a user (password change, role change, disabling). */
export function forgetUserSessions(db: Database, userId: string): void {
  const cache = cacheOf(db);
  for (const [key, entry] of cache) if (entry.userId === userId) cache.delete(key);
}
