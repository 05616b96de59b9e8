import type { Filter, SearchDocument } from './engine.ts';
import { parseLocalDate } from './local-date.ts';
import { localClock } from './memory/open-at.ts';

const SLOT_MINUTES = 15;
const SLOTS_PER_DAY = 1440 / SLOT_MINUTES;
const SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;
const SLOTS_PER_HOUR = 60 / SLOT_MINUTES;
/**
 * Hour values in the weekly slot lists: an hour whose four slots are all open is stored as
 * `WEEK_HOUR + hourOfWeek`, one value instead of four.
 */
const WEEK_HOUR = 1000;
/** Dated values: `day * DAY_VALUES + slotOfDay`, or `day * DAY_VALUES + DAY_HOUR + hourOfDay`. */
const DAY_VALUES = 1000;
const DAY_HOUR = 500;
/** Always false: `serviceId` is filterable and never null. */
export const MATCH_NONE = 'serviceId IS NULL';
/** Always true. */
export const MATCH_ALL = 'serviceId IS NOT NULL';
/** The only document of its service, which `distinct` need not compare with any other. */
export const SOLE_SITE = 'siteCount = 1';
/** One document of each service that says which is its first (see `firstSite`). */
export const FIRST_SITE = `(firstSite = true OR ${SOLE_SITE})`;
/** Documents that do not say whether they are their service's first. */
export const UNKNOWN_SITE = `(firstSite NOT EXISTS AND NOT ${SOLE_SITE})`;

/** A SearchDocument as stored in Meilisearch, with derived fields for geo, sorting and hours. */
export type MeiliDocument = SearchDocument & {
  _geo?: { lat: number; lng: number };
  categoryWords: string[];
  nameSort: string;
  assuredSort?: number;
  /**
   * 15-minute week slots opened by spans that start on the same local day, with each wholly
   * open hour as one value (see `WEEK_HOUR`).
   */
  openSlots: number[];
  /** Week slots reached by an overnight span that began the previous local day. */
  spillSlots: number[];
  /**
   * Slots of dated openings, `day * 1000 + slotOfDay` (day = days since 1970-01-01), with each
   * wholly open hour as `day * 1000 + 500 + hourOfDay`.
   */
  datedSlots: number[];
  datedSpill: number[];
  closedDays: number[];
};

/**
 * Marks every 15-minute slot whose start minute lies inside an interval. Hours on quarter-hour
 * boundaries are exact; an opening at 9:10 counts from 9:15 and one closing at 17:10 counts to 17:15.
 */
function slotStarts(start: number, end: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(start / SLOT_MINUTES); k * SLOT_MINUTES < end; k++) out.push(k);
  return out;
}

/**
 * The key of the final tie-break, name then id, as the embedded engine orders: listings that
 * share a name (one service at several sites) keep one order on every page and every engine.
 */
export function sortName(doc: Pick<SearchDocument, 'name' | 'id'>): string {
  return `${doc.name.toLowerCase()}\u0000${doc.id}`;
}

/**
 * Slot values with each wholly covered hour as one value: `slots` are absolute slot numbers,
 * `quarter` and `hour` name a slot and an hour (slot / 4).
 */
function compactSlots(
  slots: Set<number>,
  quarter: (slot: number) => number,
  hour: (hour: number) => number,
): number[] {
  const out: number[] = [];
  const hours = new Set<number>();
  for (const k of slots) hours.add(Math.floor(k / SLOTS_PER_HOUR));
  for (const h of hours) {
    const first = h * SLOTS_PER_HOUR;
    let all = true;
    for (let k = first; k < first + SLOTS_PER_HOUR; k++) all &&= slots.has(k);
    if (all) out.push(hour(h));
    else
      for (let k = first; k < first + SLOTS_PER_HOUR; k++) if (slots.has(k)) out.push(quarter(k));
  }
  return out.sort((a, b) => a - b);
}

const weekQuarter = (k: number) => k;
const weekHour = (h: number) => WEEK_HOUR + h;
const datedQuarter = (k: number) =>
  Math.floor(k / SLOTS_PER_DAY) * DAY_VALUES + (k % SLOTS_PER_DAY);
const datedHour = (h: number) => {
  const perDay = SLOTS_PER_DAY / SLOTS_PER_HOUR;
  return Math.floor(h / perDay) * DAY_VALUES + DAY_HOUR + (h % perDay);
};

