import { randomUUID } from 'node:crypto';
import { createClient } from '../../server/domain/clients/clients.ts';
import { recordConsent } from '../../server/domain/clients/consent.ts';
import type { Organization, Service } from '../../server/domain/directory/records.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import type { TestServer } from '../support/test-server.ts';

export const REFERRAL_FIELDS = /* GraphQL */ `
  id version status heldFrom urgency note overdue
  createdAt sentAt receivedAt respondedAt closedAt
  needs { code }
  reason { code text }
  outcome
  service { id name }
  referringOrganization { id name }
  receivingOrganization { id name }
  history { version kind at from to reason { code text } outcome note by { id } }
`;

export type ReferralData = {
  id: string;
  version: number;
  status: string;
  heldFrom: string | null;
  urgency: string;
  note: string | null;
  overdue: boolean;
  createdAt: string;
  sentAt: string | null;
  receivedAt: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  needs: Array<{ code: string }>;
  reason: { code: string; text: string | null } | null;
  outcome: string | null;
  service: { id: string; name: string } | null;
  referringOrganization: { id: string; name: string };
  receivingOrganization: { id: string; name: string };
  history: Array<{
    version: number;
    kind: string;
    at: string;
    from: string | null;
    to: string;
    reason: { code: string; text: string | null } | null;
    outcome: string | null;
    note: string | null;
    by: { id: string };
  }>;
};

export const CREATE = /* GraphQL */ `
  mutation Create($input: CreateReferralInput!) {
    createReferral(input: $input) { ${REFERRAL_FIELDS} }
  }
`;

export const TRANSITION = /* GraphQL */ `
  mutation Move($input: TransitionReferralInput!) {
    transitionReferral(input: $input) { ${REFERRAL_FIELDS} }
  }
`;

export const GET = /* GraphQL */ `
  query Get($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }
`;

/** An agency on the directory and the network, with one service at one site, and its staff. */
export type Agency = {
  organization: Organization;
  service: Service;
  serviceAtLocationId: string;
  staff: TestActor;
};

export async function buildAgency(
  server: TestServer,
  options: { name: string; serviceName?: string; categories?: string[] } = { name: 'Agency' },
): Promise<Agency> {
  const organization = buildOrganization({ name: options.name });
  const location = buildLocation();
  const service = buildService(organization, {
    name: options.serviceName ?? `${options.name} Service`,
    categories: options.categories ?? ['food'],
  });
  const sal = link(service, location);
  await storeBundle(
    server.runtime.deps,
    bundleOf({
      organizations: [organization],
      locations: [location],
      services: [service],
      serviceAtLocations: [sal],
    }),
  );
  await buildMember(server, { id: organization.id, name: options.name, kinds: ['agency'] });
  const staff = await signedInAs(server, 'agency_staff', { organizationId: organization.id });
  return { organization, service, serviceAtLocationId: sal.id, staff };
}

/** A coordinating organization with a coordinator. */
export async function buildCoordinating(server: TestServer, name = 'Northside Family Center') {
  const member = await buildMember(server, { name, kinds: ['coordinating'] });
  const coordinator = await signedInAs(server, 'coordinator', { organizationId: member.id });
  return { member, coordinator };
}

/** A client of the coordinator's organization with a consent to share with the agency. */
export async function buildClientWithConsent(
  server: TestServer,
  coordinator: TestActor,
  agencyId: string,
  options: { fields?: string[]; expiresAt?: Date; postalCode?: string } = {},
) {
  const deps = server.runtime.deps;
  const actor = {
    userId: coordinator.user.id,
    organizationId: coordinator.user.organizationId,
    role: coordinator.user.role,
    sessionId: 'test',
    ip: null,
  };
  const client = await createClient(deps, actor, {
    name: 'Maria Lopez',
    dateOfBirth: '1980-04-23',
    phone: '303-555-0100',
    postalCode: options.postalCode ?? '80202',
    householdSize: 3,
    annualIncome: 20_000,
  });
  const consent = await recordConsent(deps, actor, {
    clientId: client.id,
    agencyOrganizationId: agencyId,
    method: 'WRITTEN',
    givenBy: 'client',
    fields: options.fields ?? ['name', 'phone'],
    expiresAt: options.expiresAt ?? null,
  });
  return { client, consent, actor };
}

export function newKey(): string {
  return `key-${randomUUID()}`;
}

/**
 * Creates a referral from the coordinator to the agency's service over GraphQL, under a freshly
 * recorded consent; sent unless `send: false`. Throws when the API answers with an error.
 */
export async function createReferralTo(
  server: TestServer,
  coordinator: TestActor,
  agency: Agency,
  input: Record<string, unknown> = {},
): Promise<ReferralData> {
  const { client, consent } = await buildClientWithConsent(
    server,
    coordinator,
    agency.organization.id,
  );
  const res = await coordinator.gql<{ createReferral: ReferralData }>(CREATE, {
    input: {
      clientId: client.id,
      consentId: consent.id,
      serviceId: agency.service.id,
      needs: ['food'],
      urgency: 'ROUTINE',
      idempotencyKey: newKey(),
      send: true,
      ...input,
    },
  });
  const referral = res.data?.createReferral;
  if (res.errors || !referral)
    throw new Error(`createReferral failed: ${JSON.stringify(res.errors)}`);
  return referral;
}
