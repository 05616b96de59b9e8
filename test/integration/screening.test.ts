import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { screeningTimelineEntries } from '../../server/domain/screening/timeline.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { queuedOrLogged } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CREATE_CLIENT = /* GraphQL */ `
  mutation Client($input: CreateClientInput!) { createClient(input: $input) { id } }
`;
const START = /* GraphQL */ `
  mutation Start($input: StartScreeningInput!) {
    startScreening(input: $input) { id number method status language }
  }
`;
const RESULT = `
  id number method status submittedAt submittedByUserId positiveDomains safetyTotal
  attention { id text }
  answers { number item answers { code text } }
  changesSincePrevious { previousId items { number before { code } after { code } } newlyPositive noLongerPositive }
`;
const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitScreeningInput!) { submitScreening(input: $input) { ${RESULT} } }
`;
const CLIENT_CARE = /* GraphQL */ `
  query Care($id: ID!) {
    client(id: $id) {
      screenings { id number status method positiveDomains }
      needs { id domain status source screeningId version history { status } }
    }
  }
`;
const SCREENING = /* GraphQL */ `query One($id: ID!) { screening(id: $id) { ${RESULT} } }`;
const ADD_NEED = /* GraphQL */ `
  mutation Add($input: AddNeedInput!) { addNeed(input: $input) { id domain status source version note } }
`;
const CHANGE_NEED = /* GraphQL */ `
  mutation Change($input: ChangeNeedStatusInput!) {
    changeNeedStatus(input: $input) { id status version history { status byUserId } }
  }
`;
const SUGGESTIONS = /* GraphQL */ `
  query Suggest($id: ID!) {
    client(id: $id) {
      needs { domain suggestions(first: 3) { totalCount edges { node { id name } eligibility { status } } } }
    }
  }
`;
const SEND_LINK = /* GraphQL */ `
  mutation Send($input: SendScreeningLinkInput!) {
    sendScreeningLink(input: $input) { id method status language linkExpiresAt }
  }
`;
const LINK = /* GraphQL */ `
  query Link($token: String!) {
    screeningLink(token: $token) {
      organizationName language expiresAt
      instrument { language title sections { id items { number loinc text answers { code text } } } }
    }
  }
`;
const SUBMIT_LINK = /* GraphQL */ `
  mutation ByLink($token: String!, $answers: [ScreeningAnswerInput!]!) {
    submitScreeningByLink(token: $token, answers: $answers) { submittedAt language }
  }
`;

type Answer = { item: string; answers: string[] };
type ScreeningData = {
  id: string;
  number: number;
  method: string;
  status: string;
  submittedByUserId: string | null;
  positiveDomains: string[];
  safetyTotal: number | null;
  attention: Array<{ id: string; text: string }>;
  answers: Array<{ number: number; item: string; answers: Array<{ code: string; text: string }> }>;
  changesSincePrevious: {
    previousId: string;
    items: Array<{
      number: number;
      before: Array<{ code: string }>;
      after: Array<{ code: string }>;
    }>;
    newlyPositive: string[];
    noLongerPositive: string[];
  } | null;
};
type NeedData = {
  id: string;
  domain: string;
  status: string;
  source: string;
  screeningId: string | null;
  version: number;
  history: Array<{ status: string }>;
};

function answers(overrides: Record<string, string[]> = {}): Answer[] {
  const base: Record<string, string[]> = {
    '71802-3': ['LA31993-1'],
    '96778-6': ['LA9-3'],
    '88122-7': ['LA28398-8'],
    '88123-5': ['LA28398-8'],
    '93030-5': ['LA32-8'],
    '96779-4': ['LA32-8'],
    '95618-5': ['LA6270-8'],
    '95617-7': ['LA6270-8'],
    '95616-9': ['LA6270-8'],
    '95615-1': ['LA6270-8'],
  };
  return Object.entries({ ...base, ...overrides }).map(([item, chosen]) => ({
    item,
    answers: chosen,
  }));
}

const NOW = new Date('2026-12-01T16:00:00Z');

