import { localDateTime } from '../hours/zoned-time.ts';

/**
 * An appointment as an iCalendar file (RFC 5545): one VEVENT with its start and end in the
 * site's zone (`DTSTART;TZID=…`) and the VTIMEZONE that zone needs, built from the zone database
 * Node ships (the actual offset changes around the appointment), so calendars place it right
 * whatever zone the reader is in. Pure.
 */

export type CalendarEvent = {
  uid: string;
  stamp: Date;
  start: Date;
  end: Date;
  timezone: string;
  summary: string;
  location: string;
  description: string;
};

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(timezone: string, ms: number): number {
  const { day, minute } = localDateTime(timezone, ms);
  return Math.round((day * DAY + minute * MINUTE - Math.floor(ms / MINUTE) * MINUTE) / MINUTE);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `20261210T100000` for the wall time `ms` shows at `offset` minutes ahead of UTC. */
function wallStamp(ms: number, offset: number): string {
  const d = new Date(ms + offset * MINUTE);
  return (
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T` +
    `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`
  );
}

function utcStamp(at: Date): string {
  return `${wallStamp(at.getTime(), 0)}Z`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** The instants the zone's offset changes in [from, to), to the minute. */
function transitions(
  timezone: string,
  from: number,
  to: number,
): Array<{ at: number; before: number; after: number }> {
  const found: Array<{ at: number; before: number; after: number }> = [];
  let previous = offsetMinutes(timezone, from);
  for (let t = from + DAY; t < to + DAY; t += DAY) {
    const current = offsetMinutes(timezone, t);
    if (current === previous) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(timezone, mid) === previous) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, before: previous, after: current });
    previous = current;
  }
  return found;
}

/** The VTIMEZONE lines for a zone, with its offset changes from a year before to a year after. */
function timezoneLines(timezone: string, around: Date): string[] {
  const year = around.getUTCFullYear();
  const changes = transitions(timezone, Date.UTC(year - 1, 0, 1), Date.UTC(year + 2, 0, 1));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timezone}`];
  if (changes.length === 0) {
    const offset = offsetText(offsetMinutes(timezone, around.getTime()));
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      'END:STANDARD',
    );
  }
  for (const change of changes) {
    const kind = change.after > change.before ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      // An observance starts at the local time in force just before the change.
      `DTSTART:${wallStamp(change.at, change.before)}`,
      `TZOFFSETFROM:${offsetText(change.before)}`,
      `TZOFFSETTO:${offsetText(change.after)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Folds a content line to 75 octets a line (RFC 5545 §3.1), never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The whole .ics file, CRLF line ends. */
export function renderCalendar(event: CalendarEvent): string {
  const start = event.start.getTime();
  const end = event.end.getTime();
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Wayfinder//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...timezoneLines(event.timezone, event.start),
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `DTSTART;TZID=${event.timezone}:${wallStamp(start, offsetMinutes(event.timezone, start))}`,
    `DTEND;TZID=${event.timezone}:${wallStamp(end, offsetMinutes(event.timezone, end))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    'STATUS:CONFIRMED',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT1H',
    `DESCRIPTION:${escapeText(event.summary)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
