import type { HoursKind } from './catalog.ts';
import type { Rng } from './prng.ts';
import type { HsdsSchedule } from './types.ts';

/**
 * Opening hours as HSDS 3 schedules (RRULE subset: WEEKLY or MONTHLY with BYDAY), plus our
 * `closed` holiday closures. Every day of a "daily" schedule is listed in BYDAY because HSDS has
 * no DAILY frequency. A closing time before the opening time runs past midnight (overnight
 * shelters); `24:00` closes at midnight.
 */

type Draft = Omit<HsdsSchedule, 'id'>;

const WEEKDAYS = 'MO,TU,WE,TH,FR';
const EVERY_DAY = 'MO,TU,WE,TH,FR,SA,SU';
const DAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINALS: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};

function weekly(byday: string, opens_at: string, closes_at: string, description?: string): Draft {
  return description
    ? { freq: 'WEEKLY', byday, opens_at, closes_at, description }
    : { freq: 'WEEKLY', byday, opens_at, closes_at };
}

function monthly(rng: Rng): Draft {
  const ordinal = rng.pick(['1', '2', '3', '4', '-1']);
  const day = rng.pick(['SA', 'SA', 'SA', 'TU', 'WE', 'TH']);
  const [opens, closes] =
    day === 'SA'
      ? rng.pick([
          ['09:00', '12:00'],
          ['10:00', '13:00'],
        ])
      : rng.pick([
          ['10:00', '13:00'],
          ['16:00', '18:30'],
        ]);
  return {
    freq: 'MONTHLY',
    byday: `${ordinal}${day}`,
    opens_at: opens ?? '10:00',
    closes_at: closes ?? '13:00',
    description: `Held on the ${ORDINALS[ordinal]} ${DAY_NAMES[day]} of each month.`,
  };
}

// Closures in the reference season: Thanksgiving 2026, the day after, Christmas, New Year's Day.
type Holiday = readonly [date: string, description: string];
const thanksgiving: Holiday = ['2026-11-26', 'Closed for Thanksgiving'];
const dayAfterThanksgiving: Holiday = ['2026-11-27', 'Closed the day after Thanksgiving'];
const christmas: Holiday = ['2026-12-25', 'Closed for Christmas'];
const newYear: Holiday = ['2027-01-01', "Closed for New Year's Day"];

/** Schedules for a pattern of hours; `overnight` marks shelter-style services for seasonal hours. */
export function buildSchedules(rng: Rng, kind: HoursKind, overnight: boolean): Draft[] {
  const out: Draft[] = [];
  let holidayClosures = true;
  switch (kind) {
    case 'office': {
      const variant = rng.int(0, 3);
      if (variant === 0) out.push(weekly(WEEKDAYS, '08:00', '16:30'));
      else if (variant === 1) {
        out.push(weekly('MO,TU,WE,TH', '08:30', '17:00'));
        out.push(weekly('FR', '08:30', '12:00'));
      } else out.push(weekly(WEEKDAYS, '09:00', '17:00'));
      break;
    }
    case 'office-evening':
      out.push(weekly('MO,WE,FR', '09:00', '17:00'));
      out.push(weekly('TU,TH', '11:00', '19:30', 'Late hours for working families.'));
      break;
    case 'clinic':
      out.push(weekly(WEEKDAYS, rng.pick(['08:00', '07:30']), '17:00'));
      if (rng.chance(0.6))
        out.push(weekly(rng.pick(['TU', 'TH', 'TU,TH']), '17:00', '20:00', 'Evening clinic.'));
      if (rng.chance(0.3)) out.push(weekly('SA', '09:00', '13:00', 'Saturday clinic.'));
      break;
    case 'pantry': {
      const days = rng.pick(['TU,TH', 'MO,WE', 'WE,FR', 'TU,WE,TH', 'MO,TH']);
      out.push(rng.chance(0.7) ? weekly(days, '10:00', '14:00') : weekly(days, '16:00', '18:30'));
      if (rng.chance(0.5)) out.push(weekly('SA', '09:00', '12:00'));
      break;
    }
    case 'weekend':
      out.push(rng.chance(0.75) ? weekly('SA', '09:00', '12:00') : weekly('SA', '10:00', '13:00'));
      if (rng.chance(0.2)) out.push(weekly('SU', '13:00', '15:00'));
      break;
    case 'monthly':
      out.push(monthly(rng));
      if (rng.chance(0.25)) out.push(monthly(rng));
      break;
    case 'overnight':
      out.push(
        weekly(
          EVERY_DAY,
          rng.pick(['20:00', '19:00', '18:30']),
          rng.pick(['07:00', '07:00', '06:30']),
          'Overnight; guests leave in the morning.',
        ),
      );
      holidayClosures = false;
      break;
    case 'winter':
      holidayClosures = false;
      if (overnight) {
        out.push({
          ...weekly(EVERY_DAY, '19:00', '07:00', 'Winter season only, overnight.'),
          valid_from: '2026-11-01',
          valid_to: '2027-03-31',
        });
      } else {
        out.push({
          ...weekly(WEEKDAYS, '09:00', '16:00', 'Heating season only.'),
          valid_from: '2026-11-01',
          valid_to: '2027-04-30',
        });
      }
      break;
    case 'always':
      out.push(weekly(EVERY_DAY, '00:00', '24:00', 'Open 24 hours a day, 7 days a week.'));
      holidayClosures = false;
      break;
    case 'meals': {
      const variant = rng.int(0, 3);
      if (variant === 0) out.push(weekly(WEEKDAYS, '11:30', '13:00'));
      else if (variant === 1) out.push(weekly(EVERY_DAY, '11:30', '13:00'));
      else if (variant === 2) out.push(weekly(rng.pick(['WE', 'TH', 'TU']), '17:30', '19:00'));
      else out.push(weekly('SU', '16:00', '18:00'));
      break;
    }
    case 'breakfast':
      out.push(
        rng.chance(0.5)
          ? weekly('MO,TU,WE,TH,FR,SA', '07:00', '08:30')
          : weekly(EVERY_DAY, '06:30', '08:00'),
      );
      break;
    case 'drop-in':
      out.push(weekly(WEEKDAYS, '08:00', '16:00'));
      if (rng.chance(0.5)) out.push(weekly('SA', '10:00', '14:00'));
      break;
    case 'class': {
      const variant = rng.int(0, 2);
      if (variant === 0) out.push(weekly('TU,TH', '18:00', '20:00'));
      else if (variant === 1) out.push(weekly('MO,WE', '10:00', '12:00'));
      else out.push(weekly('SA', '10:00', '12:00'));
      break;
    }
    case 'youth':
      out.push(weekly(WEEKDAYS, '15:00', '19:00'));
      if (rng.chance(0.4)) out.push(weekly('SA', '12:00', '17:00'));
      break;
    case 'appointment':
      out.push(weekly(WEEKDAYS, '09:00', '17:00', 'By appointment.'));
      break;
  }
  // About half the programs list holiday closures: usually Thanksgiving, often one more.
  if (holidayClosures && rng.chance(0.5)) {
    const first = rng.chance(0.85) ? thanksgiving : rng.pick([christmas, newYear]);
    const closures = [first];
    if (first === thanksgiving && rng.chance(0.6)) {
      closures.push(
        rng.weighted([
          [christmas, 6],
          [dayAfterThanksgiving, 2],
          [newYear, 2],
        ] as const),
      );
    }
    for (const [date, description] of closures)
      out.push({ valid_from: date, valid_to: date, closed: true, description });
  }
  return out;
}
