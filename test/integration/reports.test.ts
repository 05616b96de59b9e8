import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/accounts/actor.ts';
import { createSession } from '../../server/domain/accounts/sessions.ts';
import type { User } from '../../server/domain/accounts/users.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { createReferral } from '../../server/domain/referrals/create-referral.ts';
import { transitionReferral } from '../../server/domain/referrals/transition-referral.ts';
import { signedInAs } from '../support/actors.ts';
import type { GraphQLResponse } from '../support/test-server.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  newKey,
} from './referral-fixture.ts';

const REPORT = /* GraphQL */ `
  query Report($input: ReferralReportInput!) {
    referralReport(input: $input) {
      organizationId
      totals { ...F }
      rejectionReasons { code count }
      byAgency { key label figures { ...F } }
      byNeed { key figures { sent closedLoop } }
      byMonth { key figures { sent closedLoop closedLoopRate } }
    }
  }
  fragment F on ReferralFigures {
    sent accepted rejected completed failed cancelled open closedLoop closedLoopRate
    medianHoursToAcceptance medianHoursToCompletion
  }
`;

const UNMET = /* GraphQL */ `
  query Unmet($input: ReportPeriodInput!) {
    unmetNeeds(input: $input) {
      total
      rows { category area count noResults noneEligible }
      byArea {
        area latitude longitude count noResults noneEligible categories { category count }
      }
    }
  }
`;

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) { totalCount pageInfo { endCursor } }
  }
