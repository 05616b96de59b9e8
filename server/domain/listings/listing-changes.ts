import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { canReadListingChanges } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { loadService, ownersOf } from './load.ts';

/**
 * One changed field of a listing, after HSDS `metadata` (resource_id, resource_type, field_name,
 * previous_value, replacement_value, updated_by, last_action_date/type). Values are JSON text.
 */
export type ListingChange = {
  id: string;
  at: Date;
  serviceId: string;
  resourceId: string;
  resourceType: 'service';
  actionType: 'update';
  fieldName: string;
  previousValue: string | null;
  replacementValue: string | null;
  updatedBy: string;
  /** Null when no signed-in user made it (a confirmation link). */
  actorUserId: string | null;
};

// Ids sort by time and then by a per-process sequence, like audit events.
let sequence = 0;
function changeId(at: Date): string {
  sequence = (sequence + 1) % 36 ** 6;
  return [
    at.getTime().toString(36).padStart(9, '0'),
    sequence.toString(36).padStart(6, '0'),
    randomUUID().slice(0, 8),
  ].join('-');
}

/** Child-record ids are ours, not the agency's words: leave them out of comparisons and the log. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, v]) => key !== 'id' && v !== undefined)
        .map(([key, v]) => [key, withoutIds(v)]),
    );
  }
  return value ?? null;
}

function asText(value: unknown): string | null {
  const plain = withoutIds(value);
  if (plain === null) return null;
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}

/** The change entries between two versions of a service, one per field in `fields` that differs. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
  who: { email: string; userId: string | null },
  at: Date,
): ListingChange[] {
  const changes: ListingChange[] = [];
  for (const fieldName of fields) {
    const previousValue = asText(before[fieldName]);
    const replacementValue = asText(after[fieldName]);
    if (previousValue === replacementValue) continue;
    changes.push({
      id: changeId(at),
      at,
      serviceId: String(after.id),
      resourceId: String(after.id),
      resourceType: 'service',
      actionType: 'update',
      fieldName,
      previousValue,
      replacementValue,
      updatedBy: who.email,
      actorUserId: who.userId,
    });
  }
  return changes;
}

/** Appends change entries (insert-only). */
export async function recordListingChanges(
  deps: Pick<DomainDeps, 'db'>,
  changes: readonly ListingChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await deps.db.models.ListingChange.collection.insertMany(
    changes.map(({ id, serviceId, ...rest }) => ({
      _id: id as never,
      service_id: serviceId,
      ...rest,
    })),
  );
}

const MAX_PAGE = 100;
const listSchema = z.object({
  serviceId: z.string().min(1).max(200),
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} changes.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} changes.` })
    .nullish(),
});

/**
 * A listing's most recent changes, newest first (the owning agency and network admins; the read
 * scans on FerretDB, acceptable for an occasional review). Throws NotFoundError, NotAllowedError,
 * InvalidInputError.
 */
export async function listListingChanges(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<ListingChange[]> {
  const parsed = parseInput(listSchema, input);
  const service = await loadService(deps, parsed.serviceId);
  if (!canReadListingChanges(actor, ownersOf(service))) {
    throw new NotAllowedError('Only the agency that lists this service can see its changes.');
  }
  const docs = await deps.db.models.ListingChange.collection
    .find({ service_id: parsed.serviceId })
    .sort({ at: -1, _id: -1 })
    .limit(parsed.first ?? 20)
    .toArray();
  return docs.map((doc) => ({
    id: String(doc._id),
    at: new Date(doc.at as Date),
    serviceId: String(doc.service_id),
    resourceId: String(doc.resourceId),
    resourceType: 'service',
    actionType: 'update',
    fieldName: String(doc.fieldName),
    previousValue: (doc.previousValue as string | null) ?? null,
    replacementValue: (doc.replacementValue as string | null) ?? null,
    updatedBy: String(doc.updatedBy),
    actorUserId: (doc.actorUserId as string | null) ?? null,
  }));
}
