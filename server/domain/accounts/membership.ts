import type { DomainDeps } from '../deps.ts';
import { withIndexing } from '../directory/store.ts';
import { InvalidInputError, NotOnNetworkError } from '../errors.ts';
import { isAgencyKinds, type Member, saveMember } from './users.ts';

/** The ids of an organization's services (a scan filtered by organization: FerretDB v1 has no secondary index). */
async function serviceIdsOf(
  deps: Pick<DomainDeps, 'db'>,
  organizationId: string,
): Promise<string[]> {
  const docs = await deps.db.models.Service.collection
    .find({ organization_id: organizationId }, { projection: { _id: 1 } })
    .toArray();
  return docs.map((d) => String(d._id));
}

/**
 * Saves a network member. When it joins or leaves as an agency, its services' search documents
 * change (`acceptsReferrals`), so they are announced to the index through the outbox first.
 */
export async function saveNetworkMember(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  member: Member,
): Promise<Member> {
  const before = await deps.db.models.Member.collection.findOne(
    { _id: member.id as never },
    { projection: { kinds: 1 } },
  );
  if (isAgencyKinds(before?.kinds) === isAgencyKinds(member.kinds)) return saveMember(deps, member);
  const services = await serviceIdsOf(deps, member.id);
  return withIndexing(deps, services, () => saveMember(deps, member));
}

/**
 * Throws NotOnNetworkError (naming the organization) unless it is an agency on the network, and
 * InvalidInputError at `path` when no organization has this id at all.
 */
export async function assertNetworkAgency(
  deps: Pick<DomainDeps, 'db'>,
  organizationId: string,
  path: string,
): Promise<void> {
  const member = await deps.db.models.Member.collection.findOne({ _id: organizationId as never });
  if (isAgencyKinds(member?.kinds)) return;
  const listed =
    member ??
    (await deps.db.models.Organization.collection.findOne(
      { _id: organizationId as never },
      { projection: { name: 1 } },
    ));
  if (!listed) {
    throw new InvalidInputError([{ path, message: 'No organization has this id.' }]);
  }
  throw new NotOnNetworkError(String(listed.name));
}
