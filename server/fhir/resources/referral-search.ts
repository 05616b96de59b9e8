import { InvalidInputError, UserError } from '../../domain/errors.ts';
import { listReferrals } from '../../domain/referrals/list-referrals.ts';
import type { ReferralStatus } from '../../domain/referrals/state-machine.ts';
import type { Referral } from '../../domain/referrals/store.ts';
import type { FhirRequest, SearchPage, SearchQuery } from '../handler.ts';
import { fromUserError, invalid, type Json } from '../outcome.ts';

/** What a Task or ServiceRequest search filters referrals by. */
export type ReferralFilter = {
  statuses?: ReferralStatus[] | null;
  receivingOrganizationId?: string | null;
  clientId?: string | null;
  updatedAfter?: Date | null;
  updatedBefore?: Date | null;
};

/** One page of the caller's referrals (audited by the listing) as resources of one type. */
export async function searchReferrals(
  request: FhirRequest,
  query: SearchQuery,
  filter: ReferralFilter,
  toResource: (referral: Referral) => Json,
): Promise<SearchPage> {
  try {
    const page = await listReferrals(request.deps, request.actor, {
      ...filter,
      first: query.count,
      after: query.cursor,
    });
    return {
      resources: page.edges.map((e) => toResource(e.node)),
      total: page.totalCount,
      next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
    };
  } catch (error) {
    // The only input a listing can refuse here is a cursor that is not one of ours.
    if (error instanceof InvalidInputError) {
      throw invalid(undefined, 'This _cursor is not valid. Start again from the first page.');
    }
    if (error instanceof UserError) throw fromUserError(error);
    throw error;
  }
}
