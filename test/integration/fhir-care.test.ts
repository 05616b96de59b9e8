import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.ts';
import { hapiAvailable, hapiReport, medplumProblems } from '../support/fhir-validator.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
} from './referral-fixture.ts';

type Json = Record<string, any>;
type Answer = { status: number; body: Json };

const SDOHCC_CODES =
  'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
const LOINC = 'http://loinc.org';

const START = `mutation($input: StartScreeningInput!) { startScreening(input: $input) { id } }`;
const SUBMIT = `mutation($input: SubmitScreeningInput!) { submitScreening(input: $input) { id positiveDomains safetyTotal } }`;
const CARE = `query($id: ID!) { client(id: $id) { needs { id domain source status version } } }`;
const ADD_NEED = `mutation($input: AddNeedInput!) { addNeed(input: $input) { id version } }`;
const CHANGE_NEED = `mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id status } }`;
const CREATE_GOAL = `mutation($input: CreateGoalInput!) { createGoal(input: $input) { id version } }`;
const UPDATE_GOAL = `mutation($input: UpdateGoalInput!) { updateGoal(input: $input) { id version } }`;

/** Housing worries, food sometimes short, two home problems, a safety total of 12. */
const ANSWERS: Array<{ item: string; answers: string[] }> = [
  { item: '71802-3', answers: ['LA31994-9'] },
  { item: '96778-6', answers: ['LA28580-1', 'LA32001-2'] },
  { item: '88122-7', answers: ['LA6729-3'] },
  { item: '88123-5', answers: ['LA28398-8'] },
  { item: '93030-5', answers: ['LA32-8'] },
  { item: '96779-4', answers: ['LA32-8'] },
  { item: '95618-5', answers: ['LA10082-8'] },
  { item: '95617-7', answers: ['LA10082-8'] },
  { item: '95616-9', answers: ['LA10082-8'] },
  { item: '95615-1', answers: ['LA10082-8'] },
];