/** Maps a SearchDocument to its Meilisearch shape. */
export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  const openSlots = new Set<number>();
  const spillSlots = new Set<number>();
  for (const [start, end] of doc.weeklyHours) {
    const multiDay = end - start > 1440;
    const startDay = Math.floor(start / 1440);
    for (const k of slotStarts(start, end)) {
      const sameDay = Math.floor((k * SLOT_MINUTES) / 1440) === startDay;
      (multiDay || sameDay ? openSlots : spillSlots).add(k % SLOTS_PER_WEEK);
    }
  }
  // Dated slots are numbered from 1970-01-01 00:00 local time.
  const datedSlots = new Set<number>();
  const datedSpill = new Set<number>();
  for (const [date, start, end] of doc.datedHours) {
    const day = parseLocalDate(date);
    if (day === null) continue;
    const multiDay = end - start > 1440;
    for (const k of slotStarts(start, end)) {
      const offset = Math.floor(k / SLOTS_PER_DAY);
      (multiDay || offset === 0 ? datedSlots : datedSpill).add(day * SLOTS_PER_DAY + k);
    }
  }
  const closedDays: number[] = [];
  for (const date of doc.closedDates) {
    const day = parseLocalDate(date);
    if (day !== null) closedDays.push(day);
  }
  const out: MeiliDocument = {
    ...doc,
    categoryWords: doc.categories.map((c) => c.replace(/[-_]/g, ' ')),
    nameSort: sortName(doc),
    openSlots: compactSlots(openSlots, weekQuarter, weekHour),
    spillSlots: compactSlots(spillSlots, weekQuarter, weekHour),
    datedSlots: compactSlots(datedSlots, datedQuarter, datedHour),
    datedSpill: compactSlots(datedSpill, datedQuarter, datedHour),
    closedDays,
  };
  if (doc.latitude !== null && doc.longitude !== null)
    out._geo = { lat: doc.latitude, lng: doc.longitude };
  if (doc.assuredAt !== null) out.assuredSort = doc.assuredAt;
  return out;
}

/** Recovers the SearchDocument from a stored Meilisearch document, dropping derived fields. */
export function fromMeiliDocument(stored: MeiliDocument): SearchDocument {
  return {
    id: stored.id,
    serviceId: stored.serviceId,
    organizationId: stored.organizationId,
    locationId: stored.locationId,
    name: stored.name,
    description: stored.description,
    organizationName: stored.organizationName,
    keywords: stored.keywords,
    categories: stored.categories,
    languages: stored.languages,
    costs: stored.costs,
    latitude: stored.latitude,
    longitude: stored.longitude,
    minAge: stored.minAge,
    maxAge: stored.maxAge,
    incomeLimitFplPercent: stored.incomeLimitFplPercent,
    residency: stored.residency,
    genders: stored.genders,
    veteranOnly: stored.veteranOnly,
    // Documents stored before the referral network was indexed lack it: none took referrals.
    acceptsReferrals: stored.acceptsReferrals ?? false,
    timezone: stored.timezone,
    weeklyHours: stored.weeklyHours,
    hoursKnown: stored.hoursKnown,
    datedHours: stored.datedHours,
    closedDates: stored.closedDates,
    assuredAt: stored.assuredAt,
    // Documents stored before capacity was indexed lack both fields.
    capacityStatus: stored.capacityStatus ?? null,
    capacityExpiresAt: stored.capacityExpiresAt ?? null,
    payload: stored.payload,
    ...(stored.siteCount === undefined ? {} : { siteCount: stored.siteCount }),
    ...(stored.firstSite === undefined ? {} : { firstSite: stored.firstSite }),
  };
}

/** A double-quoted Meilisearch filter string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function num(value: number): string {
  if (!Number.isFinite(value))
    throw new RangeError(`Filter value must be a finite number, got ${value}`);
  return String(value);
}

/** Meilisearch filter for "open at `epochMs`" across the given time zones. */
export function openAtFilter(epochMs: number, timezones: readonly string[]): string {
  if (timezones.length === 0) return MATCH_NONE;
  const parts = timezones.map((tz) => {
    const c = localClock(tz, epochMs);
    const weekSlot = Math.floor(c.weekMinute / SLOT_MINUTES);
    const week = `[${weekQuarter(weekSlot)}, ${weekHour(Math.floor(weekSlot / SLOTS_PER_HOUR))}]`;
    const daySlot = c.day * SLOTS_PER_DAY + Math.floor(c.minute / SLOT_MINUTES);
    const dated = `[${datedQuarter(daySlot)}, ${datedHour(Math.floor(daySlot / SLOTS_PER_HOUR))}]`;
    const today = `NOT closedDays = ${c.day}`;
    const yesterday = `NOT closedDays = ${c.day - 1}`;
    return (
      `(timezone = ${quote(tz)} AND (` +
      `(openSlots IN ${week} AND ${today}) OR (spillSlots IN ${week} AND ${yesterday}) OR ` +
      `(datedSlots IN ${dated} AND ${today}) OR (datedSpill IN ${dated} AND ${yesterday})))`
    );
  });
  return parts.length === 1 ? (parts[0] ?? MATCH_NONE) : `(${parts.join(' OR ')})`;
}

