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
 * the zone and the local date (the days looked at, their offsets) is worked out once and kept
 * for later pages. Throws like openStatus.
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
    const status = statusIn(compiled, window);
    return { isOpen: status.isOpen, nextChange: status.nextChange, timeZone: timezone };
  };
}

/** The days an open status reads in one zone from one local date, and how to place wall times in them. */
type ZoneDays = {
  timezone: string;
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

/** ZoneDays an instant reads in its zone. */
type ZoneWindow = { days: ZoneDays; now: number };

/**
 * ZoneDays by zone and local date: every search in a day reads the same few, and working out a
 * window's offsets asks the zone about some five hundred hours.
 */
const zoneDaysCache = new Map<string, ZoneDays>();
const MAX_ZONE_DAYS = 1_024;

function zoneWindow(timezone: string, now: number): ZoneWindow {
  const today = localDateTime(timezone, now).day;
  const key = `${today} ${timezone}`;
  let days = zoneDaysCache.get(key);
  if (days === undefined) {
    days = zoneDays(timezone, today);
    if (zoneDaysCache.size >= MAX_ZONE_DAYS) zoneDaysCache.clear();
    zoneDaysCache.set(key, days);
  }
  return { days, now };
}

function zoneDays(timezone: string, today: number): ZoneDays {
  // Two days back catches spans that began yesterday evening; sixteen ahead covers the horizon.
  const firstDay = today - 2;
  const lastDay = today + 16;
  return {
    timezone,
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

/** The instant of a wall time on a day of the window. */
function instantIn(days: ZoneDays, day: number, minute: number): number {
  const { timezone, firstDay } = days;
  if (!(Number.isInteger(minute) && minute >= 0 && minute <= 2880))
    return zonedInstant(timezone, day, minute);
  const offset = days.offsets[day - firstDay];
  if (offset != null) return day * MS_PER_DAY + minute * MS_PER_MINUTE - offset;
  // A day near a clock change: each wall time is asked of the zone once.
  const key = (day - firstDay) * 4096 + minute;
  let at = days.instants.get(key);
  if (at === undefined) {
    at = zonedInstant(timezone, day, minute);
    days.instants.set(key, at);
  }
  return at;
}

/**
 * The openings a site's hours give within a window, as instants: a flat list of from, to pairs,
 * each pair not empty (a span inside a spring-forward gap, 02:00–02:30, never happens that date).
 */
class Spans {
  readonly bounds: number[] = [];
  /** Whether every pair starts no earlier than the one before (the usual order they come in). */
  ordered = true;

  constructor(
    private readonly days: ZoneDays,
    private readonly closedDays: Set<number> | null,
  ) {}

  add(day: number, start: number, end: number): void {
    const { days, bounds } = this;
    if (day < days.firstDay || day > days.lastDay) return;
    if (this.closedDays?.has(day)) return;
    const from = instantIn(days, day, start);
    const to = instantIn(days, day, end);
    if (to <= from) return;
    if (bounds.length > 0 && from < (bounds[bounds.length - 2] as number)) this.ordered = false;
    bounds.push(from, to);
  }

  /** Sorts the pairs by start (insertion sort: pages of hours hold a few dozen, nearly in order). */
  sort(): void {
    const { bounds } = this;
    for (let i = 2; i < bounds.length; i += 2) {
      const from = bounds[i] as number;
      const to = bounds[i + 1] as number;
      let j = i - 2;
      while (j >= 0 && (bounds[j] as number) > from) {
        bounds[j + 2] = bounds[j] as number;
        bounds[j + 3] = bounds[j + 1] as number;
        j -= 2;
      }
      bounds[j + 2] = from;
      bounds[j + 3] = to;
    }
    this.ordered = true;
  }
}

function statusIn(compiled: CompiledHours, window: ZoneWindow): OpenStatus {
  const { days, now } = window;
  const { firstDay, lastDay } = days;
  const spans = new Spans(days, closedDaysIn(compiled.closedDates, days.closedFrom, days.closedTo));
  const pieces = weekdayPieces(compiled.weeklyHours);
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOf(day);
    for (const piece of pieces)
      if (piece.weekday === weekday) spans.add(day, piece.start, piece.end);
  }
  // ISO dates compare as strings: only the dates in the window are read as day numbers.
  const { fromDate, toDate } = days;
  for (const [date, start, end] of compiled.datedHours) {
    if (date < fromDate || date > toDate) continue;
    const day = dayNumber(date);
    for (const piece of splitLongSpan(start, end))
      spans.add(day + piece.dayOffset, piece.start, piece.end);
  }
  if (!spans.ordered) spans.sort();

  // Touching or overlapping openings merge. The first merged span not over by now is either the
  // one open now (it began by now) or the next opening; the spans after it cannot change that.
  const { bounds } = spans;
  const horizon = now + HORIZON_MS;
  let i = 0;
  while (i < bounds.length) {
    const from = bounds[i] as number;
    let to = bounds[i + 1] as number;
    i += 2;
    while (i < bounds.length && (bounds[i] as number) <= to) {
      to = Math.max(to, bounds[i + 1] as number);
      i += 2;
    }
    if (to <= now) continue;
    if (from <= now) return { isOpen: true, nextChange: to <= horizon ? new Date(to) : null };
    return { isOpen: false, nextChange: from <= horizon ? new Date(from) : null };
  }
  return { isOpen: false, nextChange: null };
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
