import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { canReadListingChanges, isNetworkAdmin, type ListingOwners } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError, NotFoundError } from '../errors.ts';
import { timeOrderedId } from '../time-ordered-id.ts';
import { parseInput } from '../validate.ts';
import { claimedOwnerOf, loadService, ownersOf } from './load.ts';
import { decodeOffsetCursor, encodeOffsetCursor, type Page } from './page.ts';

/**
 * One changed field of a listing, after HSDS `metadata` (resource_id, resource_type, field_name,
 * previous_value, replacement_value, updated_by, last_action_date/type). Values are JSON text.
 */
export type ListingChange = {
  id: string;
  at: Date;
  /** The service the change belongs to; null for a location's or an organization's own fields. */
  serviceId: string | null;
  resourceId: string;
  resourceType: ListingResourceType;
  actionType: ListingActionType;
  fieldName: string;
  previousValue: string | null;
  replacementValue: string | null;
  updatedBy: string;
  /** Null when no signed-in user made it (a confirmation link). */
  actorUserId: string | null;
};

export type ListingResourceType = 'service' | 'location' | 'organization';
export type ListingActionType = 'create' | 'update';

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
  const id = String(after.id);
  return diffResource(before, after, fields, who, at, {
    type: 'service',
    id,
    serviceId: id,
    action: 'update',
  });
}

/**
 * The change entries between two versions of any listing record (a service, a location, an
 * organization), one per field in `fields` that differs; `before` is `{}` for a new record.
 */
export function diffResource(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
  who: { email: string; userId: string | null },
  at: Date,
  resource: {
    type: ListingResourceType;
    id: string;
    serviceId: string | null;
    action: ListingActionType;
  },
): ListingChange[] {
  const changes: ListingChange[] = [];
  for (const fieldName of fields) {
    const previousValue = asText(before[fieldName]);
    const replacementValue = asText(after[fieldName]);
    if (previousValue === replacementValue) continue;
    changes.push({
      id: timeOrderedId(at),
      at,
      serviceId: resource.serviceId,
      resourceId: resource.id,
      resourceType: resource.type,
      actionType: resource.action,
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
const listSchema = z
  .object({
    serviceId: z.string().min(1).max(200).nullish(),
    locationId: z.string().min(1).max(200).nullish(),
    organizationId: z.string().min(1).max(200).nullish(),
    first: z
      .number()
      .int()
      .min(1, { error: `Ask for between 1 and ${MAX_PAGE} changes.` })
      .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} changes.` })
      .nullish(),
    after: z.string().max(200).nullish(),
  })
  .refine(
    (i) => [i.serviceId, i.locationId, i.organizationId].filter((v) => v != null).length === 1,
    { path: ['serviceId'], error: 'Give one of serviceId, locationId or organizationId.' },
  );

export type ListingChangePage = Page<ListingChange>;

/** What a change log is read for: the record's filter and who keeps it. */
async function changeLogOf(
  deps: Pick<DomainDeps, 'db'>,
  input: z.output<typeof listSchema>,
): Promise<{ filter: Record<string, unknown>; owners: ListingOwners | null }> {
  if (input.serviceId != null) {
    const loaded = await loadService(deps, input.serviceId);
    return { filter: { service_id: input.serviceId }, owners: ownersOf(loaded) };
  }
  if (input.locationId != null) {
    const doc = await deps.db.models.Location.collection.findOne({
      _id: input.locationId as never,
    });
    if (!doc) throw new NotFoundError('location', input.locationId);
    const organizationId = doc.organization_id == null ? null : String(doc.organization_id);
    return {
      filter: { resourceType: 'location', resourceId: input.locationId },
      owners: organizationId
        ? { organization_id: organizationId, claimedBy: await claimedOwnerOf(deps, organizationId) }
        : null,
    };
  }
  const organizationId = String(input.organizationId);
  const doc = await deps.db.models.Organization.collection.findOne({
    _id: organizationId as never,
  });
  if (!doc) throw new NotFoundError('organization', organizationId);
  return {
    filter: { resourceType: 'organization', resourceId: organizationId },
    owners: {
      organization_id: organizationId,
      claimedBy: await claimedOwnerOf(deps, organizationId),
    },
  };
}

/**
 * A listing's changes, newest first, a page at a time: a service's (its links included), a
 * location's or an organization's own fields (the owning agency and network admins; the read
 * scans on FerretDB, acceptable for an occasional review). Throws NotFoundError, NotAllowedError,
 * InvalidInputError.
 */
export async function listListingChanges(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<ListingChangePage> {
  const parsed = parseInput(listSchema, input);
  const { filter, owners } = await changeLogOf(deps, parsed);
  const allowed = owners ? canReadListingChanges(actor, owners) : isNetworkAdmin(actor);
  if (!allowed) {
    throw new NotAllowedError('Only the agency that lists this service can see its changes.');
  }
  const limit = parsed.first ?? 20;
  const offset = parsed.after ? decodeOffsetCursor(parsed.after) : 0;
  const collection = deps.db.models.ListingChange.collection;
  const [totalCount, docs] = await Promise.all([
    collection.countDocuments(filter),
    collection
      .find(filter)
      .sort({ at: -1, _id: -1 })
      .skip(offset)
      .limit(limit + 1)
      .toArray(),
  ]);
  const edges = docs.slice(0, limit).map((doc, i) => ({
    cursor: encodeOffsetCursor(offset + i + 1),
    node: {
      id: String(doc._id),
      at: new Date(doc.at as Date),
      serviceId: doc.service_id == null ? null : String(doc.service_id),
      resourceId: String(doc.resourceId),
      resourceType: (doc.resourceType as ListingResourceType | undefined) ?? 'service',
      actionType: (doc.actionType as ListingActionType | undefined) ?? 'update',
      fieldName: String(doc.fieldName),
      previousValue: (doc.previousValue as string | null) ?? null,
      replacementValue: (doc.replacementValue as string | null) ?? null,
      updatedBy: String(doc.updatedBy),
      actorUserId: (doc.actorUserId as string | null) ?? null,
    },
  }));
  return {
    totalCount,
    edges,
    pageInfo: { hasNextPage: docs.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
