import { z } from 'zod';
import { fromDoc } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { canAnswerFor, canEditListing } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import type { Service } from '../directory/records.ts';
import type { StoredService } from '../directory/stored.ts';
import { InvalidInputError, NotAllowedError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { claimedOrganizationsOf } from './claims.ts';
import { loadService, ownersOf } from './load.ts';

export type OwnServicePage = {
  totalCount: number;
  edges: Array<{ cursor: string; node: Service }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

const pageSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { error: 'Ask for between 1 and 100 services.' })
    .max(100, { error: 'Ask for between 1 and 100 services.' })
    .nullish(),
  after: z.string().max(200).nullish(),
});

function encodeCursor(offset: number): string {
  return Buffer.from(`s:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^s:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

function assertAgency(actor: Actor): void {
  if (!canAnswerFor(actor, actor.organizationId)) {
    throw new NotAllowedError('Only agency staff can manage their organization’s listings.');
  }
}

/**
 * The services the actor's organization keeps, by name (agency staff and org admins): its own
 * and those of organizations it claimed. Throws NotAllowedError, InvalidInputError.
 */
export async function listOwnServices(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<OwnServicePage> {
  assertAgency(actor);
  const parsed = parseInput(pageSchema, input ?? {});
  const limit = parsed.first ?? 50;
  const offset = parsed.after ? decodeCursor(parsed.after) : 0;
  // A scan with an organization filter (FerretDB v1 uses no secondary index); an agency lists
  // a handful of services, and this is an occasional read.
  const kept = [
    actor.organizationId,
    ...(await claimedOrganizationsOf(deps, actor.organizationId)),
  ];
  const filter = { organization_id: kept.length === 1 ? actor.organizationId : { $in: kept } };
  // One scan: an agency keeps a handful of services, so they are counted, sorted and paged here.
  const all = await deps.db.models.Service.collection
    .find(filter, { projection: { service_at_locations: 0 } })
    .toArray();
  all.sort(
    (a, b) =>
      String(a.name ?? '').localeCompare(String(b.name ?? '')) ||
      String(a._id).localeCompare(String(b._id)),
  );
  const totalCount = all.length;
  const docs = all.slice(offset, offset + limit + 1);
  const nodes = docs.slice(0, limit).map((doc) => fromDoc<StoredService>(doc) as Service);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(offset + i + 1), node }));
  return {
    totalCount,
    edges,
    pageInfo: { hasNextPage: docs.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/**
 * One of the actor's organization's services as stored, to edit it. Throws NotFoundError,
 * NotAllowedError (another organization's listing).
 */
export async function getOwnService(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  serviceId: string,
): Promise<Service> {
  const loaded = await loadService(deps, serviceId);
  if (!canEditListing(actor, ownersOf(loaded))) {
    throw new NotAllowedError('Only staff of the agency that lists this service can change it.');
  }
  return loaded.service;
}