describe('the FHIR R4 interface for screenings, needs and goals', () => {
  let server: TestServer;
  let base: string;
  let pantry: Agency;
  let coordinator: TestActor;
  let outsider: TestActor;
  let clientId: string;
  let screeningId: string;
  const answers: Json[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    base = server.url.replace(/\/graphql$/, '/fhir');
    pantry = await buildAgency(server, { name: 'Eastside Food Pantry' });
    ({ coordinator } = await buildCoordinating(server));
    ({ coordinator: outsider } = await buildCoordinating(server, 'Westside Clinic'));
    const { client } = await buildClientWithConsent(server, coordinator, pantry.organization.id);
    clientId = client.id;
    const started = await coordinator.gql<{ startScreening: { id: string } }>(START, {
      input: { clientId },
    });
    screeningId = started.data?.startScreening.id as string;
    const submitted = await coordinator.gql<{ submitScreening: Json }>(SUBMIT, {
      input: { screeningId, answers: ANSWERS },
    });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitScreening.safetyTotal).toBe(12);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function fhir(who: TestActor, path: string): Promise<Answer> {
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
      headers: { accept: 'application/fhir+json', authorization: `Bearer ${who.token}` },
    });
    const body = (await response.json()) as Json;
    answers.push(body);
    return { status: response.status, body };
  }

  const resources = (bundle: Json): Json[] => (bundle.entry ?? []).map((e: Json) => e.resource);

  async function audited(action: string): Promise<number> {
    return server.runtime.deps.db.models.AuditEvent.collection.countDocuments({
      action,
      subjectId: clientId,
    });
  }

  /** Every denied caller sees the same as for a made-up id: 404 on read, an empty search. */
  async function expectHidden(type: string, id: string): Promise<void> {
    for (const who of [pantry.staff, outsider]) {
      const read = await fhir(who, `/${type}/${id}`);
      expect(read.status).toBe(404);
      // The same words as for an id that never existed: nothing tells the two apart.
      expect(read.body.issue[0].details.text).toBe(`No ${type} has the id "${id}".`);
      const search = await fhir(who, `/${type}?patient=Patient/${clientId}`);
      expect(search.status).toBe(200);
      expect(search.body).toMatchObject({ resourceType: 'Bundle', total: 0 });
      expect(search.body.entry).toBeUndefined();
    }
    const search = await fhir(coordinator, `/${type}?patient=Patient/no-such-client`);
    expect(search.body).toMatchObject({ resourceType: 'Bundle', total: 0 });
  }

  it('serves a submitted screening as a QuestionnaireResponse with LOINC answers', async () => {
    const before = await audited('screening.read');
    const read = await fhir(coordinator, `/QuestionnaireResponse/${screeningId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: screeningId,
      status: 'completed',
      subject: { reference: `Patient/${clientId}` },
    });
    expect(read.body.authored).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(read.body.item).toHaveLength(10);
    expect(read.body.item[1]).toMatchObject({
      linkId: '96778-6',
      answer: [
        { valueCoding: { system: LOINC, code: 'LA28580-1', display: 'Mold' } },
        { valueCoding: { system: LOINC, code: 'LA32001-2' } },
      ],
    });
    const search = await fhir(coordinator, `/QuestionnaireResponse?patient=Patient/${clientId}`);
    expect(search.body.total).toBe(1);
    expect(resources(search.body)[0]).toEqual(read.body);
    expect(await audited('screening.read')).toBe(before + 2);
    await expectHidden('QuestionnaireResponse', screeningId);
  });

  it('serves the screening as LOINC Observations under the 96777-8 panel, with the safety total', async () => {
    const search = await fhir(coordinator, `/Observation?patient=Patient/${clientId}&_count=5`);
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(12);
    const all = resources(search.body);
    let next = search.body.link.find((l: Json) => l.relation === 'next')?.url;
    while (next) {
      const page = await fhir(coordinator, next);
      all.push(...resources(page.body));
      next = page.body.link.find((l: Json) => l.relation === 'next')?.url;
    }
    expect(all).toHaveLength(12);
    const panel = all[0] as Json;
    expect(panel).toMatchObject({
      id: `${screeningId}-96777-8`,
      status: 'final',
      code: { coding: [{ system: LOINC, code: '96777-8' }] },
      derivedFrom: [{ reference: `QuestionnaireResponse/${screeningId}` }],
    });
    expect(panel.hasMember).toHaveLength(11);
    expect(panel.hasMember.map((m: Json) => m.reference)).toEqual(
      all.slice(1).map((o) => `Observation/${o.id}`),
    );
    const byCode = new Map(all.map((o) => [o.code.coding[0].code, o]));
    expect(byCode.get('88122-7')).toMatchObject({
      id: `${screeningId}-88122-7`,
      category: [
        { coding: [{ code: 'social-history' }] },
        { coding: [{ code: 'survey' }] },
        { coding: [{ system: SDOHCC_CODES, code: 'food-insecurity' }] },
      ],
      valueCodeableConcept: { coding: [{ system: LOINC, code: 'LA6729-3' }] },
    });
    expect(byCode.get('96778-6')?.component).toHaveLength(2);
    expect(byCode.get('95614-4')).toMatchObject({ valueInteger: 12 });

    const panels = await fhir(
      coordinator,
      `/Observation?patient=${clientId}&code=${LOINC}|96777-8`,
    );
    expect(resources(panels.body).map((o) => o.id)).toEqual([panel.id]);
    const food = await fhir(
      coordinator,
      `/Observation?patient=${clientId}&category=${SDOHCC_CODES}|food-insecurity&_count=50`,
    );
    expect(resources(food.body).map((o) => o.code.coding[0].code)).toEqual(['88122-7', '88123-5']);
    const surveys = await fhir(coordinator, `/Observation?patient=${clientId}&category=survey`);
    expect(surveys.body.total).toBe(12);
    const badToken = await fhir(coordinator, `/Observation?patient=${clientId}&code=`);
    expect(badToken.status).toBe(400);
    expect(badToken.body.issue[0].details.text).toBe(
      'code must be a code, system|code or system|.',
    );

    const one = await fhir(coordinator, `/Observation/${screeningId}-95614-4`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(byCode.get('95614-4'));
    expect((await fhir(coordinator, `/Observation/${screeningId}-12345-6`)).status).toBe(404);
    await expectHidden('Observation', `${screeningId}-96777-8`);
  });

  it('serves needs as health-concern Conditions with evidence from the screening', async () => {
    const care = await coordinator.gql<{ client: { needs: Json[] } }>(CARE, { id: clientId });
    const needs = care.data?.client.needs ?? [];
    expect(needs.map((n) => n.domain).sort()).toEqual(
      [
        'FOOD_INSECURITY',
        'HOUSING_INSTABILITY',
        'INADEQUATE_HOUSING',
        'INTERPERSONAL_SAFETY',
      ].sort(),
    );
    const added = await coordinator.gql<{ addNeed: { id: string; version: number } }>(ADD_NEED, {
      input: { clientId, domain: 'HEALTH_INSURANCE_COVERAGE_STATUS', note: 'Lost coverage' },
    });
    const food = needs.find((n) => n.domain === 'FOOD_INSECURITY') as Json;
    const changed = await coordinator.gql(CHANGE_NEED, {
      input: { id: food.id, expectedVersion: food.version, status: 'ADDRESSED' },
    });
    expect(changed.errors).toBeUndefined();

    const before = await audited('need.read');
    const search = await fhir(coordinator, `/Condition?patient=${clientId}`);
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(5);
    const conditions = resources(search.body);
    for (const c of conditions) {
      expect(c.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
      expect(c.category[0].coding[0]).toMatchObject({
        system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
        code: 'health-concern',
      });
      expect(c.verificationStatus.coding[0].code).toBe('confirmed');
    }
    const byCategory = new Map(conditions.map((c) => [c.category[1].coding[0].code, c]));
    expect(byCategory.get('food-insecurity')).toMatchObject({
      clinicalStatus: { coding: [{ code: 'resolved' }] },
      subject: { reference: `Patient/${clientId}` },
      evidence: [
        {
          detail: [
            { reference: `Observation/${screeningId}-88122-7` },
            { reference: `Observation/${screeningId}-88123-5` },
            { reference: `QuestionnaireResponse/${screeningId}` },
          ],
        },
      ],
    });
    expect(byCategory.get('food-insecurity')?.abatementDateTime).toBeDefined();
    expect(byCategory.get('intimate-partner-violence')?.evidence[0].detail[0]).toEqual({
      reference: `Observation/${screeningId}-95614-4`,
    });
    const insurance = byCategory.get('health-insurance-coverage-status') as Json;
    expect(insurance).toMatchObject({
      clinicalStatus: { coding: [{ code: 'active' }] },
      note: [{ text: 'Lost coverage' }],
    });
    expect(insurance.evidence).toBeUndefined();
    expect(insurance.abatementDateTime).toBeUndefined();

    const active = await fhir(
      coordinator,
      `/Condition?patient=${clientId}&category=health-concern&clinical-status=active`,
    );
    expect(active.body.total).toBe(4);
    expect(resources(active.body).map((c) => c.id)).not.toContain(
      byCategory.get('food-insecurity')?.id,
    );

    const read = await fhir(coordinator, `/Condition/${insurance.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(insurance);
    expect(added.data?.addNeed.id.replaceAll('_', '.')).toBe(insurance.id);
    expect(await audited('need.read')).toBe(before + 3);
    expect((await fhir(coordinator, `/Condition/${clientId}`)).status).toBe(404);
    await expectHidden('Condition', insurance.id);
  });

  it('serves care-plan goals with lifecycle and achievement status, addressing Conditions', async () => {
    const care = await coordinator.gql<{ client: { needs: Json[] } }>(CARE, { id: clientId });
    const housing = care.data?.client.needs.find((n) => n.domain === 'HOUSING_INSTABILITY') as Json;
    const created = await coordinator.gql<{ createGoal: { id: string; version: number } }>(
      CREATE_GOAL,
      {
        input: {
          clientId,
          text: 'Keep the apartment through the winter',
          domain: 'HOUSING_INSTABILITY',
          targetDate: '2099-03-31',
          needIds: [housing.id],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const goal = created.data?.createGoal as { id: string; version: number };
    const updated = await coordinator.gql(UPDATE_GOAL, {
      input: {
        id: goal.id,
        expectedVersion: goal.version,
        status: 'ACTIVE',
        achievement: 'IMPROVING',
      },
    });
    expect(updated.errors).toBeUndefined();

    const before = await audited('goal.read');
    const read = await fhir(coordinator, `/Goal/${goal.id}`);
    expect(read.status).toBe(200);
    const conditions = resources((await fhir(coordinator, `/Condition?patient=${clientId}`)).body);
    const housingCondition = conditions.find(
      (c) => c.category[1].coding[0].code === 'housing-instability',
    ) as Json;
    expect(read.body).toMatchObject({
      resourceType: 'Goal',
      id: goal.id,
      lifecycleStatus: 'active',
      achievementStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'improving' },
        ],
      },
      category: [{ coding: [{ system: SDOHCC_CODES, code: 'housing-instability' }] }],
      description: { text: 'Keep the apartment through the winter' },
      subject: { reference: `Patient/${clientId}` },
      target: [{ dueDate: '2099-03-31' }],
      addresses: [{ reference: `Condition/${housingCondition.id}` }],
    });
    const done = await fhir(coordinator, `/Goal?patient=${clientId}&lifecycle-status=completed`);
    expect(done.body.total).toBe(0);
    const search = await fhir(
      coordinator,
      `/Goal?patient=Patient/${clientId}&lifecycle-status=proposed,active&category=housing-instability`,
    );
    expect(search.body.total).toBe(1);
    expect(resources(search.body)[0]).toEqual(read.body);
    expect(await audited('goal.read')).toBe(before + 3);
    await expectHidden('Goal', goal.id);
  });

  it('lists the new types in the CapabilityStatement', async () => {
    const metadata = await fhir(coordinator, '/metadata');
    const types = metadata.body.rest[0].resource.map((r: Json) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['QuestionnaireResponse', 'Observation', 'Condition', 'Goal']),
    );
  });

  it('returns only resources that validate against FHIR R4', () => {
    const returned = answers.flatMap((a) =>
      a.resourceType === 'Bundle' ? [a, ...resources(a)] : [a],
    );
    expect(new Set(returned.map((r) => r.resourceType))).toEqual(
      new Set([
        'Bundle',
        'OperationOutcome',
        'CapabilityStatement',
        'QuestionnaireResponse',
        'Observation',
        'Condition',
        'Goal',
      ]),
    );
    expect(medplumProblems(returned)).toEqual([]);
  });

  it.skipIf(!hapiAvailable() && !process.env.CI)(
    'returns only resources the HAPI FHIR validator accepts',
    { timeout: 600_000 },
    () => {
      const report = hapiReport(answers);
      expect(report.validated).toBe(answers.length);
      expect(report.errors).toEqual([]);
    },
  );
});
