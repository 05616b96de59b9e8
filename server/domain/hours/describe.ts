import type { WeeklyIntervals } from '../../search/engine.ts';
import { weekdayPieces } from './day-pieces.ts';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "9:00", "17:30"; minutes past midnight wrap to the next day's clock ("8:00" for 1920). */
export function formatMinutes(minutes: number): string {
  const m = minutes > 1440 ? minutes - 1440 : minutes;
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Regular weekly hours in words: "Mon–Fri 9:00–17:00; Sat 10:00–14:00", "Daily 20:00–8:00",
 * "Open 24 hours, 7 days a week"; "" when there are none. Throws nothing.
 */
export function describeWeeklyHours(weeklyHours: WeeklyIntervals): string {
  const byDay: string[][] = DAY_NAMES.map(() => []);
  for (const piece of [...weekdayPieces(weeklyHours)].sort((a, b) => a.start - b.start)) {
    const span =
      piece.start === 0 && piece.end === 1440
        ? 'open 24 hours'
        : `${formatMinutes(piece.start)}–${formatMinutes(piece.end)}${piece.end - 1440 > piece.start ? ' next day' : ''}`;
    byDay[piece.weekday]?.push(span);
  }
  const labels = byDay.map((spans) => spans.join(', '));
  if (labels.every((l) => l === 'open 24 hours')) return 'Open 24 hours, 7 days a week';
  if (labels.every((l) => l !== '' && l === labels[0])) return `Daily ${labels[0]}`;

  const groups: Array<{ label: string; days: number[] }> = [];
  labels.forEach((label, day) => {
    if (!label) return;
    const group = groups.find((g) => g.label === label);
    if (group) group.days.push(day);
    else groups.push({ label, days: [day] });
  });
  return groups.map((g) => `${dayRanges(g.days)} ${g.label}`).join('; ');
}

/** [0,1,2,4] → "Mon–Wed, Fri". */
function dayRanges(days: number[]): string {
  const runs: Array<[number, number]> = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs
    .map(([a, b]) => (a === b ? DAY_NAMES[a] : `${DAY_NAMES[a]}–${DAY_NAMES[b]}`))
    .join(', ');
}
