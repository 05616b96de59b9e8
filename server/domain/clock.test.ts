import { describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from './clock.ts';

describe('clock', () => {
  it('stops a fixed clock at the given time', () => {
    expect(fixedClock('2025-01-06T17:00:00Z').now().toISOString()).toBe('2025-01-06T17:00:00.000Z');
    expect(() => fixedClock('not a time')).toThrow(RangeError);
  });
  it('reads the system time', () => {
    expect(systemClock.now()).toBeInstanceOf(Date);
  });
});
