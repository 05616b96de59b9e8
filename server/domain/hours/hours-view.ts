import type { WeeklyIntervals } from '../../search/engine.ts';
import { dayNumber } from './civil.ts';
import type { CompiledHours } from './compile.ts';
import { weekdayPieces } from './day-pieces.ts';
import { describeWeeklyHours } from './describe.ts';
import { localDate } from './zoned-time.ts';

/** An opening on the site's wall clock: "09:00" to "17:00" ("08:00" next day when overnight). */
export type OpeningSpan = { opens: string; closes: string; overnight: boolean };

/**
 * A site's hours for people: the regular week, openings on particular dates soon (monthly and
 * seasonal schedules) and closed dates soon. Built from the same compiled hours as the open
 * status, so a card's "opens 17 Dec" and the detail's hours never disagree.
 */
export type HoursView = {
  known: boolean;
  timeZone: string;
  /** Weekday 0 = Monday; only days with openings, each day's spans by start. */
  weekly: Array<{ weekday: number; spans: OpeningSpan[] }>;
  /** Regular hours in words (English), null without regular weekly hours. */
  summary: string | null;
  /** Openings on particular local dates from today for `days` days, closed dates left out. */
  upcoming: Array<{ date: string; spans: OpeningSpan[] }>;
  /** Local dates from today for `days` days on which the site is closed (holidays). */
  closedDates: string[];
};

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function span(start: number, end: number): OpeningSpan {
  return {
    opens: clock(start),
    closes: end === 1440 ? '24:00' : clock(end),
    overnight: end > 1440,
  };
}

function weeklyOf(weeklyHours: WeeklyIntervals): HoursView['weekly'] {
  const byDay = new Map<number, Array<[number, number]>>();
  for (const piece of weekdayPieces(weeklyHours)) {
    const list = byDay.get(piece.weekday) ?? [];
    list.push([piece.start, piece.end]);
    byDay.set(piece.weekday, list);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([weekday, spans]) => ({
      weekday,
      spans: spans.sort((a, b) => a[0] - b[0]).map(([s, e]) => span(s, e)),
    }));
}

/** The hours view of compiled hours in `timeZone`, looking `days` ahead of `now`. Pure. */
export function hoursView(
  compiled: CompiledHours,
  timeZone: string,
  now: Date,
  days = 14,
): HoursView {
  const today = dayNumber(localDate(timeZone, now));
  const inWindow = (date: string) => {
    const day = dayNumber(date);
    return day >= today && day < today + days;
  };
  const closedDates = compiled.closedDates.filter(inWindow).sort();
  const closed = new Set(closedDates);
  const upcoming = new Map<string, Array<[number, number]>>();
  for (const [date, start, end] of compiled.datedHours) {
    if (!inWindow(date) || closed.has(date)) continue;
    const list = upcoming.get(date) ?? [];
    list.push([start, end]);
    upcoming.set(date, list);
  }
  return {
    known: compiled.hoursKnown,
    timeZone,
    weekly: weeklyOf(compiled.weeklyHours),
    summary: compiled.weeklyHours.length > 0 ? describeWeeklyHours(compiled.weeklyHours) : null,
    upcoming: [...upcoming.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, spans]) => ({
        date,
        spans: spans.sort((a, b) => a[0] - b[0]).map(([s, e]) => span(s, e)),
      })),
    closedDates,
  };
}
