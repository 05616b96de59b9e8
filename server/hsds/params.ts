import { lookupPostalCode } from '../domain/geo/postal-codes.ts';

/**
 * The HSDS 3.0 API reference's query parameters, parsed and checked. Every problem becomes a
 * sentence for the caller (a 400); unknown parameters are ignored, as the reference allows.
 */

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 1000;

export type ListParams = {
  search: string | null;
  page: number;
  perPage: number;
  ndjson: boolean;
  taxonomyTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  modifiedAfter: number | null;
  minimal: boolean;
  full: boolean;
  fullService: boolean;
  /** A point and radius from `postcode` + `proximity` (metres, per the reference). */
  near: { latitude: number; longitude: number; radiusKm: number } | null;
  /** `postcode` alone: services offered at or restricted to this ZIP code. */
  postcode: string | null;
  topOnly: boolean;
  parentId: string | null;
};

export class BadParameterError extends Error {}

type Query = Record<string, unknown>;

function one(query: Query, name: string): string | null {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  if (typeof value !== 'string')
    throw new BadParameterError(`${name} must be given once, as text.`);
  return value.trim();
}

function integer(query: Query, name: string, fallback: number, min: number, max: number): number {
  const value = one(query, name);
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new BadParameterError(
      `${name} must be a whole number from ${min} to ${max}; "${value}" is not.`,
    );
  }
  return Number(value);
}

function boolean(query: Query, name: string): boolean {
  const value = one(query, name)?.toLowerCase();
  if (value === null || value === undefined || value === '') return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new BadParameterError(`${name} must be true or false; "${value}" is not.`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function id(query: Query, name: string): string | null {
  const value = one(query, name);
  if (!value) return null;
  if (!UUID.test(value)) throw new BadParameterError(`${name} must be a UUID; "${value}" is not.`);
  return value.toLowerCase();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

function dateTime(query: Query, name: string): number | null {
  const value = one(query, name);
  if (!value) return null;
  const ms = DATE.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : DATE_TIME.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BadParameterError(
      `${name} must be a date (2026-05-03) or a date-time with a time zone (2026-05-03T09:00:00Z); "${value}" is not.`,
    );
  }
  return ms;
}

/** Parses a list request's query; throws BadParameterError. */
export function parseListParams(query: Query): ListParams {
  const format = one(query, 'format')?.toLowerCase() ?? 'json';
  if (format !== 'json' && format !== 'ndjson') {
    throw new BadParameterError(`format must be json or ndjson; "${format}" is not.`);
  }
  const postcodeText = one(query, 'postcode');
  const proximityText = one(query, 'proximity');
  let near: ListParams['near'] = null;
  let postcode: string | null = null;
  if (postcodeText) {
    const place = lookupPostalCode(postcodeText);
    if (!place) {
      throw new BadParameterError(
        `postcode must be a known US ZIP code; "${postcodeText}" is not.`,
      );
    }
    postcode = place.postalCode;
    if (proximityText) {
      const metres = Number(proximityText);
      if (!/^\d+(\.\d+)?$/.test(proximityText) || !(metres > 0) || metres > 1_000_000) {
        throw new BadParameterError(
          `proximity must be a distance in metres from 1 to 1000000; "${proximityText}" is not.`,
        );
      }
      near = { latitude: place.latitude, longitude: place.longitude, radiusKm: metres / 1000 };
    }
  } else if (proximityText) {
    throw new BadParameterError('proximity needs a postcode to measure from.');
  }
  return {
    search: one(query, 'search') || null,
    page: integer(query, 'page', 1, 1, 1_000_000_000),
    perPage: integer(query, 'per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    ndjson: format === 'ndjson',
    taxonomyTermId: id(query, 'taxonomy_term_id'),
    taxonomyId: id(query, 'taxonomy_id'),
    organizationId: id(query, 'organization_id'),
    modifiedAfter: dateTime(query, 'modified_after'),
    minimal: boolean(query, 'minimal'),
    full: boolean(query, 'full'),
    fullService: boolean(query, 'full_service'),
    near,
    postcode: near ? null : postcode,
    topOnly: boolean(query, 'top_only'),
    parentId: id(query, 'parent_id'),
  };
}

/** Parses the query of a detail request (only `full_service` means anything there). */
export function parseDetailParams(query: Query): { fullService: boolean } {
  return { fullService: boolean(query, 'full_service') };
}
