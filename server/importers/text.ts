import type { Weekday } from '../domain/directory/records.ts';

/** Trims; blank or whitespace-only becomes null. */
export function blank(value: unknown): string | null {
  if (value == null) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

/**
 * Cleans exported description text. iCarol/HSDS-Transformer exports keep backslash-n as two
 * literal characters and leave section markers such as `###MON###` or `###COL###` inline.
 */
export function cleanText(value: unknown): string | null {
  const s = blank(value);
  if (s == null) return null;
  const cleaned = s
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .replace(/\r\n?/g, '\n')
    .replace(/#{3}[A-Z0-9_]{1,20}#{3}/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned === '' ? null : cleaned;
}

/** Parses a number; null when blank; NaN is returned as the original string so validation reports it. */
export function numberOrRaw(value: unknown): number | string | null {
  const s = blank(value);
  if (s == null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

/** Parses an integer; null when blank, the raw string when not an integer (validation reports it). */
export function intOrRaw(value: unknown): number | string | null {
  const n = numberOrRaw(value);
  return typeof n === 'number' && !Number.isInteger(n) ? String(value) : n;
}

/** "true"/"yes"/"1"/"closed" → true, "false"/"no"/"0" → false, else null. */
export function bool(value: unknown): boolean | null {
  const s = blank(value)?.toLowerCase();
  if (s == null) return null;
  if (['true', 't', 'yes', 'y', '1', 'closed'].includes(s)) return true;
  if (['false', 'f', 'no', 'n', '0', 'open'].includes(s)) return false;
  return null;
}

const weekdayNames: Record<string, Weekday> = {
  mo: 'MO',
  mon: 'MO',
  monday: 'MO',
  tu: 'TU',
  tue: 'TU',
  tues: 'TU',
  tuesday: 'TU',
  we: 'WE',
  wed: 'WE',
  wednesday: 'WE',
  th: 'TH',
  thu: 'TH',
  thur: 'TH',
  thurs: 'TH',
  thursday: 'TH',
  fr: 'FR',
  fri: 'FR',
  friday: 'FR',
  sa: 'SA',
  sat: 'SA',
  saturday: 'SA',
  su: 'SU',
  sun: 'SU',
  sunday: 'SU',
};
/** ISO 8601 numbering (1 = Monday … 7 = Sunday); 0 is also read as Sunday, as some exports count from 0. */
const weekdayNumbers: Weekday[] = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A weekday name, abbreviation or number (1 = Monday … 7 = Sunday) as an RRULE day; null when unknown. */
export function parseWeekday(value: unknown): Weekday | null {
  const s = blank(value)?.toLowerCase().replace(/\.$/, '');
  if (s == null) return null;
  if (/^[0-7]$/.test(s)) return weekdayNumbers[Number(s)] ?? null;
  return weekdayNames[s] ?? null;
}

/** RRULE weekdays in week order. */
export const weekOrder: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A parsed clock time; `meridiem` is null when the source gave none (so "5:00" may mean 17:00). */
export type ClockTime = {
  hours: number;
  minutes: number;
  meridiem: 'am' | 'pm' | null;
  rest: string;
};

/**
 * Reads the time at the start of a string: `9:00am`, `5:00 pm`, `9am`, `830am`, `17:30`, `9:0am`,
 * `12:00pm (dispensing)`; anything after the time comes back in `rest`. Null when no time leads.
 */
export function parseClock(value: unknown): ClockTime | null {
  const s = blank(value);
  if (s == null) return null;
  const m = /^(\d{3,4}|\d{1,2}(?:[:.]\d{1,3})?)(?::\d{2})?\s*(?:([ap])\.?\s*m?\.?|m\b)?(.*)$/i.exec(
    s,
  );
  if (!m) return null;
  const clock = m[1] ?? '';
  // "830am" has no separator: the last two digits are the minutes.
  const [h, min] = /[:.]/.test(clock)
    ? clock.split(/[:.]/)
    : clock.length > 2
      ? [clock.slice(0, -2), clock.slice(-2)]
      : [clock, '0'];
  // "9:0am" means 9:00, but "6:300pm" has a stray digit and is rejected.
  if ((min ?? '').length > 2) return null;
  const hours = Number(h);
  const minutes = Number(min ?? 0);
  const rest = (m[3] ?? '').trim();
  if (/^\d/.test(rest)) return null;
  const meridiemLetter = m[2]?.toLowerCase();
  const meridiem = meridiemLetter === 'a' ? 'am' : meridiemLetter === 'p' ? 'pm' : null;
  if (minutes > 59 || hours > 24 || (meridiem && (hours < 1 || hours > 12))) return null;
  return { hours, minutes, meridiem, rest };
}

/** 24-hour hours of a clock time, resolving 12am/12pm. */
export function hours24(t: ClockTime): number {
  if (t.meridiem === 'am') return t.hours === 12 ? 0 : t.hours;
  if (t.meridiem === 'pm') return t.hours === 12 ? 12 : t.hours + 12;
  return t.hours;
}

/** Formats hours and minutes as `HH:MM`. */
export function hhmm(hours: number, minutes: number): string {
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * Opening and closing times as `HH:MM` from 12- or 24-hour strings. A closing time without am/pm
 * that would fall before the opening (`8:00am`–`5:00`) is read as afternoon. Null when unreadable.
 */
export function parseOpeningHours(
  opens: unknown,
  closes: unknown,
): { opens_at: string; closes_at: string; notes: string | null } | null {
  const o = parseClock(opens);
  const c = parseClock(closes);
  if (!o || !c) return null;
  const oh = hours24(o);
  let ch = hours24(c);
  // "9:00"–"5:00" means until 5 pm; a zero-padded 24-hour pair ("18:30"–"06:30", as HSDS 3
  // writes times) is an overnight span and is taken as written.
  const twentyFourHour = [opens, closes].every(
    (v) => typeof v === 'string' && /^\s*\d{2}:\d{2}(:\d{2})?\s*$/.test(v),
  );
  if (
    !twentyFourHour &&
    c.meridiem == null &&
    ch * 60 + c.minutes <= oh * 60 + o.minutes &&
    ch < 12
  )
    ch += 12;
  // 12:00am as a closing time means midnight at the end of the day.
  if (c.meridiem === 'am' && ch === 0 && c.minutes === 0) ch = 24;
  const notes = [o.rest, c.rest]
    .map((r) => r.replace(/^[(\s]+|[)\s]+$/g, ''))
    .filter(Boolean)
    .join('; ');
  return { opens_at: hhmm(oh, o.minutes), closes_at: hhmm(ch, c.minutes), notes: notes || null };
}

/** A date as `YYYY-MM-DD` from ISO or US `M/D/YYYY` text; the raw string when unreadable (validation reports it). */
export function isoDateOrRaw(value: unknown): string | null {
  const s = blank(value);
  if (s == null) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (us) return `${us[3]}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}`;
  return s;
}

/** A two-letter country code; blank (HSDS 1.x exports often leave spaces) and US spellings → "US". */
export function countryCode(value: unknown): string {
  const s = blank(value);
  if (s == null) return 'US';
  if (/^(usa?|united states( of america)?|u\.s\.a?\.?)$/i.test(s)) return 'US';
  return s.toUpperCase();
}

/** Text that describes interpretation rather than naming a language ("Language line available"). */
export const INTERPRETATION_TEXT =
  /interpret|translat|language line|tele-?interp|bilingual|other languages?|others? (may be )?available|upon request|languages? vary/i;
