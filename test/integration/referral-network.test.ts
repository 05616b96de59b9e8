import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  CREATE,
  newKey,
  TRANSITION,
} from './referral-fixture.ts';

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) { edges { node { id name acceptsReferrals } } }
  }
`;
const SERVICE = /* GraphQL */ `
  query Service($id: ID!) { service(id: $id) { id acceptsReferrals } }
`;
const JOIN = /* GraphQL */ `
  mutation Join($input: CreateNetworkOrganizationInput!) {
    createNetworkOrganization(input: $input) { id kinds }
  }
`;
const LEAVE = /* GraphQL */ `
  mutation Leave($id: ID!) { removeNetworkAgency(organizationId: $id) { id kinds } }
`;

type Hit = { id: string; name: string; acceptsReferrals: boolean };
type SearchData = { searchServices: { edges: Array<{ node: Hit }> } };

const notOnNetwork = (name: string) =>
  `${name} is not on the referral network, so it cannot receive referrals here. ` +
  'Call them at the number on the listing, or add the service to the client’s resource list and send it by text or email.';

describe('referring only where the agency is on the network', () => {
  let server: TestServer;
  let admin: TestActor;
  let coordinator: TestActor;
  const eastside = buildOrganization({ name: 'Eastside Pantry' });
  const westside = buildOrganization({ name: 'Westside Pantry' });
  const site = buildLocation();
  const east = buildService(eastside, { name: 'Eastside Pantry Groceries' });
  const west = buildService(westside, { name: 'Westside Pantry Groceries' });

  const settle = async () => {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  };
  const refer = (ids: { clientId: string; consentId: string }, serviceId: string, send: boolean) =>
    coordinator.gql(CREATE, {
      input: {
        ...ids,
        serviceId,
        needs: ['food'],
        urgency: 'ROUTINE',
        idempotencyKey: newKey(),
        send,
      },
    });
  const search = async (input: Record<string, unknown>) => {
    const res = await server.gql<SearchData>(SEARCH, { input: { text: 'pantry', ...input } });
    expect(res.errors).toBeUndefined();
    return (res.data?.searchServices.edges ?? [])
      .map((e) => [e.node.name, e.node.acceptsReferrals] as const)
      .sort();
  };

  beforeAll(async () => {
    server = await startTestServer();
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [eastside, westside],
        locations: [site],
        services: [east, west],
        serviceAtLocations: [link(east, site), link(west, site)],
      }),
    );
    await settle();
    admin = await signedInAs(server, 'network_admin');
    coordinator = (await buildCoordinating(server)).coordinator;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('marks services whose agency joins the network, and filters on it', async () => {
    expect(await search({})).toEqual([
      ['Eastside Pantry Groceries', false],
      ['Westside Pantry Groceries', false],
    ]);
    const joined = await admin.gql(JOIN, {
      input: { name: 'Eastside Pantry', kinds: ['AGENCY'], directoryOrganizationId: eastside.id },
    });
    expect(joined.errors).toBeUndefined();
    await settle();
    expect(await search({})).toEqual([
      ['Eastside Pantry Groceries', true],
      ['Westside Pantry Groceries', false],
    ]);
    expect(await search({ acceptsReferrals: true })).toEqual([['Eastside Pantry Groceries', true]]);
    expect(await search({ acceptsReferrals: false })).toEqual([
      ['Westside Pantry Groceries', false],
    ]);
    const detail = await server.gql<{ service: { acceptsReferrals: boolean } }>(SERVICE, {
      id: east.id,
    });
    expect(detail.data?.service.acceptsReferrals).toBe(true);
  });

  it('refuses a referral to a service whose agency is not on the network, saying what to do', async () => {
    const agency = await buildAgency(server, { name: 'Northside Kitchen' });
    const { client, consent } = await buildClientWithConsent(
      server,
      coordinator,
      agency.organization.id,
    );
    for (const send of [true, false]) {
      const res = await refer({ clientId: client.id, consentId: consent.id }, west.id, send);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ON_NETWORK');
      expect(res.errors?.[0]?.message).toBe(notOnNetwork('Westside Pantry'));
    }
  });

  it('takes an agency off the network: its services stop taking referrals', async () => {
    const agency = await buildAgency(server, { name: 'Leaving Pantry' });
    const { client, consent } = await buildClientWithConsent(
      server,
      coordinator,
      agency.organization.id,
    );
    const draft = await refer(
      { clientId: client.id, consentId: consent.id },
      agency.service.id,
      false,
    );
    const draftId = (draft.data as { createReferral: { id: string } } | null)?.createReferral.id;
    expect(draftId).toBeTruthy();
    const notAdmin = await coordinator.gql(LEAVE, { id: agency.organization.id });
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const unknown = await admin.gql(LEAVE, { id: 'no-such-org' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe('No network organization has the id "no-such-org".');

    const left = await admin.gql<{ removeNetworkAgency: { kinds: string[] } }>(LEAVE, {
      id: agency.organization.id,
    });
    expect(left.errors).toBeUndefined();
    expect(left.data?.removeNetworkAgency.kinds).toEqual([]);
    const again = await admin.gql(LEAVE, { id: agency.organization.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toBe('This organization is not an agency on the network.');

    await settle();
    const res = await server.gql<SearchData>(SEARCH, { input: { text: 'Leaving Pantry' } });
    expect(res.data?.searchServices.edges.map((e) => e.node.acceptsReferrals)).toEqual([false]);
    const refused = await refer(
      { clientId: client.id, consentId: consent.id },
      agency.service.id,
      true,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_ON_NETWORK');
    expect(refused.errors?.[0]?.message).toBe(notOnNetwork('Leaving Pantry'));
    // A draft saved before it left is not sent to it either.
    const send = await coordinator.gql(TRANSITION, {
      input: { referralId: draftId, expectedVersion: 1, to: 'SENT' },
    });
    expect(send.errors?.[0]?.extensions?.code).toBe('NOT_ON_NETWORK');
    expect(send.errors?.[0]?.message).toBe(notOnNetwork('Leaving Pantry'));
  });
});
