import { describe, expect, it } from 'vitest';
import { compileHours, mergeWeekly } from './compile.ts';
import { EVERY_DAY, schedule } from './test-schedules.ts';

const compile = (
  schedules: Parameters<typeof compileHours>[0]['schedules'],
  today = '2025-01-15',
) => compileHours({ schedules, timezone: 'America/Denver', today });

describe('compileHours', () => {
  it('knows nothing without schedules', () => {
    expect(compile([])).toEqual({
      weeklyHours: [],
      datedHours: [],
      closedDates: [],
      hoursKnown: false,
    });
  });

  it('knows nothing from a description-only schedule', () => {
    expect(compile([schedule({ description: 'Call for hours' })]).hoursKnown).toBe(false);
  });

  it('compiles weekday office hours', () => {
    expect(
      compile([
        schedule({
          freq: 'WEEKLY',
          byday: 'MO,TU,WE,TH,FR',
          opens_at: '09:00',
          closes_at: '17:00',
        }),
      ]),
    ).toEqual({
      weeklyHours: [
        [540, 1020],
        [1980, 2460],
        [3420, 3900],
        [4860, 5340],
        [6300, 6780],
      ],
      datedHours: [],
      closedDates: [],
      hoursKnown: true,
    });
  });

  it('compiles weekend-only hours', () => {
    expect(
      compile([schedule({ freq: 'WEEKLY', byday: 'SA,SU', opens_at: '10:00', closes_at: '14:00' })])
        .weeklyHours,
    ).toEqual([
      [7800, 8040],
      [9240, 9480],
    ]);
  });

  it('runs an overnight shelter past midnight, Sunday night into Monday', () => {
    const { weeklyHours } = compile([
      schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '20:00', closes_at: '08:00' }),
    ]);
    expect(weeklyHours).toEqual([
      [1200, 1920],
      [2640, 3360],
      [4080, 4800],
      [5520, 6240],
      [6960, 7680],
      [8400, 9120],
      [9840, 10560],
    ]);
  });

  it('compiles 24/7 from all-day rules, however they are written', () => {
    const allDay = compile([
      schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '00:00', closes_at: '24:00' }),
    ]);
    expect(allDay.weeklyHours).toEqual([[0, 10080]]);
    const midnightToMidnight = compile([
      schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '00:00', closes_at: '00:00' }),
    ]);
    expect(midnightToMidnight.weeklyHours).toEqual([[0, 10080]]);
    const dayAndNight = compile([
      schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '08:00', closes_at: '20:00' }),
      schedule({
        id: 's2',
        freq: 'WEEKLY',
        byday: EVERY_DAY,
        opens_at: '20:00',
        closes_at: '08:00',
      }),
    ]);
    expect(dayAndNight.weeklyHours).toEqual([[0, 10080]]);
  });

  it('merges overlapping and touching rules', () => {
    expect(
      compile([
        schedule({ freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '13:00' }),
        schedule({ id: 's2', freq: 'WEEKLY', byday: 'MO', opens_at: '12:00', closes_at: '17:00' }),
        schedule({ id: 's3', freq: 'WEEKLY', byday: 'MO', opens_at: '17:00', closes_at: '18:00' }),
      ]).weeklyHours,
    ).toEqual([[540, 1080]]);
  });

  it('reads a rule without freq as weekly, and without byday as every day', () => {
    expect(
      compile([schedule({ byday: 'TU', opens_at: '09:00', closes_at: '10:00' })]).weeklyHours,
    ).toEqual([[1980, 2040]]);
    expect(compile([schedule({ opens_at: '09:00', closes_at: '10:00' })]).weeklyHours).toHaveLength(
      7,
    );
  });

  it('keeps a rule that started in the past and never ends as weekly', () => {
    const compiled = compile([
      schedule({
        freq: 'WEEKLY',
        byday: 'MO',
        opens_at: '09:00',
        closes_at: '10:00',
        valid_from: '2020-01-01',
      }),
    ]);
    expect(compiled.weeklyHours).toEqual([[540, 600]]);
    expect(compiled.datedHours).toEqual([]);
  });

  it('closes Thanksgiving and a Christmas run, within the window only', () => {
    const compiled = compile(
      [
        schedule({ freq: 'WEEKLY', byday: EVERY_DAY, opens_at: '09:00', closes_at: '17:00' }),
        schedule({ id: 'thanksgiving', closed: true, valid_from: '2025-11-27' }),
        schedule({
          id: 'christmas',
          closed: true,
          valid_from: '2025-12-24',
          valid_to: '2025-12-26',
        }),
        schedule({ id: 'long-ago', closed: true, valid_from: '2024-11-28' }),
        schedule({ id: 'far-off', closed: true, valid_from: '2027-11-25' }),
      ],
      '2025-10-01',
    );
    expect(compiled.closedDates).toEqual(['2025-11-27', '2025-12-24', '2025-12-25', '2025-12-26']);
  });

  it('closes only the listed weekdays of a closure with byday', () => {
    expect(
      compile([
        schedule({
          closed: true,
          valid_from: '2025-02-01',
          valid_to: '2025-02-14',
          byday: 'SA,SU',
        }),
      ]).closedDates,
    ).toEqual(['2025-02-01', '2025-02-02', '2025-02-08', '2025-02-09']);
  });

  it('expands a first-Monday food distribution for the window', () => {
    const { datedHours, weeklyHours, hoursKnown } = compile([
      schedule({ freq: 'MONTHLY', byday: '1MO', opens_at: '10:00', closes_at: '12:00' }),
    ]);
    expect(weeklyHours).toEqual([]);
    expect(hoursKnown).toBe(true);
    expect(datedHours.map(([date]) => date)).toEqual([
      '2025-02-03',
      '2025-03-03',
      '2025-04-07',
      '2025-05-05',
      '2025-06-02',
      '2025-07-07',
      '2025-08-04',
      '2025-09-01',
      '2025-10-06',
      '2025-11-03',
      '2025-12-01',
      '2026-01-05',
      '2026-02-02',
    ]);
    expect(datedHours[0]).toEqual(['2025-02-03', 600, 720]);
  });

  it('expands last-weekday and day-of-month rules', () => {
    const lastFriday = compile([
      schedule({ freq: 'MONTHLY', byday: '-1FR', opens_at: '10:00', closes_at: '11:00' }),
    ]);
    expect(lastFriday.datedHours.slice(0, 3).map(([d]) => d)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-28',
    ]);
    const firstAndFifteenth = compile([
      schedule({ freq: 'MONTHLY', bymonthday: '1,15', opens_at: '10:00', closes_at: '11:00' }),
    ]);
    expect(firstAndFifteenth.datedHours.slice(0, 4).map(([d]) => d)).toEqual([
      '2025-01-15',
      '2025-02-01',
      '2025-02-15',
      '2025-03-01',
    ]);
    const lastDay = compile([
      schedule({ freq: 'MONTHLY', bymonthday: '-1', opens_at: '10:00', closes_at: '11:00' }),
    ]);
    expect(lastDay.datedHours.slice(0, 3).map(([d]) => d)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
    ]);
    const secondAndFourthTuesday = compile([
      schedule({ freq: 'MONTHLY', byday: '2TU,4TU', opens_at: '10:00', closes_at: '11:00' }),
    ]);
    expect(secondAndFourthTuesday.datedHours.slice(0, 3).map(([d]) => d)).toEqual([
      '2025-01-14',
      '2025-01-28',
      '2025-02-11',
    ]);
  });

  it('expands every-other-week and every-other-month rules from dtstart', () => {
    const biweekly = compile([
      schedule({
        freq: 'WEEKLY',
        interval: 2,
        byday: 'TU',
        dtstart: '2025-01-07',
        opens_at: '13:00',
        closes_at: '15:00',
      }),
    ]);
    expect(biweekly.weeklyHours).toEqual([]);
    expect(biweekly.datedHours.slice(0, 3)).toEqual([
      ['2025-01-21', 780, 900],
      ['2025-02-04', 780, 900],
      ['2025-02-18', 780, 900],
    ]);
    const bimonthly = compile([
      schedule({
        freq: 'MONTHLY',
        interval: 2,
        bymonthday: '10',
        dtstart: '2024-12-10',
        opens_at: '13:00',
        closes_at: '15:00',
      }),
    ]);
    expect(bimonthly.datedHours.slice(0, 3).map(([d]) => d)).toEqual([
      '2025-02-10',
      '2025-04-10',
      '2025-06-10',
    ]);
  });

  it('skips an every-other-week rule it cannot place', () => {
    expect(
      compile([
        schedule({
          freq: 'WEEKLY',
          interval: 2,
          byday: 'TU',
          opens_at: '13:00',
          closes_at: '15:00',
        }),
      ]),
    ).toEqual({
      weeklyHours: [],
      datedHours: [],
      closedDates: [],
      hoursKnown: false,
    });
  });

  it('expands a November–March warming center into dated overnight openings', () => {
    const compiled = compile(
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
    expect(compiled.weeklyHours).toEqual([]);
    expect(compiled.datedHours).toHaveLength(151);
    expect(compiled.datedHours[0]).toEqual(['2025-11-01', 1080, 1860]);
    expect(compiled.datedHours.at(-1)).toEqual(['2026-03-31', 1080, 1860]);
  });

  it('keeps an out-of-season rule as known hours with nothing in the window', () => {
    const compiled = compile([
      schedule({
        freq: 'WEEKLY',
        byday: 'MO',
        opens_at: '18:00',
        closes_at: '20:00',
        valid_from: '2024-11-01',
        valid_to: '2024-12-31',
      }),
    ]);
    expect(compiled).toEqual({
      weeklyHours: [],
      datedHours: [],
      closedDates: [],
      hoursKnown: true,
    });
  });

  it('expands a weekly rule that starts in the future, through the end of the window', () => {
    const compiled = compile([
      schedule({
        freq: 'WEEKLY',
        byday: 'WE',
        opens_at: '09:00',
        closes_at: '10:00',
        valid_from: '2025-06-01',
      }),
    ]);
    expect(compiled.weeklyHours).toEqual([]);
    expect(compiled.datedHours[0]).toEqual(['2025-06-04', 540, 600]);
    expect(compiled.datedHours.at(-1)?.[0]).toBe('2026-02-18');
  });

  it('starts the window the day before today, so last night is included', () => {
    const compiled = compile([
      schedule({ freq: 'MONTHLY', bymonthday: '14', opens_at: '20:00', closes_at: '06:00' }),
    ]);
    expect(compiled.datedHours[0]).toEqual(['2025-01-14', 1200, 1800]);
  });

  it('rejects a malformed today and an unknown time zone', () => {
    expect(() =>
      compileHours({ schedules: [], timezone: 'America/Denver', today: '2025-13-01' }),
    ).toThrow(RangeError);
    expect(() =>
      compileHours({ schedules: [], timezone: 'Mars/Olympus', today: '2025-01-01' }),
    ).toThrow(RangeError);
  });
});

describe('mergeWeekly', () => {
  it('joins a Sunday-night span with Monday morning hours', () => {
    expect(
      mergeWeekly([
        [9840, 10560],
        [0, 600],
        [540, 700],
      ]),
    ).toEqual([[9840, 10780]]);
  });
  it('folds spans given past the end of the week back onto it', () => {
    expect(mergeWeekly([[10200, 10300]])).toEqual([[120, 220]]);
  });
  it('drops empty spans', () => {
    expect(mergeWeekly([[600, 600]])).toEqual([]);
  });
});
