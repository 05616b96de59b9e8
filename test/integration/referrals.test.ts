import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeConsent } from '../../server/domain/clients/consent.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  CREATE,
  GET,
  newKey,
  type ReferralData,
  TRANSITION,
} from './referral-fixture.ts';

type Created = { createReferral: ReferralData };
type Moved = { transitionReferral: ReferralData };
type Got = { referral: ReferralData };

const CLIENT = /* GraphQL */ `
  query Client($id: ID!) {
    referral(id: $id) { id client { id name phone dateOfBirth postalCode } }
  }
`;
const MESSAGES = /* GraphQL */ `
  query Messages($id: ID!) {
    referral(id: $id) {
      messages { totalCount edges { node { body author { id name } } } }
    }
  }
`;
const POST = /* GraphQL */ `
  mutation Post($input: PostReferralMessageInput!) {
    postReferralMessage(input: $input) { id body author { id } }
  }
`;
const LIST = /* GraphQL */ `
  query List($filter: ReferralFilter, $first: Int, $after: String) {
    referrals(filter: $filter, first: $first, after: $after) {
      totalCount
      edges { cursor node { id status overdue } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const ALTERNATIVES = /* GraphQL */ `
  query Alternatives($id: ID!) {
    referral(id: $id) { id alternatives(first: 5) { distanceKm service { id name organization { id } } } }
  }
