import { type Bitset, createBitset, setBit } from './bitset.ts';
import type { Columns } from './columns.ts';

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 10080;
const MS_PER_DAY = 86_400_000;
/** Week segments whose open sets are kept at most. */
const MAX_OPEN_SETS = 32;

/** Wall-clock position of an instant in one time zone. */
export type LocalClock = {
  /** Local date as days since 1970-01-01. */
  day: number;
  /** Minutes since local midnight. */
  minute: number;
  /** Minutes since local Monday 00:00. */
  weekMinute: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      f = formatterFor('UTC');
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** The local date and minute of `epochMs` in `timezone` (unknown zones fall back to UTC). */
export function localClock(timezone: string, epochMs: number): LocalClock {
  let year = 1970;
  let month = 1;
  let date = 1;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timezone).formatToParts(epochMs)) {
    const v = Number(part.value);
    if (part.type === 'year') year = v;
    else if (part.type === 'month') month = v;
    else if (part.type === 'day') date = v;
    else if (part.type === 'hour') hour = v;
    else if (part.type === 'minute') minute = v;
  }
  const day = Math.floor(Date.UTC(year, month - 1, date) / MS_PER_DAY);
  const minuteOfDay = hour * 60 + minute;
  // 1970-01-01 was a Thursday, index 3 counting from Monday.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return { day, minute: minuteOfDay, weekMinute: weekday * MINUTES_PER_DAY + minuteOfDay };
}

/** Per-time-zone clocks for one query, indexed by the columns' time zone ordinal. */
export type ZoneClocks = { day: Int32Array; minute: Int32Array; weekMinute: Int32Array };

/** Computes the local clock once per distinct time zone. */
export function zoneClocks(timezones: readonly string[], epochMs: number): ZoneClocks {
  const n = timezones.length;
  const clocks: ZoneClocks = {
    day: new Int32Array(n),
    minute: new Int32Array(n),
    weekMinute: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = localClock(timezones[i] ?? 'UTC', epochMs);
    clocks.day[i] = c.day;
    clocks.minute[i] = c.minute;
    clocks.weekMinute[i] = c.weekMinute;
  }
  return clocks;
}

function isClosed(cols: Columns, slot: number, day: number): boolean {
  const days = cols.closedDay.data;
  const end = cols.closedOffsets[slot + 1] ?? 0;
  for (let i = cols.closedOffsets[slot] ?? 0; i < end; i++) if (days[i] === day) return true;
  return false;
}

/**
 * Whether the site in `slot` is open at the query instant.
 *
 * Each occurrence of an opening belongs to the local date it starts on, and a closed date cancels
 * the openings that belong to it. So an overnight span that began the evening before a holiday
 * still runs into the holiday's early morning, while a span starting on the holiday does not run
 * at all. Spans longer than a day (24/7 written as one interval) are judged day by day instead, so
 * a holiday closes only its own date. Weekly and dated openings add up; unknown hours never match.
 */
export function isOpenAt(cols: Columns, slot: number, clocks: ZoneClocks): boolean {
  if (cols.hoursKnown[slot] !== 1 && cols.datedOffsets[slot] === cols.datedOffsets[slot + 1])
    return false;
  const tz = cols.timezoneOrd[slot] ?? 0;
  const day = clocks.day[tz] ?? 0;
  const minute = clocks.minute[tz] ?? 0;
  const weekMinute = clocks.weekMinute[tz] ?? 0;
  const hasClosed = cols.closedOffsets[slot] !== cols.closedOffsets[slot + 1];

  const starts = cols.weeklyStart.data;
  const ends = cols.weeklyEnd.data;
  const wEnd = cols.weeklyOffsets[slot + 1] ?? 0;
  for (let i = cols.weeklyOffsets[slot] ?? 0; i < wEnd; i++) {
    const s = starts[i] ?? 0;
    const e = ends[i] ?? 0;
    let at = weekMinute;
    if (!(s <= at && at < e)) {
      at = weekMinute + MINUTES_PER_WEEK;
      if (!(s <= at && at < e)) continue;
    }
    if (!hasClosed) return true;
    const startDay =
      e - s > MINUTES_PER_DAY
        ? day
        : day - (Math.floor(at / MINUTES_PER_DAY) - Math.floor(s / MINUTES_PER_DAY));
    if (!isClosed(cols, slot, startDay)) return true;
  }

  const dDays = cols.datedDay.data;
  const dStarts = cols.datedStart.data;
  const dEnds = cols.datedEnd.data;
  const dEnd = cols.datedOffsets[slot + 1] ?? 0;
  for (let i = cols.datedOffsets[slot] ?? 0; i < dEnd; i++) {
    const d = dDays[i] ?? 0;
    const s = dStarts[i] ?? 0;
    const e = dEnds[i] ?? 0;
    const at = (day - d) * MINUTES_PER_DAY + minute;
    if (!(s <= at && at < e)) continue;
    if (!hasClosed) return true;
    const startDay = e - s > MINUTES_PER_DAY ? day : d;
    if (!isClosed(cols, slot, startDay)) return true;
  }
  return false;
}

/**
 * Which sites are open at an instant, kept per week segment. Without dated hours, whether a site
 * is open depends on the local minute of the week, and on its closed dates only when one is the
 * local date or the day before (a weekly opening runs at most into the next day, or is judged day
 * by day). The weekly part only changes where an interval starts or ends: between two such
 * boundaries (a segment, usually hours long) sites are open or closed together, so their open set
 * is computed once per segment and kept while the index does not change. Sites with dated hours,
 * or closed on the local date or the day before, are judged one by one at the instant.
 */