/**
 * Meilisearch filter for capacity as it stands at an instant: a status counts while
 * `capacityExpiresAt` is not before the instant, and unknown covers none published (null, or a
 * document stored before capacity was indexed) and expired.
 */
export function capacityFilter(filter: Extract<Filter, { capacityAt: number }>): string {
  const at = num(filter.capacityAt);
  const parts: string[] = [];
  if (filter.statuses.length > 0) {
    parts.push(
      `(capacityStatus IN [${filter.statuses.map(quote).join(', ')}] AND capacityExpiresAt >= ${at})`,
    );
  }
  if (filter.orUnknown) {
    parts.push(
      `(capacityStatus NOT EXISTS OR capacityStatus IS NULL OR capacityExpiresAt < ${at})`,
    );
  }
  if (parts.length === 0) return MATCH_NONE;
  return parts.length === 1 ? (parts[0] ?? MATCH_NONE) : `(${parts.join(' OR ')})`;
}

/** Meilisearch filter for "assured at or after `staleBefore`" (a fresh listing). */
export function freshFilter(staleBefore: number): string {
  return `assuredSort >= ${num(staleBefore)}`;
}

/** Meilisearch filter for "AVAILABLE and current at `epochMs`" (AVAILABLE_FIRST's first part). */
export function availableAtFilter(epochMs: number): string {
  return capacityFilter({ capacityAt: epochMs, statuses: ['AVAILABLE'], orUnknown: false });
}

/** Translates the Filter AST into a Meilisearch filter expression. */
export function toMeiliFilter(filter: Filter, timezones: readonly string[]): string {
  if ('and' in filter) {
    if (filter.and.length === 0) return MATCH_ALL;
    return `(${filter.and.map((f) => toMeiliFilter(f, timezones)).join(' AND ')})`;
  }
  if ('or' in filter) {
    if (filter.or.length === 0) return MATCH_NONE;
    return `(${filter.or.map((f) => toMeiliFilter(f, timezones)).join(' OR ')})`;
  }
  if ('not' in filter) return `(NOT ${toMeiliFilter(filter.not, timezones)})`;
  if ('openAt' in filter) return openAtFilter(filter.openAt, timezones);
  if ('capacityAt' in filter) return capacityFilter(filter);
  if ('anyOf' in filter) {
    if (filter.anyOf.length === 0) return MATCH_NONE;
    return `${filter.field} IN [${filter.anyOf.map(quote).join(', ')}]`;
  }
  if ('equals' in filter) return `${filter.field} = ${filter.equals ? 'true' : 'false'}`;
  if ('isNull' in filter) return `${filter.field} IS NULL`;
  if ('isEmpty' in filter) return `${filter.field} IS EMPTY`;
  const parts: string[] = [];
  if (filter.gte !== undefined) parts.push(`${filter.field} >= ${num(filter.gte)}`);
  if (filter.lte !== undefined) parts.push(`${filter.field} <= ${num(filter.lte)}`);
  if (parts.length === 0) return `${filter.field} IS NOT NULL`;
  return parts.length === 1 ? (parts[0] ?? MATCH_ALL) : `(${parts.join(' AND ')})`;
}

/**
 * Whether a filter asks about a site's own fields (hours, coordinates), which may differ between
 * the documents of one service.
 */
export function usesSiteFields(filter: Filter): boolean {
  if ('and' in filter) return filter.and.some(usesSiteFields);
  if ('or' in filter) return filter.or.some(usesSiteFields);
  if ('not' in filter) return usesSiteFields(filter.not);
  return 'openAt' in filter || ('field' in filter && filter.field === 'latitude');
}

/** Whether a filter uses `openAt` anywhere (and so needs the indexed time zones). */
export function usesOpenAt(filter: Filter): boolean {
  if ('and' in filter) return filter.and.some(usesOpenAt);
  if ('or' in filter) return filter.or.some(usesOpenAt);
  if ('not' in filter) return usesOpenAt(filter.not);
  return 'openAt' in filter;
}
