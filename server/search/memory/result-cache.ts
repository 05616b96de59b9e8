import type { Filter, SearchPoint, SearchQuery, SearchResult } from '../engine.ts';

/**
 * A whole answer kept for the same search asked again while the index is unchanged: the page's
 * slots (documents are decoded again per answer), the total, facet counts and map points. Read
 * only: facets and points are copied when handed out.
 */
export type KeptResult = {
  slots: Int32Array;
  total: number;
  facets: SearchResult['facets'];
  points: SearchPoint[] | undefined;
  /** Bytes it holds, roughly (`weighResult`). */
  weight: number;
};

/** A copy of facet counts, each field's counts copied too. */
export function copyFacets(facets: SearchResult['facets']): SearchResult['facets'] {
  const copy: Record<string, Record<string, number>> = {};
  // In the order given, as the uncached answer lists them.
  for (const [field, counts] of Object.entries(facets))
    if (counts !== undefined) copy[field] = { ...counts };
  return copy;
}

/** Bytes a kept answer holds, roughly: its key, page, facet values and points. */
export function weighResult(key: string, kept: Omit<KeptResult, 'weight'>): number {
  let bytes = 96 + 2 * key.length + 4 * kept.slots.length;
  for (const counts of Object.values(kept.facets)) {
    for (const value in counts) bytes += 48 + 2 * value.length;
  }
  for (const point of kept.points ?? [])
    bytes += 96 + 2 * (point.name.length + point.serviceId.length);
  return bytes;
}

/** What a search's answer depends on besides the query's words and the index itself. */
export type ResultKeyParts = {
  /** The query's tokens, as the text match is keyed. */
  textKey: string;
  /** Which fresh set the cut-off selects (`-1`: no cut-off). */
  freshIndex: number;
  /** The local clock in every time zone at an instant: sites open at it depend on nothing else. */
  clockKey: (epochMs: number) => string;
};

/** Numbers as JSON cannot tell apart (±Infinity, NaN all print null) get a spelling of their own. */
function distinctNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return `#${value}`;
  return value;
}

function filterKey(filter: Filter, clockKey: (epochMs: number) => string): string {
  if ('and' in filter || 'or' in filter) {
    const children = 'and' in filter ? filter.and : filter.or;
    return `${'and' in filter ? '&' : '|'}(${children.map((c) => filterKey(c, clockKey)).join(',')})`;
  }
  if ('not' in filter) return `!(${filterKey(filter.not, clockKey)})`;
  if ('openAt' in filter) return `open(${clockKey(filter.openAt)})`;
  return JSON.stringify(filter, distinctNumbers);
}

/**
 * The key of a whole answer: everything the answer depends on, with the instants read as what
 * they select (an opening instant as the local clocks, the freshness cut-off as its fresh set),
 * so the same search a minute later still hits. Null when the answer is not to be kept (the
 * order reads capacity at the query's own instant).
 */
export function resultKey(query: SearchQuery, parts: ResultKeyParts): string | null {
  if (query.sort === 'AVAILABLE_FIRST') return null;
  const near = query.near;
  return [
    parts.textKey,
    query.filter === undefined ? '' : filterKey(query.filter, parts.clockKey),
    near === undefined ? '' : `${near.latitude},${near.longitude},${near.radiusKm}`,
    query.sort,
    parts.freshIndex,
    query.distinctService === true ? 1 : 0,
    query.offset,
    query.limit,
    query.facets?.join(',') ?? '',
    query.points ?? '',
  ].join('\u0000');
}
