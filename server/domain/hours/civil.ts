/**
 * Calendar arithmetic on local dates as day numbers (days since 1970-01-01), which needs no time
 * zone: every hours rule is a wall-clock rule, and the zone only matters when a wall time is
 * turned into an instant (zoned-time.ts).
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws RangeError for a malformed or impossible date. */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  const [year, month, day] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a date of the form YYYY-MM-DD: ${date}`);
  }
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Dates of recent day numbers: hours read the same few weeks around now over and over. */
const isoDates = new Map<number, string>();
const MAX_ISO_DATES = 4_096;

/** The `YYYY-MM-DD` date of a day number. */
export function isoDateOf(day: number): string {
  let date = isoDates.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoDates.size >= MAX_ISO_DATES) isoDates.clear();
    isoDates.set(day, date);
  }
  return date;
}

/** Year, month (1–12) and day of month of a day number. */
export function civilOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() };
}

/** 0 for Monday … 6 for Sunday (RRULE weeks start on Monday). */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 3) % 7) + 7) % 7;
}

/** Number of days in a month (1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
