import { describe, expect, it } from 'vitest';
import { type CompiledHours, compileHours } from './compile.ts';
import { isOpenAt, openStatus, siteOpenStatus, siteOpenStatusesAt } from './open-status.ts';
import { EVERY_DAY, schedule } from './test-schedules.ts';

const DENVER = 'America/Denver';
const NEW_YORK = 'America/New_York';
type S = Parameters<typeof compileHours>[0]['schedules'];
const compiled = (schedules: S, today = '2025-01-01', timezone = DENVER): CompiledHours =>
  compileHours({ schedules, timezone, today });
const at = (iso: string) => new Date(iso);
const status = (hours: CompiledHours, iso: string, timezone = DENVER) => {
  const result = openStatus(hours, timezone, at(iso));
  return { isOpen: result.isOpen, nextChange: result.nextChange?.toISOString() ?? null };
};

const officeHours = compiled([
  schedule({ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }),
]);
const shelter = (today = '2025-01-01') =>
  compiled(
    [schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '20:00', closes_at: '08:00' })],
    today,
  );
const allDay = compiled([
  schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '00:00', closes_at: '24:00' }),
]);

describe('openStatus', () => {
  it('is unknown without hours', () => {
    expect(openStatus(compiled([]), DENVER, at('2025-01-06T17:00:00Z'))).toEqual({
      isOpen: null,
      nextChange: null,
    });
    expect(isOpenAt(compiled([]), DENVER, at('2025-01-06T17:00:00Z'))).toBeNull();
  });

  it('knows office hours in the local zone', () => {
    // Monday 10:00 MST.
    expect(status(officeHours, '2025-01-06T17:00:00Z')).toEqual({
      isOpen: true,
      nextChange: '2025-01-07T00:00:00.000Z',
    });
    // Friday 18:00 MST: closed for the weekend until Monday 09:00.
    expect(status(officeHours, '2025-01-11T01:00:00Z')).toEqual({
      isOpen: false,
      nextChange: '2025-01-13T16:00:00.000Z',
    });
    expect(isOpenAt(officeHours, DENVER, at('2025-01-06T17:00:00Z'))).toBe(true);
  });

  it('opens exactly at opening time and closes exactly at closing time', () => {
    expect(status(officeHours, '2025-01-06T16:00:00Z').isOpen).toBe(true);
    expect(status(officeHours, '2025-01-07T00:00:00Z')).toEqual({
      isOpen: false,
      nextChange: '2025-01-07T16:00:00.000Z',
    });
  });

  it('is open overnight at a 20:00–08:00 shelter', () => {
    // 03:00 MST.
    expect(status(shelter(), '2025-01-08T10:00:00Z')).toEqual({
      isOpen: true,
      nextChange: '2025-01-08T15:00:00.000Z',
    });
    // Noon MST.
    expect(status(shelter(), '2025-01-08T19:00:00Z')).toEqual({
      isOpen: false,
      nextChange: '2025-01-09T03:00:00.000Z',
    });
  });

  it('runs a Sunday-night opening into Monday morning', () => {
    const sundayNights = compiled([
      schedule({ freq: 'WEEKLY', byday: 'SU', opens_at: '20:00', closes_at: '08:00' }),
    ]);
    // Monday 03:00 MST.
    expect(status(sundayNights, '2025-01-13T10:00:00Z')).toEqual({
      isOpen: true,
      nextChange: '2025-01-13T15:00:00.000Z',
    });
    // Monday 09:00 MST: next Sunday 20:00.
    expect(status(sundayNights, '2025-01-13T16:00:00Z')).toEqual({
      isOpen: false,
      nextChange: '2025-01-20T03:00:00.000Z',
    });
  });

  it('is open with no next change at a 24/7 site', () => {
    expect(status(allDay, '2025-01-08T10:00:00Z')).toEqual({ isOpen: true, nextChange: null });
    expect(status(allDay, '2025-01-12T23:59:00Z')).toEqual({ isOpen: true, nextChange: null });
  });

  it('is open only on weekends at a weekend-only site', () => {
    const weekends = compiled([
      schedule({ freq: 'WEEKLY', byday: 'SA,SU', opens_at: '10:00', closes_at: '14:00' }),
    ]);
    // Wednesday noon MST: next Saturday 10:00.
    expect(status(weekends, '2025-01-08T19:00:00Z')).toEqual({
      isOpen: false,
      nextChange: '2025-01-11T17:00:00.000Z',
    });
    // Sunday noon MST.
    expect(status(weekends, '2025-01-12T19:00:00Z')).toEqual({
      isOpen: true,
      nextChange: '2025-01-12T21:00:00.000Z',
    });
  });

  describe('Thanksgiving closure (Thursday 27 November 2025)', () => {
    const thanksgiving = schedule({ id: 'thanksgiving', closed: true, valid_from: '2025-11-27' });

    it('closes a weekday service for the day', () => {
      const hours = compiled(
        [
          schedule({
            freq: 'WEEKLY',
            byday: 'MO,TU,WE,TH,FR',
            opens_at: '09:00',
            closes_at: '17:00',
          }),
          thanksgiving,
        ],
        '2025-11-01',
      );
      // Wednesday 18:00 MST: next opening skips Thursday.
      expect(status(hours, '2025-11-27T01:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-11-28T16:00:00.000Z',
      });
      expect(status(hours, '2025-11-27T19:00:00Z').isOpen).toBe(false);
    });

    it('closes a 24/7 site from midnight to midnight', () => {
      const hours = compiled(
        [
          schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '00:00', closes_at: '24:00' }),
          thanksgiving,
        ],
        '2025-11-01',
      );
      expect(status(hours, '2025-11-26T19:00:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-11-27T07:00:00.000Z',
      });
      expect(status(hours, '2025-11-27T19:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-11-28T07:00:00.000Z',
      });
    });

    it('lets the night before run into the holiday, but opens no shelter night on it', () => {
      const hours = compiled(
        [
          schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '20:00', closes_at: '08:00' }),
          thanksgiving,
        ],
        '2025-11-01',
      );
      // Thursday 03:00 MST: Wednesday night's stay continues.
      expect(status(hours, '2025-11-27T10:00:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-11-27T15:00:00.000Z',
      });
      // Thursday 21:00 MST: no Thursday night; Friday 20:00 is next.
      expect(status(hours, '2025-11-28T04:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-11-29T03:00:00.000Z',
      });
    });
  });

  describe('daylight saving time', () => {
    it('keeps an overnight shelter on local hours across spring-forward in Denver', () => {
      // Sat 8 March 20:00 MST (03:00Z) to Sun 9 March 08:00 MDT (14:00Z): eleven hours.
      expect(status(shelter(), '2025-03-09T08:30:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-03-09T14:00:00.000Z',
      });
      expect(status(shelter(), '2025-03-09T10:00:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-03-09T14:00:00.000Z',
      });
      expect(status(shelter(), '2025-03-09T02:30:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-03-09T03:00:00.000Z',
      });
      // Sunday noon MDT: opens 20:00 MDT.
      expect(status(shelter(), '2025-03-09T18:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-03-10T02:00:00.000Z',
      });
    });

    it('keeps an overnight shelter on local hours across fall-back in Denver', () => {
      // Sat 1 November 20:00 MDT (02:00Z) to Sun 2 November 08:00 MST (15:00Z): thirteen hours.
      const hours = shelter('2025-10-15');
      expect(status(hours, '2025-11-02T07:30:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-11-02T15:00:00.000Z',
      });
      expect(status(hours, '2025-11-02T08:30:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-11-02T15:00:00.000Z',
      });
      expect(status(hours, '2025-11-02T16:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-11-03T03:00:00.000Z',
      });
    });

    it('moves New York office hours an hour earlier in UTC after spring-forward', () => {
      const hours = compiled(
        [
          schedule({
            freq: 'WEEKLY',
            byday: 'MO,TU,WE,TH,FR',
            opens_at: '09:00',
            closes_at: '17:00',
          }),
        ],
        '2025-03-01',
        NEW_YORK,
      );
      // Friday 7 March 12:00 EST closes 17:00 EST (22:00Z).
      expect(status(hours, '2025-03-07T17:00:00Z', NEW_YORK)).toEqual({
        isOpen: true,
        nextChange: '2025-03-07T22:00:00.000Z',
      });
      // Friday evening: reopens Monday 10 March 09:00 EDT (13:00Z).
      expect(status(hours, '2025-03-07T23:00:00Z', NEW_YORK)).toEqual({
        isOpen: false,
        nextChange: '2025-03-10T13:00:00.000Z',
      });
    });

    it('opens at 03:00 when 02:00 is skipped in New York', () => {
      const hours = compiled(
        [schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '02:00', closes_at: '06:00' })],
        '2025-03-01',
        NEW_YORK,
      );
      // Sun 9 March 01:30 EST: 02:00 never comes, so it opens at 03:00 EDT (07:00Z).
      expect(status(hours, '2025-03-09T06:30:00Z', NEW_YORK)).toEqual({
        isOpen: false,
        nextChange: '2025-03-09T07:00:00.000Z',
      });
      expect(status(hours, '2025-03-09T07:30:00Z', NEW_YORK)).toEqual({
        isOpen: true,
        nextChange: '2025-03-09T10:00:00.000Z',
      });
    });

    it('opens at the first 01:00 when 01:00 repeats in New York', () => {
      const hours = compiled(
        [schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '01:00', closes_at: '03:00' })],
        '2025-10-15',
        NEW_YORK,
      );
      // Sun 2 November: 01:00 EDT (05:00Z) to 03:00 EST (08:00Z), three hours.
      expect(status(hours, '2025-11-02T04:30:00Z', NEW_YORK)).toEqual({
        isOpen: false,
        nextChange: '2025-11-02T05:00:00.000Z',
      });
      expect(status(hours, '2025-11-02T06:30:00Z', NEW_YORK)).toEqual({
        isOpen: true,
        nextChange: '2025-11-02T08:00:00.000Z',
      });
    });
  });

  it('reads the same hours in each site’s own zone', () => {
    const instant = '2025-01-06T15:00:00Z';
    // 10:00 in New York, 08:00 in Denver, 05:00 in Honolulu.
    expect(status(officeHours, instant, NEW_YORK)).toEqual({
      isOpen: true,
      nextChange: '2025-01-06T22:00:00.000Z',
    });
    expect(status(officeHours, instant, DENVER)).toEqual({
      isOpen: false,
      nextChange: '2025-01-06T16:00:00.000Z',
    });
    expect(status(officeHours, instant, 'Pacific/Honolulu')).toEqual({
      isOpen: false,
      nextChange: '2025-01-06T19:00:00.000Z',
    });
  });

  describe('first-Monday food distribution, 10:00–12:00', () => {
    const hours = compiled(
      [schedule({ freq: 'MONTHLY', byday: '1MO', opens_at: '10:00', closes_at: '12:00' })],
      '2025-01-15',
    );
    it('names the next distribution when it is within two weeks', () => {
      expect(status(hours, '2025-02-01T12:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-02-03T17:00:00.000Z',
      });
      expect(status(hours, '2025-02-03T17:30:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-02-03T19:00:00.000Z',
      });
    });
    it('has no next change when the next one is more than two weeks off', () => {
      expect(status(hours, '2025-02-04T12:00:00Z')).toEqual({ isOpen: false, nextChange: null });
    });
  });

  describe('November–March warming center, 18:00–07:00', () => {
    const hours = compiled(
      [
        schedule({
          freq: 'WEEKLY',
          byday: EVERY_DAY,
          opens_at: '18:00',
          closes_at: '07:00',
          valid_from: '2025-11-01',
          valid_to: '2026-03-31',
        }),
      ],
      '2025-10-20',
    );
    it('is open on a winter night', () => {
      expect(status(hours, '2025-12-15T03:00:00Z')).toEqual({
        isOpen: true,
        nextChange: '2025-12-15T14:00:00.000Z',
      });
    });
    it('announces the season opening a week ahead', () => {
      // 1 November 18:00 MDT, the night before clocks fall back.
      expect(status(hours, '2025-10-25T12:00:00Z')).toEqual({
        isOpen: false,
        nextChange: '2025-11-02T00:00:00.000Z',
      });
    });
    it('lets the last night of the season run to morning, then stays closed', () => {
      expect(status(hours, '2026-04-01T12:00:00Z')).toEqual({
        isOpen: true,
        nextChange: '2026-04-01T13:00:00.000Z',
      });
      expect(status(hours, '2026-04-01T14:00:00Z')).toEqual({ isOpen: false, nextChange: null });
    });
    it('is closed in summer with no next change', () => {
      expect(status(hours, '2026-07-01T18:00:00Z')).toEqual({ isOpen: false, nextChange: null });
    });
  });

  it('adds dated openings to weekly hours', () => {
    const hours = compiled(
      [
        schedule({ freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '12:00' }),
        schedule({
          id: 's2',
          freq: 'MONTHLY',
          byday: '1MO',
          opens_at: '12:00',
          closes_at: '15:00',
        }),
      ],
      '2025-01-15',
    );
    // Monday 3 February: 09:00–15:00 MST as one opening.
    expect(status(hours, '2025-02-03T17:00:00Z')).toEqual({
      isOpen: true,
      nextChange: '2025-02-03T22:00:00.000Z',
    });
    // Monday 10 February: only the weekly morning.
    expect(status(hours, '2025-02-10T17:00:00Z')).toEqual({
      isOpen: true,
      nextChange: '2025-02-10T19:00:00.000Z',
    });
  });

  it('rejects an invalid date and an unknown zone', () => {
    expect(() => openStatus(officeHours, DENVER, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => openStatus(officeHours, 'Nowhere/Else', at('2025-01-06T17:00:00Z'))).toThrow(
      RangeError,
    );
  });
});

