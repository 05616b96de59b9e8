import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { runListingConfirmations } from '../../server/domain/listings/confirmation-job.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { idStartingWith, queuedOrLogged } from '../support/messages.ts';
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

const SUGGEST = /* GraphQL */ `
  mutation Suggest($input: SuggestListingEditInput!) {
    suggestListingEdit(input: $input) {
      id serviceId serviceName field newValue note status suggestedByEmail
    }
  }
`;
const ACCEPT = /* GraphQL */ `
  mutation Accept($id: ID!) {
    acceptListingSuggestion(suggestionId: $id) { id status decidedAt }
  }
`;
const REJECT_SUGGESTION = /* GraphQL */ `
  mutation RejectSuggestion($input: RejectListingSuggestionInput!) {
    rejectListingSuggestion(input: $input) { id status decisionNote }
  }
`;
const SUGGESTIONS = /* GraphQL */ `
  query Suggestions($serviceId: ID, $status: ListingSuggestionStatus) {
    listingSuggestions(serviceId: $serviceId, status: $status) { id field status }
  }
`;
const CHANGES = /* GraphQL */ `
  query Changes($id: ID!) {
    listingChanges(serviceId: $id) {
      edges { node { fieldName previousValue replacementValue updatedBy } }
    }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($text: String!) {
    searchServices(input: { text: $text }) { edges { node { id name } } }
  }
`;

const REQUEST_CONFIRMATION = /* GraphQL */ `
  mutation Request($id: ID!) {
    requestListingConfirmation(serviceId: $id) { serviceId recipients expiresAt }
  }
`;

type Suggestion = { id: string; field: string; status: string };

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
// Listings nobody confirmed for years: one whose organization has an email, one nobody to ask.
const staleShelter = buildService(imported, {
  name: 'Eastside Night Shelter',
  categories: ['housing'],
  assured_date: '2024-01-15',
});
const staleRepair = buildService(orphan, { name: 'Northside Repairs', assured_date: null });

