import { describe, expect, it } from 'vitest';
import { formatLocal, formatLocalTime, zoneName } from './local-time';

describe('local times', () => {
  it('shows the wall time as given, whatever the browser’s zone', () => {
    expect(formatLocal('2026-12-10T10:00', 'en-US')).toBe('Thu, Dec 10, 10:00 AM');
    expect(formatLocalTime('2026-12-10T15:30', 'en-US')).toBe('3:30 PM');
  });
  it('names the zone', () => {
    expect(zoneName('America/Denver', 'en-US', new Date('2026-12-10T17:00:00Z'))).toBe('MST');
  });
});
