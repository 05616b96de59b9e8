import { NotAllowedError, NotFoundError } from '../../domain/errors.ts';
import type { FhirRequest, SearchPage, SearchQuery } from '../handler.ts';
import { invalid, type Json } from '../outcome.ts';
import { referenceId } from '../search-params.ts';

/**
 * A search of one client's records by `patient`: the loader reads them through the domain (which
 * checks the caller keeps the client and audits the read); a client the caller may not see gives
 * an empty page, exactly like a client that does not exist. Pages are offsets in the loaded list.
 */
export async function searchByPatient(
  request: FhirRequest,
  query: SearchQuery,
  what: string,
  load: (clientId: string) => Promise<Json[]>,
  tokens: Record<string, (resource: Json) => Coding[]> = {},
): Promise<SearchPage> {
  const clientId = referenceId(query, 'patient', 'Patient');
  if (!clientId) throw invalid(undefined, `Search ${what} by patient (Patient/{id}).`, 'required');
  if (query.cursor !== null && !/^\d{1,4}$/.test(query.cursor)) {
    throw invalid(undefined, 'This _cursor is not valid. Start again from the first page.');
  }
  const filters = Object.entries(tokens).flatMap(([name, codingsOf]) => {
    const match = tokenMatch(query, name);
    return match ? [(r: Json) => codingsOf(r).some(match)] : [];
  });
  let all: Json[];
  try {
    all = (await load(clientId)).filter((r) => filters.every((keep) => keep(r)));
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof NotAllowedError) {
      return { resources: [], total: 0, next: null };
    }
    throw error;
  }
  const offset = query.cursor === null ? 0 : Number(query.cursor);
  const resources = all.slice(offset, offset + query.count);
  const end = offset + resources.length;
  return { resources, total: all.length, next: end < all.length ? String(end) : null };
}

type Coding = { system?: string; code?: string };

/**
 * A token parameter's test of one coding: `code`, `system|code` or `system|`, commas for any of
 * several; null when the parameter is not given.
 */
function tokenMatch(query: SearchQuery, name: string): ((coding: Coding) => boolean) | null {
  const values = query.params.get(name);
  if (!values) return null;
  if (values.length > 1) throw invalid(undefined, `Give ${name} once; separate codes with commas.`);
  const wanted = (values[0] ?? '').split(',').map((token) => {
    const bar = token.indexOf('|');
    return bar < 0
      ? { system: null, code: token }
      : { system: token.slice(0, bar), code: token.slice(bar + 1) || null };
  });
  if (wanted.some((w) => w.code === '' || (w.system === null && w.code === null))) {
    throw invalid(undefined, `${name} must be a code, system|code or system|.`, 'value');
  }
  return (coding) =>
    wanted.some(
      (w) =>
        (w.system === null || w.system === coding.system) &&
        (w.code === null || w.code === coding.code),
    );
}

/** A token parameter of the codings at one element, as the CapabilityStatement lists it. */
export function tokenParam(name: string, documentation: string) {
  return { name, type: 'token', documentation } as const;
}

/** The codings of a CodeableConcept, or of each in a list. */
export function codingsOf(value: unknown): Coding[] {
  const concepts = Array.isArray(value) ? value : [value];
  return concepts.flatMap((c) => (c as { coding?: Coding[] } | undefined)?.coding ?? []);
}

/** The search parameter every per-client resource takes. */
export const patientParam = {
  name: 'patient',
  type: 'reference',
  documentation: 'The client: Patient/{id}.',
} as const;

/**
 * A read through the domain where a role that keeps no clients is not found either, and the
 * 404 names the FHIR resource asked for rather than the record behind it.
 */
export async function readAsNotFound<T>(what: string, id: string, read: () => Promise<T>) {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotAllowedError || error instanceof NotFoundError) {
      throw new NotFoundError(what, id);
    }
    throw error;
  }
}