describe('listing upkeep', () => {
  let server: TestServer;
  let claimant: TestActor;
  let rival: TestActor;
  let coordinator: TestActor;
  let admin: TestActor;
  let memberStaff: TestActor;
  let claimantOrg: string;
  let rivalOrg: string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [imported, orphan, member],
        locations: [site],
        services: [foodBank, closet, memberService, staleShelter, staleRepair],
        serviceAtLocations: [foodBank, closet, memberService, staleShelter, staleRepair].map(
          (service) => link(service, site),
        ),
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
    memberStaff = await signedInAs(server, 'agency_staff', {
      organizationId: member.id,
      email: 'staff@milehigh.example.org',
    });
  });

  const settle = async () => {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  };
  const stored = (id: string) =>
    server.runtime.deps.db.models.Service.collection.findOne({ _id: id as never });
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
      // The agency's listing editor offers the claimed organization's services too.
      const mine = await claimant.gql<{ myServices: { edges: Array<{ node: { id: string } }> } }>(
        '{ myServices { edges { node { id } } } }',
      );
      expect(mine.data?.myServices.edges.map((e) => e.node.id)).toEqual([
        foodBank.id,
        staleShelter.id,
      ]);
      const editable = await claimant.gql(
        'query One($id: ID!) { editableService(id: $id) { id } }',
        { id: foodBank.id },
      );
      expect(editable.data).toEqual({ editableService: { id: foodBank.id } });

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

    it('says which organizations may still be claimed', async () => {
      const CLAIMABLE = /* GraphQL */ `
        query Claimable($id: ID!) { organization(id: $id) { id claimable } }
      `;
      const claimable = async (id: string) =>
        (await coordinator.gql<{ organization: { claimable: boolean } }>(CLAIMABLE, { id })).data
          ?.organization.claimable;
      // Kept by the approved claim, on the network itself, and nobody's yet.
      expect(await claimable(imported.id)).toBe(false);
      expect(await claimable(member.id)).toBe(false);
      expect(await claimable(orphan.id)).toBe(true);
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

  describe('suggested edits', () => {
    let phoneSuggestion = '';

    it('lets anyone signed in suggest a correction to one field', async () => {
      const res = await coordinator.gql<{ suggestListingEdit: Record<string, unknown> }>(SUGGEST, {
        input: {
          serviceId: memberService.id,
          field: 'PHONES',
          newValue: { phones: [{ number: '303-555-0142', type: 'voice' }] },
          note: 'The old number is disconnected.',
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.suggestListingEdit).toMatchObject({
        serviceId: memberService.id,
        serviceName: 'Mutual Aid Groceries',
        field: 'PHONES',
        newValue: JSON.stringify([{ number: '303-555-0142', type: 'voice' }]),
        note: 'The old number is disconnected.',
        status: 'PENDING',
        suggestedByEmail: coordinator.user.email,
      });
      phoneSuggestion = String(res.data?.suggestListingEdit.id);
    });

    it.each([
      [{ field: 'NAME', newValue: { name: '' } }, 'newValue.name: is required'],
      [
        {
          field: 'SCHEDULES',
          newValue: {
            schedules: [{ freq: 'WEEKLY', byday: 'MO', opensAt: '09:00', closesAt: '5pm' }],
          },
        },
        'newValue.schedules.0.closesAt: must be a time such as 09:00 or 17:30',
      ],
      [
        { field: 'LANGUAGES', newValue: { languages: ['klingon'] } },
        'newValue.languages.0: Unknown language code "klingon". Use ISO 639 codes such as en, es or ht.',
      ],
      [{ field: 'DESCRIPTION', newValue: {} }, 'newValue.description: Give the new description.'],
      [
        { field: 'NAME', newValue: { name: 'Groceries', description: 'Food.' } },
        'newValue.description: Suggest one field at a time: this suggestion is for name.',
      ],
    ])('refuses %j with a field-named message and keeps nothing', async (change, message) => {
      const before = await server.runtime.deps.db.models.ListingSuggestion.countDocuments();
      const res = await coordinator.gql(SUGGEST, {
        input: { serviceId: memberService.id, ...change },
      });
      expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(res.errors?.[0]?.message).toBe(message);
      expect(await server.runtime.deps.db.models.ListingSuggestion.countDocuments()).toBe(before);
    });

    it('shows suggestions to the listing’s agency, network admins and their author', async () => {
      const ids = (res: { data?: { listingSuggestions: Suggestion[] } | null }) =>
        res.data?.listingSuggestions.map((s) => s.id);
      expect(ids(await memberStaff.gql(SUGGESTIONS, { serviceId: memberService.id }))).toEqual([
        phoneSuggestion,
      ]);
      expect(ids(await memberStaff.gql(SUGGESTIONS, { status: 'PENDING' }))).toEqual([
        phoneSuggestion,
      ]);
      expect(ids(await admin.gql(SUGGESTIONS))).toEqual([phoneSuggestion]);
      expect(ids(await coordinator.gql(SUGGESTIONS))).toEqual([phoneSuggestion]);
      expect(ids(await rival.gql(SUGGESTIONS))).toEqual([]);
      const other = await rival.gql(SUGGESTIONS, { serviceId: memberService.id });
      expect(other.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    });

    it('refuses deciding to anyone but the listing’s agency and network admins', async () => {
      for (const who of [rival, coordinator, claimant]) {
        const res = await who.gql(ACCEPT, { id: phoneSuggestion });
        expect(res.errors?.[0]?.message).toBe(
          'Only the agency that lists this service or a network admin can decide on suggestions.',
        );
        const rej = await who.gql(REJECT_SUGGESTION, {
          input: { suggestionId: phoneSuggestion, note: 'No.' },
        });
        expect(rej.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      }
    });

    it('applies an accepted suggestion like an edit, logged under who accepted it', async () => {
      const res = await memberStaff.gql(ACCEPT, { id: phoneSuggestion });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        acceptListingSuggestion: {
          id: phoneSuggestion,
          status: 'ACCEPTED',
          decidedAt: '2026-11-24T12:00:00.000Z',
        },
      });
      const service = await stored(memberService.id);
      expect(service?.phones).toMatchObject([{ number: '303-555-0142', type: 'voice' }]);
      expect(service?.assured_date).toBe('2026-11-24');
      const changes = await memberStaff.gql<{
        listingChanges: { edges: Array<{ node: { fieldName: string; updatedBy: string } }> };
      }>(CHANGES, { id: memberService.id });
      const phones = changes.data?.listingChanges.edges.find((e) => e.node.fieldName === 'phones');
      expect(phones?.node).toMatchObject({
        updatedBy: 'staff@milehigh.example.org',
      });
      const again = await admin.gql(ACCEPT, { id: phoneSuggestion });
      expect(again.errors?.[0]?.message).toBe(
        'This suggestion was already accepted on 24 November at 12:00 UTC.',
      );
    });

    it('reaches search through the outbox when a network admin accepts a new name', async () => {
      const made = await coordinator.gql<{ suggestListingEdit: { id: string } }>(SUGGEST, {
        input: {
          serviceId: memberService.id,
          field: 'NAME',
          newValue: { name: 'Mutual Aid Grocery Shelf' },
        },
      });
      const res = await admin.gql(ACCEPT, { id: made.data?.suggestListingEdit.id });
      expect(res.errors).toBeUndefined();
      await settle();
      const hits = await server.gql<{ searchServices: { edges: Array<{ node: unknown }> } }>(
        SEARCH,
        { text: 'Mutual Aid Grocery Shelf' },
      );
      expect(hits.data?.searchServices.edges[0]?.node).toEqual({
        id: memberService.id,
        name: 'Mutual Aid Grocery Shelf',
      });
    });

    it('rejects a suggestion with a note and leaves the listing as it was', async () => {
      const made = await coordinator.gql<{ suggestListingEdit: { id: string } }>(SUGGEST, {
        input: { serviceId: memberService.id, field: 'STATUS', newValue: { status: 'DEFUNCT' } },
      });
      const id = made.data?.suggestListingEdit.id;
      const noNote = await memberStaff.gql(REJECT_SUGGESTION, {
        input: { suggestionId: id, note: ' ' },
      });
      expect(noNote.errors?.[0]?.message).toBe(
        'note: Say why, so the person who suggested it knows.',
      );
      const res = await memberStaff.gql(REJECT_SUGGESTION, {
        input: { suggestionId: id, note: 'We are open; we moved upstairs.' },
      });
      expect(res.data).toEqual({
        rejectListingSuggestion: {
          id,
          status: 'REJECTED',
          decisionNote: 'We are open; we moved upstairs.',
        },
      });
      expect((await stored(memberService.id))?.status).toBe('active');
      const accept = await memberStaff.gql(ACCEPT, { id });
      expect(accept.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('lets an agency decide on suggestions for an organization it claimed', async () => {
      const made = await coordinator.gql<{ suggestListingEdit: { id: string } }>(SUGGEST, {
        input: {
          serviceId: foodBank.id,
          field: 'LANGUAGES',
          newValue: { languages: ['en', 'es'] },
        },
      });
      const res = await claimant.gql(ACCEPT, { id: made.data?.suggestListingEdit.id });
      expect(res.errors).toBeUndefined();
      const service = await stored(foodBank.id);
      expect(service?.languages.map((l: { code: string }) => l.code)).toEqual(['en', 'es']);
    });
  });

  describe('signed “still accurate?” links', () => {
    const base = () => server.url.replace(/\/graphql$/, '');
    const deliver = async () => {
      server.runtime.notifications.kick();
      await server.runtime.notifications.idle();
    };
    const sentTo = async (to: string) =>
      server.runtime.deps.db.models.NotificationLog.collection
        .find({ template: 'listing.confirm', to })
        .toArray();
    const tokenIn = (text: unknown) =>
      decodeURIComponent(/\/listings\/confirm\?token=(\S+)/.exec(String(text))?.[1] ?? '');
    const post = (token: string) =>
      fetch(`${base()}/listings/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
    let token = '';

    it('emails the organization’s address a link (network admins only)', async () => {
      const refused = await memberStaff.gql(REQUEST_CONFIRMATION, { id: foodBank.id });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      const res = await admin.gql(REQUEST_CONFIRMATION, { id: foodBank.id });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        requestListingConfirmation: {
          serviceId: foodBank.id,
          recipients: 1,
          expiresAt: '2026-12-08T12:00:00.000Z',
        },
      });
      await deliver();
      const [mail, ...more] = await sentTo('info@eastside.example');
      expect(more).toEqual([]);
      expect(mail?.subject).toBe('Is Eastside Community Pantry still listed correctly?');
      expect(String(mail?.text)).toContain('The link works until 8 December 2026.');
      token = tokenIn(mail?.text);
      expect(token).toMatch(/^v1\./);
    });

    it('falls back to the agency’s staff, and says when nobody can be asked', async () => {
      const res = await admin.gql(REQUEST_CONFIRMATION, { id: memberService.id });
      expect(res.data).toMatchObject({ requestListingConfirmation: { recipients: 1 } });
      await deliver();
      expect(await sentTo('staff@milehigh.example.org')).toHaveLength(1);
      const nobody = await admin.gql(REQUEST_CONFIRMATION, { id: closet.id });
      expect(nobody.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(nobody.errors?.[0]?.message).toBe(
        'Nobody can be asked about this listing: Northside Clothing Closet has no email in the ' +
          'directory and no staff on Wayfinder.',
      );
    });

    it('shows the listing on GET without confirming it', async () => {
      nowMs += 3 * 86_400_000;
      const before = await stored(foodBank.id);
      const res = await fetch(`${base()}/listings/confirm?token=${encodeURIComponent(token)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await res.text();
      expect(html).toContain('Is Eastside Community Pantry still accurate?');
      expect(html).toContain('<form method="post" action="/listings/confirm">');
      expect(await stored(foodBank.id)).toEqual(before);
    });

    it('confirms on POST: assured today by the address the link was sent to', async () => {
      const res = await post(token);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('is confirmed accurate as of 2026-11-27.');
      const service = await stored(foodBank.id);
      expect(service).toMatchObject({
        assured_date: '2026-11-27',
        assurer_email: 'info@eastside.example',
      });
      // Sessions have lapsed on the moved clock: read the logs directly.
      const { ListingChange, AuditEvent } = server.runtime.deps.db.models;
      const change = await ListingChange.collection.findOne(
        { service_id: foodBank.id, fieldName: 'assured_date' },
        { sort: { at: -1 } },
      );
      expect(change).toMatchObject({
        previousValue: '2026-11-24',
        replacementValue: '2026-11-27',
        updatedBy: 'info@eastside.example',
        actorUserId: null,
      });
      const event = await AuditEvent.collection.findOne(
        { subjectId: foodBank.id, action: 'listing.confirm.link' },
        { sort: { at: -1 } },
      );
      expect(event).toMatchObject({ actorUserId: null, subjectType: 'service' });
    });

    it('confirms once: a replayed link changes nothing and is not audited again', async () => {
      const audited = () =>
        server.runtime.deps.db.models.AuditEvent.collection.countDocuments({
          subjectId: foodBank.id,
          action: 'listing.confirm.link',
        });
      const before = await stored(foodBank.id);
      const events = await audited();
      const replays = await Promise.all([post(token), post(token)]);
      expect(replays.map((r) => r.status)).toEqual([409, 409]);
      expect(await replays[0]?.text()).toContain(
        'This confirmation link has been used already. Each link confirms a listing once; sign ' +
          'in to Wayfinder to confirm it again.',
      );
      expect(await stored(foodBank.id)).toEqual(before);
      expect(await audited()).toBe(events);
      const get = await fetch(`${base()}/listings/confirm?token=${encodeURIComponent(token)}`);
      expect(get.status).toBe(409);
    });

    /** Asks for a new link (as a network admin signed in on the moved clock) and returns it. */
    const newLink = async (serviceId: string, to: string) => {
      const seen = new Set((await sentTo(to)).map((m) => tokenIn(m.text)));
      const freshAdmin = await signedInAs(server, 'network_admin');
      const res = await freshAdmin.gql(REQUEST_CONFIRMATION, { id: serviceId });
      expect(res.errors).toBeUndefined();
      await deliver();
      const fresh = (await sentTo(to)).map((m) => tokenIn(m.text)).filter((t) => !seen.has(t));
      expect(fresh).toHaveLength(1);
      return fresh[0] ?? '';
    };

    it('lets only one of two simultaneous uses of a fresh link confirm', async () => {
      const fresh = await newLink(memberService.id, 'staff@milehigh.example.org');
      const [a, b] = await Promise.all([post(fresh), post(fresh)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
    });

    it('refuses a link once its listing has changed since it was sent', async () => {
      const fresh = await newLink(foodBank.id, 'info@eastside.example');
      nowMs += 60_000;
      const editor = await signedInAs(server, 'agency_staff', { organizationId: claimantOrg });
      const edited = await editor.gql(UPDATE, {
        input: { serviceId: foodBank.id, description: 'Now also open on Sundays.' },
      });
      expect(edited.errors).toBeUndefined();
      const before = await stored(foodBank.id);
      const get = await fetch(`${base()}/listings/confirm?token=${encodeURIComponent(fresh)}`);
      expect(get.status).toBe(409);
      const used = await post(fresh);
      expect(used.status).toBe(409);
      expect(await used.text()).toContain(
        'This listing has changed since this link was sent, so the link no longer confirms it.',
      );
      expect(await stored(foodBank.id)).toEqual(before);
    });

    it('refuses a tampered or foreign token with a clear message', async () => {
      const [version, payload, signature] = token.split('.');
      const forged = Buffer.from(
        JSON.stringify({ s: memberService.id, e: 'x@example.org', x: 2_000_000_000 }),
      ).toString('base64url');
      const flipped = `${signature?.slice(0, -1)}${signature?.endsWith('A') ? 'B' : 'A'}`;
      const before = await stored(memberService.id);
      for (const bad of [
        `${version}.${forged}.${signature}`,
        `${version}.${payload}.${flipped}`,
        'v1.garbage',
        '',
      ]) {
        const get = await fetch(`${base()}/listings/confirm?token=${encodeURIComponent(bad)}`);
        expect(get.status).toBe(400);
        const res = await post(bad);
        expect(res.status).toBe(400);
        expect(await res.text()).toContain(
          'This confirmation link is not valid. Copy the whole link from the email, or sign in ' +
            'to Wayfinder to confirm the listing.',
        );
      }
      expect(await stored(memberService.id)).toEqual(before);
    });

    it('refuses an expired link and says when it expired', async () => {
      nowMs = Date.parse('2026-12-08T12:00:00Z');
      const before = await stored(foodBank.id);
      const res = await post(token);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain(
        'This confirmation link expired on 8 December 2026. Sign in to Wayfinder to confirm the ' +
          'listing, or ask the network office for a new link.',
      );
      expect(await stored(foodBank.id)).toEqual(before);
    });
  });

  describe('scheduled confirmation requests', () => {
    /** Outbox entries and logged messages about one listing, by their fixed ids. */
    const requestsFor = async (serviceId: string) => {
      server.runtime.notifications.kick();
      await server.runtime.notifications.idle();
      const found = await queuedOrLogged(
        server.runtime.deps.db.models,
        idStartingWith(`listing-confirm:${serviceId}:`),
      );
      return found.map((d) => String(d._id)).sort();
    };

    it('asks about each stale listing once per period', async () => {
      const job = server.runtime.listingConfirmations;
      job.kick();
      await job.idle();
      const period = Math.floor(nowMs / (30 * 86_400_000));
      expect(await requestsFor(staleShelter.id)).toEqual([
        `listing-confirm:${staleShelter.id}:${period}:0`,
      ]);
      // Nobody to ask about this one: recorded for the period, nothing queued.
      expect(await requestsFor(staleRepair.id)).toEqual([]);
      const recorded = await server.runtime.deps.db.models.ListingConfirmationRequest.collection
        .find({ by: 'schedule' })
        .toArray();
      expect(recorded.map((r) => String(r._id)).sort()).toEqual(
        [`${staleShelter.id}:${period}`, `${staleRepair.id}:${period}`].sort(),
      );
      // Fresh listings are left alone (this one was only asked about by a network admin, twice).
      expect(await requestsFor(memberService.id)).toEqual([
        expect.stringMatching(/:manual:[0-9a-z]+:0$/),
        expect.stringMatching(/:manual:[0-9a-z]+:0$/),
      ]);

      expect(await runListingConfirmations(server.runtime.deps)).toBe(0);
      expect(await requestsFor(staleShelter.id)).toEqual([
        `listing-confirm:${staleShelter.id}:${period}:0`,
      ]);
    });

    it('asks again in the next period', async () => {
      nowMs += 30 * 86_400_000;
      expect(await runListingConfirmations(server.runtime.deps)).toBe(2);
      expect(await requestsFor(staleShelter.id)).toHaveLength(2);
      expect(await runListingConfirmations(server.runtime.deps)).toBe(0);
      expect(await requestsFor(staleShelter.id)).toHaveLength(2);
    });
  });
});
