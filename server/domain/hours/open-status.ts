import { dayNumber, isoDateOf, weekdayOf } from './civil.ts';
import type { CompiledHours } from './compile.ts';
import { splitLongSpan, weekdayPieces } from './day-pieces.ts';
import { fixedOffsetsByDay, localDateTime, zonedInstant } from './zoned-time.ts';

/** Whether a site is open at an instant and when that next changes. */
export type OpenStatus = {
  /** null when the site's hours are unknown. */
  isOpen: boolean | null;
  /** When it next opens (closed) or closes (open); null if not within 14 days, or unknown. */
  nextChange: Date | null;
};

/** An open status with the IANA zone of the site it was computed for, to show times in. */
export type SiteOpenStatus = OpenStatus & { timeZone: string };

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const HORIZON_MS = 14 * MS_PER_DAY;

/**
 * Open or closed at `at` in the site's IANA zone, and the next change within 14 days; throws
 * RangeError for an unknown zone or invalid date. Openings are wall-clock times, so a span keeps
 * its local hours across daylight saving changes (an overnight shelter runs 20:00–08:00 local
 * even on the night the clocks move). A closed date cancels the openings it owns (see
 * day-pieces.ts); weekly and dated openings add up; touching openings count as one, so a 24/7
 * site is open with no next change.
 */
export function openStatus(compiled: CompiledHours, timezone: string, at: Date): OpenStatus {
  const now = at.getTime();
  if (Number.isNaN(now)) throw new RangeError('openStatus needs a valid date.');
  if (!compiled.hoursKnown) return { isOpen: null, nextChange: null };
  return statusIn(compiled, zoneWindow(timezone, now));
}

/**
 * siteOpenStatus for many sites at one instant (a page of search hits): what depends only on
 * the zone (local date, the days looked at, their offsets) is worked out once per zone. Throws
 * like openStatus.
 */
export function siteOpenStatusesAt(
  at: Date,
): (compiled: CompiledHours, timezone: string) => SiteOpenStatus {
  const now = at.getTime();
  const windows = new Map<string, ZoneWindow>();
  return (compiled, timezone) => {
    if (Number.isNaN(now)) throw new RangeError('openStatus needs a valid date.');
    if (!compiled.hoursKnown) return { isOpen: null, nextChange: null, timeZone: timezone };
    let window = windows.get(timezone);
    if (window === undefined) {
      window = zoneWindow(timezone, now);
      windows.set(timezone, window);
    }
    return { ...statusIn(compiled, window), timeZone: timezone };
  };
}

/** The days an open status reads in one zone at one instant, and how to place wall times in them. */
type ZoneWindow = {
  timezone: string;
  now: number;
  firstDay: number;
  lastDay: number;
  /** ISO bounds of the dated openings read (from the day before the first). */
  fromDate: string;
  toDate: string;
  /** ISO bounds of the closed dates read. */
  closedFrom: string;
  closedTo: string;
  /** Per day of the window, the offset its wall times are read with (null: ask the zone). */
  offsets: Array<number | null>;
  /** Instants of wall times on the days without one offset, by day in the window and minute. */
  instants: Map<number, number>;
};

function zoneWindow(timezone: string, now: number): ZoneWindow {
  const today = localDateTime(timezone, now).day;
  // Two days back catches spans that began yesterday evening; sixteen ahead covers the horizon.
  const firstDay = today - 2;
  const lastDay = today + 16;
  return {
    timezone,
    now,
    firstDay,
    lastDay,
    fromDate: isoDateOf(firstDay - 1),
    toDate: isoDateOf(lastDay),
    closedFrom: isoDateOf(firstDay),
    closedTo: isoDateOf(lastDay),
    offsets: fixedOffsetsByDay(timezone, firstDay, lastDay),
    instants: new Map(),
  };
}

function statusIn(compiled: CompiledHours, window: ZoneWindow): OpenStatus {
  const { timezone, now, firstDay, lastDay, offsets } = window;
  const closedDays = closedDaysIn(compiled.closedDates, window.closedFrom, window.closedTo);
  const spans: Array<[number, number]> = [];
  const instant = (day: number, minute: number, offset: number | null | undefined): number => {
    if (!(Number.isInteger(minute) && minute >= 0 && minute <= 2880))
      return zonedInstant(timezone, day, minute);
    if (offset != null) return day * MS_PER_DAY + minute * MS_PER_MINUTE - offset;
    // A day near a clock change: each wall time is asked of the zone once per window.
    const key = (day - firstDay) * 4096 + minute;
    let at = window.instants.get(key);
    if (at === undefined) {
      at = zonedInstant(timezone, day, minute);
      window.instants.set(key, at);
    }
    return at;
  };
  const add = (day: number, start: number, end: number) => {
    if (day < firstDay || day > lastDay) return;
    if (closedDays?.has(day)) return;
    const offset = offsets[day - firstDay];
    const from = instant(day, start, offset);
    const to = instant(day, end, offset);
    // A span inside a spring-forward gap (02:00–02:30) never happens on that date.
    if (to > from) spans.push([from, to]);
  };

  const pieces = weekdayPieces(compiled.weeklyHours);
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOf(day);
    for (const piece of pieces) if (piece.weekday === weekday) add(day, piece.start, piece.end);
  }
  // ISO dates compare as strings: only the dates in the window are read as day numbers.
  const { fromDate, toDate } = window;
  for (const [date, start, end] of compiled.datedHours) {
    if (date < fromDate || date > toDate) continue;
    const day = dayNumber(date);
    for (const piece of splitLongSpan(start, end))
      add(day + piece.dayOffset, piece.start, piece.end);
  }

  const merged = mergeSpans(spans);
  const horizon = now + HORIZON_MS;
  const current = merged.find(([from, to]) => from <= now && now < to);
  if (current)
    return { isOpen: true, nextChange: current[1] <= horizon ? new Date(current[1]) : null };
  const next = merged.find(([from]) => from > now);
  return { isOpen: false, nextChange: next && next[0] <= horizon ? new Date(next[0]) : null };
}

/** openStatus with the zone it was computed in, so clients show times in the site's zone; throws like openStatus. */
export function siteOpenStatus(
  compiled: CompiledHours,
  timezone: string,
  at: Date,
): SiteOpenStatus {
  return { ...openStatus(compiled, timezone, at), timeZone: timezone };
}

/** Whether the site is open at `at` (null when hours are unknown); throws like openStatus. */
export function isOpenAt(compiled: CompiledHours, timezone: string, at: Date): boolean | null {
  return openStatus(compiled, timezone, at).isOpen;
}

/** The day numbers of the closed dates within [fromDate, toDate]; null when there are none. */
function closedDaysIn(
  closedDates: readonly string[],
  fromDate: string,
  toDate: string,
): Set<number> | null {
  if (closedDates.length === 0) return null;
  const days = new Set<number>();
  for (const date of closedDates) if (date >= fromDate && date <= toDate) days.add(dayNumber(date));
  return days.size > 0 ? days : null;
}

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}
