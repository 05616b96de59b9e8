import { describe, expect, it } from 'vitest';
import { capacityExpiresAt, currentCapacity } from './capacity.ts';

describe('currentCapacity', () => {
  const published = { status: 'WAITLIST' as const, count: 4, updated_at: '2026-11-24T12:00:00Z' };

  it('reads the capacity within the TTL', () => {
    expect(currentCapacity(published, new Date('2026-11-25T12:00:00Z'), 72)).toEqual({
      status: 'WAITLIST',
      count: 4,
      unit: null,
      note: null,
      updatedAt: new Date('2026-11-24T12:00:00Z'),
    });
  });

  it('is unknown once older than the TTL, or when never published', () => {
    expect(currentCapacity(published, new Date('2026-11-27T12:00:01Z'), 72)).toBeNull();
    expect(currentCapacity(null, new Date('2026-11-25T12:00:00Z'), 72)).toBeNull();
  });
});

describe('capacityExpiresAt', () => {
  it('is the last instant currentCapacity still returns the capacity', () => {
    const published = { status: 'WAITLIST' as const, updated_at: '2026-11-24T12:00:00Z' };
    const expiry = capacityExpiresAt(published, 72);
    expect(expiry).toBe(Date.parse('2026-11-27T12:00:00Z'));
    expect(currentCapacity(published, new Date(expiry ?? 0), 72)).not.toBeNull();
    expect(currentCapacity(published, new Date((expiry ?? 0) + 1), 72)).toBeNull();
    expect(capacityExpiresAt(null, 72)).toBeNull();
  });
});
