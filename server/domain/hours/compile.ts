import type { SearchDocument, WeeklyIntervals } from '../../search/engine.ts';
import type { Schedule } from '../directory/records.ts';
import { civilOf, dayNumber, daysInMonth, isoDateOf, weekdayOf } from './civil.ts';
import { assertTimeZone } from './zoned-time.ts';

/** A site's hours as the search index stores them (see SearchDocument). */
export type CompiledHours = Pick<
  SearchDocument,
  'weeklyHours' | 'datedHours' | 'closedDates' | 'hoursKnown'
>;

/** Dated hours and closures are expanded from the day before `today` to 400 days after it. */
export const HOURS_WINDOW = { daysBefore: 1, daysAfter: 400 } as const;

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 10080;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

type DayRule = { ordinal: number | null; weekday: number };
type Rule = {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  anchor: number | null;
  from: number | null;
  to: number | null;
  byday: DayRule[];
  bymonthday: number[];
};

/**
 * Compiles HSDS schedules into weekly intervals, dated openings and closed dates; throws
 * RangeError for a malformed `today` or an unknown time zone.
 *
 * - Open rules with no end and interval 1 that are already in effect become `weeklyHours`
 *   (merged); monthly, every-N-weeks, seasonal and future-dated rules are expanded into
 *   `datedHours` over HOURS_WINDOW. Schedules add up: a seasonal rule adds to regular hours.
 * - closes_at at or before opens_at runs overnight; 00:00–24:00 is all day.
 * - A rule with no freq is WEEKLY (MONTHLY when it has bymonthday or an ordinal byday); WEEKLY
 *   without byday means dtstart's weekday, or every day when there is no dtstart.
 * - An every-N rule with no dtstart or valid_from cannot be placed, so it is skipped.
 * - `closed: true` closes whole dates from valid_from to valid_to (only its byday weekdays if it
 *   has them). Partial-day closures are not modelled.
 * - hoursKnown is true when at least one schedule has usable opening times, even if none of them
 *   falls inside the window (a warming center out of season is known to be closed).
 */
export function compileHours(args: {
  schedules: readonly Schedule[];
  timezone: string;
  today: string;
}): CompiledHours {
  assertTimeZone(args.timezone);
  const today = dayNumber(args.today);
  const windowStart = today - HOURS_WINDOW.daysBefore;
  const windowEnd = today + HOURS_WINDOW.daysAfter;

  const weekly: WeeklyIntervals = [];
  const dated: Array<[day: number, start: number, end: number]> = [];
  const closed = new Set<number>();
  let hoursKnown = false;

  for (const schedule of args.schedules) {
    if (schedule.closed) {
      if (!schedule.valid_from) continue;
      const from = Math.max(dayNumber(schedule.valid_from), windowStart);
      const to = Math.min(dayNumber(schedule.valid_to ?? schedule.valid_from), windowEnd);
      const days = parseByday(schedule.byday);
      for (let day = from; day <= to; day++) {
        if (days.length === 0 || days.some((d) => d.weekday === weekdayOf(day))) closed.add(day);
      }
      continue;
    }
    const times = openingTimes(schedule);
    const rule = times ? parseRule(schedule) : null;
    if (!times || !rule) continue;
    hoursKnown = true;

    const unbounded =
      rule.freq === 'WEEKLY' &&
      rule.interval === 1 &&
      rule.to === null &&
      (rule.from === null || rule.from <= windowStart);
    if (unbounded) {
      const weekdays = weeklyDays(rule);
      for (const weekday of weekdays) {
        weekly.push([
          weekday * MINUTES_PER_DAY + times.start,
          weekday * MINUTES_PER_DAY + times.end,
        ]);
      }
      continue;
    }
    const from = Math.max(rule.from ?? windowStart, windowStart);
    const to = Math.min(rule.to ?? windowEnd, windowEnd);
    for (let day = from; day <= to; day++) {
      if (occursOn(rule, day)) dated.push([day, times.start, times.end]);
    }
  }

  return {
    weeklyHours: mergeWeekly(weekly),
    datedHours: mergeDated(dated),
    closedDates: [...closed].sort((a, b) => a - b).map(isoDateOf),
    hoursKnown,
  };
}

function minutesOf(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function openingTimes(schedule: Schedule): { start: number; end: number } | null {
  if (!schedule.opens_at || !schedule.closes_at) return null;
  const start = minutesOf(schedule.opens_at);
  const close = minutesOf(schedule.closes_at);
  if (start >= MINUTES_PER_DAY) return null;
  return { start, end: close <= start ? close + MINUTES_PER_DAY : close };
}

function parseByday(byday: string | null | undefined): DayRule[] {
  if (!byday) return [];
  return byday.split(',').flatMap((part) => {
    const m = /^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part.trim());
    if (!m?.[2]) return [];
    return [{ ordinal: m[1] ? Number(m[1]) : null, weekday: WEEKDAYS.indexOf(m[2]) }];
  });
}

