import { fromDoc } from '../../db/documents.ts';
import type { ListingOwners } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import type { Service } from '../directory/records.ts';
import type { StoredService } from '../directory/stored.ts';
import { NotFoundError } from '../errors.ts';
import { splitVersion } from './versioned-write.ts';

/** A stored service split into its HSDS record and its nested service-at-locations. */
export type LoadedService = {
  service: Service;
  links: StoredService['service_at_locations'];
  /** The agency whose approved claim lets it keep this organization's listings, if any. */
  claimedBy: string | null;
  /** How many versioned edits the stored service has had (see versioned-write.ts). */
  version: number;
};

/** The claimed owner of an organization's listings (an `_id` read), or null. */
export async function claimedOwnerOf(
  deps: Pick<DomainDeps, 'db'>,
  organizationId: string,
): Promise<string | null> {
  const doc = await deps.db.models.OrganizationOwner.collection.findOne({
    _id: organizationId as never,
  });
  return doc ? String(doc.ownerOrganizationId) : null;
}

/** What the listing policy needs to decide who may change a loaded service. */
export function ownersOf(loaded: LoadedService): ListingOwners {
  return { organization_id: loaded.service.organization_id, claimedBy: loaded.claimedBy };
}

/** Reads one service and its organization's claimed owner (two `_id` reads); throws NotFoundError. */
export async function loadService(
  deps: Pick<DomainDeps, 'db'>,
  serviceId: string,
): Promise<LoadedService> {
  const doc = await deps.db.models.Service.collection.findOne({ _id: serviceId as never });
  if (!doc) throw new NotFoundError('service', serviceId);
  const { doc: record, version } = splitVersion(doc);
  const { service_at_locations, ...service } = fromDoc<StoredService>(record);
  return {
    service,
    links: service_at_locations ?? [],
    claimedBy: await claimedOwnerOf(deps, service.organization_id),
    version,
  };
}
