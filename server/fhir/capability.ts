import type { ResourceHandler } from './handler.ts';
import type { Json } from './outcome.ts';

/** The CapabilityStatement: exactly what the resource table supports, nothing more. */
export function capabilityStatement(
  handlers: readonly ResourceHandler[],
  base: string,
  at: Date,
): Json {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: at.toISOString(),
    kind: 'instance',
    name: 'WayfinderFHIR',
    title: 'Wayfinder FHIR R4 interface',
    publisher: 'Wayfinder',
    implementation: { description: 'Wayfinder referrals and directory over FHIR R4', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    implementationGuide: [
      'http://hl7.org/fhir/us/sdoh-clinicalcare/ImplementationGuide/hl7.fhir.us.sdoh-clinicalcare',
    ],
    rest: [
      {
        mode: 'server',
        documentation:
          'Bearer tokens of Wayfinder accounts (createApiToken); every answer is scoped to the account’s organization.',
        security: {
          cors: false,
          description: 'Authorization: Bearer <token>. Requests without a valid token get 401.',
        },
        resource: handlers.map((h) => ({
          type: h.type,
          ...(h.profiles.length > 0 ? { supportedProfile: [...h.profiles] } : {}),
          documentation: h.documentation,
          interaction: [
            ...(h.read ? [{ code: 'read' }] : []),
            ...(h.search ? [{ code: 'search-type' }] : []),
            ...(h.create ? [{ code: 'create' }] : []),
            ...(h.update ? [{ code: 'update' }] : []),
            ...(h.patch ? [{ code: 'patch' }] : []),
          ],
          ...(h.update ? { versioning: 'versioned-update', updateCreate: false } : {}),
          ...(h.search
            ? {
                searchParam: h.search.params.map((p) => ({
                  name: p.name,
                  type: p.type,
                  documentation: p.documentation,
                })),
              }
            : {}),
        })),
        interaction: [
          {
            code: 'transaction',
            documentation:
              'A Bundle of one ServiceRequest and one Task (focus: the ServiceRequest’s fullUrl) creates a referral.',
          },
        ],
      },
    ],
  };
}