`;

describe('referrals over HTTP', () => {
  let server: TestServer;
  let pantry: Agency;
  let otherPantry: Agency;
  let shelter: Agency;
  let coordinator: TestActor;
  let coordinatingId: string;

  beforeAll(async () => {
    server = await startTestServer();
    pantry = await buildAgency(server, {
      name: 'Eastside Food Pantry',
      serviceName: 'Weekly Groceries',
    });
    otherPantry = await buildAgency(server, {
      name: 'Westside Food Bank',
      serviceName: 'Emergency Food Boxes',
    });
    shelter = await buildAgency(server, {
      name: 'Harbor Shelter',
      serviceName: 'Overnight Beds',
      categories: ['housing'],
    });
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
    const coordinating = await buildCoordinating(server);
    coordinator = coordinating.coordinator;
    coordinatingId = coordinating.member.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function makeReferral(
    options: { agency?: Agency; send?: boolean; note?: string; fields?: string[] } = {},
  ) {
    const agency = options.agency ?? pantry;
    const { client, consent } = await buildClientWithConsent(
      server,
      coordinator,
      agency.organization.id,
      { fields: options.fields },
    );
    const res = await coordinator.gql<Created>(CREATE, {
      input: {
        clientId: client.id,
        consentId: consent.id,
        serviceId: agency.service.id,
        serviceAtLocationId: agency.serviceAtLocationId,
        needs: ['food'],
        urgency: 'URGENT',
        note: options.note ?? 'Family of three, no car.',
        idempotencyKey: newKey(),
        send: options.send ?? true,
      },
    });
    expect(res.errors).toBeUndefined();
    const referral = res.data?.createReferral;
    if (!referral) throw new Error('no referral');
    return { referral, client, consent };
  }

  async function move(actor: TestActor, input: Record<string, unknown>) {
    return actor.gql<Moved>(TRANSITION, { input });
  }

  async function reload(actor: TestActor, id: string): Promise<ReferralData> {
    const res = await actor.gql<Got>(GET, { id });
    expect(res.errors).toBeUndefined();
    const referral = res.data?.referral;
    if (!referral) throw new Error('not visible');
    return referral;
  }

  function expectError(
    res: {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
    code: string,
    message?: string,
  ) {
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    if (message !== undefined) expect(res.errors?.[0]?.message).toBe(message);
  }

  it('runs the whole lifecycle from coordinator to agency', async () => {
    const { referral } = await makeReferral();
    expect(referral).toMatchObject({
      version: 1,
      status: 'SENT',
      urgency: 'URGENT',
      note: 'Family of three, no car.',
      receivedAt: null,
      needs: [{ code: 'food' }],
      service: { id: pantry.service.id, name: 'Weekly Groceries' },
      referringOrganization: { id: coordinatingId, name: 'Northside Family Center' },
      receivingOrganization: { id: pantry.organization.id, name: 'Eastside Food Pantry' },
    });
    expect(referral.sentAt).not.toBeNull();

    // The coordinator reading it does not mark it received; the agency's first read does.
    expect((await reload(coordinator, referral.id)).receivedAt).toBeNull();
    const opened = await reload(pantry.staff, referral.id);
    expect(opened.version).toBe(2);
    expect(opened.receivedAt).not.toBeNull();
    expect(opened.history.at(-1)).toMatchObject({ kind: 'RECEIVED', from: 'SENT', to: 'SENT' });
    expect((await reload(pantry.staff, referral.id)).version).toBe(2);

    // The agency accepts with the version it saw.
    const accepted = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 2,
      to: 'ACCEPTED',
      note: 'Call us Monday.',
    });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.transitionReferral).toMatchObject({ version: 3, status: 'ACCEPTED' });
    expect(accepted.data?.transitionReferral.respondedAt).not.toBeNull();

    const started = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 3,
      to: 'IN_PROGRESS',
    });
    expect(started.data?.transitionReferral.status).toBe('IN_PROGRESS');
    const done = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 4,
      to: 'COMPLETED',
      outcome: 'GOT_HELP',
    });
    expect(done.errors).toBeUndefined();
    const completed = done.data?.transitionReferral;
    expect(completed).toMatchObject({ version: 5, status: 'COMPLETED', outcome: 'GOT_HELP' });
    expect(completed?.closedAt).not.toBeNull();

    const final = await reload(coordinator, referral.id);
    expect(final.history.map((e) => [e.version, e.kind, e.from, e.to])).toEqual([
      [1, 'CREATED', null, 'SENT'],
      [2, 'RECEIVED', 'SENT', 'SENT'],
      [3, 'TRANSITION', 'SENT', 'ACCEPTED'],
      [4, 'TRANSITION', 'ACCEPTED', 'IN_PROGRESS'],
      [5, 'TRANSITION', 'IN_PROGRESS', 'COMPLETED'],
    ]);
    expect(final.history[2]?.note).toBe('Call us Monday.');
    expect(final.history[2]?.by.id).toBe(pantry.organization.id);
    // History is immutable: each entry reads the same from every later version.
    expect(final.history.slice(0, 3)).toEqual(
      opened.history.concat(accepted.data?.transitionReferral.history.slice(2) ?? []),
    );
    const times = final.history.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Completed is final.
    const again = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 5,
      to: 'FAILED',
      reasonCode: 'NO_CAPACITY',
    });
    expectError(
      again,
      'INVALID_INPUT',
      "A referral that is completed can't be closed as not helped.",
    );
  });

  it('holds and resumes to the state it was held from, and lets the coordinator cancel', async () => {
    const { referral } = await makeReferral();
    const held = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 1,
      to: 'ON_HOLD',
      reasonCode: 'COULD_NOT_CONTACT',
    });
    expect(held.data?.transitionReferral).toMatchObject({
      status: 'ON_HOLD',
      heldFrom: 'SENT',
      reason: { code: 'COULD_NOT_CONTACT', text: null },
    });
    const wrongResume = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 2,
      to: 'ACCEPTED',
    });
    expectError(
      wrongResume,
      'INVALID_INPUT',
      "A referral that is on hold can't be accepted. It can only be resumed to sent.",
    );
    const resumed = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 2,
      to: 'SENT',
    });
    expect(resumed.data?.transitionReferral).toMatchObject({
      status: 'SENT',
      heldFrom: null,
      reason: null,
    });

    const agencyCancel = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 3,
      to: 'CANCELLED',
      reasonCode: 'REFERRED_ELSEWHERE',
    });
    expectError(
      agencyCancel,
      'NOT_ALLOWED',
      "Only the referring organization's coordinators can mark this referral cancelled.",
    );
    const cancelled = await move(coordinator, {
      referralId: referral.id,
      expectedVersion: 3,
      to: 'CANCELLED',
      reasonCode: 'OTHER',
      reasonText: 'Client moved away.',
    });
    expect(cancelled.data?.transitionReferral).toMatchObject({
      status: 'CANCELLED',
      reason: { code: 'OTHER', text: 'Client moved away.' },
    });
  });

  it('threads messages both ways', async () => {
    const { referral } = await makeReferral();
    const fromCoordinator = await coordinator.gql(POST, {
      input: { referralId: referral.id, body: 'She can come after 3pm.' },
    });
    expect(fromCoordinator.errors).toBeUndefined();
    const fromAgency = await pantry.staff.gql(POST, {
      input: { referralId: referral.id, body: 'Thanks, we will call her.' },
    });
    expect(fromAgency.errors).toBeUndefined();
    for (const actor of [coordinator, pantry.staff]) {
      const res = await actor.gql<{
        referral: {
          messages: {
            totalCount: number;
            edges: Array<{ node: { body: string; author: { id: string } } }>;
          };
        };
      }>(MESSAGES, { id: referral.id });
      expect(res.errors).toBeUndefined();
      expect(res.data?.referral.messages.totalCount).toBe(2);
      expect(res.data?.referral.messages.edges.map((e) => [e.node.body, e.node.author.id])).toEqual(
        [
          ['She can come after 3pm.', coordinatingId],
          ['Thanks, we will call her.', pantry.organization.id],
        ],
      );
    }
    expectError(
      await coordinator.gql(POST, { input: { referralId: referral.id, body: 'x'.repeat(4001) } }),
      'INVALID_INPUT',
      'body: A message must be at most 4000 characters.',
    );
    expectError(
      await coordinator.gql(POST, { input: { referralId: referral.id, body: '   ' } }),
      'INVALID_INPUT',
      'body: Write a message first.',
    );
    expectError(
      await otherPantry.staff.gql(POST, { input: { referralId: referral.id, body: 'Hello?' } }),
      'NOT_FOUND',
      `No referral has the id "${referral.id}".`,
    );
  });

  it('offers alternatives when the agency rejects, never from the rejecting agency', async () => {
    const { referral } = await makeReferral();
    const missing = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 1,
      to: 'REJECTED',
    });
    expectError(
      missing,
      'INVALID_INPUT',
      'reasonCode: Give a reason code when a referral is rejected.',
    );
    const rejected = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: 1,
      to: 'REJECTED',
      reasonCode: 'NO_CAPACITY',
      reasonText: 'Full until next month.',
    });
    expect(rejected.data?.transitionReferral).toMatchObject({
      status: 'REJECTED',
      reason: { code: 'NO_CAPACITY', text: 'Full until next month.' },
    });
    const res = await coordinator.gql<{
      referral: {
        alternatives: Array<{
          distanceKm: number | null;
          service: { id: string; name: string; organization: { id: string } };
        }>;
      };
    }>(ALTERNATIVES, { id: referral.id });
    expect(res.errors).toBeUndefined();
    const names = res.data?.referral.alternatives.map((a) => a.service.name);
    expect(names).toEqual(['Emergency Food Boxes']);
    expect(res.data?.referral.alternatives[0]?.distanceKm).toBeLessThan(5);

    const forAgency = await pantry.staff.gql(ALTERNATIVES, { id: referral.id });
    expectError(forAgency, 'NOT_ALLOWED');
  });

  it('has no alternatives for a referral that was not turned down', async () => {
    const { referral } = await makeReferral();
    const res = await coordinator.gql<{ referral: { alternatives: unknown[] } }>(ALTERNATIVES, {
      id: referral.id,
    });
    expect(res.data?.referral.alternatives).toEqual([]);
    expect(shelter.service.name).toBe('Overnight Beds');
  });

  it('shows the agency only consented client fields, and nothing after revoke', async () => {
    const { referral, consent } = await makeReferral({ fields: ['name', 'phone'] });
    const asCoordinator = await coordinator.gql<{ referral: { client: Record<string, unknown> } }>(
      CLIENT,
      { id: referral.id },
    );
    expect(asCoordinator.data?.referral.client).toMatchObject({
      name: 'Maria Lopez',
      dateOfBirth: '1980-04-23',
      postalCode: '80202',
    });
    const asAgency = await pantry.staff.gql<{
      referral: { client: Record<string, unknown> | null };
    }>(CLIENT, { id: referral.id });
    expect(asAgency.errors).toBeUndefined();
    expect(asAgency.data?.referral.client).toMatchObject({
      name: 'Maria Lopez',
      phone: '+13035550100',
      dateOfBirth: null,
      postalCode: null,
    });
    const actor = {
      userId: coordinator.user.id,
      organizationId: coordinator.user.organizationId,
      role: coordinator.user.role,
      sessionId: 'test',
      ip: null,
    };
    await revokeConsent(server.runtime.deps, actor, consent.id);
    const afterRevoke = await pantry.staff.gql<{ referral: { client: unknown } }>(CLIENT, {
      id: referral.id,
    });
    expect(afterRevoke.errors).toBeUndefined();
    expect(afterRevoke.data?.referral.client).toBeNull();
  });

  it('lists each side its own referrals, overdue first', async () => {
    const { referral: draft } = await makeReferral({ send: false });
    const listed = await coordinator.gql<{
      referrals: { totalCount: number; edges: Array<{ node: { id: string; status: string } }> };
    }>(LIST, { first: 100 });
    expect(listed.errors).toBeUndefined();
    const mine = listed.data?.referrals.edges.map((e) => e.node.id) ?? [];
    expect(mine).toContain(draft.id);
    expect(listed.data?.referrals.totalCount).toBe(mine.length);

    const inbox = await pantry.staff.gql<{
      referrals: { edges: Array<{ node: { id: string; status: string } }> };
    }>(LIST, { first: 100 });
    const inboxIds = inbox.data?.referrals.edges.map((e) => e.node.id) ?? [];
    // A draft has not been sent: the agency does not see it.
    expect(inboxIds).not.toContain(draft.id);
    expect(inboxIds.length).toBeGreaterThan(0);
    const others = await otherPantry.staff.gql<{ referrals: { totalCount: number } }>(LIST, {});
    expect(others.data?.referrals.totalCount).toBe(0);

    const drafts = await coordinator.gql<{
      referrals: { edges: Array<{ node: { status: string } }> };
    }>(LIST, { filter: { status: 'DRAFT' } });
    expect(drafts.data?.referrals.edges.every((e) => e.node.status === 'DRAFT')).toBe(true);

    const page1 = await coordinator.gql<{
      referrals: {
        edges: Array<{ node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(LIST, { first: 2 });
    expect(page1.data?.referrals.pageInfo.hasNextPage).toBe(true);
    const page2 = await coordinator.gql<{ referrals: { edges: Array<{ node: { id: string } }> } }>(
      LIST,
      {
        first: 2,
        after: page1.data?.referrals.pageInfo.endCursor,
      },
    );
    const ids = [
      ...(page1.data?.referrals.edges ?? []),
      ...(page2.data?.referrals.edges ?? []),
    ].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(4);
    expectError(await coordinator.gql(LIST, { after: 'nonsense' }), 'INVALID_INPUT');
    expectError(
      await coordinator.gql(LIST, { first: 101 }),
      'INVALID_INPUT',
      'first: Ask for between 1 and 100 referrals.',
    );
  });

  it('marks sent referrals overdue after the response time and sorts them first', async () => {
    const late = await startTestServer({ env: { REFERRAL_RESPONSE_HOURS: '1' } });
    try {
      const agency = await buildAgency(late, { name: 'Slow Pantry' });
      const { coordinator: c } = await buildCoordinating(late);
      const { client, consent } = await buildClientWithConsent(late, c, agency.organization.id);
      const create = (send: boolean) =>
        c.gql<Created>(CREATE, {
          input: {
            clientId: client.id,
            consentId: consent.id,
            serviceId: agency.service.id,
            needs: ['food'],
            urgency: 'ROUTINE',
            idempotencyKey: newKey(),
            send,
          },
        });
      const sent = (await create(true)).data?.createReferral;
      await create(false);
      // Age the sent referral by two hours: rewrite its stored send time.
      const deps = late.runtime.deps;
      const head = await deps.db.models.Referral.collection.findOne({ _id: sent?.id as never });
      await deps.db.models.Referral.collection.replaceOne(
        { _id: sent?.id as never },
        {
          ...head,
          sentAt: new Date(Date.now() - 2 * 3_600_000),
          createdAt: new Date(Date.now() - 2 * 3_600_000),
        },
      );
      const list = await c.gql<{
        referrals: { edges: Array<{ node: { id: string; overdue: boolean } }> };
      }>(LIST, {});
      expect(list.data?.referrals.edges.map((e) => e.node.overdue)).toEqual([true, false]);
      expect(list.data?.referrals.edges[0]?.node.id).toBe(sent?.id);
      const overdue = await agency.staff.gql<{ referrals: { totalCount: number } }>(LIST, {
        filter: { overdueOnly: true },
      });
      expect(overdue.data?.referrals.totalCount).toBe(1);
    } finally {
      await late.close();
    }
  });

  describe('refuses what each caller may not do', () => {
    let referralId: string;
    let stranger: TestActor;
    let admin: TestActor;
    beforeAll(async () => {
      referralId = (await makeReferral()).referral.id;
      stranger = await signedInAs(server, 'coordinator');
      admin = await signedInAs(server, 'network_admin');
    });

    const operations = () =>
      [
        ['referral', GET, { id: referralId }],
        ['referrals', LIST, {}],
        ['messages', MESSAGES, { id: referralId }],
        ['post', POST, { input: { referralId, body: 'hi' } }],
        ['transition', TRANSITION, { input: { referralId, expectedVersion: 1, to: 'ACCEPTED' } }],
        [
          'create',
          CREATE,
          {
            input: {
              clientId: 'c',
              consentId: 'c',
              serviceId: 's',
              needs: ['food'],
              urgency: 'ROUTINE',
              idempotencyKey: newKey(),
            },
          },
        ],
      ] as const;

    it('refuses anonymous callers everything', async () => {
      for (const [, query, variables] of operations()) {
        const res = await server.gql(query, variables);
        expectError(res, 'NOT_SIGNED_IN', 'Please sign in to continue.');
      }
    });

    it('hides another organization’s referral as not found', async () => {
      for (const actor of [stranger, otherPantry.staff, admin]) {
        for (const [name, query, variables] of operations()) {
          if (name === 'referrals' || name === 'create') continue;
          const res = await actor.gql(query, variables);
          expectError(res, 'NOT_FOUND', `No referral has the id "${referralId}".`);
        }
      }
      const list = await stranger.gql<{ referrals: { totalCount: number } }>(LIST, {});
      expect(list.data?.referrals.totalCount).toBe(0);
    });

    it('lets only coordinators create, and only the right side move', async () => {
      const [, , createVariables] = operations()[5];
      expectError(
        await pantry.staff.gql(CREATE, createVariables),
        'NOT_ALLOWED',
        'You do not have access to this.',
      );
      expectError(
        await admin.gql(CREATE, createVariables),
        'NOT_ALLOWED',
        'You do not have access to this.',
      );
      expectError(
        await coordinator.gql(TRANSITION, {
          input: { referralId, expectedVersion: 1, to: 'ACCEPTED' },
        }),
        'NOT_ALLOWED',
        'Only staff of the receiving agency can mark this referral accepted.',
      );
      // A coordinator of the receiving agency's own organization is not its staff either.
      const agencyCoordinator = await signedInAs(server, 'coordinator', {
        organizationId: pantry.organization.id,
      });
      expectError(
        await agencyCoordinator.gql(TRANSITION, {
          input: { referralId, expectedVersion: 1, to: 'ACCEPTED' },
        }),
        'NOT_ALLOWED',
      );
      expect((await reload(coordinator, referralId)).version).toBe(1);
    });
  });

  describe('bad input changes nothing', () => {
    let referral: ReferralData;
    beforeAll(async () => {
      referral = (await makeReferral()).referral;
    });

    it.each([
      [
        'an unknown referral',
        { referralId: 'nope', expectedVersion: 1, to: 'ACCEPTED' },
        'NOT_FOUND',
        'No referral has the id "nope".',
      ],
      [
        'an illegal move',
        { expectedVersion: 1, to: 'COMPLETED', outcome: 'GOT_HELP' },
        'INVALID_INPUT',
        "A referral that is sent can't be completed.",
      ],
      [
        'a missing reason',
        { expectedVersion: 1, to: 'REJECTED' },
        'INVALID_INPUT',
        'reasonCode: Give a reason code when a referral is rejected.',
      ],
      [
        'OTHER without text',
        { expectedVersion: 1, to: 'REJECTED', reasonCode: 'OTHER' },
        'INVALID_INPUT',
        'reasonText: Describe the reason when the code is OTHER.',
      ],
      [
        'a note over 2000 characters',
        { expectedVersion: 1, to: 'ACCEPTED', note: 'x'.repeat(2001) },
        'INVALID_INPUT',
        'note: The note must be at most 2000 characters.',
      ],
      [
        'a version from the future',
        { expectedVersion: 7, to: 'ACCEPTED' },
        'CONFLICT',
        'This referral is sent and has changed since you loaded it. Reload it and try again.',
      ],
      [
        'a version below 1',
        { expectedVersion: 0, to: 'ACCEPTED' },
        'INVALID_INPUT',
        'expectedVersion: The expected version must be a whole number from 1.',
      ],
    ])('refuses %s', async (_name, input, code, message) => {
      const before = await server.runtime.deps.db.models.Referral.collection.findOne({
        _id: referral.id as never,
      });
      const res = await move(pantry.staff, { referralId: referral.id, ...input });
      expectError(res, code, message);
      const after = await server.runtime.deps.db.models.Referral.collection.findOne({
        _id: referral.id as never,
      });
      expect(after).toEqual(before);
      const versions =
        await server.runtime.deps.db.models.ReferralVersion.collection.countDocuments({
          referralId: referral.id,
        });
      expect(versions).toBe(1);
    });

    it('names who changed it first when the version is stale', async () => {
      const fresh = (await makeReferral()).referral;
      const ok = await move(pantry.staff, {
        referralId: fresh.id,
        expectedVersion: 1,
        to: 'ACCEPTED',
      });
      expect(ok.errors).toBeUndefined();
      const at = ok.data?.transitionReferral.history.at(-1)?.at ?? '';
      const d = new Date(at);
      const when = `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} at ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
      const stale = await move(coordinator, {
        referralId: fresh.id,
        expectedVersion: 1,
        to: 'CANCELLED',
        reasonCode: 'CLIENT_DECLINED',
      });
      expectError(
        stale,
        'CONFLICT',
        `This referral was already accepted by Eastside Food Pantry on ${when}.`,
      );
      expect((await reload(coordinator, fresh.id)).status).toBe('ACCEPTED');
    });

    it('lets a move through when only a "received" record happened since', async () => {
      const fresh = (await makeReferral()).referral;
      await reload(pantry.staff, fresh.id);
      const cancelled = await move(coordinator, {
        referralId: fresh.id,
        expectedVersion: 1,
        to: 'CANCELLED',
        reasonCode: 'CLIENT_DECLINED',
      });
      expect(cancelled.errors).toBeUndefined();
      expect(cancelled.data?.transitionReferral).toMatchObject({ version: 3, status: 'CANCELLED' });
    });

    it.each([
      [
        'an unknown service',
        { serviceId: 'missing-service' },
        'NOT_FOUND',
        'No service has the id "missing-service".',
      ],
      [
        'an unknown client',
        { clientId: 'missing-client' },
        'NOT_FOUND',
        'No client has the id "missing-client".',
      ],
      ['an unknown need', { needs: ['flying'] }, 'INVALID_INPUT', undefined],
      ['no needs', { needs: [] }, 'INVALID_INPUT', 'needs: Name at least one need.'],
      [
        'a long note',
        { note: 'x'.repeat(2001) },
        'INVALID_INPUT',
        'note: The note must be at most 2000 characters.',
      ],
      ['a short idempotency key', { idempotencyKey: 'short' }, 'INVALID_INPUT', undefined],
      [
        "another service's site",
        { serviceAtLocationId: 'elsewhere' },
        'INVALID_INPUT',
        'serviceAtLocationId: This site does not offer the chosen service. Pick one of its own sites.',
      ],
    ] as const)('refuses a create with %s', async (_name, override, code, message) => {
      const { client, consent } = await buildClientWithConsent(
        server,
        coordinator,
        pantry.organization.id,
      );
      const res = await coordinator.gql<Created>(CREATE, {
        input: {
          clientId: client.id,
          consentId: consent.id,
          serviceId: pantry.service.id,
          needs: ['food'],
          urgency: 'ROUTINE',
          idempotencyKey: newKey(),
          send: true,
          ...override,
        },
      });
      expectError(res, code, message);
    });
  });

  describe('needs an active consent to send', () => {
    it('refuses a missing, mismatched, revoked or expired consent', async () => {
      const deps = server.runtime.deps;
      const { client, consent, actor } = await buildClientWithConsent(
        server,
        coordinator,
        pantry.organization.id,
      );
      const send = (input: Record<string, unknown>) =>
        coordinator.gql<Created>(CREATE, {
          input: {
            clientId: client.id,
            consentId: consent.id,
            serviceId: pantry.service.id,
            needs: ['food'],
            urgency: 'ROUTINE',
            idempotencyKey: newKey(),
            send: true,
            ...input,
          },
        });
      expectError(
        await send({ consentId: 'no-such-consent' }),
        'CONSENT_MISSING',
        'No consent is recorded for sharing this client’s details. Record the client’s consent first.',
      );
      expectError(
        await send({ serviceId: otherPantry.service.id }),
        'CONSENT_MISSING',
        'This consent does not cover this agency. Record the client’s consent to share with it.',
      );

      // A draft may be saved, but not sent once the consent is revoked.
      const draft = (await send({ send: false })).data?.createReferral;
      expect(draft?.status).toBe('DRAFT');
      await revokeConsent(deps, actor, consent.id);
      const revoked = await send({});
      expectError(revoked, 'CONSENT_MISSING');
      expect(revoked.errors?.[0]?.message).toMatch(/^This consent was revoked on /);
      const sendDraft = await move(coordinator, {
        referralId: draft?.id,
        expectedVersion: 1,
        to: 'SENT',
      });
      expectError(sendDraft, 'CONSENT_MISSING');
      expect((await reload(coordinator, draft?.id ?? '')).status).toBe('DRAFT');

      // An expired consent.
      const expiring = await buildClientWithConsent(server, coordinator, pantry.organization.id, {
        expiresAt: new Date(Date.now() + 1500),
      });
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const expired = await coordinator.gql(CREATE, {
        input: {
          clientId: expiring.client.id,
          consentId: expiring.consent.id,
          serviceId: pantry.service.id,
          needs: ['food'],
          urgency: 'ROUTINE',
          idempotencyKey: newKey(),
          send: true,
        },
      });
      expectError(expired, 'CONSENT_MISSING');
      expect(expired.errors?.[0]?.message).toMatch(/^This consent expired on /);
    });

    it('sends a draft once the consent allows it', async () => {
      const { referral } = await makeReferral({ send: false });
      expect(referral.sentAt).toBeNull();
      const sent = await move(coordinator, {
        referralId: referral.id,
        expectedVersion: 1,
        to: 'SENT',
      });
      expect(sent.errors).toBeUndefined();
      expect(sent.data?.transitionReferral.status).toBe('SENT');
      expect(sent.data?.transitionReferral.sentAt).not.toBeNull();
    });
  });
});
