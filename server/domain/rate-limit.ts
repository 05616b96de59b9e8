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

/** The window a hit falls in, now; ended windows' slots are dropped now and then on the way. */
function hitWindow(deps: Deps, scope: string, key: string, rule: RateWindow) {
  const now = deps.clock.now();
  sweepEndedWindows(deps, now);
  return { now, ...windowOf(scope, key, rule, now) };
}

/** What one process remembers of windows, per database: `hintsByDb` or `blocksByDb`. */
function windowsOf<V>(byDb: WeakMap<Database, Map<string, V>>, db: Database): Map<string, V> {
  let windows = byDb.get(db);
  if (!windows) {
    windows = new Map();
    byDb.set(db, windows);
  }
  return windows;
}

/** Keeps a process's memory of windows bounded: ended windows go first, then all of them. */
function makeRoom(windows: Map<string, { resetAt: number }>, now: Date): void {
  if (windows.size < MAX_HINTS) return;
  for (const [k, known] of windows) if (known.resetAt <= now.getTime()) windows.delete(k);
  if (windows.size >= MAX_HINTS) windows.clear();
}

/** Counts one hit for `key` under `scope`; `allowed` is false once the window's slots are taken. */
export async function hitRateLimit(
  deps: Deps,
  scope: string,
  key: string,
  rule: RateWindow,
): Promise<RateHit> {
  const { now, base, resetAt } = hitWindow(deps, scope, key, rule);
  const hints = windowsOf(hintsByDb, deps.db);
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
  makeRoom(hints, now);
  hints.set(base, { taken, resetAt: resetAt.getTime() });
}

/**
 * A caller's slots in one window as one process knows them: its own block (`from`..`to`, not yet
 * handed out), the first slot no block is known to hold, the size of its last block, and the claim
 * under way, which hits arriving meanwhile wait for.
 */
type Blocks = {
  from: number;
  to: number;
  next: number;
  size: number;
  claiming: Promise<void> | null;
  resetAt: number;
};

/** A block holds at most this share of the limit: what another instance may hold unused. */
const BLOCK_SHARE = 20;
const FIRST_BLOCK = 4;
const blocksByDb = new WeakMap<Database, Map<string, Blocks>>();

/**
 * Counts one hit like hitRateLimit, for a limit hit on every request (GraphQL, FHIR): each process
 * claims its caller's slots in blocks, so most hits are counted in memory and a busy caller costs
 * one insert per block, not one per request. A block is one document, `<window base>:b<first
 * slot>` holding its last slot; blocks follow each other, so a process that finds a first slot
 * taken reads that block's end and claims after it. An `_id` insert is the one atomic write
 * FerretDB v1 has, so no two blocks share a slot and the limit holds across instances: slots
 * another instance claimed and did not use (at most a twentieth of the limit each) are refused
 * here. Blocks start at 4 slots and double while the caller keeps coming; a process that knows
 * the window is full refuses without a database read. Its hits cannot be refunded or reset.
 */
export async function hitRateLimitInBlocks(
  deps: Deps,
  scope: string,
  key: string,
  rule: RateWindow,
): Promise<RateHit> {
  const { now, base, resetAt } = hitWindow(deps, scope, key, rule);
  const state = blocksFor(deps.db, base, resetAt, now);
  for (;;) {
    if (state.from <= state.to) return { count: state.from++, allowed: true, resetAt };
    if (state.next > rule.limit) return { count: rule.limit + 1, allowed: false, resetAt };
    state.claiming ??= claimBlock(deps, base, state, rule, resetAt).finally(() => {
      state.claiming = null;
    });
    await state.claiming;
  }
}

function blocksFor(db: Database, base: string, resetAt: Date, now: Date): Blocks {
  const all = windowsOf(blocksByDb, db);
  const known = all.get(base);
  if (known) return known;
  makeRoom(all, now);
  const blocks = { from: 1, to: 0, next: 1, size: 0, claiming: null, resetAt: resetAt.getTime() };
  all.set(base, blocks);
  return blocks;
}

/** Claims the next free block of the window for this process (none once the window is full). */
async function claimBlock(
  deps: Deps,
  base: string,
  state: Blocks,
  rule: RateWindow,
  resetAt: Date,
): Promise<void> {
  const slots = deps.db.models.RateLimit.collection;
  const largest = Math.max(1, Math.floor(rule.limit / BLOCK_SHARE));
  while (state.next <= rule.limit) {
    const from = state.next;
    const size = Math.min(
      largest,
      state.size === 0 ? FIRST_BLOCK : state.size * 2,
      rule.limit - from + 1,
    );
    try {
      await slots.insertOne({
        _id: `${base}:b${from}` as never,
        to: from + size - 1,
        expiresAt: resetAt,
      });
      Object.assign(state, { from, to: from + size - 1, next: from + size, size });
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Another instance's block: the next one starts after it (after its first slot if it is gone).
    const taken = await slots.findOne({ _id: `${base}:b${from}` as never });
    const to: unknown = taken?.to;
    state.next = typeof to === 'number' && to >= from ? to + 1 : from + 1;
  }
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
  const hints = windowsOf(hintsByDb, deps.db);
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
  windowsOf(hintsByDb, deps.db).delete(base);
}

/** Now and then (once per 10 minutes per process), drops the slots of ended windows. */
function sweepEndedWindows(deps: Deps, now: Date): void {
  const last = lastSweep.get(deps.db) ?? 0;
  if (now.getTime() - last < SWEEP_EVERY_MS && now.getTime() >= last) return;
  lastSweep.set(deps.db, now.getTime());
  void deps.db.models.RateLimit.collection.deleteMany({ expiresAt: { $lt: now } }).catch(() => {});
}
