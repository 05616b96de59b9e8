import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLAIM = /* GraphQL */ `
  mutation Claim($input: ClaimOrganizationInput!) { claimOrganization(input: $input) { id } }
`;
const APPROVE = /* GraphQL */ `
  mutation Approve($id: ID!) { approveOrganizationClaim(claimId: $id) { id status } }
`;
const REJECT = /* GraphQL */ `
  mutation Reject($input: RejectOrganizationClaimInput!) {
    rejectOrganizationClaim(input: $input) { id status }
  }
`;
const SUGGEST = /* GraphQL */ `
  mutation Suggest($input: SuggestListingEditInput!) { suggestListingEdit(input: $input) { id } }
`;
const ACCEPT = /* GraphQL */ `
  mutation Accept($id: ID!) { acceptListingSuggestion(suggestionId: $id) { id status } }
`;
const REJECT_SUGGESTION = /* GraphQL */ `
  mutation RejectSuggestion($input: RejectListingSuggestionInput!) {
    rejectListingSuggestion(input: $input) { id status }
  }
`;

type Outcome = {
  data?: unknown;
  errors?: ReadonlyArray<{ message: string; extensions?: unknown }>;
};

// FerretDB v1 lets several concurrent conditional updates of one document win now and then, so
// each race is run for several rounds.
const ROUNDS = 12;

/** Exactly one request won; every other one was refused with our typed CONFLICT. */
function expectOneWinner(results: Outcome[]): number {
  const winners = results.filter((r) => !r.errors);
  expect(winners).toHaveLength(1);
  for (const lost of results.filter((r) => r.errors)) {
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(lost.errors?.[0]?.message).toMatch(/^This (claim|suggestion) was already /);
  }
  return results.findIndex((r) => !r.errors);
}

describe('listing decisions under concurrency', () => {
  let server: TestServer;
  let admin: TestActor;
  let coordinator: TestActor;
  let claimant: TestActor;
  let rival: TestActor;
  let memberStaff: TestActor;
  const member = buildOrganization({ name: 'Mile High Mutual Aid' });
  const memberService = buildService(member, { name: 'Mutual Aid Groceries' });
  const site = buildLocation();

  beforeAll(async () => {
    server = await startTestServer();
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [member],
        locations: [site],
        services: [memberService],
        serviceAtLocations: [link(memberService, site)],
      }),
    );
    await buildMember(server, { id: member.id, name: member.name, kinds: ['agency'] });
    const claimantOrg = (await buildMember(server, { kinds: ['agency'] })).id;
    const rivalOrg = (await buildMember(server, { kinds: ['agency'] })).id;
    claimant = await signedInAs(server, 'agency_staff', { organizationId: claimantOrg });
    rival = await signedInAs(server, 'agency_staff', { organizationId: rivalOrg });
    admin = await signedInAs(server, 'network_admin');
    coordinator = await signedInAs(server, 'coordinator');
    memberStaff = await signedInAs(server, 'agency_staff', { organizationId: member.id });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function importOrganization(): Promise<string> {
    const organization = buildOrganization();
    await storeBundle(server.runtime.deps, bundleOf({ organizations: [organization] }));
    return organization.id;
  }

  async function claim(who: TestActor, organizationId: string): Promise<string> {
    const res = await who.gql<{ claimOrganization: { id: string } }>(CLAIM, {
      input: { organizationId, note: 'We run its pantry on Tuesdays.' },
    });
    expect(res.errors).toBeUndefined();
    return res.data?.claimOrganization.id ?? '';
  }

  // A double click approves (or rejects) twice at once; two admins may approve and reject at once.
  const claimRaces = [
    ['APPROVE', 'APPROVE', 'APPROVE', 'APPROVE'],
    ['REJECT', 'REJECT', 'REJECT', 'REJECT'],
    ['APPROVE', 'REJECT', 'APPROVE', 'REJECT'],
  ] as const;

  it('decides a claim once when approvals and rejections race', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const organizationId = await importOrganization();
      const id = await claim(claimant, organizationId);
      const race = claimRaces[round % claimRaces.length] ?? claimRaces[0];
      const results = await Promise.all(
        race.map((decision) =>
          decision === 'APPROVE'
            ? admin.gql(APPROVE, { id })
            : admin.gql(REJECT, { input: { claimId: id, reason: 'Please call us first.' } }),
        ),
      );
      const won = expectOneWinner(results);
      const approved = race[won] === 'APPROVE';
      const { OrganizationClaim, OrganizationOwner } = server.runtime.deps.db.models;
      const stored = await OrganizationClaim.collection.findOne({ _id: id as never });
      expect(stored?.status).toBe(approved ? 'APPROVED' : 'REJECTED');
      const owner = await OrganizationOwner.collection.findOne({ _id: organizationId as never });
      expect(owner?.claimId ?? null).toBe(approved ? id : null);
    }
  });

  it('approves only one of two rival claims approved at once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const organizationId = await importOrganization();
      const ids = [await claim(claimant, organizationId), await claim(rival, organizationId)];
      const results = await Promise.all(ids.map((id) => admin.gql(APPROVE, { id })));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      const lost = results.find((r) => r.errors);
      expect(lost?.errors?.[0]).toMatchObject({
        message: 'Another agency already keeps this organization’s listings.',
        extensions: { code: 'CONFLICT' },
      });
    }
  });

  it('decides a suggestion once when acceptances and rejections race', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `Mutual Aid Groceries ${round}`;
      const made = await coordinator.gql<{ suggestListingEdit: { id: string } }>(SUGGEST, {
        input: { serviceId: memberService.id, field: 'NAME', newValue: { name } },
      });
      const id = made.data?.suggestListingEdit.id;
      const results = await Promise.all([
        memberStaff.gql(ACCEPT, { id }),
        memberStaff.gql(REJECT_SUGGESTION, { input: { suggestionId: id, note: 'Not our name.' } }),
        admin.gql(ACCEPT, { id }),
        admin.gql(REJECT_SUGGESTION, { input: { suggestionId: id, note: 'Ask the agency.' } }),
      ]);
      const won = expectOneWinner(results);
      const accepted = won % 2 === 0;
      const { ListingSuggestion, ListingChange } = server.runtime.deps.db.models;
      const stored = await ListingSuggestion.collection.findOne({ _id: id as never });
      expect(stored?.status).toBe(accepted ? 'ACCEPTED' : 'REJECTED');
      const renamed = await ListingChange.collection.countDocuments({
        service_id: memberService.id,
        fieldName: 'name',
        replacementValue: name,
      });
      expect(renamed).toBe(accepted ? 1 : 0);
    }
  });
});
