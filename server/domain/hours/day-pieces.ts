import type { WeeklyIntervals } from '../../search/engine.ts';

const MINUTES_PER_DAY = 1440;

/** An opening attributed to one weekday, in minutes from that day's midnight (end may pass 1440). */
export type WeekdayPiece = { weekday: number; start: number; end: number };

/**
 * Which day each weekly opening belongs to, which decides what a closed date cancels. A span of a
 * day or less belongs to the day it starts on, so an overnight span that began the evening before
 * a holiday still runs into the holiday's morning. A longer span (24/7 is one interval) is cut at
 * each midnight and every day owns its own part, so a holiday closes only its own date. The
 * memory search engine's `openAt` applies the same rule.
 */
export function weekdayPieces(weeklyHours: WeeklyIntervals): WeekdayPiece[] {
  const pieces: WeekdayPiece[] = [];
  for (const [start, end] of weeklyHours) {
    for (const piece of splitLongSpan(start, end)) {
      pieces.push({ weekday: piece.dayOffset % 7, start: piece.start, end: piece.end });
    }
  }
  return pieces;
}

/** Cuts a span longer than a day at each midnight; a shorter span is returned whole. */
export function splitLongSpan(
  start: number,
  end: number,
): Array<{ dayOffset: number; start: number; end: number }> {
  const firstDay = Math.floor(start / MINUTES_PER_DAY);
  if (end - start <= MINUTES_PER_DAY) {
    return [
      {
        dayOffset: firstDay,
        start: start - firstDay * MINUTES_PER_DAY,
        end: end - firstDay * MINUTES_PER_DAY,
      },
    ];
  }
  const out: Array<{ dayOffset: number; start: number; end: number }> = [];
  for (let day = firstDay; day * MINUTES_PER_DAY < end; day++) {
    const base = day * MINUTES_PER_DAY;
    out.push({
      dayOffset: day,
      start: Math.max(start, base) - base,
      end: Math.min(end, base + MINUTES_PER_DAY) - base,
    });
  }
  return out;
}
