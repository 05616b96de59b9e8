import { fromDoc } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import type { Capacity } from '../directory/records.ts';
import { type CapacityView, currentCapacity } from './capacity.ts';

/**
 * A service's capacity as it stands now: the published one while current, else null (none,
 * expired, or the service is gone). Reads only the capacity; throws nothing of its own.
 */
export async function serviceCapacityNow(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
  serviceId: string,
): Promise<CapacityView | null> {
  const doc = await deps.db.models.Service.collection.findOne(
    { _id: serviceId as never },
    { projection: { capacity: 1 } },
  );
  if (!doc) return null;
  const { capacity } = fromDoc<{ capacity?: Capacity | null }>(doc);
  return currentCapacity(capacity, deps.clock.now(), deps.settings.capacityTtlHours);
}
