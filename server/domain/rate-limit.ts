import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { isDuplicateKey } from '../db/documents.ts';
import type { Clock } from './clock.ts';

/**
 * A fixed-window limiter kept in the database, so a limit holds across every app instance on
 * it. A hit claims the next free slot of its caller's window by inserting the slot's document
 * (`<scope>:<hashed key>:<window>:<n>`); an `_id` taken already means someone else got that
 * slot, so it tries the next. A unique `_id` is the one write FerretDB v1 makes atomic: 20
 * concurrent `$inc`s on one document (upserted or not) counted 13 and returned repeated counts
 * in a trial, so a counter document would let parallel hits through. Each process remembers the
 * last slot it saw taken, so a hit is one insert, and a hit on a full window only one read.
 * The window is aligned to the clock: a caller may spend up to twice its limit across a boundary.
 */
export type RateWindow = { limit: number; windowMs: number };

/** A hit's outcome: the slot it took (limit + 1 when refused) and when the window ends. */
export type RateHit = { count: number; allowed: boolean; resetAt: Date };

type Deps = { db: Database; clock: Clock };
type Hint = { taken: number; resetAt: number };

const SWEEP_EVERY_MS = 10 * 60_000;
const MAX_HINTS = 50_000;
const lastSweep = new WeakMap<Database, number>();
const hintsByDb = new WeakMap<Database, Map<string, Hint>>();

function windowOf(scope: string, key: string, rule: RateWindow, now: Date) {
  const index = Math.floor(now.getTime() / rule.windowMs);
  // Keys are emails and addresses a caller chose: hashed, they are short and say nothing.
  const hashed = createHash('sha256').update(key).digest('base64url').slice(0, 22);
  return { base: `${scope}:${hashed}:${index}`, resetAt: new Date((index + 1) * rule.windowMs) };
}

function hintsOf(db: Database): Map<string, Hint> {
  let hints = hintsByDb.get(db);
  if (!hints) {
    hints = new Map();
    hintsByDb.set(db, hints);
  }
  return hints;
}

/** Counts one hit for `key` under `scope`; `allowed` is false once the window's slots are taken. */
export async function hitRateLimit(
  deps: Deps,
  scope: string,
  key: string,
  rule: RateWindow,
): Promise<RateHit> {
  const now = deps.clock.now();
  const { base, resetAt } = windowOf(scope, key, rule, now);
  sweepEndedWindows(deps, now);
  const hints = hintsOf(deps.db);
  const slots = deps.db.models.RateLimit.collection;
  let taken = hints.get(base)?.taken ?? 0;
  if (taken >= rule.limit) {
    // Full as far as this process knows; a reset elsewhere (a sign-in that succeeded) frees it.
    const last = await slots.findOne({ _id: `${base}:${rule.limit}` as never });
    if (last) return { count: rule.limit + 1, allowed: false, resetAt };
    taken = 0;
  }
  for (let n = taken + 1; n <= rule.limit; n++) {
    try {
      await slots.insertOne({ _id: `${base}:${n}` as never, expiresAt: resetAt });
      remember(hints, base, n, resetAt, now);
      return { count: n, allowed: true, resetAt };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  remember(hints, base, rule.limit, resetAt, now);
  return { count: rule.limit + 1, allowed: false, resetAt };
}

function remember(hints: Map<string, Hint>, base: string, taken: number, resetAt: Date, now: Date) {
  if (hints.size >= MAX_HINTS) {
    for (const [k, hint] of hints) if (hint.resetAt <= now.getTime()) hints.delete(k);
    if (hints.size >= MAX_HINTS) hints.clear();
  }
  hints.set(base, { taken, resetAt: resetAt.getTime() });
}

/** Gives back the slot of one allowed hit (e.g. a sign-in that succeeded). */
export async function refundRateLimit(
  deps: Deps,
  scope: string,
  key: string,
  rule: RateWindow,
  hit: RateHit,
): Promise<void> {
  if (!hit.allowed) return;
  const { base } = windowOf(scope, key, rule, deps.clock.now());
  await deps.db.models.RateLimit.collection.deleteOne({ _id: `${base}:${hit.count}` as never });
  const hints = hintsOf(deps.db);
  const hint = hints.get(base);
  if (hint && hint.taken >= hit.count) hints.set(base, { ...hint, taken: hit.count - 1 });
}

/** Frees every slot of `key`'s current window. */
export async function resetRateLimit(
  deps: Deps,
  scope: string,
  key: string,
  rule: RateWindow,
): Promise<void> {
  const { base } = windowOf(scope, key, rule, deps.clock.now());
  const ids = Array.from({ length: rule.limit }, (_, i) => `${base}:${i + 1}`);
  await deps.db.models.RateLimit.collection.deleteMany({ _id: { $in: ids as never[] } });
  hintsOf(deps.db).delete(base);
}

/** Now and then (once per 10 minutes per process), drops the slots of ended windows. */
function sweepEndedWindows(deps: Deps, now: Date): void {
  const last = lastSweep.get(deps.db) ?? 0;
  if (now.getTime() - last < SWEEP_EVERY_MS && now.getTime() >= last) return;
  lastSweep.set(deps.db, now.getTime());
  void deps.db.models.RateLimit.collection.deleteMany({ expiresAt: { $lt: now } }).catch(() => {});
}
