import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fromDoc } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { canEditListing } from '../accounts/policy.ts';
import { getUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { type Organization, organizationSchema } from '../directory/records.ts';
import { InvalidInputError, NotAllowedError, NotFoundError, NotSignedInError } from '../errors.ts';
import { parseInput, toFieldIssues } from '../validate.ts';
import { diffResource, recordListingChanges } from './listing-changes.ts';
import { claimedOwnerOf } from './load.ts';
import { splitVersion, writeVersioned } from './versioned-write.ts';

type Deps = Pick<DomainDeps, 'db' | 'clock'>;

/** Fields whose changes go to the organization's change log. */
const LOGGED_FIELDS = ['name', 'description', 'email', 'website', 'phones'] as const;

const str = z.string().max(2000).nullish();

const updateSchema = z.object({
  organizationId: z.string().min(1).max(200),
  name: z.string().trim().max(300).nullish(),
  description: z.string().max(20_000).nullish(),
  email: z.string().trim().max(300).nullish(),
  website: z.string().trim().max(2000).nullish(),
  phones: z
    .array(
      z.object({
        number: z.string().max(50),
        extension: z.number().nullish(),
        type: str,
        description: str,
      }),
    )
    .max(50)
    .nullish(),
});

/** The organization with the input's fields over the stored ones; "" clears email or website. */
function buildUpdated(current: Organization, input: z.output<typeof updateSchema>): Organization {
  const next: Record<string, unknown> = { ...current };
  if (input.name != null) next.name = input.name;
  if (input.description != null) next.description = input.description;
  if (input.email != null) next.email = input.email === '' ? null : input.email;
  if (input.website != null) next.website = input.website === '' ? null : input.website;
  if (input.phones != null) {
    next.phones = input.phones.map((p, i) => ({
      id: current.phones[i]?.id ?? randomUUID(),
      number: p.number,
      extension: p.extension ?? null,
      type: p.type ?? null,
      description: p.description ?? null,
    }));
  }
  const issues: Array<{ path: string; message: string }> = [];
  if (typeof next.website === 'string' && !/^https?:\/\/\S+\.\S+/i.test(next.website)) {
    issues.push({ path: 'website', message: 'must be a web address such as https://example.org' });
  }
  const parsed = organizationSchema.safeParse(next);
  if (!parsed.success) issues.push(...toFieldIssues(parsed.error));
  if (issues.length > 0 || !parsed.success) throw new InvalidInputError(issues);
  return parsed.data;
}

/**
 * Edits an organization's own record (name, description, email, website, phones) as the agency
 * that keeps it (agency staff and org admins, the listing policy). Its services are re-indexed
 * through the outbox (their results show the organization's name); each changed field is logged.
 * Throws NotFoundError, NotAllowedError, InvalidInputError.
 */
export async function updateOrganization(
  deps: Deps,
  actor: Actor,
  rawInput: unknown,
): Promise<Organization> {
  const input = parseInput(updateSchema, rawInput);
  const { Organization: organizations, Service: services } = deps.db.models;
  const id = input.organizationId;
  const read = async () => {
    const doc = await organizations.collection.findOne({ _id: id as never });
    if (!doc) throw new NotFoundError('organization', id);
    const { doc: record, version } = splitVersion(doc);
    return { current: fromDoc<Organization>(record), version };
  };
  await read(); // an unknown organization is NOT_FOUND before anything else
  const owners = { organization_id: id, claimedBy: await claimedOwnerOf(deps, id) };
  if (!canEditListing(actor, owners)) {
    throw new NotAllowedError(
      'Only staff of the agency that keeps this organization can change it.',
    );
  }
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();
  const now = deps.clock.now();
  const target = { kind: 'organization' as const, id, collection: organizations.collection };
  const { current, saved } = await writeVersioned(deps, target, async () => {
    const { current, version } = await read();
    const { id: _id, ...rest } = {
      ...buildUpdated(current, input),
      last_modified: now.toISOString(),
    };
    // A scan by organization; an agency lists a handful of services.
    const serviceIds = (
      await services.collection.find({ organization_id: id }, { projection: { _id: 1 } }).toArray()
    ).map((d) => String(d._id));
    return {
      result: { current, saved: { id, ...rest } },
      write: { version, doc: rest, reindex: serviceIds },
    };
  });
  await recordListingChanges(
    deps,
    diffResource(current, saved, LOGGED_FIELDS, { email: user.email, userId: actor.userId }, now, {
      type: 'organization',
      id,
      serviceId: null,
      action: 'update',
    }),
  );
  await recordAudit(deps, actor, {
    action: 'listing.organization.update',
    subjectType: 'organization',
    subjectId: id,
    detail: { fields: LOGGED_FIELDS.filter((f) => input[f] != null) },
  });
  return saved;
}
