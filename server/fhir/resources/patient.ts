import { type ClientRecord, getClient } from '../../domain/clients/clients.ts';
import { sharedClientFields } from '../../domain/clients/consent.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { listReferrals } from '../../domain/referrals/list-referrals.ts';
import type { FhirRequest, ResourceHandler } from '../handler.ts';
import type { Json } from '../outcome.ts';

/**
 * A client as a Patient: only what Wayfinder keeps (no gender, no identifiers), and of that only
 * the fields present, so an agency's view carries just what the client consented to share.
 */
export function clientPatient(client: Partial<ClientRecord> & { id: string }): Json {
  const parts = client.name?.trim().split(/\s+/) ?? [];
  const family = parts.length > 1 ? parts.at(-1) : undefined;
  const given = parts.length > 1 ? parts.slice(0, -1) : parts;
  const telecom = [
    ...(client.phone ? [{ system: 'phone', value: client.phone }] : []),
    ...(client.email ? [{ system: 'email', value: client.email }] : []),
  ];
  const address = {
    ...(client.address ? { text: client.address } : {}),
    ...(client.postalCode ? { postalCode: client.postalCode } : {}),
  };
  return {
    resourceType: 'Patient',
    id: client.id,
    ...(client.version !== undefined && client.updatedAt
      ? {
          meta: {
            versionId: String(client.version),
            lastUpdated: new Date(client.updatedAt).toISOString(),
          },
        }
      : {}),
    ...(client.name ? { name: [{ text: client.name, ...(family ? { family } : {}), given }] } : {}),
    ...(client.dateOfBirth ? { birthDate: client.dateOfBirth } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(Object.keys(address).length > 0 ? { address: [address] } : {}),
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
    ...(client.organizationId
      ? { managingOrganization: { reference: `Organization/${client.organizationId}` } }
      : {}),
  };
}

/**
 * The client for its coordinating organization; for an agency, what the client consented to
 * share with it under the consent of a referral it received (audited either way). Anyone else,
 * and an agency once the consent is revoked or expired, gets 404.
 */
async function readPatient(request: FhirRequest, id: string): Promise<Json> {
  const { deps, actor } = request;
  try {
    return clientPatient(await getClient(deps, actor, id));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const received = await listReferrals(deps, actor, { clientId: id, first: 1 });
    const referral = received.edges[0]?.node;
    if (!referral || referral.receivingOrganizationId !== actor.organizationId) throw error;
    const shared = await sharedClientFields(deps, actor, {
      clientId: id,
      consentId: referral.consentId,
    });
    if (!shared) throw error;
    return clientPatient({ ...shared, id });
  }
}

/** Patient: a client, for those allowed to see it (audited). */
export const patientHandler: ResourceHandler = {
  type: 'Patient',
  profiles: [],
  documentation:
    'A client: the whole record for the coordinating organization that keeps it; for an agency that received a referral, only the fields the client consented to share with it. Every read is audited; anyone else gets 404.',
  read: readPatient,
};
