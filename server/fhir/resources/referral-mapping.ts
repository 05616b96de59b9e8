import type { Referral } from '../../domain/referrals/store.ts';
import {
  describeOutcome,
  needCategory,
  outcomeCoding,
  priority,
  reasonCoding,
  SDOHCC_CODES,
  SDOHCC_PROFILES,
  SNOMED,
  serviceRequestStatus,
  TASK_CODE_SYSTEM,
  taskStatus,
} from '../codes.ts';
import type { Json } from '../outcome.ts';

/**
 * A referral is two FHIR resources with the referral's id: the ServiceRequest (what was asked for
 * whom, of which service, under which consent) and the SDOHCC Task that tracks its fulfilment.
 */

/** Version and time of a referral; the profile only where the test suite validates against it. */
function meta(referral: Referral, profile?: string): Json {
  return {
    versionId: String(referral.version),
    lastUpdated: new Date(referral.updatedAt).toISOString(),
    ...(profile ? { profile: [profile] } : {}),
  };
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : undefined);

/** The SDOHCC Task for Referral Management of a referral. */
export function referralTask(referral: Referral): Json {
  const status = taskStatus(referral.status);
  const reason = referral.reason;
  const start = iso(referral.sentAt);
  const end = iso(referral.closedAt);
  return {
    resourceType: 'Task',
    id: referral.id,
    meta: meta(referral, SDOHCC_PROFILES.task),
    status,
    ...(reason
      ? {
          statusReason: {
            coding: [reasonCoding(reason.code)],
            text: reason.text ?? String(reasonCoding(reason.code).display),
          },
        }
      : {}),
    ...(referral.outcome ? { businessStatus: { coding: [outcomeCoding(referral.outcome)] } } : {}),
    intent: 'order',
    priority: priority(referral.urgency),
    code: {
      coding: [{ system: TASK_CODE_SYSTEM, code: 'fulfill', display: 'Fulfill the focal request' }],
    },
    focus: { reference: `ServiceRequest/${referral.id}` },
    for: { reference: `Patient/${referral.clientId}` },
    ...(start ? { executionPeriod: { start, ...(end ? { end } : {}) } } : {}),
    authoredOn: new Date(referral.createdAt).toISOString(),
    lastModified: new Date(referral.updatedAt).toISOString(),
    requester: { reference: `Organization/${referral.referringOrganizationId}` },
    owner: { reference: `Organization/${referral.receivingOrganizationId}` },
    ...(referral.status === 'COMPLETED' && referral.outcome
      ? {
          output: [
            {
              type: {
                coding: [{ system: SDOHCC_CODES, code: 'resulting-activity' }],
              },
              valueCodeableConcept: {
                coding: [
                  { system: SNOMED, code: '410606002', display: 'Social service procedure' },
                ],
                text: describeOutcome(referral.outcome),
              },
            },
          ],
        }
      : {}),
  };
}

/** The SDOHCC ServiceRequest of a referral. */
export function referralServiceRequest(referral: Referral): Json {
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    // Shaped after SDOHCC-ServiceRequest, but not claimed: its parent (US Core 7.0.0) is not
    // available to validate against, so the claim would be untested.
    meta: meta(referral),
    status: serviceRequestStatus(referral.status),
    intent: 'order',
    category: referral.needs.map(needCategory),
    priority: priority(referral.urgency),
    code: { coding: [{ system: SNOMED, code: '3457005', display: 'Patient referral' }] },
    subject: { reference: `Patient/${referral.clientId}` },
    authoredOn: new Date(referral.createdAt).toISOString(),
    requester: { reference: `Organization/${referral.referringOrganizationId}` },
    performer: [{ reference: `HealthcareService/${referral.serviceId}` }],
    supportingInfo: [{ reference: `Consent/${referral.consentId}` }],
    ...(referral.note ? { note: [{ text: referral.note }] } : {}),
  };
}
