import { dayNumber, isoDateOf } from './civil.ts';

/**
 * Wall-clock time in an IANA zone with Intl only, so daylight saving time comes from the zone
 * database Node ships rather than from offsets stored with the data.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Throws RangeError unless `timezone` is an IANA zone Intl knows. */
export function assertTimeZone(timezone: string): void {
  formatterFor(timezone);
}

/** Wall clock at an instant: local ms "as if UTC" (epoch ms of the same wall time in UTC). */
function wallMs(timezone: string, epochMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(epochMs))
    fields[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const MS_PER_HOUR = 3_600_000;
/** Offsets at the start of each UTC hour, per zone; bounded, cleared when full. */
const hourOffsets = new Map<string, Map<number, number>>();
const MAX_HOURS_PER_ZONE = 100_000;

function offsetAtHour(timezone: string, hour: number): number {
  let zone = hourOffsets.get(timezone);
  if (!zone) {
    zone = new Map();
    hourOffsets.set(timezone, zone);
  }
  let offset = zone.get(hour);
  if (offset === undefined) {
    offset = wallMs(timezone, hour * MS_PER_HOUR) - hour * MS_PER_HOUR;
    if (zone.size >= MAX_HOURS_PER_ZONE) zone.clear();
    zone.set(hour, offset);
  }
  return offset;
}

/**
 * UTC offset in ms (local minus UTC) in effect at an instant. Formatting is slow (microseconds
 * per call, and open-status asks dozens of times per site), so offsets are kept per UTC hour: no
 * zone changes its offset twice within an hour, so an hour that starts and ends on the same offset
 * has it throughout; only an hour with a change in it is formatted at the exact second.
 */
function offsetAt(timezone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const hour = Math.floor(whole / MS_PER_HOUR);
  const start = offsetAtHour(timezone, hour);
  if (start === offsetAtHour(timezone, hour + 1)) return start;
  return wallMs(timezone, whole) - whole;
}

/** The local date (day number) and minute of the day at an instant; throws RangeError for an unknown zone. */
export function localDateTime(timezone: string, epochMs: number): { day: number; minute: number } {
  const wall = Math.floor(epochMs / 1000) * 1000 + offsetAt(timezone, epochMs);
  const day = Math.floor(wall / MS_PER_DAY);
  return { day, minute: Math.floor((wall - day * MS_PER_DAY) / MS_PER_MINUTE) };
}

/** The local `YYYY-MM-DD` date at an instant; throws RangeError for an unknown zone. */
export function localDate(timezone: string, at: Date): string {
  return isoDateOf(localDateTime(timezone, at.getTime()).day);
}

/**
 * The instant a wall time occurs, `minute` minutes after local midnight of `day` (minute may
 * exceed 1440: the wall clock on a later date). Throws RangeError for an unknown zone. Follows
 * Temporal's "compatible" choice: a time skipped by spring-forward is read with the offset before
 * the jump (02:30 becomes 03:30), and a time repeated at fall-back is the first occurrence.
 */
export function zonedInstant(timezone: string, day: number, minute: number): number {
  const wall = day * MS_PER_DAY + minute * MS_PER_MINUTE;
  // Real zones change offset at most once in two days, so the offsets a day either side bracket it.
  const before = offsetAt(timezone, wall - MS_PER_DAY);
  const after = offsetAt(timezone, wall + MS_PER_DAY);
  // No change within a day either side (nearly always): the one offset holds at the instant.
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].filter(
    (t) => wall - offsetAt(timezone, t) === t,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/**
 * For each day from `firstDay` to `lastDay`, the UTC offset in ms the zone keeps from the day
 * before it to three days after it, or null when it changes in between; throws RangeError for
 * an unknown zone. Where it is a number, `zonedInstant(timezone, day, minute)` for a minute from
 * 0 to 2880 is the wall time minus it, so a caller placing many wall times on few days looks the
 * zone up once per day.
 */
export function fixedOffsetsByDay(
  timezone: string,
  firstDay: number,
  lastDay: number,
): Array<number | null> {
  const hoursPerDay = MS_PER_DAY / MS_PER_HOUR;
  const firstHour = (firstDay - 1) * hoursPerDay;
  // The last hour any zonedInstant on these days reads (offsetAt reads the hour after, too).
  const lastHour = (lastDay + 3) * hoursPerDay + 1;
  // The hours at which the offset differs from the hour before.
  const changes: number[] = [];
  let previous = offsetAtHour(timezone, firstHour);
  for (let hour = firstHour + 1; hour <= lastHour; hour++) {
    const offset = offsetAtHour(timezone, hour);
    if (offset !== previous) changes.push(hour);
    previous = offset;
  }
  const out: Array<number | null> = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const from = (day - 1) * hoursPerDay;
    const to = (day + 3) * hoursPerDay + 1;
    const changed = changes.some((hour) => hour > from && hour <= to);
    out.push(changed ? null : offsetAtHour(timezone, from));
  }
  return out;
}

/** `zonedInstant` for a `YYYY-MM-DD` date; throws RangeError for a malformed date or unknown zone. */
export function zonedDateTime(timezone: string, date: string, minute: number): Date {
  return new Date(zonedInstant(timezone, dayNumber(date), minute));
}