`;

type Figures = Record<string, number | null>;
type Report = {
  referralReport: {
    organizationId: string | null;
    totals: Figures;
    rejectionReasons: Array<{ code: string; count: number }>;
    byAgency: Array<{ key: string; label: string | null; figures: Figures }>;
    byNeed: Array<{ key: string; figures: Figures }>;
    byMonth: Array<{ key: string; figures: Figures }>;
  };
};

const PERIOD = { from: '2025-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z' };

describe('referral reports and unmet needs', () => {
  let server: TestServer;
  let time = new Date('2025-01-10T10:00:00Z');
  const clock: Clock = { now: () => new Date(time.getTime()) };
  const at = (iso: string) => {
    time = new Date(iso);
  };
  let pantry: Agency;
  let shelter: Agency;
  let northside: Awaited<ReturnType<typeof buildCoordinating>>;
  let southside: Awaited<ReturnType<typeof buildCoordinating>>;

  function actorOf(user: User): Actor {
    return {
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
      sessionId: 'test',
      ip: null,
    };
  }

  /** A fresh session at the clock's current time (sessions expire as the test clock moves). */
  async function as(user: User | null) {
    const token = user
      ? (await createSession(server.runtime.deps, user, { ttlHours: 1, ip: null })).token
      : null;
    return async <T>(query: string, variables: Record<string, unknown>) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    };
  }

  async function send(
    coordinating: typeof northside,
    agency: Agency,
    needs: string[],
    sentAt: string,
  ) {
    at(sentAt);
    const { client, consent, actor } = await buildClientWithConsent(
      server,
      coordinating.coordinator,
      agency.organization.id,
    );
    return createReferral(server.runtime.deps, actor, {
      clientId: client.id,
      consentId: consent.id,
      serviceId: agency.service.id,
      needs,
      urgency: 'ROUTINE',
      idempotencyKey: newKey(),
      send: true,
    });
  }

  async function move(
    agency: Agency,
    referral: { id: string; version: number },
    when: string,
    input: Record<string, unknown>,
  ) {
    at(when);
    return transitionReferral(server.runtime.deps, actorOf(agency.staff.user), {
      referralId: referral.id,
      expectedVersion: referral.version,
      ...input,
    });
  }

  beforeAll(async () => {
    server = await startTestServer({ clock });
    pantry = await buildAgency(server, { name: 'Eastside Pantry', serviceName: 'Groceries' });
    shelter = await buildAgency(server, {
      name: 'Harbor Shelter',
      serviceName: 'Beds',
      categories: ['housing'],
    });
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
    northside = await buildCoordinating(server, 'Northside Center');
    southside = await buildCoordinating(server, 'Southside Center');

    // r1: accepted after 2 h, completed after 26 h.
    const r1 = await send(northside, pantry, ['food'], '2025-01-10T10:00:00Z');
    const r1a = await move(pantry, r1, '2025-01-10T12:00:00Z', { to: 'ACCEPTED' });
    const r1b = await move(pantry, r1a, '2025-01-10T13:00:00Z', { to: 'IN_PROGRESS' });
    await move(pantry, r1b, '2025-01-11T12:00:00Z', { to: 'COMPLETED', outcome: 'GOT_HELP' });
    // r2: declined, no capacity.
    const r2 = await send(northside, pantry, ['food'], '2025-01-20T09:00:00Z');
    await move(pantry, r2, '2025-01-20T10:00:00Z', { to: 'REJECTED', reasonCode: 'NO_CAPACITY' });
    // r3: accepted after 4 h, still under way.
    const r3 = await send(northside, shelter, ['housing'], '2025-02-05T10:00:00Z');
    await move(shelter, r3, '2025-02-05T14:00:00Z', { to: 'ACCEPTED' });
    // r4: declined, not eligible.
    const r4 = await send(northside, shelter, ['housing', 'food'], '2025-02-06T10:00:00Z');
    await move(shelter, r4, '2025-02-06T11:00:00Z', {
      to: 'REJECTED',
      reasonCode: 'NOT_ELIGIBLE',
    });
    // r5: another coordinating organization's, unanswered.
    await send(southside, pantry, ['food'], '2025-02-07T10:00:00Z');
    // Outside the period, and a draft that was never sent.
    await send(northside, pantry, ['food'], '2025-04-01T10:00:00Z');
    at('2025-02-08T10:00:00Z');
    const { client, consent, actor } = await buildClientWithConsent(
      server,
      northside.coordinator,
      pantry.organization.id,
    );
    await createReferral(server.runtime.deps, actor, {
      clientId: client.id,
      consentId: consent.id,
      serviceId: pantry.service.id,
      needs: ['food'],
      urgency: 'ROUTINE',
      idempotencyKey: newKey(),
    });
    at('2025-02-20T10:00:00Z');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives network admins the whole network: closed-loop rate, medians, reasons, groups', async () => {
    const admin = await signedInAs(server, 'network_admin');
    const res = await admin.gql<Report>(REPORT, { input: PERIOD });
    expect(res.errors).toBeUndefined();
    const report = res.data?.referralReport;
    expect(report?.organizationId).toBeNull();
    expect(report?.totals).toEqual({
      sent: 5,
      accepted: 2,
      rejected: 2,
      completed: 1,
      failed: 0,
      cancelled: 0,
      open: 2,
      closedLoop: 3,
      closedLoopRate: 0.6,
      medianHoursToAcceptance: 3,
      medianHoursToCompletion: 26,
    });
    expect(report?.rejectionReasons).toEqual([
      { code: 'NO_CAPACITY', count: 1 },
      { code: 'NOT_ELIGIBLE', count: 1 },
    ]);
    expect(
      report?.byAgency.map((g) => [g.label, g.figures.sent, g.figures.closedLoopRate]),
    ).toEqual([
      ['Eastside Pantry', 3, 0.6667],
      ['Harbor Shelter', 2, 0.5],
    ]);
    expect(report?.byNeed.map((g) => [g.key, g.figures.sent, g.figures.closedLoop])).toEqual([
      ['food', 4, 3],
      ['housing', 2, 1],
    ]);
    expect(report?.byMonth.map((g) => [g.key, g.figures.sent, g.figures.closedLoopRate])).toEqual([
      ['2025-01', 2, 1],
      ['2025-02', 3, 0.3333],
    ]);
    const one = await admin.gql<Report>(REPORT, {
      input: { ...PERIOD, organizationId: shelter.organization.id },
    });
    expect(one.data?.referralReport.totals.sent).toBe(2);
  });

  it("shows members only their own organization's referrals", async () => {
    const asNorthside = await as(northside.coordinator.user);
    const own = await asNorthside<Report>(REPORT, { input: PERIOD });
    expect(own.errors).toBeUndefined();
    expect(own.data?.referralReport.organizationId).toBe(northside.member.id);
    expect(own.data?.referralReport.totals.sent).toBe(4);
    const asPantry = await as(pantry.staff.user);
    const received = await asPantry<Report>(REPORT, { input: PERIOD });
    expect(received.data?.referralReport.totals).toMatchObject({ sent: 3, closedLoop: 2 });
    const asSouthside = await as(southside.coordinator.user);
    const theirs = await asSouthside<Report>(REPORT, {
      input: { ...PERIOD, organizationId: northside.member.id },
    });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(theirs.errors?.[0]?.message).toBe(
      "You can only see reports on your own organization's referrals.",
    );
    const anonymous = await (await as(null))<Report>(REPORT, { input: PERIOD });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
  });

  it('refuses a period that ends before it starts', async () => {
    const asNorthside = await as(northside.coordinator.user);
    const res = await asNorthside<Report>(REPORT, {
      input: { from: PERIOD.to, to: PERIOD.from },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.extensions?.issues).toEqual([
      { path: 'to', message: 'The end of the period must be after its start.' },
    ]);
  });

  it('logs searches that found nothing as unmet needs, without client facts', async () => {
    const anonymous = await as(null);
    const none = await anonymous<{ searchServices: { totalCount: number } }>(SEARCH, {
      input: {
        categories: ['legal'],
        postalCode: '80202',
        client: { age: 40, annualIncome: 12_000, householdSize: 2, postalCode: '80202' },
      },
    });
    expect(none.errors).toBeUndefined();
    expect(none.data?.searchServices.totalCount).toBe(0);
    const found = await anonymous<{ searchServices: { totalCount: number } }>(SEARCH, {
      input: { categories: ['food'] },
    });
    expect(found.data?.searchServices.totalCount).toBeGreaterThan(0);
    await anonymous(SEARCH, { input: { text: 'no such service anywhere', categories: ['legal'] } });
    await anonymous(SEARCH, {
      input: {
        text: 'no such service anywhere',
        categories: ['legal', 'employment'],
        postalCode: '80205',
      },
    });

    const admin = await signedInAs(server, 'network_admin');
    const res = await admin.gql<{
      unmetNeeds: {
        total: number;
        rows: Array<{ category: string; area: string | null; count: number }>;
        byArea: Array<{
          area: string | null;
          latitude: number | null;
          longitude: number | null;
          count: number;
          categories: Array<{ category: string; count: number }>;
        }>;
      };
    }>(UNMET, { input: PERIOD });
    expect(res.errors).toBeUndefined();
    const unmet = res.data?.unmetNeeds;
    expect(unmet?.total).toBe(3);
    expect(unmet?.rows).toEqual([
      { category: 'legal', area: '802', count: 2, noResults: 2, noneEligible: 0 },
      { category: 'employment', area: '802', count: 1, noResults: 1, noneEligible: 0 },
      { category: 'legal', area: null, count: 1, noResults: 1, noneEligible: 0 },
    ]);
    // By area, a search for two needs counts once; the area is placed at its ZIP codes' centre.
    expect(unmet?.byArea).toEqual([
      {
        area: '802',
        latitude: expect.closeTo(39.7, 0),
        longitude: expect.closeTo(-105, 0),
        count: 2,
        noResults: 2,
        noneEligible: 0,
        categories: [
          { category: 'legal', count: 2 },
          { category: 'employment', count: 1 },
        ],
      },
      {
        area: null,
        latitude: null,
        longitude: null,
        count: 1,
        noResults: 1,
        noneEligible: 0,
        categories: [{ category: 'legal', count: 1 }],
      },
    ]);
    const stored = await server.runtime.deps.db.models.UnmetNeed.collection.find({}).toArray();
    for (const doc of stored) {
      expect(Object.keys(doc).sort()).toEqual(['_id', 'area', 'at', 'categories', 'reason']);
    }
    const outside = await admin.gql<{ unmetNeeds: { total: number } }>(UNMET, {
      input: { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' },
    });
    expect(outside.data?.unmetNeeds.total).toBe(0);
  });

  it('shows unmet needs to network admins only', async () => {
    const anonymous = await (await as(null))(UNMET, { input: PERIOD });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    for (const user of [northside.coordinator.user, pantry.staff.user]) {
      const res = await (await as(user))(UNMET, { input: PERIOD });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    }
  });
});
