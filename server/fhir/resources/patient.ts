import { type ClientRecord, getClient } from '../../domain/clients/clients.ts';
import type { ResourceHandler } from '../handler.ts';
import type { Json } from '../outcome.ts';

/** A client record as a Patient: only what Wayfinder keeps (no gender, no identifiers). */
export function clientPatient(client: ClientRecord): Json {
  const parts = client.name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.at(-1) : undefined;
  const given = parts.length > 1 ? parts.slice(0, -1) : parts;
  const telecom = [
    ...(client.phone ? [{ system: 'phone', value: client.phone }] : []),
    ...(client.email ? [{ system: 'email', value: client.email }] : []),
  ];
  const address =
    client.address || client.postalCode
      ? [
          {
            ...(client.address ? { text: client.address } : {}),
            ...(client.postalCode ? { postalCode: client.postalCode } : {}),
          },
        ]
      : [];
  return {
    resourceType: 'Patient',
    id: client.id,
    meta: {
      versionId: String(client.version),
      lastUpdated: new Date(client.updatedAt).toISOString(),
    },
    name: [{ text: client.name, ...(family ? { family } : {}), given }],
    birthDate: client.dateOfBirth,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(address.length > 0 ? { address } : {}),
    ...(client.preferredLanguage
      ? {
          communication: [
            {
              language: { coding: [{ system: 'urn:ietf:bcp:47', code: client.preferredLanguage }] },
              preferred: true,
            },
          ],
        }
      : {}),
    managingOrganization: { reference: `Organization/${client.organizationId}` },
  };
}

/** Patient: a client, read only by the coordinating organization that keeps it (audited). */
export const patientHandler: ResourceHandler = {
  type: 'Patient',
  profiles: [],
  documentation:
    'A client, readable only by the coordinating organization that keeps the record (every read is audited; anyone else gets 404).',
  read: async (request, id) => clientPatient(await getClient(request.deps, request.actor, id)),
};
