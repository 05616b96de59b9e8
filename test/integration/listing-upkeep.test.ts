import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
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
  mutation Claim($input: ClaimOrganizationInput!) {
    claimOrganization(input: $input) {
      id organizationId organizationName claimantOrganizationId status note reason
    }
  }
`;
const APPROVE = /* GraphQL */ `
  mutation Approve($id: ID!) {
    approveOrganizationClaim(claimId: $id) { id status decidedAt }
  }
`;
const REJECT = /* GraphQL */ `
  mutation Reject($input: RejectOrganizationClaimInput!) {
    rejectOrganizationClaim(input: $input) { id status reason }
  }
`;
const CLAIMS = /* GraphQL */ `
  query Claims($status: OrganizationClaimStatus) {
    organizationClaims(status: $status) { id organizationId claimantOrganizationId status }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateServiceInput!) { updateService(input: $input) { id name } }
`;
const AUDIT = /* GraphQL */ `
  query Audit($subjectId: ID!) {
    auditEvents(filter: { subjectId: $subjectId }) { edges { node { action actorUserId } } }
  }
`;

type Claim = {
  id: string;
  organizationId: string;
  organizationName: string;
  claimantOrganizationId: string;
  status: string;
  note: string;
  reason: string | null;
};

// A clock tests can move: 24 November 2026, noon UTC.
let nowMs = Date.parse('2026-11-24T12:00:00Z');
const clock: Clock = { now: () => new Date(nowMs) };

// Two organizations imported from HSDS data whose agencies are not on the network.
const imported = buildOrganization({ name: 'Eastside Food Bank', email: 'info@eastside.example' });
const orphan = buildOrganization({ name: 'Northside Clothing Closet' });
// An organization on the network under its own HSDS id.
const member = buildOrganization({ name: 'Mile High Mutual Aid' });
const site = buildLocation();
const foodBank = buildService(imported, { name: 'Eastside Food Bank Pantry' });
const closet = buildService(orphan, { name: 'Northside Closet', categories: ['clothing'] });
const memberService = buildService(member, { name: 'Mutual Aid Groceries' });

describe('listing upkeep', () => {
  let server: TestServer;
  let claimant: TestActor;
  let rival: TestActor;
  let coordinator: TestActor;
  let admin: TestActor;
  let claimantOrg: string;
  let rivalOrg: string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [imported, orphan, member],
        locations: [site],
        services: [foodBank, closet, memberService],
        serviceAtLocations: [link(foodBank, site), link(closet, site), link(memberService, site)],
      }),
    );
    await buildMember(server, { id: member.id, name: member.name, kinds: ['agency'] });
    claimantOrg = (await buildMember(server, { name: 'Eastside Partners', kinds: ['agency'] })).id;
    rivalOrg = (await buildMember(server, { name: 'Westside Partners', kinds: ['agency'] })).id;
    claimant = await signedInAs(server, 'agency_staff', {
      organizationId: claimantOrg,
      email: 'staff@eastside-partners.example.org',
    });
    rival = await signedInAs(server, 'org_admin', { organizationId: rivalOrg });
    coordinator = await signedInAs(server, 'coordinator');
    admin = await signedInAs(server, 'network_admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('claiming imported organizations', () => {
    let claimId = '';

    it('records an agency’s claim, which does not yet let it edit', async () => {
      const res = await claimant.gql<{ claimOrganization: Claim }>(CLAIM, {
        input: { organizationId: imported.id, note: 'We took over the pantry in 2025.' },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.claimOrganization).toEqual({
        id: `${imported.id}:${claimantOrg}`,
        organizationId: imported.id,
        organizationName: 'Eastside Food Bank',
        claimantOrganizationId: claimantOrg,
        status: 'PENDING',
        note: 'We took over the pantry in 2025.',
        reason: null,
      });
      claimId = res.data?.claimOrganization.id ?? '';
      const edit = await claimant.gql(UPDATE, { input: { serviceId: foodBank.id, name: 'X' } });
      expect(edit.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    });

    it('refuses a second claim, a claim on a network member and bad input', async () => {
      const again = await claimant.gql(CLAIM, {
        input: { organizationId: imported.id, note: 'Again.' },
      });
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(again.errors?.[0]?.message).toBe(
        'Your agency already claimed this organization; a network admin will review it.',
      );
      const onMember = await claimant.gql(CLAIM, {
        input: { organizationId: member.id, note: 'Ours.' },
      });
      expect(onMember.errors?.[0]?.message).toBe(
        'This organization is on the network itself, so its own staff keep its listings.',
      );
      const noNote = await claimant.gql(CLAIM, {
        input: { organizationId: orphan.id, note: '  ' },
      });
      expect(noNote.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(noNote.errors?.[0]?.message).toBe(
        'note: Tell the network admins how you are connected to this organization.',
      );
      const unknown = await claimant.gql(CLAIM, {
        input: { organizationId: 'no-such-org', note: 'Ours.' },
      });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses coordinators, and approval by anyone but a network admin', async () => {
      const coord = await coordinator.gql(CLAIM, {
        input: { organizationId: orphan.id, note: 'We refer there.' },
      });
      expect(coord.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      for (const who of [claimant, rival, coordinator]) {
        const res = await who.gql(APPROVE, { id: claimId });
        expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      }
    });

    it('lists all claims to network admins and its own claims to an agency', async () => {
      const all = await admin.gql<{ organizationClaims: Claim[] }>(CLAIMS, { status: 'PENDING' });
      expect(all.data?.organizationClaims.map((c) => c.id)).toEqual([claimId]);
      const own = await claimant.gql<{ organizationClaims: Claim[] }>(CLAIMS);
      expect(own.data?.organizationClaims.map((c) => c.id)).toEqual([claimId]);
      const other = await rival.gql<{ organizationClaims: Claim[] }>(CLAIMS);
      expect(other.data?.organizationClaims).toEqual([]);
      const approved = await admin.gql<{ organizationClaims: Claim[] }>(CLAIMS, {
        status: 'APPROVED',
      });
      expect(approved.data?.organizationClaims).toEqual([]);
    });

    it('makes the claimant the owner once approved, and audits each step', async () => {
      const res = await admin.gql(APPROVE, { id: claimId });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        approveOrganizationClaim: {
          id: claimId,
          status: 'APPROVED',
          decidedAt: '2026-11-24T12:00:00.000Z',
        },
      });
      const edit = await claimant.gql(UPDATE, {
        input: { serviceId: foodBank.id, name: 'Eastside Community Pantry' },
      });
      expect(edit.errors).toBeUndefined();
      expect(edit.data).toEqual({
        updateService: { id: foodBank.id, name: 'Eastside Community Pantry' },
      });
      const other = await rival.gql(UPDATE, { input: { serviceId: foodBank.id, name: 'X' } });
      expect(other.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');

      const audit = await admin.gql<{
        auditEvents: { edges: Array<{ node: { action: string; actorUserId: string } }> };
      }>(AUDIT, { subjectId: imported.id });
      expect(audit.data?.auditEvents.edges.map((e) => e.node)).toEqual([
        { action: 'organization.claim.approve', actorUserId: admin.user.id },
        { action: 'organization.claim', actorUserId: claimant.user.id },
      ]);
    });

    it('refuses deciding twice and rival claims on an owned organization', async () => {
      const again = await admin.gql(APPROVE, { id: claimId });
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(again.errors?.[0]?.message).toBe(
        'This claim was already approved on 24 November at 12:00 UTC.',
      );
      const reject = await admin.gql(REJECT, { input: { claimId, reason: 'Too late.' } });
      expect(reject.errors?.[0]?.message).toBe(
        'This claim was already approved on 24 November at 12:00 UTC.',
      );
      const rivalClaim = await rival.gql(CLAIM, {
        input: { organizationId: imported.id, note: 'Ours, really.' },
      });
      expect(rivalClaim.errors?.[0]?.message).toBe(
        'Another agency already keeps this organization’s listings.',
      );
    });

    it('rejects a claim with a reason, after which the agency may claim again', async () => {
      const made = await rival.gql<{ claimOrganization: Claim }>(CLAIM, {
        input: { organizationId: orphan.id, note: 'We run the closet.' },
      });
      const id = made.data?.claimOrganization.id ?? '';
      const noReason = await admin.gql(REJECT, { input: { claimId: id, reason: '' } });
      expect(noReason.errors?.[0]?.message).toBe(
        'reason: Give a reason, so the agency knows what to do next.',
      );
      const res = await admin.gql(REJECT, {
        input: { claimId: id, reason: 'Please send a letter from the closet’s board.' },
      });
      expect(res.data).toEqual({
        rejectOrganizationClaim: {
          id,
          status: 'REJECTED',
          reason: 'Please send a letter from the closet’s board.',
        },
      });
      const edit = await rival.gql(UPDATE, { input: { serviceId: closet.id, name: 'X' } });
      expect(edit.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      const again = await rival.gql<{ claimOrganization: Claim }>(CLAIM, {
        input: { organizationId: orphan.id, note: 'Board letter attached by email.' },
      });
      expect(again.data?.claimOrganization).toMatchObject({ id, status: 'PENDING', reason: null });
      const missing = await admin.gql(APPROVE, { id: 'no-such-claim' });
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });
});
