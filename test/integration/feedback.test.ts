import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../server/domain/clients/clients.ts';
import { recordConsent } from '../../server/domain/clients/consent.ts';
import type { Clock } from '../../server/domain/clock.ts';
import {
  feedbackTimelineEntries,
  runFeedbackSurveys,
} from '../../server/domain/feedback/surveys.ts';
import type { TestActor } from '../support/actors.ts';
import { idStartingWith, queuedOrLogged } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildCoordinating,
  CREATE,
  newKey,
  type ReferralData,
  TRANSITION,
} from './referral-fixture.ts';

let now = new Date('2026-12-09T16:00:00Z').getTime();
const clock: Clock = { now: () => new Date(now) };

const SURVEY = /* GraphQL */ `
  query Survey($token: String!) { feedbackSurvey(token: $token) { serviceName agencyName language expiresAt } }
`;
const SUBMIT = /* GraphQL */ `
  mutation Submit($token: String!, $input: SubmitFeedbackInput!) {
    submitFeedback(token: $token, input: $input) { needMet rating }
  }
`;
const ASK = /* GraphQL */ `
  mutation Ask($id: ID!) { sendFeedbackSurvey(referralId: $id) { sent } }
`;
const STATUS = /* GraphQL */ `
  query Status($id: ID!) { referral(id: $id) { id feedback { requestedAt answered } } }
`;
const AGENCY_FEEDBACK = /* GraphQL */ `
  query Mine { agencyFeedback { serviceId serviceName needDomains needMet rating comment month } }
`;
const REPORT = /* GraphQL */ `
  query Report($input: ReferralReportInput!) {
    referralReport(input: $input) {
      feedback {
        totals { responses needMet needPartlyMet needNotMet needMetRate averageRating }
        byService { key label figures { responses needMetRate averageRating } }
        byAgency { key label figures { responses needMetRate averageRating } }
        byNeedDomain { key figures { responses needMetRate averageRating } }
      }
    }
  }
`;

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
const errorOf = (res: { errors?: Errors }) => ({
  code: res.errors?.[0]?.extensions?.code,
  message: res.errors?.[0]?.message,
});

