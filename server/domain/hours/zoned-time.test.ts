import { describe, expect, it } from 'vitest';
import { dayNumber, isoDateOf, weekdayOf } from './civil.ts';
import {
  fixedOffsetsByDay,
  localDate,
  localDateTime,
  zonedDateTime,
  zonedInstant,
} from './zoned-time.ts';

describe('civil dates', () => {
  it('round-trips dates and knows weekdays', () => {
    expect(isoDateOf(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(weekdayOf(dayNumber('2025-11-27'))).toBe(3);
    expect(weekdayOf(dayNumber('2025-01-06'))).toBe(0);
    expect(() => dayNumber('2025-02-29')).toThrow(RangeError);
    expect(() => dayNumber('29/02/2024')).toThrow(RangeError);
  });
});

describe('zoned time', () => {
  it('finds the local date and minute', () => {
    expect(localDateTime('America/Denver', Date.parse('2025-01-07T06:30:00Z'))).toEqual({
      day: dayNumber('2025-01-06'),
      minute: 23 * 60 + 30,
    });
    expect(localDate('Pacific/Auckland', new Date('2025-01-06T12:00:00Z'))).toBe('2025-01-07');
  });

  it('turns wall times into instants on ordinary days and across midnight', () => {
    expect(zonedDateTime('America/Denver', '2025-01-06', 540).toISOString()).toBe(
      '2025-01-06T16:00:00.000Z',
    );
    expect(zonedDateTime('America/Denver', '2025-01-06', 1440 + 480).toISOString()).toBe(
      '2025-01-07T15:00:00.000Z',
    );
  });

  it('moves a skipped time forward and takes the first of a repeated one', () => {
    const springForward = dayNumber('2025-03-09');
    expect(new Date(zonedInstant('America/New_York', springForward, 150)).toISOString()).toBe(
      '2025-03-09T07:30:00.000Z',
    );
    expect(new Date(zonedInstant('America/New_York', springForward, 180)).toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    const fallBack = dayNumber('2025-11-02');
    expect(new Date(zonedInstant('America/New_York', fallBack, 90)).toISOString()).toBe(
      '2025-11-02T05:30:00.000Z',
    );
    expect(new Date(zonedInstant('America/New_York', fallBack, 150)).toISOString()).toBe(
      '2025-11-02T07:30:00.000Z',
    );
  });

  it('works in zones without daylight saving time and east of UTC', () => {
    expect(zonedDateTime('America/Phoenix', '2025-07-01', 540).toISOString()).toBe(
      '2025-07-01T16:00:00.000Z',
    );
    expect(zonedDateTime('Asia/Kolkata', '2025-07-01', 540).toISOString()).toBe(
      '2025-07-01T03:30:00.000Z',
    );
  });
});

describe('fixedOffsetsByDay', () => {
  it('gives a day one offset unless the clocks change from the day before to three days after', () => {
    // Denver falls back on Sunday 2 November 2025.
    const first = dayNumber('2025-10-27');
    const offsets = fixedOffsetsByDay('America/Denver', first, first + 9);
    const hours = offsets.map((o) => (o === null ? null : o / 3_600_000));
    // 27–30 October MDT; 31 October to 3 November see the change (08:00 UTC); then MST.
    expect(hours).toEqual([-6, -6, -6, -6, null, null, null, null, -7, -7]);
    for (const [i, offset] of offsets.entries()) {
      if (offset === null) continue;
      for (const minute of [0, 90, 1439, 2880])
        expect(zonedInstant('America/Denver', first + i, minute)).toBe(
          (first + i) * 86_400_000 + minute * 60_000 - offset,
        );
    }
  });
});
