import type { Filter } from '../../search/engine.ts';
import type { ClientProfile } from './client-profile.ts';

/**
 * The search filter behind "eligible only": it keeps exactly the documents evaluateEligibility
 * would not call INELIGIBLE for this client. A rule whose client fact is missing is UNKNOWN, so it
 * adds no condition here. "No residency restriction" is the `isEmpty` test: residency tokens are
 * free text (counties), so no finite `not anyOf` could stand in for it.
 */
export type EligibilityFilter = Filter;

const allGenders = ['female', 'male', 'nonbinary'];

/** The filter matching every document not INELIGIBLE for the client; undefined when nothing rules any out. Throws nothing. */
export function eligibilityFilter(
  client: Pick<ClientProfile, 'age' | 'fplPercent' | 'residency' | 'gender' | 'veteran'>,
): EligibilityFilter | undefined {
  const conditions: EligibilityFilter[] = [];
  if (client.age !== null) {
    conditions.push(
      {
        or: [
          { field: 'minAge', isNull: true },
          { field: 'minAge', lte: client.age },
        ],
      },
      {
        or: [
          { field: 'maxAge', isNull: true },
          { field: 'maxAge', gte: client.age },
        ],
      },
    );
  }
  // Income without household size has no fplPercent: it can only prove eligibility, never rule out.
  if (client.fplPercent !== null) {
    conditions.push({
      or: [
        { field: 'incomeLimitFplPercent', isNull: true },
        { field: 'incomeLimitFplPercent', gte: client.fplPercent },
      ],
    });
  }
  if (client.residency.length > 0) {
    conditions.push({
      or: [
        { field: 'residency', isEmpty: true },
        { field: 'residency', anyOf: [...client.residency] },
      ],
    });
  }
  if (client.gender !== null) {
    conditions.push({
      or: [
        { not: { field: 'genders', anyOf: allGenders } },
        { field: 'genders', anyOf: [client.gender] },
      ],
    });
  }
  if (client.veteran === false) conditions.push({ field: 'veteranOnly', equals: false });
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { and: conditions };
}