describe('client feedback', () => {
  let server: TestServer;
  let pantry: Agency;
  let shelter: Agency;
  let coordinator: TestActor;
  let outsider: TestActor;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    // The tests run the follow-up job's steps themselves, racing each other on purpose.
    await server.runtime.careFollowUps.stop();
    pantry = await buildAgency(server, { name: 'Eastside Food Pantry', serviceName: 'Groceries' });
    shelter = await buildAgency(server, {
      name: 'Harbor Shelter',
      serviceName: 'Overnight Beds',
      categories: ['housing'],
    });
    coordinator = (await buildCoordinating(server)).coordinator;
    outsider = (await buildCoordinating(server, 'Southside Clinic')).coordinator;
  });
  afterAll(async () => {
    await server?.close();
  });

  const actorOf = (person: TestActor) => ({
    userId: person.user.id,
    organizationId: person.user.organizationId,
    role: person.user.role,
    sessionId: 'test',
    ip: null,
  });

  async function completedReferral(
    agency: Agency,
    options: { language?: string; needs?: string[]; complete?: boolean } = {},
  ): Promise<ReferralData> {
    const deps = server.runtime.deps;
    const client = await createClient(deps, actorOf(coordinator), {
      name: 'Luis Ortega',
      dateOfBirth: '1969-07-30',
      email: 'luis@example.org',
      preferredLanguage: options.language ?? 'en',
    });
    const consent = await recordConsent(deps, actorOf(coordinator), {
      clientId: client.id,
      agencyOrganizationId: agency.organization.id,
      method: 'WRITTEN',
      givenBy: 'client',
      fields: ['name', 'email'],
    });
    const created = await coordinator.gql<{ createReferral: ReferralData }>(CREATE, {
      input: {
        clientId: client.id,
        consentId: consent.id,
        serviceId: agency.service.id,
        needs: options.needs ?? ['food'],
        urgency: 'ROUTINE',
        idempotencyKey: newKey(),
        send: true,
      },
    });
    const first = created.data?.createReferral;
    if (!first) throw new Error(JSON.stringify(created.errors));
    let referral: ReferralData = first;
    const steps =
      options.complete === false ? ['ACCEPTED'] : ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED'];
    for (const to of steps) {
      const moved: { data?: { transitionReferral: ReferralData } | null; errors?: Errors } =
        await agency.staff.gql<{ transitionReferral: ReferralData }>(TRANSITION, {
          input: {
            referralId: referral.id,
            expectedVersion: referral.version,
            to,
            ...(to === 'COMPLETED' ? { outcome: 'GOT_HELP' } : {}),
          },
        });
      if (!moved.data?.transitionReferral) throw new Error(JSON.stringify(moved.errors));
      referral = moved.data.transitionReferral;
    }
    return referral;
  }

  async function surveyMessages(referralId: string) {
    return queuedOrLogged(
      server.runtime.deps.db.models,
      idStartingWith(`feedback-survey:${referralId}:`),
    );
  }

  function tokenIn(text: unknown): string {
    const match = /\/feedback\/([A-Za-z0-9._-]+)/.exec(String(text));
    if (!match?.[1]) throw new Error(`no link in ${String(text)}`);
    return match[1];
  }

  let surveyedId = '';
  let token = '';

  it('sends one survey per completed referral, in the client’s language, whatever the races', async () => {
    const referral = await completedReferral(pantry, { language: 'es' });
    surveyedId = referral.id;
    const deps = server.runtime.deps;
    const counts = await Promise.all([runFeedbackSurveys(deps), runFeedbackSurveys(deps)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await runFeedbackSurveys(deps)).toBe(0);
    const messages = await surveyMessages(referral.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'email', to: 'luis@example.org' });
    expect(messages[0]?.subject).toBe('¿Cómo le fue con Groceries?');
    expect(String(messages[0]?.text)).not.toContain('Luis');
    token = tokenIn(messages[0]?.text);
    const status = await coordinator.gql<{
      referral: { feedback: { answered: boolean } | null };
    }>(STATUS, { id: referral.id });
    expect(status.data?.referral.feedback).toMatchObject({ answered: false });
    const forAgency = await pantry.staff.gql<{ referral: { feedback: unknown } }>(STATUS, {
      id: referral.id,
    });
    expect(forAgency.data?.referral.feedback).toBeNull();
  });

  it('opens without an account, refuses bad answers without using the link, takes one of two', async () => {
    const preview = await server.gql<{ feedbackSurvey: { language: string; agencyName: string } }>(
      SURVEY,
      { token },
    );
    expect(preview.errors).toBeUndefined();
    expect(preview.data?.feedbackSurvey).toMatchObject({
      language: 'es',
      agencyName: 'Eastside Food Pantry',
    });
    const bad = await server.gql(SUBMIT, { token, input: { needMet: 'YES', rating: 7 } });
    expect(errorOf(bad)).toMatchObject({ code: 'INVALID_INPUT' });
    const tampered = await server.gql(SURVEY, { token: `${token.slice(0, -3)}abc` });
    expect(errorOf(tampered)).toMatchObject({
      code: 'INVALID_INPUT',
      message:
        'This survey link is not valid. Copy the whole link from the message. Ask your care ' +
        'coordinator for a new one.',
    });
    const both = await Promise.all([
      server.gql<{ submitFeedback: { rating: number } }>(SUBMIT, {
        token,
        input: { needMet: 'YES', rating: 4, comment: 'Friendly staff, quick service' },
      }),
      // The same answers twice (a double tap): one counts.
      server.gql<{ submitFeedback: { rating: number } }>(SUBMIT, {
        token,
        input: { needMet: 'YES', rating: 4, comment: 'Friendly staff, quick service' },
      }),
    ]);
    expect(both.filter((r) => r.data?.submitFeedback)).toHaveLength(1);
    expect(errorOf(both.find((r) => r.errors) ?? {}).code).toBe('CONFLICT');
    const after = await server.gql(SURVEY, { token });
    expect(errorOf(after).code).toBe('CONFLICT');
    const stored = await server.runtime.deps.db.models.FeedbackResponse.collection.findOne({
      _id: surveyedId as never,
    });
    expect(JSON.stringify(stored)).not.toContain('Friendly staff');
    const referral = await server.runtime.deps.db.models.Referral.collection.findOne({
      _id: surveyedId as never,
    });
    const timeline = await feedbackTimelineEntries(server.runtime.deps, String(referral?.clientId));
    expect(timeline.map((e) => [e.kind, e.detail ?? null, e.refId])).toEqual([
      ['FEEDBACK_REQUESTED', null, surveyedId],
      ['FEEDBACK_GIVEN', 'need met, rated 4 of 5', surveyedId],
    ]);
    const spanish = await feedbackTimelineEntries(
      server.runtime.deps,
      String(referral?.clientId),
      'es',
    );
    expect(spanish.map((e) => [e.title, e.detail ?? null])).toEqual([
      ['Encuesta de opinión enviada', null],
      ['El cliente dio su opinión', 'necesidad atendida, valoración 4 de 5'],
    ]);
    const again = await coordinator.gql(ASK, { id: surveyedId });
    expect(errorOf(again)).toMatchObject({
      code: 'CONFLICT',
      message: 'The client has already answered the survey.',
    });
  });

  it('expires links', async () => {
    const referral = await completedReferral(shelter, { needs: ['housing'] });
    await runFeedbackSurveys(server.runtime.deps);
    const [message] = await surveyMessages(referral.id);
    const shelterToken = tokenIn(message?.text);
    now += 31 * 86_400_000;
    try {
      const res = await server.gql(SUBMIT, {
        token: shelterToken,
        input: { needMet: 'PARTLY', rating: 3 },
      });
      expect(errorOf(res).code).toBe('INVALID_INPUT');
      expect(errorOf(res).message).toMatch(/^This survey link expired on 8 January 2027\./);
    } finally {
      now -= 31 * 86_400_000;
    }
    const answered = await server.gql(SUBMIT, {
      token: shelterToken,
      input: { needMet: 'PARTLY', rating: 3 },
    });
    expect(answered.errors).toBeUndefined();
  });

  it('lets the coordinator ask, and refuses anyone else', async () => {
    const referral = await completedReferral(pantry, { complete: false });
    const byAgency = await pantry.staff.gql(ASK, { id: referral.id });
    expect(errorOf(byAgency).code).toBe('NOT_ALLOWED');
    const byOutsider = await outsider.gql(ASK, { id: referral.id });
    expect(errorOf(byOutsider).code).toBe('NOT_FOUND');
    const res = await coordinator.gql<{ sendFeedbackSurvey: { sent: boolean } }>(ASK, {
      id: referral.id,
    });
    expect(res.data?.sendFeedbackSurvey.sent).toBe(true);
    const resend = await coordinator.gql<{ sendFeedbackSurvey: { sent: boolean } }>(ASK, {
      id: referral.id,
    });
    expect(resend.data?.sendFeedbackSurvey.sent).toBe(true);
    // The queued message is written beside the answer; wait for it rather than race it.
    const deadline = Date.now() + 10_000;
    while ((await surveyMessages(referral.id)).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await surveyMessages(referral.id)).toHaveLength(2);
  });

  it('joins the reports: need-met rate and rating by service, agency and need domain', async () => {
    const input = { from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    const res = await coordinator.gql<{
      referralReport: {
        feedback: {
          totals: Record<string, number | null>;
          byService: Array<{ key: string; label: string; figures: Record<string, number> }>;
          byAgency: Array<{ key: string; label: string; figures: Record<string, number> }>;
          byNeedDomain: Array<{ key: string; figures: Record<string, number> }>;
        };
      };
    }>(REPORT, { input });
    expect(res.errors).toBeUndefined();
    const feedback = res.data?.referralReport.feedback;
    expect(feedback?.totals).toEqual({
      responses: 2,
      needMet: 1,
      needPartlyMet: 1,
      needNotMet: 0,
      needMetRate: 0.5,
      averageRating: 3.5,
    });
    const byLabel = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);
    expect(
      feedback?.byAgency
        .map((g): [string, number] => [g.label, g.figures.averageRating ?? 0])
        .sort(byLabel),
    ).toEqual([
      ['Eastside Food Pantry', 4],
      ['Harbor Shelter', 3],
    ]);
    expect(
      feedback?.byService
        .map((g): [string, number] => [g.label, g.figures.needMetRate ?? 0])
        .sort(byLabel),
    ).toEqual([
      ['Groceries', 1],
      ['Overnight Beds', 0],
    ]);
    expect(feedback?.byNeedDomain.map((g) => g.key).sort()).toEqual([
      'food-insecurity',
      'housing-instability',
    ]);
    const outsiders = await outsider.gql<{
      referralReport: { feedback: { totals: { responses: number } } };
    }>(REPORT, { input });
    expect(outsiders.data?.referralReport.feedback.totals.responses).toBe(0);
  });

  it('shows the agency its own feedback without the client’s identity', async () => {
    const res = await pantry.staff.gql<{ agencyFeedback: Array<Record<string, unknown>> }>(
      AGENCY_FEEDBACK,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.agencyFeedback).toEqual([
      {
        serviceId: pantry.service.id,
        serviceName: 'Groceries',
        needDomains: ['FOOD_INSECURITY'],
        needMet: 'YES',
        rating: 4,
        comment: 'Friendly staff, quick service',
        month: '2026-12',
      },
    ]);
    const shelters = await shelter.staff.gql<{ agencyFeedback: Array<{ serviceName: string }> }>(
      AGENCY_FEEDBACK,
    );
    expect(shelters.data?.agencyFeedback.map((f) => f.serviceName)).toEqual(['Overnight Beds']);
    const byCoordinator = await coordinator.gql(AGENCY_FEEDBACK);
    expect(errorOf(byCoordinator).code).toBe('NOT_ALLOWED');
  });
});
