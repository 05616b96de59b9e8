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
): Promise<SearchPage> {
  const clientId = referenceId(query, 'patient', 'Patient');
  if (!clientId) throw invalid(undefined, `Search ${what} by patient (Patient/{id}).`, 'required');
  if (query.cursor !== null && !/^\d{1,4}$/.test(query.cursor)) {
    throw invalid(undefined, 'This _cursor is not valid. Start again from the first page.');
  }
  let all: Json[];
  try {
    all = await load(clientId);
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
