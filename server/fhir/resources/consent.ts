import { getClient } from '../../domain/clients/clients.ts';
import {
  type Consent,
  isConsentActive,
  listClientConsents,
  readConsent,
} from '../../domain/clients/consent.ts';
import { consentFieldElements, SDOHCC_PROFILES } from '../codes.ts';
import type { ResourceHandler } from '../handler.ts';
import type { Json } from '../outcome.ts';
import { patientParam, searchByPatient } from './patient-records.ts';

/** A client's consent to share named facts with one agency, as a Consent (privacy, permit). */
export function consentResource(consent: Consent, now: Date): Json {
  const end = consent.revokedAt ?? consent.expiresAt;
  return {
    resourceType: 'Consent',
    id: consent.id,
    meta: { profile: [SDOHCC_PROFILES.consent] },
    status: isConsentActive(consent, now) ? 'active' : 'inactive',
    scope: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/consentscope',
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: 'IDSCL',
            display: 'information disclosure',
          },
        ],
      },
      { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
    ],
    patient: { reference: `Patient/${consent.clientId}` },
    dateTime: consent.recordedAt.toISOString(),
    organization: [{ reference: `Organization/${consent.organizationId}` }],
    // Wayfinder keeps no copy of a form: the source is the record of how consent was given.
    sourceAttachment: {
      title: `Consent given ${consent.method.toLowerCase()} by ${consent.givenBy.replaceAll('_', ' ')}, recorded in Wayfinder`,
      creation: consent.recordedAt.toISOString(),
    },
    policyRule: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: 'INFA',
          display: 'information access',
        },
      ],
    },
    provision: {
      type: 'permit',
      period: {
        start: consent.recordedAt.toISOString(),
        ...(end ? { end: end.toISOString() } : {}),
      },
      actor: [
        {
          role: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
                display: 'information recipient',
              },
            ],
          },
          reference: { reference: `Organization/${consent.agencyOrganizationId}` },
        },
      ],
      action: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose' },
          ],
        },
      ],
      // Which client facts may be shared, as the elements that carry them.
      code: consent.fields.map((field) => ({ text: consentFieldElements[field] })),
    },
  };
}

/** Consent: readable by the client's coordinating organization and the agency it covers. */
export const consentHandler: ResourceHandler = {
  type: 'Consent',
  profiles: [SDOHCC_PROFILES.consent],
  documentation:
    'A client’s consent to share named facts with one agency (provision.actor), until it expires or is revoked. Readable by the coordinating organization and by that agency (audited); the coordinating organization searches a client’s consents by patient.',
  search: {
    params: [patientParam],
    run: (request, query) =>
      searchByPatient(request, query, 'consents', async (clientId) => {
        // The client read is the scope check (and its audit), as for GraphQL's client.consents.
        await getClient(request.deps, request.actor, clientId);
        const now = request.deps.clock.now();
        return (await listClientConsents(request.deps, clientId)).map((c) =>
          consentResource(c, now),
        );
      }),
  },
  read: async (request, id) =>
    consentResource(await readConsent(request.deps, request.actor, id), request.deps.clock.now()),
};
