import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Collection, Document } from 'mongodb';

/**
 * Leases: how many processes on one database share background work without doing it twice.
 * A unit of work (an outbox entry, a periodic job's document) carries `leaseOwner`, `leaseUntil`
 * and `claimGen`, the number of claims made on it so far. FerretDB v1 applies a conditional
 * update as a read and then a write, so two processes can both "win" one (measured: four
 * concurrent claimers of 50 documents overlapped in 30 runs of 30). The one atomic condition
 * it has is a unique `_id`, so a claim is the insert of `<unit>#<generation>` into `claims`:
 * whoever inserts generation n+1 owns the unit until its lease expires, then writes the lease on
 * the unit (nobody else writes it meanwhile). A process that dies holding a lease loses it when
 * `leaseUntil` passes, and the next claim (generation n+2) takes the work over.
 */

/** This process, as a lease owner: host, pid and a random part (pids are reused). */
export const processOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A fresh token for one claim by this process; its prefix names the process. */
export function claimToken(): string {
  return `${processOwner}:${randomUUID().slice(0, 8)}`;
}

/** True when an error is MongoDB's duplicate key error. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}

/** True when this document is free to claim at `now`. */
export function isUnleased(doc: Document, now: Date): boolean {
  const until = doc.leaseUntil;
  return (
    until === null || until === undefined || new Date(until as Date).getTime() <= now.getTime()
  );
}

const DUPLICATE_KEY = 11000;
/** Claim records outlive any lease by far; older ones are deleted now and then. */
const CLAIM_RECORDS_KEEP_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
let lastPrune = 0;

function dateKey(value: unknown): string {
  return value instanceof Date ? String(value.getTime()) : '';
}

/** Indexes of the documents an unordered insertMany refused as duplicates; throws otherwise. */
function duplicatesOf(error: unknown): Set<number> {
  const raw =
    typeof error === 'object' && error !== null && 'writeErrors' in error
      ? (error as { writeErrors: unknown }).writeErrors
      : null;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  if (list.length === 0) throw error;
  const indexes = new Set<number>();
  for (const item of list as Array<{ index?: number; code?: number; err?: { code?: number } }>) {
    const code = item.code ?? item.err?.code;
    if (code !== DUPLICATE_KEY || typeof item.index !== 'number') throw error;
    indexes.add(item.index);
  }
  return indexes;
}

type ClaimRecords = Pick<Collection, 'insertMany' | 'insertOne' | 'findOne' | 'deleteMany'>;

/**
 * After a claim record for generation `gen` turned out to exist: it may be this token's own (an
 * insert retried after a busy database), or a claimer's that died before writing its lease (the
 * unit still shows the generation before it, so it stays stuck unless someone moves past it once
 * the lease that claimer would have had is over). Returns the generation won, or null.
 */
async function recoverClaim(
  claims: ClaimRecords,
  key: string,
  gen: number,
  options: { token: string; now: Date; leaseMs: number },
): Promise<number | null> {
  for (let next = gen; next < gen + 5; next++) {
    const record = await claims.findOne({ _id: `${key}#${next}` as never });
    if (!record) {
      try {
        await claims.insertOne({
          _id: `${key}#${next}` as never,
          owner: options.token,
          at: options.now,
        });
        return next;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return null;
      }
    }
    if (record.owner === options.token) return next;
    const age = options.now.getTime() - new Date(record.at as Date).getTime();
    if (age < options.leaseMs) return null;
  }
  return null;
}

/** The claim-record key of a unit (without the generation). */
function claimKey(collectionName: string, doc: Document): string {
  // `availableAt` too: an entry written anew (a held announcement released by a whole-document
  // replace) starts counting claims again, and must not meet its earlier claim records.
  return `${collectionName}:${String(doc._id)}@${dateKey(doc.availableAt)}`;
}

/**
 * Claims these documents (as read, each with no live lease) for one token: one insert of a claim
 * record per document, of which only the first for each generation succeeds, then the lease on
 * the won documents. Returns the claimed documents as they now stand.
 */
export async function claimMany(
  units: Pick<Collection, 'updateMany' | 'collectionName'>,
  claims: ClaimRecords,
  docs: readonly Document[],
  options: { token: string; now: Date; leaseMs: number },
): Promise<Document[]> {
  if (docs.length === 0) return [];
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const keys = docs.map((doc) => claimKey(units.collectionName, doc));
  const gens = docs.map((doc) => Number(doc.claimGen ?? 0) + 1);
  let lost = new Set<number>();
  try {
    await claims.insertMany(
      docs.map((_, i) => ({
        _id: `${keys[i]}#${gens[i]}`,
        owner: options.token,
        at: options.now,
      })) as never[],
      { ordered: false },
    );
  } catch (error) {
    lost = duplicatesOf(error);
  }
  const won: Document[] = [];
  for (const [i, doc] of docs.entries()) {
    let gen: number | null = gens[i] ?? 1;
    if (lost.has(i)) gen = await recoverClaim(claims, keys[i] ?? '', gen, options);
    if (gen !== null) won.push({ ...doc, leaseOwner: options.token, leaseUntil, claimGen: gen });
  }
  // One update per generation value (nearly always one): FerretDB v1 holds a connection per
  // statement of a bulk update until it ends, so one statement per document could exhaust them.
  const byGen = new Map<number, Document[]>();
  for (const doc of won) {
    const gen = Number(doc.claimGen);
    byGen.set(gen, [...(byGen.get(gen) ?? []), doc]);
  }
  for (const [claimGen, group] of byGen) {
    await units.updateMany(
      { _id: { $in: group.map((doc) => doc._id) as never[] } },
      { $set: { leaseOwner: options.token, leaseUntil, claimGen } },
    );
  }
  if (options.now.getTime() - lastPrune > PRUNE_EVERY_MS) {
    lastPrune = options.now.getTime();
    await claims.deleteMany({ at: { $lt: new Date(lastPrune - CLAIM_RECORDS_KEEP_MS) } });
  }
  return won;
}

