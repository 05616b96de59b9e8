import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../../db/documents.ts';
import type { FieldCipher } from '../../db/encryption.ts';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { DomainDeps } from '../deps.ts';
import { whileBusy } from '../referrals/store.ts';

/**
 * A document that keeps its content as one JSON string beside a version. FerretDB v1 decodes a
 * stored document field by field, and documents with many nested keys (a map of referrals by id)
 * are slow to read by the hundred; one string is cheap. A change reads the document, applies a
 * function to its content and writes it back as the next version: a new document is an insert
 * with its `_id`, a change first claims the version (server/db/leases.ts) and then replaces the
 * document only if it is still at the version read. Whoever loses a race reads again and
 * re-applies its change, so concurrent changes all land. Given a cipher, the string is sealed
 * (one seal for the whole content: far cheaper than one per field when there are hundreds).
 */

/** Seals the content when a cipher is given. */
export type Sealer = Pick<FieldCipher, 'seal' | 'open'> | null;

function decode<T>(doc: Record<string, unknown>, sealer: Sealer): T {
  const text = String(doc.json);
  return JSON.parse(sealer ? sealer.open(text) : text) as T;
}

type Deps = Pick<DomainDeps, 'db' | 'clock'>;

const CLAIM_MS = 30_000;
const ATTEMPTS = 12;

/** Reads a document's content (null when there is none). */
export async function readJson<T>(
  collection: Collection,
  id: string,
  sealer: Sealer = null,
): Promise<T | null> {
  const doc = await collection.findOne({ _id: id as never });
  return doc ? decode<T>(doc, sealer) : null;
}

/**
 * Applies `change` to a document's content (`empty()` when there is none yet) and stores the
 * result; `change` may return false to store nothing. Returns the content as stored.
 */
export async function changeJson<T>(
  deps: Deps,
  collection: Collection,
  id: string,
  fields: Record<string, unknown>,
  empty: () => T,
  change: (content: T) => boolean | undefined,
  sealer: Sealer = null,
): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = await collection.findOne({ _id: id as never });
    const content = doc ? decode<T>(doc, sealer) : empty();
    if (change(content) === false) return content;
    const text = JSON.stringify(content);
    const json = sealer ? sealer.seal(text) : text;
    if (!doc) {
      try {
        await whileBusy(() =>
          collection.insertOne({ _id: id as never, ...fields, version: 1, json }),
        );
        return content;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        continue;
      }
    }
    const version = Number(doc.version);
    const claimed = await claimOne(
      deps.db.models.Claim.collection,
      `${collection.collectionName}:${id}`,
      version,
      { token: claimToken(), now: deps.clock.now(), leaseMs: CLAIM_MS },
    );
    if (claimed !== null) {
      const result = await whileBusy(() =>
        collection.replaceOne({ _id: id as never, version }, { ...fields, version: claimed, json }),
      );
      if (result.matchedCount > 0) return content;
    }
    await new Promise((resolve) => setTimeout(resolve, attempt * 3 + Math.random() * 8));
  }
  throw new Error(`could not change ${collection.collectionName} ${id}: too much contention`);
}
