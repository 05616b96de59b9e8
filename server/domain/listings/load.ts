import { fromDoc } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import type { Service } from '../directory/records.ts';
import type { StoredService } from '../directory/stored.ts';
import { NotFoundError } from '../errors.ts';

/** A stored service split into its HSDS record and its nested service-at-locations. */
export type LoadedService = {
  service: Service;
  links: StoredService['service_at_locations'];
};

/** Reads one service by id (an `_id` read); throws NotFoundError. */
export async function loadService(
  deps: Pick<DomainDeps, 'db'>,
  serviceId: string,
): Promise<LoadedService> {
  const doc = await deps.db.models.Service.collection.findOne({ _id: serviceId as never });
  if (!doc) throw new NotFoundError('service', serviceId);
  const { service_at_locations, ...service } = fromDoc<StoredService>(doc);
  return { service, links: service_at_locations ?? [] };
}