function parseRule(schedule: Schedule): Rule | null {
  const byday = parseByday(schedule.byday);
  const bymonthday = (schedule.bymonthday ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number)
    .filter((n) => n !== 0 && Math.abs(n) <= 31);
  const freq =
    schedule.freq ??
    (bymonthday.length > 0 || byday.some((d) => d.ordinal !== null) ? 'MONTHLY' : 'WEEKLY');
  const anchor = schedule.dtstart
    ? dayNumber(schedule.dtstart)
    : schedule.valid_from
      ? dayNumber(schedule.valid_from)
      : null;
  const interval = schedule.interval ?? 1;
  if (interval > 1 && anchor === null) return null;
  if (freq === 'MONTHLY' && byday.length === 0 && bymonthday.length === 0 && anchor === null)
    return null;
  const starts = [schedule.valid_from, schedule.dtstart]
    .filter((d): d is string => !!d)
    .map(dayNumber);
  const ends = [schedule.valid_to, schedule.until].filter((d): d is string => !!d).map(dayNumber);
  return {
    freq,
    interval,
    anchor,
    from: starts.length > 0 ? Math.max(...starts) : null,
    to: ends.length > 0 ? Math.min(...ends) : null,
    byday,
    bymonthday,
  };
}

function weeklyDays(rule: Rule): number[] {
  if (rule.byday.length > 0) return [...new Set(rule.byday.map((d) => d.weekday))];
  if (rule.anchor !== null) return [weekdayOf(rule.anchor)];
  return [0, 1, 2, 3, 4, 5, 6];
}

function occursOn(rule: Rule, day: number): boolean {
  if (rule.freq === 'WEEKLY') {
    if (!weeklyDays(rule).includes(weekdayOf(day))) return false;
    if (rule.interval === 1 || rule.anchor === null) return true;
    const weeks = Math.round((day - weekdayOf(day) - (rule.anchor - weekdayOf(rule.anchor))) / 7);
    return weeks % rule.interval === 0;
  }
  const { year, month, dayOfMonth } = civilOf(day);
  if (rule.interval > 1 && rule.anchor !== null) {
    const a = civilOf(rule.anchor);
    const months = (year - a.year) * 12 + (month - a.month);
    if (((months % rule.interval) + rule.interval) % rule.interval !== 0) return false;
  }
  const length = daysInMonth(year, month);
  const dayMatches =
    rule.byday.length === 0 ||
    rule.byday.some((d) => {
      if (d.weekday !== weekdayOf(day)) return false;
      if (d.ordinal === null) return true;
      return d.ordinal > 0
        ? Math.ceil(dayOfMonth / 7) === d.ordinal
        : -(Math.floor((length - dayOfMonth) / 7) + 1) === d.ordinal;
    });
  const dateMatches =
    rule.bymonthday.length === 0
      ? rule.byday.length > 0 ||
        rule.anchor === null ||
        civilOf(rule.anchor).dayOfMonth === dayOfMonth
      : rule.bymonthday.some((n) => (n > 0 ? n === dayOfMonth : length + n + 1 === dayOfMonth));
  // RRULE: byday and bymonthday together mean both must hold ("Friday the 13th").
  return dayMatches && dateMatches;
}

/**
 * Merges weekly intervals on the circle of the week: overlapping or touching spans join, a span
 * past Sunday midnight joins Monday's, and anything covering the whole week is [[0, 10080]].
 */
export function mergeWeekly(intervals: WeeklyIntervals): WeeklyIntervals {
  const pieces: Array<[number, number]> = [];
  for (const [rawStart, rawEnd] of intervals) {
    if (rawEnd <= rawStart) continue;
    if (rawEnd - rawStart >= MINUTES_PER_WEEK) return [[0, MINUTES_PER_WEEK]];
    const start = ((rawStart % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    const end = start + (rawEnd - rawStart);
    pieces.push([start, Math.min(end, MINUTES_PER_WEEK)]);
    if (end > MINUTES_PER_WEEK) pieces.push([0, end - MINUTES_PER_WEEK]);
  }
  const merged = mergeLinear(pieces);
  const first = merged[0];
  const last = merged.at(-1);
  if (first && last && merged.length > 1 && first[0] === 0 && last[1] === MINUTES_PER_WEEK) {
    return [...merged.slice(1, -1), [last[0], MINUTES_PER_WEEK + first[1]]];
  }
  return merged;
}

function mergeLinear(pieces: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...pieces].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

function mergeDated(entries: Array<[number, number, number]>): CompiledHours['datedHours'] {
  const byDay = new Map<number, Array<[number, number]>>();
  for (const [day, start, end] of entries) {
    const list = byDay.get(day) ?? [];
    list.push([start, end]);
    byDay.set(day, list);
  }
  return [...byDay.keys()]
    .sort((a, b) => a - b)
    .flatMap((day) =>
      mergeLinear(byDay.get(day) ?? []).map(([s, e]): [string, number, number] => [
        isoDateOf(day),
        s,
        e,
      ]),
    );
}
