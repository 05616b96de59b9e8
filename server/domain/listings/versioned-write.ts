import type { Collection, Document } from 'mongodb';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { DomainDeps } from '../deps.ts';
import { withIndexing } from '../directory/store.ts';
import { ConflictError } from '../errors.ts';
import { whileBusy } from '../referrals/store.ts';

/**
 * Listing records (services, organizations, locations) are edited as read, change, replace. Two
 * such edits at once must not lose one of them, and FerretDB v1 applies a replace filtered on the
 * version read as a read and then a write, so two concurrent ones can both match. Each record
 * therefore counts its edits in `edit_version` (absent on a record no edit has written yet), and a
 * writer first claims the next version with the insert of the claim record
 * `<kind>:<id>#<version>` (server/db/leases.ts): only one writer of each version can make it. The
 * others read the record again and retry after a short back-off.
 */
export const VERSION_FIELD = 'edit_version';

/** The stored document without its version field, and that version (0 when it has none). */
export function splitVersion(doc: Document): { doc: Document; version: number } {
  const { [VERSION_FIELD]: version, ...rest } = doc;
  return { doc: rest, version: Number(version ?? 0) };
}

// How long a version claimed by a writer that then died blocks the record's next edit.
const VERSION_CLAIM_MS = 15_000;
/** How often an edit that lost a race to another edit of the same record is tried again. */
const RACE_RETRIES = 8;

/** Waits before another try, longer each time and jittered, so racing writers spread out. */
function raceBackoff(attempt: number): Promise<void> {
  const ms = 15 * 2 ** attempt * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What one try of an edit found: the replacement to write, or that nothing needs writing. */
export type Planned<T> = {
  result: T;
  write: {
    /** The version the record had when read. */
    version: number;
    /** The whole new document, without `_id` and version. */
    doc: Document;
    /** Services whose search documents show this record. */
    reindex: readonly string[];
  } | null;
};

export type VersionedTarget = {
  kind: 'service' | 'organization' | 'location';
  id: string;
  collection: Collection<Document>;
};

/**
 * Claims the record's next version, then replaces it while it still has the version read (its
 * services announced to search around the write). False when another writer got there first.
 */
async function replaceNextVersion(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  target: VersionedTarget,
  write: NonNullable<Planned<unknown>['write']>,
): Promise<boolean> {
  const claims = deps.db.models.Claim.collection;
  const key = `${target.kind}:${target.id}`;
  // One token across retries: a claim whose insert landed before a busy error is still ours.
  const claim = { token: claimToken(), now: deps.clock.now(), leaseMs: VERSION_CLAIM_MS };
  const won = await whileBusy(() => claimOne(claims, key, write.version, claim));
  if (won === null) return false;
  try {
    const filter = {
      _id: target.id as never,
      [VERSION_FIELD]: write.version === 0 ? null : write.version,
    };
    const replaced = await withIndexing(deps, write.reindex, () =>
      whileBusy(() => target.collection.replaceOne(filter, { ...write.doc, [VERSION_FIELD]: won })),
    );
    // A busy database refuses a write whole (see whileBusy), so no match means another writer
    // moved the record past the version read.
    return replaced.matchedCount === 1;
  } finally {
    // Once the write is in (or lost), the claim has done its work: a writer that read the old
    // version and claims this one now finds the record moved on. Dropping it keeps a record whose
    // version an import reset from meeting its own old claims.
    await whileBusy(() => claims.deleteOne({ _id: `${key}#${won}` as never }));
  }
}

/**
 * Runs `plan` (read the record as stored now, decide its replacement) and writes its replacement
 * as the record's next version; when another edit of the record got there first, reads and plans
 * again, up to a few times with a short back-off. Returns the winning plan's result. Throws what
 * `plan` throws, and ConflictError when the record stays too busy to change.
 */
export async function writeVersioned<T>(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  target: VersionedTarget,
  plan: () => Promise<Planned<T>>,
): Promise<T> {
  for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
    if (attempt > 0) await raceBackoff(attempt);
    const planned = await plan();
    if (planned.write === null) return planned.result;
    if (await replaceNextVersion(deps, target, planned.write)) return planned.result;
  }
  throw new ConflictError(
    `This ${target.kind} is being changed by several people at once. Try your change again in a moment.`,
  );
}
