import { getReferral } from '../../domain/referrals/visible-referral.ts';
import type { ResourceHandler } from '../handler.ts';
import { referenceId } from '../search-params.ts';
import { referralServiceRequest } from './referral-mapping.ts';
import { searchReferrals } from './referral-search.ts';

/** ServiceRequest: the referral as a request (read and search; written with its Task). */
export const serviceRequestHandler: ResourceHandler = {
  type: 'ServiceRequest',
  profiles: [],
  documentation:
    'A referral as the SDOHCC ServiceRequest: the client (subject), needs (category), service (performer) and consent (supportingInfo). Created together with its Task.',
  read: async (request, id) =>
    referralServiceRequest(await getReferral(request.deps, request.actor, id)),
  search: {
    params: [
      { name: 'patient', type: 'reference', documentation: 'The client: Patient/{id}.' },
      { name: 'subject', type: 'reference', documentation: 'Same as patient.' },
    ],
    run: (request, query) =>
      searchReferrals(
        request,
        query,
        {
          clientId:
            referenceId(query, 'patient', 'Patient') ?? referenceId(query, 'subject', 'Patient'),
        },
        referralServiceRequest,
      ),
  },
};