describe('screening and needs', () => {
  let server: TestServer;
  let coordinator: TestActor;
  let colleague: TestActor;
  let otherOrg: TestActor;
  let agency: TestActor;
  let now = NOW;
  const clock: Clock = { now: () => now };

  const org = buildOrganization({ name: 'Westside Mutual Aid' });
  const site = buildLocation();
  const pantry = buildService(org, { name: 'Westside Pantry', categories: ['food'] });
  const shelter = buildService(org, { name: 'Harbor Shelter', categories: ['housing'] });

  const newClient = async (input: Record<string, unknown> = {}) => {
    const res = await coordinator.gql<{ createClient: { id: string } }>(CREATE_CLIENT, {
      input: { name: 'Ana Ruiz', dateOfBirth: '1980-04-23', ...input },
    });
    expect(res.errors).toBeUndefined();
    return res.data?.createClient.id ?? '';
  };
  const start = async (clientId: string, actor = coordinator) => {
    const res = await actor.gql<{ startScreening: { id: string; number: number } }>(START, {
      input: { clientId },
    });
    expect(res.errors).toBeUndefined();
    return res.data?.startScreening ?? { id: '', number: 0 };
  };
  const submit = async (screeningId: string, given: Answer[]) => {
    const res = await coordinator.gql<{ submitScreening: ScreeningData }>(SUBMIT, {
      input: { screeningId, answers: given },
    });
    expect(res.errors).toBeUndefined();
    const screening = res.data?.submitScreening;
    if (!screening) throw new Error('not submitted');
    return screening;
  };
  const care = async (clientId: string) => {
    const res = await coordinator.gql<{
      client: { screenings: ScreeningData[]; needs: NeedData[] };
    }>(CLIENT_CARE, { id: clientId });
    expect(res.errors).toBeUndefined();
    return res.data?.client ?? { screenings: [], needs: [] };
  };
  const queuedLink = async (to: string) => {
    const found = await queuedOrLogged(server.runtime.deps.db.models, {
      to,
      template: 'screening.link',
    });
    const message = found.at(-1);
    const token = /\/screening\/(\S+)/.exec(String(message?.text))?.[1];
    return { message, token: token ? decodeURIComponent(token) : '' };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [site],
        services: [pantry, shelter],
        serviceAtLocations: [link(pantry, site), link(shelter, site)],
      }),
    );
    const navigators = await buildMember(server, { name: 'Denver Navigators' });
    coordinator = await signedInAs(server, 'coordinator', { organizationId: navigators.id });
    colleague = await signedInAs(server, 'org_admin', { organizationId: navigators.id });
    otherOrg = await signedInAs(server, 'coordinator');
    agency = await signedInAs(server, 'agency_staff');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('scores an in-person screening, opens a need per positive domain, and seals the answers', async () => {
    const clientId = await newClient({ address: '1500 E Colfax Ave, Denver, CO 80218' });
    const started = await start(clientId);
    expect(started).toMatchObject({
      number: 1,
      method: 'IN_PERSON',
      status: 'STARTED',
      language: 'EN',
    });
    const result = await submit(
      started.id,
      answers({
        '71802-3': ['LA31995-6'],
        '88123-5': ['LA6729-3'],
        '95618-5': ['LA10066-1'],
        '95617-7': ['LA10082-8'],
        '95616-9': ['LA6270-8'],
        '95615-1': ['LA10082-8'],
      }),
    );
    expect(result).toMatchObject({
      status: 'SUBMITTED',
      submittedByUserId: coordinator.user.id,
      positiveDomains: ['HOUSING_INSTABILITY', 'FOOD_INSECURITY'],
      safetyTotal: 9,
      changesSincePrevious: null,
    });
    expect(result.attention.map((a) => a.id)).toEqual(['physically-hurt']);
    expect(result.attention[0]?.text).toMatch(/not a positive safety screen/);
    expect(result.answers[0]).toMatchObject({
      number: 1,
      item: '71802-3',
      answers: [{ code: 'LA31995-6' }],
    });

    const { needs, screenings } = await care(clientId);
    expect(screenings).toMatchObject([{ id: started.id, status: 'SUBMITTED' }]);
    expect(needs.map((n) => [n.domain, n.status, n.source, n.screeningId])).toEqual(
      expect.arrayContaining([
        ['HOUSING_INSTABILITY', 'OPEN', 'SCREENING', started.id],
        ['FOOD_INSECURITY', 'OPEN', 'SCREENING', started.id],
      ]),
    );
    expect(needs).toHaveLength(2);

    const { Screening, Need, AuditEvent } = server.runtime.deps.db.models;
    const raw = JSON.stringify(await Screening.collection.findOne({ _id: started.id as never }));
    expect(raw).not.toContain('LA31995-6');
    expect(raw).not.toContain('housing');
    const rawNeeds = JSON.stringify(await Need.collection.find({ clientId }).toArray());
    expect(rawNeeds).not.toMatch(/housing|food/);

    const actions = (await AuditEvent.collection.find({ subjectId: clientId }).toArray()).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'screening.start',
        'screening.submit',
        'need.open',
        'screening.read',
        'need.read',
      ]),
    );
  });

  it('shows what changed at a re-screen and does not open a need twice', async () => {
    const clientId = await newClient();
    const first = await start(clientId);
    await submit(first.id, answers({ '88122-7': ['LA28397-0'], '93030-5': ['LA33-6'] }));
    now = new Date(NOW.getTime() + 20 * 60_000);
    try {
      const second = await start(clientId, colleague);
      expect(second.number).toBe(2);
      const result = await submit(
        second.id,
        answers({ '88122-7': ['LA6729-3'], '96779-4': ['LA32002-0'] }),
      );
      expect(result.positiveDomains).toEqual(['FOOD_INSECURITY', 'UTILITY_INSECURITY']);
      expect(result.changesSincePrevious).toEqual({
        previousId: first.id,
        items: [
          { number: 3, before: [{ code: 'LA28397-0' }], after: [{ code: 'LA6729-3' }] },
          { number: 5, before: [{ code: 'LA33-6' }], after: [{ code: 'LA32-8' }] },
          { number: 6, before: [{ code: 'LA32-8' }], after: [{ code: 'LA32002-0' }] },
        ],
        newlyPositive: ['UTILITY_INSECURITY'],
        noLongerPositive: ['TRANSPORTATION_INSECURITY'],
      });
    } finally {
      now = NOW;
    }
    const { needs, screenings } = await care(clientId);
    expect(screenings.map((s) => s.number)).toEqual([2, 1]);
    const food = needs.filter((n) => n.domain === 'FOOD_INSECURITY');
    expect(food).toHaveLength(1);
    expect(food[0]?.screeningId).toBe(first.id);
    expect(needs.map((n) => n.domain).sort()).toEqual([
      'FOOD_INSECURITY',
      'TRANSPORTATION_INSECURITY',
      'UTILITY_INSECURITY',
    ]);
  });

  it('lets one of two simultaneous submissions win and opens a need once for two screenings at once', async () => {
    const clientId = await newClient();
    const started = await start(clientId);
    const food = answers({ '88122-7': ['LA28397-0'] });
    const both = await Promise.all(
      [0, 1].map(() =>
        coordinator.gql(SUBMIT, { input: { screeningId: started.id, answers: food } }),
      ),
    );
    expect(both.filter((r) => !r.errors)).toHaveLength(1);
    expect(both.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(1);

    const other = await newClient();
    const [a, b] = await Promise.all([start(other), start(other, colleague)]);
    expect([a.number, b.number].sort()).toEqual([1, 2]);
    await Promise.all([submit(a.id, food), submit(b.id, food)]);
    const { needs } = await care(other);
    expect(needs.map((n) => [n.domain, n.status])).toEqual([['FOOD_INSECURITY', 'OPEN']]);
  });

  it('refuses bad answers with a specific error and writes nothing', async () => {
    const clientId = await newClient();
    const started = await start(clientId);
    const unknownCode = await coordinator.gql(SUBMIT, {
      input: { screeningId: started.id, answers: answers({ '93030-5': ['LA28397-0'] }) },
    });
    expect(unknownCode.errors?.[0]?.extensions).toEqual({
      code: 'INVALID_INPUT',
      issues: [
        { path: 'answers.4.answers', message: '"LA28397-0" is not an answer to question 5.' },
      ],
    });
    const unknownItem = await coordinator.gql(SUBMIT, {
      input: {
        screeningId: started.id,
        answers: [...answers(), { item: '99999-9', answers: ['LA33-6'] }],
      },
    });
    expect(unknownItem.errors?.[0]?.message).toBe(
      'answers.10.item: "99999-9" is not a question of this screening.',
    );
    const missing = await coordinator.gql(SUBMIT, {
      input: { screeningId: started.id, answers: answers().slice(0, 9) },
    });
    expect(missing.errors?.[0]?.message).toBe('answers: Answer question 10.');
    const { screenings, needs } = await care(clientId);
    expect(screenings).toMatchObject([{ status: 'STARTED' }]);
    expect(needs).toEqual([]);

    await submit(started.id, answers({ '93030-5': ['LA33-6'] }));
    const again = await coordinator.gql(SUBMIT, {
      input: { screeningId: started.id, answers: answers() },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toMatch(/^This screening was submitted already on /);
  });

  it('keeps screenings and needs to the client’s organization; agencies see none', async () => {
    const clientId = await newClient();
    const started = await start(clientId);
    await submit(started.id, answers({ '93030-5': ['LA33-6'] }));
    const { needs } = await care(clientId);
    const need = needs[0];

    const foreignStart = await otherOrg.gql(START, { input: { clientId } });
    expect(foreignStart.errors?.[0]?.message).toBe(`No client has the id "${clientId}".`);
    const foreignRead = await otherOrg.gql(SCREENING, { id: started.id });
    expect(foreignRead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const denied = await server.runtime.deps.db.models.AuditEvent.collection.findOne({
      action: 'screening.read.denied',
      actorUserId: otherOrg.user.id,
    });
    expect(denied).toMatchObject({ subjectId: clientId, detail: { screeningId: started.id } });
    const foreignSubmit = await otherOrg.gql(SUBMIT, {
      input: { screeningId: started.id, answers: answers() },
    });
    expect(foreignSubmit.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignNeed = await otherOrg.gql(CHANGE_NEED, {
      input: { id: need?.id, status: 'ADDRESSED', expectedVersion: 1 },
    });
    expect(foreignNeed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignAdd = await otherOrg.gql(ADD_NEED, {
      input: { clientId, domain: 'FOOD_INSECURITY' },
    });
    expect(foreignAdd.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    for (const [query, variables] of [
      [START, { input: { clientId } }],
      [SCREENING, { id: started.id }],
      [ADD_NEED, { input: { clientId, domain: 'FOOD_INSECURITY' } }],
      [SEND_LINK, { input: { clientId, channel: 'EMAIL' } }],
      [CLIENT_CARE, { id: clientId }],
    ] as const) {
      const res = await agency.gql(query, variables);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    }
  });

  it('adds needs by hand, changes their status with history, and refuses a duplicate', async () => {
    const clientId = await newClient();
    const added = await coordinator.gql<{ addNeed: NeedData & { note: string } }>(ADD_NEED, {
      input: { clientId, domain: 'EMPLOYMENT_STATUS', note: 'Lost job in October.' },
    });
    expect(added.data?.addNeed).toMatchObject({
      domain: 'EMPLOYMENT_STATUS',
      status: 'OPEN',
      source: 'COORDINATOR',
      version: 1,
      note: 'Lost job in October.',
    });
    const id = added.data?.addNeed.id;
    const duplicate = await coordinator.gql(ADD_NEED, {
      input: { clientId, domain: 'EMPLOYMENT_STATUS' },
    });
    expect(duplicate.errors?.[0]?.message).toBe(
      'This client already has an open need for employment (since 1 December 2026).',
    );
    const addressed = await coordinator.gql<{ changeNeedStatus: NeedData }>(CHANGE_NEED, {
      input: { id, status: 'ADDRESSED', expectedVersion: 1 },
    });
    expect(addressed.data?.changeNeedStatus).toMatchObject({ status: 'ADDRESSED', version: 2 });
    const stale = await coordinator.gql(CHANGE_NEED, {
      input: { id, status: 'DECLINED_BY_CLIENT', expectedVersion: 1 },
    });
    expect(stale.errors?.[0]?.message).toBe(
      'This need was changed by someone else since you read it. Reload it and try again.',
    );
    const same = await coordinator.gql(CHANGE_NEED, {
      input: { id, status: 'ADDRESSED', expectedVersion: 2 },
    });
    expect(same.errors?.[0]?.message).toBe('status: This need is addressed already.');
    // Closed, the domain can be opened again as a new need.
    const reopened = await coordinator.gql<{ addNeed: NeedData }>(ADD_NEED, {
      input: { clientId, domain: 'EMPLOYMENT_STATUS' },
    });
    expect(reopened.errors).toBeUndefined();
    const old = await coordinator.gql(CHANGE_NEED, {
      input: { id, status: 'OPEN', expectedVersion: 2 },
    });
    expect(old.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const badDomain = await coordinator.gql(ADD_NEED, { input: { clientId, domain: 'WEATHER' } });
    expect(badDomain.errors?.[0]?.message).toMatch(/WEATHER/);
  });

  it('gives the timeline its screenings and need changes in time order', async () => {
    const clientId = await newClient();
    const started = await start(clientId);
    await submit(started.id, answers({ '93030-5': ['LA33-6'] }));
    const { needs } = await care(clientId);
    now = new Date(NOW.getTime() + 60_000);
    try {
      await coordinator.gql(CHANGE_NEED, {
        input: { id: needs[0]?.id, status: 'ADDRESSED', expectedVersion: 1 },
      });
    } finally {
      now = NOW;
    }
    const entries = await screeningTimelineEntries(server.runtime.deps, clientId);
    expect(entries.map((e) => [e.kind, e.title, e.detail ?? null])).toEqual([
      ['screening.started', 'Screening started in person', null],
      ['screening.submitted', 'Screening completed in person', 'Positive: Transportation'],
      ['need.opened', 'Need opened: Transportation', 'From a screening'],
      ['need.status', 'Need addressed: Transportation', null],
    ]);
    expect(entries[3]?.at.toISOString()).toBe('2026-12-01T16:01:00.000Z');
  });

  it('suggests eligible services near the client for each need', async () => {
    const clientId = await newClient({ address: '1500 E Colfax Ave, Denver, CO 80218' });
    const started = await start(clientId);
    await submit(started.id, answers({ '88122-7': ['LA28397-0'] }));
    const res = await coordinator.gql<{
      client: {
        needs: Array<{
          domain: string;
          suggestions: { totalCount: number; edges: Array<{ node: { name: string } }> };
        }>;
      };
    }>(SUGGESTIONS, { id: clientId });
    expect(res.errors).toBeUndefined();
    const food = res.data?.client.needs.find((n) => n.domain === 'FOOD_INSECURITY');
    expect(food?.suggestions.edges.map((e) => e.node.name)).toEqual(['Westside Pantry']);
  });

  it('sends a one-time link in the client’s language that works once, with no account', async () => {
    const clientId = await newClient({ phone: '303-555-0142', preferredLanguage: 'es' });
    const noEmail = await coordinator.gql(SEND_LINK, { input: { clientId, channel: 'EMAIL' } });
    expect(noEmail.errors?.[0]?.extensions?.issues).toEqual([
      {
        path: 'channel',
        message:
          'This client has no email address on their record. Add one, or send the link by text message.',
      },
    ]);
    const sent = await coordinator.gql<{ sendScreeningLink: { id: string; language: string } }>(
      SEND_LINK,
      { input: { clientId, channel: 'SMS' } },
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.sendScreeningLink).toMatchObject({ language: 'ES' });
    const { message, token } = await queuedLink('+13035550142');
    expect(String(message?.text)).toMatch(/^Denver Navigators: responda 10 preguntas breves/);
    expect(String(message?.text)).not.toContain('Ana');

    const view = await server.gql<{
      screeningLink: {
        organizationName: string;
        language: string;
        instrument: { sections: Array<{ items: Array<{ text: string }> }> };
      };
    }>(LINK, { token });
    expect(view.errors).toBeUndefined();
    expect(view.data?.screeningLink).toMatchObject({
      organizationName: 'Denver Navigators',
      language: 'ES',
    });
    expect(view.data?.screeningLink.instrument.sections[0]?.items[0]?.text).toBe(
      '¿Cuál es su situación de vivienda hoy?',
    );

    const bad = await server.gql(SUBMIT_LINK, {
      token,
      answers: answers({ '71802-3': ['LA0-0'] }),
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    // A mistake does not use the link up.
    const done = await server.gql<{ submitScreeningByLink: { language: string } }>(SUBMIT_LINK, {
      token,
      answers: answers({ '96778-6': ['LA28580-1', 'LA32001-2'] }),
    });
    expect(done.errors).toBeUndefined();
    expect(done.data?.submitScreeningByLink.language).toBe('ES');

    const twice = await server.gql(SUBMIT_LINK, { token, answers: answers() });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(twice.errors?.[0]?.message).toMatch(/has been used already; each link works once/);
    const preview = await server.gql(LINK, { token });
    expect(preview.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const { screenings, needs } = await care(clientId);
    expect(screenings[0]).toMatchObject({
      method: 'LINK',
      status: 'SUBMITTED',
      positiveDomains: ['INADEQUATE_HOUSING'],
    });
    expect(needs.map((n) => n.domain)).toEqual(['INADEQUATE_HOUSING']);
    const read = await coordinator.gql<{ screening: ScreeningData }>(SCREENING, {
      id: screenings[0]?.id,
    });
    expect(read.data?.screening.submittedByUserId).toBeNull();
  });

  it('limits the links sent to one client in a day', async () => {
    const clientId = await newClient({ email: 'limit@example.org' });
    for (let i = 0; i < 5; i++) {
      const res = await coordinator.gql(SEND_LINK, { input: { clientId, channel: 'EMAIL' } });
      expect(res.errors).toBeUndefined();
    }
    const sixth = await coordinator.gql(SEND_LINK, { input: { clientId, channel: 'EMAIL' } });
    expect(sixth.errors?.[0]).toMatchObject({
      message:
        'This client has been sent 5 screening links today, the most allowed. Try again tomorrow, or screen them in person.',
      extensions: { code: 'RATE_LIMITED' },
    });
  });

  it('refuses a tampered or expired link, and lets one of two simultaneous submissions win', async () => {
    const clientId = await newClient({ email: 'ana@example.org' });
    await coordinator.gql(SEND_LINK, { input: { clientId, channel: 'EMAIL' } });
    const { message, token } = await queuedLink('ana@example.org');
    expect(message?.subject).toBe('A few questions from Denver Navigators');

    const tampered = await server.gql(LINK, { token: `${token.slice(0, -3)}abc` });
    expect(tampered.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(tampered.errors?.[0]?.message).toMatch(/is not valid\. Copy the whole link/);

    const outcomes = await Promise.all(
      [0, 1].map(() => server.gql(SUBMIT_LINK, { token, answers: answers() })),
    );
    expect(outcomes.filter((o) => !o.errors)).toHaveLength(1);
    expect(outcomes.filter((o) => o.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(1);

    await coordinator.gql(SEND_LINK, { input: { clientId, channel: 'EMAIL' } });
    const later = await queuedLink('ana@example.org');
    now = new Date(NOW.getTime() + 8 * 86_400_000);
    try {
      const expired = await server.gql(SUBMIT_LINK, { token: later.token, answers: answers() });
      expect(expired.errors?.[0]?.message).toMatch(/expired on 8 December/);
    } finally {
      now = NOW;
    }
  });
});
