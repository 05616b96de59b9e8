import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  CREATE,
  newKey,
} from './referral-fixture.ts';

const LIST = /* GraphQL */ `
  query List($filter: ReferralFilter) {
    referrals(first: 50, filter: $filter) {
      edges { node { id status urgency overdue sentAt respondBy } }
    }
  }
`;

type Row = {
  id: string;
  status: string;
  urgency: string;
  overdue: boolean;
  sentAt: string | null;
  respondBy: string | null;
};

describe('the referral board: when each answer is due, overdue and urgent first', () => {
  let server: TestServer;
  let agency: Agency;
  let coordinator: TestActor;
  let ids: { clientId: string; consentId: string };

  const create = async (urgency: string, send: boolean) => {
    const res = await coordinator.gql<{ createReferral: { id: string } }>(CREATE, {
      input: {
        ...ids,
        serviceId: agency.service.id,
        needs: ['food'],
        urgency,
        send,
        idempotencyKey: newKey(),
      },
    });
    expect(res.errors).toBeUndefined();
    return res.data?.createReferral.id ?? '';
  };

  beforeAll(async () => {
    server = await startTestServer({ env: { REFERRAL_RESPONSE_HOURS: '24' } });
    agency = await buildAgency(server, { name: 'Board Pantry' });
    coordinator = (await buildCoordinating(server)).coordinator;
    const { client, consent } = await buildClientWithConsent(
      server,
      coordinator,
      agency.organization.id,
    );
    ids = { clientId: client.id, consentId: consent.id };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives each sent referral its respond-by time and puts overdue, then urgent, first', async () => {
    const late = await create('ROUTINE', true);
    const draft = await create('URGENT', false);
    const routine = await create('ROUTINE', true);
    const emergency = await create('EMERGENCY', true);
    // The first was sent two days ago: rewrite its stored times.
    const { Referral } = server.runtime.deps.db.models;
    const head = await Referral.collection.findOne({ _id: late as never });
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    await Referral.collection.replaceOne(
      { _id: late as never },
      { ...head, sentAt: twoDaysAgo, createdAt: twoDaysAgo },
    );

    const res = await coordinator.gql<{ referrals: { edges: Array<{ node: Row }> } }>(LIST, {});
    expect(res.errors).toBeUndefined();
    const rows = res.data?.referrals.edges.map((e) => e.node) ?? [];
    expect(rows.map((r) => [r.id, r.urgency, r.overdue])).toEqual([
      [late, 'ROUTINE', true],
      [emergency, 'EMERGENCY', false],
      [draft, 'URGENT', false],
      [routine, 'ROUTINE', false],
    ]);
    for (const row of rows) {
      if (row.status !== 'SENT' || !row.sentAt) {
        expect(row.respondBy).toBeNull();
        continue;
      }
      expect(new Date(row.respondBy ?? 0).getTime() - new Date(row.sentAt).getTime()).toBe(
        24 * 3_600_000,
      );
    }
    expect(rows.find((r) => r.id === late)?.respondBy).toBe(
      new Date(twoDaysAgo.getTime() + 24 * 3_600_000).toISOString(),
    );
  });
});