/**
 * Claims one unit by the insert of its next claim record (see claimMany). Returns the generation
 * won, or null when another claimer has it; the caller then writes the lease on the unit.
 */
export async function claimOne(
  claims: ClaimRecords,
  key: string,
  claimGen: number,
  options: { token: string; now: Date; leaseMs: number },
): Promise<number | null> {
  return recoverClaim(claims, key, claimGen + 1, options);
}

/** A claim being kept alive: until when it surely holds, and how to stop renewing it. */
export type KeptClaim = {
  /** Until when (epoch ms) no other process can have taken the claimed work over. */
  heldUntil(): number;
  stop(): void;
};

/**
 * Keeps this token's claims alive while it works: extends them every third of `leaseMs` until
 * stopped. A renewal counts only if it was written before the lease it extends ran out: one that
 * lands later (a slow database, a stalled process) may meet work another process already took
 * over, so the claim is then only held until the earlier expiry.
 */
export function keepClaimed(
  collection: Pick<Collection, 'updateMany'>,
  token: string,
  leaseMs: number,
  onError: (error: unknown) => void,
  leaseUntil: number = Date.now() + leaseMs,
): KeptClaim {
  let heldUntil = leaseUntil;
  const timer = setInterval(() => {
    const until = Date.now() + leaseMs;
    collection
      .updateMany({ leaseOwner: token }, { $set: { leaseUntil: new Date(until) } })
      .then(() => {
        if (Date.now() < heldUntil) heldUntil = until;
      })
      .catch(onError);
  }, leaseMs / 3);
  timer.unref();
  return { heldUntil: () => heldUntil, stop: () => clearInterval(timer) };
}

/**
 * Claims these documents (see claimMany) for a fresh token, runs `work` on the ones won (oldest
 * `createdAt` first) while renewing their lease, then gives back whatever `work` left claimed.
 * `retry` wraps the claim's writes (e.g. to retry while the database is busy).
 */
export async function withClaims<T>(
  units: Pick<Collection, 'updateMany' | 'collectionName'>,
  claims: ClaimRecords,
  docs: readonly Document[],
  options: {
    now: Date;
    leaseMs: number;
    onRenewError: (error: unknown) => void;
    retry?: (write: () => Promise<Document[]>) => Promise<Document[]>;
  },
  work: (claimed: Document[], token: string, kept: KeptClaim) => Promise<T>,
): Promise<T> {
  const token = claimToken();
  // Real time, not `now` (a test's clock): how long the lease has left is measured as it passes.
  const claimedAt = Date.now();
  const claim = () =>
    claimMany(units, claims, docs, { token, now: options.now, leaseMs: options.leaseMs });
  const claimed = await (options.retry ? options.retry(claim) : claim());
  claimed.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  const kept = keepClaimed(
    units,
    token,
    options.leaseMs,
    options.onRenewError,
    claimedAt + options.leaseMs,
  );
  try {
    return await work(claimed, token, kept);
  } finally {
    kept.stop();
    if (claimed.length > 0) await releaseClaims(units, token);
  }
}

/**
 * Gives one claimed document back with these fields set (done, or to retry later): written only
 * while this token still holds it.
 */
export async function releaseOne(
  collection: Pick<Collection, 'updateOne'>,
  id: unknown,
  token: string,
  set: Document,
): Promise<void> {
  await collection.updateOne(
    { _id: id as never, leaseOwner: token },
    { $set: { ...set, leaseOwner: null, leaseUntil: null } },
  );
}

/** Gives up what this token still holds (graceful shutdown, or work handed back). */
export async function releaseClaims(
  collection: Pick<Collection, 'updateMany'>,
  token: string,
): Promise<void> {
  await collection.updateMany(
    { leaseOwner: token },
    { $set: { leaseOwner: null, leaseUntil: null } },
  );
}

/**
 * Gives up every claim this process still holds in these collections (graceful shutdown, after
 * its workers have stopped): the work is free for another process at once, not after the lease.
 */
export async function releaseProcessClaims(
  collections: ReadonlyArray<Pick<Collection, 'updateMany'>>,
): Promise<void> {
  const mine = new RegExp(`^${processOwner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`);
  for (const collection of collections) {
    await collection.updateMany(
      { leaseOwner: mine },
      { $set: { leaseOwner: null, leaseUntil: null } },
    );
  }
}
