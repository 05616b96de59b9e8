import type { SearchQuery } from './handler.ts';
import { invalid } from './outcome.ts';

/** Parameters every search accepts and ignores, besides paging. */
const IGNORED = new Set(['_format', '_pretty']);
export const MAX_COUNT = 100;
const DEFAULT_COUNT = 20;

/**
 * Reads a search's query string (repeats kept) against the parameters the handler knows; any
 * other parameter is an error rather than silently ignored, so a client never mistakes an
 * unfiltered page for a filtered one.
 */
export function parseSearchQuery(search: URLSearchParams, known: readonly string[]): SearchQuery {
  const params = new Map<string, string[]>();
  let count = DEFAULT_COUNT;
  let cursor: string | null = null;
  for (const [name, value] of search) {
    if (IGNORED.has(name)) continue;
    if (name === '_count') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) {
        throw invalid(undefined, `_count must be a whole number from 1 to ${MAX_COUNT}.`);
      }
      count = n;
    } else if (name === '_cursor') {
      cursor = value;
    } else if (known.includes(name)) {
      params.set(name, [...(params.get(name) ?? []), value]);
    } else {
      throw invalid(
        undefined,
        `Unknown search parameter "${name}". This resource supports: ${[...known, '_count'].join(', ')}.`,
        'not-supported',
      );
    }
  }
  return { params, count, cursor };
}

/** A reference parameter's id: `Type/id` or a bare `id`; another type is an error. */
export function referenceId(query: SearchQuery, name: string, type: string): string | null {
  const values = query.params.get(name);
  if (!values) return null;
  if (values.length > 1) throw invalid(undefined, `Give ${name} once.`);
  const value = values[0] ?? '';
  const match = /^(?:([A-Za-z]+)\/)?([A-Za-z0-9\-.]{1,64})$/.exec(value);
  if (!match || (match[1] !== undefined && match[1] !== type)) {
    throw invalid(undefined, `${name} must be a ${type} reference such as ${type}/123.`);
  }
  return match[2] ?? null;
}

/** A token parameter's codes (comma-separated values, repeats ANDed is not supported). */
export function tokenCodes(
  query: SearchQuery,
  name: string,
  allowed: readonly string[],
): string[] | null {
  const values = query.params.get(name);
  if (!values) return null;
  if (values.length > 1) throw invalid(undefined, `Give ${name} once; separate codes with commas.`);
  const codes = (values[0] ?? '').split(',').map((v) => v.slice(v.indexOf('|') + 1));
  for (const code of codes) {
    if (!allowed.includes(code)) {
      throw invalid(undefined, `${name} must be among: ${allowed.join(', ')}.`, 'value');
    }
  }
  return codes;
}

/** A date parameter's bounds, from prefixes gt, ge, lt, le (repeat for a range). */
export function dateBounds(
  query: SearchQuery,
  name: string,
): { after: Date | null; before: Date | null } {
  let after: Date | null = null;
  let before: Date | null = null;
  for (const value of query.params.get(name) ?? []) {
    const match =
      /^(gt|ge|lt|le)(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?)$/.exec(
        value,
      );
    const at = match?.[2]
      ? new Date(match[2].length === 10 ? `${match[2]}T00:00:00Z` : match[2])
      : null;
    if (!match || !at || Number.isNaN(at.getTime())) {
      throw invalid(
        undefined,
        `${name} must be a prefix (gt, ge, lt or le) and an instant, such as gt2026-05-03T10:00:00Z.`,
        'value',
      );
    }
    if (match[1] === 'gt') after = at;
    if (match[1] === 'ge') after = new Date(at.getTime() - 1);
    if (match[1] === 'lt') before = at;
    if (match[1] === 'le') before = new Date(at.getTime() + 1);
  }
  return { after, before };
}
