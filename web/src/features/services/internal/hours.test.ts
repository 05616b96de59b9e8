import { describe, expect, it } from 'vitest';
import { formatClock, formatLocalDate } from './hours';

describe('site hours in words', () => {
  it('shows wall-clock times and dates without moving them to the viewer’s zone', () => {
    const clock = (hhmm: string, locale: string) => formatClock(hhmm, locale).replace(/\s/g, ' ');
    expect(clock('09:00', 'en-US')).toBe('9:00 AM');
    expect(clock('17:30', 'en-US')).toBe('5:30 PM');
    expect(clock('24:00', 'en-US')).toBe('11:59 PM');
    expect(clock('17:30', 'es-ES')).toBe('17:30');
    expect(formatLocalDate('2026-12-17', 'en-US')).toBe('Thu, Dec 17');
  });
});