export class OpenSets {
  private generation = -1;
  /** Distinct week minutes where a weekly interval of a site without dated hours starts or ends. */
  private boundaries = new Int32Array(0);
  /** Sites with dated hours. */
  private dated: Bitset = new Uint32Array(0);
  private readonly sets = new Map<string, Bitset>();
  /** Sites closed on a date or the day before, by local dates (one per time zone). */
  private readonly closed = new Map<string, Bitset>();

  /** The slots of `within` open at the instant of `clocks`, written to `out` (may be `within`). */
  select(
    cols: Columns,
    generation: number,
    within: Bitset,
    clocks: ZoneClocks,
    out: Bitset = new Uint32Array(within.length),
  ): Bitset {
    if (generation !== this.generation) this.prepare(cols, generation);
    const open = this.weeklyOpen(cols, clocks);
    const closed = this.closedNear(cols, clocks);
    const dated = this.dated;
    for (let w = 0; w < within.length; w++) {
      const word = within[w] ?? 0;
      const judged = (dated[w] ?? 0) | (closed[w] ?? 0);
      let kept = word & (open[w] ?? 0) & ~judged;
      let rest = word & judged;
      while (rest !== 0) {
        const low = rest & -rest;
        if (isOpenAt(cols, (w << 5) + 31 - Math.clz32(low), clocks)) kept |= low;
        rest ^= low;
      }
      out[w] = kept;
    }
    return out;
  }

  /** Sites without dated hours open by their weekly hours alone, for the segment of `clocks`. */
  private weeklyOpen(cols: Columns, clocks: ZoneClocks): Bitset {
    const boundaries = this.boundaries;
    let key = '';
    for (let z = 0; z < clocks.weekMinute.length; z++) {
      const minute = clocks.weekMinute[z] ?? 0;
      let lo = 0;
      let hi = boundaries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((boundaries[mid] ?? 0) <= minute) lo = mid + 1;
        else hi = mid;
      }
      key += `${lo},`;
    }
    let open = this.sets.get(key);
    if (open !== undefined) return open;
    open = createBitset(cols.size);
    const dated = this.dated;
    const starts = cols.weeklyStart.data;
    const ends = cols.weeklyEnd.data;
    for (let slot = 0; slot < cols.size; slot++) {
      if (cols.hoursKnown[slot] !== 1 || (((dated[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 1)
        continue;
      const weekMinute = clocks.weekMinute[cols.timezoneOrd[slot] ?? 0] ?? 0;
      const end = cols.weeklyOffsets[slot + 1] ?? 0;
      for (let i = cols.weeklyOffsets[slot] ?? 0; i < end; i++) {
        const s = starts[i] ?? 0;
        const e = ends[i] ?? 0;
        if (
          (s <= weekMinute && weekMinute < e) ||
          (s <= weekMinute + MINUTES_PER_WEEK && weekMinute + MINUTES_PER_WEEK < e)
        ) {
          setBit(open, slot);
          break;
        }
      }
    }
    if (this.sets.size >= MAX_OPEN_SETS) this.sets.clear();
    this.sets.set(key, open);
    return open;
  }

  /** Sites with a closed date on the local date of `clocks` or the day before. */
  private closedNear(cols: Columns, clocks: ZoneClocks): Bitset {
    const key = clocks.day.join(',');
    let closed = this.closed.get(key);
    if (closed !== undefined) return closed;
    closed = createBitset(cols.size);
    const days = cols.closedDay.data;
    for (let slot = 0; slot < cols.size; slot++) {
      const end = cols.closedOffsets[slot + 1] ?? 0;
      const i0 = cols.closedOffsets[slot] ?? 0;
      if (i0 === end) continue;
      const day = clocks.day[cols.timezoneOrd[slot] ?? 0] ?? 0;
      for (let i = i0; i < end; i++) {
        const d = days[i] ?? 0;
        if (d === day || d === day - 1) {
          setBit(closed, slot);
          break;
        }
      }
    }
    if (this.closed.size >= MAX_OPEN_SETS) this.closed.clear();
    this.closed.set(key, closed);
    return closed;
  }

  private prepare(cols: Columns, generation: number): void {
    this.generation = generation;
    this.sets.clear();
    this.closed.clear();
    const dated = createBitset(cols.size);
    const points = new Set<number>();
    const starts = cols.weeklyStart.data;
    const ends = cols.weeklyEnd.data;
    for (let slot = 0; slot < cols.size; slot++) {
      if (cols.datedOffsets[slot] !== cols.datedOffsets[slot + 1]) {
        setBit(dated, slot);
        continue;
      }
      if (cols.hoursKnown[slot] !== 1) continue;
      const end = cols.weeklyOffsets[slot + 1] ?? 0;
      for (let i = cols.weeklyOffsets[slot] ?? 0; i < end; i++) {
        // An interval is tested at the minute and a week later, so its ends count modulo a week.
        points.add((((starts[i] ?? 0) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK);
        points.add((((ends[i] ?? 0) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK);
      }
    }
    this.dated = dated;
    this.boundaries = Int32Array.from(points).sort();
  }
}