describe('siteOpenStatusesAt', () => {
  it('answers as siteOpenStatus for each site, across daylight saving changes and zones', () => {
    const sites: Array<[CompiledHours, string]> = [
      [officeHours, DENVER],
      [shelter(), DENVER],
      [allDay, NEW_YORK],
      [shelter('2025-03-01'), NEW_YORK],
      [officeHours, 'Australia/Lord_Howe'],
      [shelter(), 'Asia/Kolkata'],
      [compiled([]), DENVER],
      [
        compiled(
          [
            schedule({ freq: 'WEEKLY', byday: 'SA', opens_at: '01:30', closes_at: '02:30' }),
            schedule({
              freq: 'MONTHLY',
              byday: '1MO',
              opens_at: '10:00',
              closes_at: '12:00',
            }),
          ],
          '2025-02-20',
        ),
        DENVER,
      ],
    ];
    // Every five hours from late February to mid November 2025: both of the year's clock changes.
    for (let t = Date.UTC(2025, 1, 20); t < Date.UTC(2025, 10, 15); t += 5 * 3_600_000) {
      const statusOf = siteOpenStatusesAt(new Date(t));
      for (const [hours, zone] of sites)
        expect(statusOf(hours, zone)).toEqual(siteOpenStatus(hours, zone, new Date(t)));
    }
  });

  it('throws for an invalid date or an unknown zone as siteOpenStatus does', () => {
    expect(() => siteOpenStatusesAt(new Date(Number.NaN))(officeHours, DENVER)).toThrow(RangeError);
    expect(() =>
      siteOpenStatusesAt(at('2025-01-06T17:00:00Z'))(officeHours, 'Nowhere/Else'),
    ).toThrow(RangeError);
  });
});
