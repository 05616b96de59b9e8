import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Collection, Document } from 'mongodb';

/**
 * Leases: how many processes on one database share background work without doing it twice.
 * A unit of work (an outbox entry, a periodic job) is claimed by one conditional write that sets
 * `leaseOwner` and `leaseUntil` only where no live lease is; the owner then works, and clears or
 * deletes what it claimed. A process that dies holding a lease loses it when `leaseUntil` passes,
 * and the next claimer takes the work over. FerretDB v1 has no transactions, so every claim is a
 * single update whose filter states the condition.
 */

/** This process, as a lease owner: host, pid and a random part (pids are reused). */
export const processOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A fresh token for one claim by this process; its prefix names the process. */
export function claimToken(): string {
  return `${processOwner}:${randomUUID().slice(0, 8)}`;
}

/** The filter part matching documents with no live lease (never leased, released or expired). */
export function unleased(now: Date): Document {
  return { $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] };
}

/** True when this document is free to claim at `now`. */
export function isUnleased(doc: Document, now: Date): boolean {
  const until = doc.leaseUntil;
  return (
    until === null || until === undefined || new Date(until as Date).getTime() <= now.getTime()
  );
}

/**
 * Claims these documents for one token: one `updateMany` that leases only the free ones (each
 * document's update is atomic, so two claimers never both get one), then a read of what this
 * token got. Returns the claimed documents, as stored after the claim.
 */
export async function claimMany(
  collection: Pick<Collection, 'updateMany' | 'find'>,
  ids: readonly unknown[],
  options: { token: string; now: Date; leaseMs: number },
): Promise<Document[]> {
  if (ids.length === 0) return [];
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  await collection.updateMany(
    { _id: { $in: ids as never[] }, ...unleased(options.now) },
    { $set: { leaseOwner: options.token, leaseUntil } },
  );
  return collection.find({ _id: { $in: ids as never[] }, leaseOwner: options.token }).toArray();
}

/**
 * Keeps this token's claims alive while it works: extends them every third of `leaseMs` until
 * the returned function is called.
 */
export function keepClaimed(
  collection: Pick<Collection, 'updateMany'>,
  token: string,
  leaseMs: number,
  onError: (error: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    collection
      .updateMany({ leaseOwner: token }, { $set: { leaseUntil: new Date(Date.now() + leaseMs) } })
      .catch(onError);
  }, leaseMs / 3);
  timer.unref();
  return () => clearInterval(timer);
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
