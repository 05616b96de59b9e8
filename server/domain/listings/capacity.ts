import type { Capacity, CapacityStatus } from '../directory/records.ts';

/** Capacity as readers see it. */
export type CapacityView = {
  status: CapacityStatus;
  count: number | null;
  unit: string | null;
  note: string | null;
  updatedAt: Date;
};

/** The published capacity while it is current, or null (none, unreadable or older than the TTL). */
export function currentCapacity(
  capacity: Capacity | null | undefined,
  now: Date,
  ttlHours: number,
): CapacityView | null {
  if (!capacity) return null;
  const updatedAt = new Date(capacity.updated_at);
  const age = now.getTime() - updatedAt.getTime();
  if (Number.isNaN(age) || age > ttlHours * 3_600_000) return null;
  return {
    status: capacity.status,
    count: capacity.count ?? null,
    unit: capacity.unit ?? null,
    note: capacity.note ?? null,
    updatedAt,
  };
}

/**
 * The last instant (epoch ms) a published capacity is current, or null when there is none or its
 * time is unreadable: `currentCapacity` returns it exactly while `now` is not after this instant.
 */
export function capacityExpiresAt(
  capacity: Capacity | null | undefined,
  ttlHours: number,
): number | null {
  if (!capacity) return null;
  const updatedAt = Date.parse(capacity.updated_at);
  return Number.isNaN(updatedAt) ? null : updatedAt + ttlHours * 3_600_000;
}
