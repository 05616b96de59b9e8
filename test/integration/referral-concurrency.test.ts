import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findReferralHeads,
  flushReferralHeads,
  forgetRememberedReferrals,
  loadReferral,
  versionId,
  writeHead,
} from '../../server/domain/referrals/store.ts';
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

describe('referrals under concurrency', () => {
  let server: TestServer;
  let agency: Agency;
  let coordinator: TestActor;
  let staff: TestActor[];

  beforeAll(async () => {
    server = await startTestServer();
    agency = await buildAgency(server, { name: 'Eastside Food Pantry' });
    coordinator = (await buildCoordinating(server)).coordinator;
    staff = [agency.staff];
    for (let i = 0; i < 4; i++) {
      staff.push(
        await signedInAs(server, 'agency_staff', { organizationId: agency.organization.id }),
      );
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  async function createInput() {
    const { client, consent } = await buildClientWithConsent(
      server,
      coordinator,
      agency.organization.id,
    );
    return {
      clientId: client.id,
      consentId: consent.id,
      serviceId: agency.service.id,
      needs: ['food'],
      urgency: 'ROUTINE',
      idempotencyKey: newKey(),
      send: true,
    };
  }

  async function create(): Promise<ReferralData> {
    const res = await coordinator.gql<Created>(CREATE, { input: await createInput() });
    expect(res.errors).toBeUndefined();
    if (!res.data) throw new Error('not created');
    return res.data.createReferral;
  }

  /**
   * The stored chain: versions 1..n present with no gaps, head at n (once the heads queued for a
   * refresh are written), history matching them.
   */
  async function expectConsistentChain(id: string): Promise<number> {
    const models = server.runtime.deps.db.models;
    await flushReferralHeads(server.runtime.deps);
    const versions = await models.ReferralVersion.collection
      .find({ referralId: id })
      .sort({ version: 1 })
      .toArray();
    const numbers = versions.map((v) => Number(v.version));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(versions.map((v) => String(v._id))).toEqual(numbers.map((n) => versionId(id, n)));
    const head = await models.Referral.collection.findOne({ _id: id as never });
    expect(head?.version).toBe(numbers.length);
    expect(head?.status).toBe(versions.at(-1)?.state.status);
    const history = head?.history as Array<{ version: number; to: string }>;
    expect(history.map((e) => e.version)).toEqual(numbers);
    expect(history.map((e) => e.to)).toEqual(versions.map((v) => v.event.to));
    return numbers.length;
  }

  it('lets exactly one of 50 concurrent moves win; the others get a conflict naming it', async () => {
    const referral = await create();
    const attempts = Array.from({ length: 50 }, (_, i) => {
      const actor = staff[i % staff.length] as TestActor;
      const input =
        i % 2 === 0
          ? { referralId: referral.id, expectedVersion: 1, to: 'ACCEPTED' }
          : {
              referralId: referral.id,
              expectedVersion: 1,
              to: 'REJECTED',
              reasonCode: 'NO_CAPACITY',
            };
      return actor.gql<Moved>(TRANSITION, { input });
    });
    const results = await Promise.all(attempts);
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const won = winners[0]?.data?.transitionReferral;
    expect(won?.version).toBe(2);
    const verb = won?.status === 'ACCEPTED' ? 'accepted' : 'rejected';
    for (const loser of losers) {
      expect(loser.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(loser.errors?.[0]?.message).toMatch(
        new RegExp(
          `^This referral was already ${verb} by Eastside Food Pantry on \\d{1,2} \\w+ at \\d\\d:\\d\\d UTC\\.$`,
        ),
      );
    }
    expect(await expectConsistentChain(referral.id)).toBe(2);
  });

  it('keeps the chain whole through a run of concurrent moves, each from the version it saw', async () => {
    const referral = await create();
    const path = [
      { to: 'ACCEPTED' },
      { to: 'ON_HOLD', reasonCode: 'COULD_NOT_CONTACT' },
      { to: 'ACCEPTED' },
      { to: 'IN_PROGRESS' },
      { to: 'COMPLETED', outcome: 'PARTIALLY' },
    ];
    let version = 1;
    for (const step of path) {
      const results = await Promise.all(
        staff.map((actor) =>
          actor.gql<Moved>(TRANSITION, {
            input: { referralId: referral.id, expectedVersion: version, ...step },
          }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      version += 1;
    }
    expect(await expectConsistentChain(referral.id)).toBe(6);
  });

  it('repairs a head left behind by a crash between the version insert and the head write', async () => {
    const referral = await create();
    const models = server.runtime.deps.db.models;
    const v1 = await models.ReferralVersion.collection.findOne({
      _id: versionId(referral.id, 1) as never,
    });
    const at = new Date();
    const state = {
      ...v1?.state,
      version: 2,
      status: 'ACCEPTED',
      respondedAt: at,
      updatedAt: at,
    };
    const event = {
      version: 2,
      kind: 'TRANSITION',
      at,
      actorUserId: agency.staff.user.id,
      actorOrganizationId: agency.organization.id,
      from: 'SENT',
      to: 'ACCEPTED',
      reason: null,
      outcome: null,
      note: null,
    };
    // The version is written, the head is not: as if the process died between the two.
    await models.ReferralVersion.collection.insertOne({
      _id: versionId(referral.id, 2) as never,
      referralId: referral.id,
      version: 2,
      event,
      state,
    });
    const before = await models.Referral.collection.findOne({ _id: referral.id as never });
    expect(before?.version).toBe(1);

    const read = await coordinator.gql<{ referral: ReferralData }>(GET, { id: referral.id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.referral).toMatchObject({ version: 2, status: 'ACCEPTED' });
    expect(read.data?.referral.history.map((e) => e.to)).toEqual(['SENT', 'ACCEPTED']);
    expect(await expectConsistentChain(referral.id)).toBe(2);

    // A move based on the stale head's version is a conflict, not a lost update.
    const stale = await agency.staff.gql<Moved>(TRANSITION, {
      input: {
        referralId: referral.id,
        expectedVersion: 1,
        to: 'REJECTED',
        reasonCode: 'OTHER',
        reasonText: 'x',
      },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('rebuilds a referral whose head was never written', async () => {
    const referral = await create();
    const models = server.runtime.deps.db.models;
    await models.Referral.collection.deleteOne({ _id: referral.id as never });
    // A head goes missing only when a process stops between two writes: it starts afresh.
    forgetRememberedReferrals(server.runtime.deps.db);
    const read = await coordinator.gql<{ referral: ReferralData }>(GET, { id: referral.id });
    expect(read.data?.referral).toMatchObject({ id: referral.id, version: 1, status: 'SENT' });
    expect(await expectConsistentChain(referral.id)).toBe(1);

    // Several writers repairing the same missing head at once all succeed: an upsert is a find
    // and then an insert, so all but one of them meet a duplicate key and must replace instead.
    const loaded = await loadReferral(server.runtime.deps, referral.id);
    if (!loaded) throw new Error('referral not loaded');
    for (let round = 0; round < 5; round++) {
      await models.Referral.collection.deleteOne({ _id: referral.id as never });
      await Promise.all(Array.from({ length: 8 }, () => writeHead(server.runtime.deps, loaded)));
      expect(await models.Referral.collection.countDocuments({ _id: referral.id as never })).toBe(
        1,
      );
    }
  });

  it('returns the same referral for a retried create, sequential or concurrent', async () => {
    const models = server.runtime.deps.db.models;
    const input = await createInput();
    const first = await coordinator.gql<Created>(CREATE, { input });
    const second = await coordinator.gql<Created>(CREATE, { input });
    expect(first.errors).toBeUndefined();
    expect(second.data?.createReferral.id).toBe(first.data?.createReferral.id);

    const concurrentInput = await createInput();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        coordinator.gql<Created>(CREATE, { input: concurrentInput }),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ids = new Set(results.map((r) => r.data?.createReferral.id));
    expect(ids.size).toBe(1);
    for (const key of [input.idempotencyKey, concurrentInput.idempotencyKey]) {
      expect(await models.Referral.collection.countDocuments({ idempotencyKey: key })).toBe(1);
      expect(
        await models.ReferralVersion.collection.countDocuments({ 'state.idempotencyKey': key }),
      ).toBe(1);
    }

    const reused = await coordinator.gql<Created>(CREATE, {
      input: { ...input, urgency: 'EMERGENCY' },
    });
    expect(reused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(reused.errors?.[0]?.message).toBe(
      'This idempotency key was already used for a different referral. Use a new key for a new referral.',
    );
  });

  it('answers a retry with the referral already made, even after its consent was withdrawn', async () => {
    const input = await createInput();
    const first = await coordinator.gql<Created>(CREATE, { input });
    expect(first.errors).toBeUndefined();
    const id = first.data?.createReferral.id ?? '';
    // A UUID (version 8) that follows from the organization and the key, not a random one.
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const revoked = await coordinator.gql(
      'mutation Revoke($id: ID!) { revokeConsent(id: $id) { id } }',
      { id: input.consentId },
    );
    expect(revoked.errors).toBeUndefined();

    const retry = await coordinator.gql<Created>(CREATE, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.createReferral).toMatchObject({ id, version: 1, status: 'SENT' });
    // A new key is a new referral, which the withdrawn consent now stops.
    const fresh = await coordinator.gql<Created>(CREATE, {
      input: { ...input, idempotencyKey: newKey() },
    });
    expect(fresh.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING');
    // The same key from another organization is another referral altogether.
    const other = (await buildCoordinating(server)).coordinator;
    const theirs = await buildClientWithConsent(server, other, agency.organization.id);
    const made = await other.gql<Created>(CREATE, {
      input: {
        ...input,
        clientId: theirs.client.id,
        consentId: theirs.consent.id,
      },
    });
    expect(made.errors).toBeUndefined();
    expect(made.data?.createReferral.id).not.toBe(id);
  });

  it('shows scans in this process a change whose head is not written yet', async () => {
    const referral = await create();
    const moved = await agency.staff.gql<Moved>(TRANSITION, {
      input: { referralId: referral.id, expectedVersion: 1, to: 'ACCEPTED' },
    });
    expect(moved.errors).toBeUndefined();
    const deps = server.runtime.deps;
    const models = deps.db.models;
    await flushReferralHeads(deps);
    // Put the head back at version 1, as it stands until its queued refresh is written.
    const v1 = await models.ReferralVersion.collection.findOne({
      _id: versionId(referral.id, 1) as never,
    });
    await models.Referral.collection.replaceOne(
      { _id: referral.id as never },
      { ...v1?.state, history: [v1?.event] },
    );
    const [seen] = await findReferralHeads(deps, { _id: referral.id });
    expect(seen).toMatchObject({ _id: referral.id, version: 2, status: 'ACCEPTED' });
    const accepted = await agency.staff.gql<{
      referrals: { edges: Array<{ node: ReferralData }> };
    }>(
      'query L($filter: ReferralFilter) { referrals(filter: $filter, first: 100) { edges { node { id version status } } } }',
      { filter: { status: 'ACCEPTED' } },
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.referrals.edges.map((e) => e.node.id)).toContain(referral.id);

    // Another process sees the stored head until then, and any read of it rolls forward.
    forgetRememberedReferrals(deps.db);
    const [stored] = await findReferralHeads(deps, { _id: referral.id });
    expect(stored).toMatchObject({ version: 1, status: 'SENT' });
    const read = await coordinator.gql<{ referral: ReferralData }>(GET, { id: referral.id });
    expect(read.data?.referral).toMatchObject({ version: 2, status: 'ACCEPTED' });
    expect(await expectConsistentChain(referral.id)).toBe(2);
  });

  it('finishes a create that claimed its key but stopped before writing', async () => {
    const models = server.runtime.deps.db.models;
    const input = await createInput();
    const first = await coordinator.gql<Created>(CREATE, { input });
    const id = first.data?.createReferral.id ?? '';
    // As if the first request died right after claiming the key.
    await models.Referral.collection.deleteOne({ _id: id as never });
    await models.ReferralVersion.collection.deleteOne({ _id: versionId(id, 1) as never });
    forgetRememberedReferrals(server.runtime.deps.db);
    const retry = await coordinator.gql<Created>(CREATE, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.createReferral).toMatchObject({ id, version: 1, status: 'SENT' });
    expect(await expectConsistentChain(id)).toBe(1);
  });
});
