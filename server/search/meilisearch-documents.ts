import type { Filter, SearchDocument } from './engine.ts';
import { parseLocalDate } from './local-date.ts';
import { localClock } from './memory/open-at.ts';

const SLOT_MINUTES = 15;
const SLOTS_PER_DAY = 1440 / SLOT_MINUTES;
const SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;
/** Always false: `serviceId` is filterable and never null. */
export const MATCH_NONE = 'serviceId IS NULL';
/** Always true. */
export const MATCH_ALL = 'serviceId IS NOT NULL';
/** The only document of its service, which `distinct` need not compare with any other. */
export const SOLE_SITE = 'siteCount = 1';

/** A SearchDocument as stored in Meilisearch, with derived fields for geo, sorting and hours. */
export type MeiliDocument = SearchDocument & {
  _geo?: { lat: number; lng: number };
  categoryWords: string[];
  nameSort: string;
  assuredSort?: number;
  /** 15-minute week slots opened by spans that start on the same local day. */
  openSlots: number[];
  /** Week slots reached by an overnight span that began the previous local day. */
  spillSlots: number[];
  /** `day * 100 + slotOfDay` (day = days since 1970-01-01), for dated openings. */
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
  const datedSlots = new Set<number>();
  const datedSpill = new Set<number>();
  for (const [date, start, end] of doc.datedHours) {
    const day = parseLocalDate(date);
    if (day === null) continue;
    const multiDay = end - start > 1440;
    for (const k of slotStarts(start, end)) {
      const offset = Math.floor(k / SLOTS_PER_DAY);
      const value = (day + offset) * 100 + (k % SLOTS_PER_DAY);
      (multiDay || offset === 0 ? datedSlots : datedSpill).add(value);
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
    openSlots: [...openSlots].sort((a, b) => a - b),
    spillSlots: [...spillSlots].sort((a, b) => a - b),
    datedSlots: [...datedSlots].sort((a, b) => a - b),
    datedSpill: [...datedSpill].sort((a, b) => a - b),
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
    const daySlot = c.day * 100 + Math.floor(c.minute / SLOT_MINUTES);
    const today = `NOT closedDays = ${c.day}`;
    const yesterday = `NOT closedDays = ${c.day - 1}`;
    return (
      `(timezone = ${quote(tz)} AND (` +
      `(openSlots = ${weekSlot} AND ${today}) OR (spillSlots = ${weekSlot} AND ${yesterday}) OR ` +
      `(datedSlots = ${daySlot} AND ${today}) OR (datedSpill = ${daySlot} AND ${yesterday})))`
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

/** Whether a filter uses `openAt` anywhere (and so needs the indexed time zones). */
export function usesOpenAt(filter: Filter): boolean {
  if ('and' in filter) return filter.and.some(usesOpenAt);
  if ('or' in filter) return filter.or.some(usesOpenAt);
  if ('not' in filter) return usesOpenAt(filter.not);
  return 'openAt' in filter;
}
