import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.ts';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && ISO_WITH_OFFSET.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError(
    'Expected an ISO 8601 date-time with an offset, such as 2026-11-24T09:00:00-07:00.',
    { extensions: { code: 'INVALID_INPUT' } },
  );
}

/**
 * ISO strings of recent instants: a page of results repeats the same few opening and closing
 * times, and formatting one costs about a microsecond. Bounded, cleared when full.
 */
const isoStrings = new Map<number, string>();
const MAX_ISO_STRINGS = 4_096;

function serializeDateTime(value: Date): string {
  const ms = value.getTime();
  let iso = isoStrings.get(ms);
  if (iso === undefined) {
    // Throws RangeError for an invalid date, as before, so nothing is kept for one.
    iso = value.toISOString();
    if (isoStrings.size >= MAX_ISO_STRINGS) isoStrings.clear();
    isoStrings.set(ms, iso);
  }
  return iso;
}

builder.scalarType('DateTime', {
  description: 'An instant, as ISO 8601 with a UTC offset (2026-11-24T09:00:00-07:00).',
  serialize: serializeDateTime,
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) return parseDateTime(undefined);
    return parseDateTime(ast.value);
  },
});
