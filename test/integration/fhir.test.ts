import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.ts';
import { hapiAvailable, hapiReport, medplumProblems } from '../support/fhir-validator.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  createReferralTo,
  GET,
  type ReferralData,
} from './referral-fixture.ts';

type Json = Record<string, any>;
type Answer = { status: number; headers: Headers; body: Json };

const SDOHCC_CODES =
  'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
const REASONS = 'https://wayfinder.invalid/fhir/CodeSystem/referral-reason';
const OUTCOMES = 'https://wayfinder.invalid/fhir/CodeSystem/referral-outcome';

describe('the FHIR R4 interface', () => {
  let server: TestServer;
  let base: string;
  let pantry: Agency;
  let shelter: Agency;
  let coordinator: TestActor;
  let outsider: TestActor;
  /** Every resource the server returned, validated at the end; `answers` are the bodies alone. */
  const returned: Json[] = [];
  const answers: Json[] = [];
  /** FHIR resources sent that the server accepted (the documented input shapes). */
  const accepted: Json[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    base = server.url.replace(/\/graphql$/, '/fhir');
    pantry = await buildAgency(server, {
      name: 'Eastside Food Pantry',
      serviceName: 'Weekly Groceries',
    });
    shelter = await buildAgency(server, {
      name: 'Harbor Shelter',
      serviceName: 'Overnight Beds',
      categories: ['housing'],
    });
    ({ coordinator } = await buildCoordinating(server));
    ({ coordinator: outsider } = await buildCoordinating(server, 'Westside Clinic'));
  });
  afterAll(async () => {
    await server?.close();
  });

  function collect(body: Json): void {
    if (body.resourceType === 'Bundle') {
      for (const entry of body.entry ?? []) if (entry.resource) collect(entry.resource);
    }
    returned.push(body);
  }

  async function fhir(
    who: TestActor | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
      method,
      headers: {
        accept: 'application/fhir+json',
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        ...(who ? { authorization: `Bearer ${who.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Json;
    collect(json);
    answers.push(json);
    const sentResource = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (response.ok && sentResource) accepted.push(body as Json);
    return { status: response.status, headers: response.headers, body: json };
  }

  function issues(answer: Answer) {
    expect(answer.body.resourceType).toBe('OperationOutcome');
    return (answer.body.issue as Json[]).map((i) => ({
      code: i.code,
      text: i.details.text,
      expression: i.expression?.[0],
    }));
  }

  async function referralCount(who: TestActor): Promise<number> {
    const res = await who.gql<{ referrals: { totalCount: number } }>(
      'query { referrals(first: 1) { totalCount } }',
    );
    return res.data?.referrals.totalCount ?? -1;
  }

  /** A transaction Bundle for a referral of the coordinator's client to the agency's service. */
  async function referralBundle(agency: Agency, overrides: { request?: Json; task?: Json } = {}) {
    const { client, consent } = await buildClientWithConsent(
      server,
      coordinator,
      agency.organization.id,
    );
    const srUrl = 'urn:uuid:0c8a3a55-5d1e-4f3b-9f6b-1f2d3c4b5a69';
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: srUrl,
          resource: {
            resourceType: 'ServiceRequest',
            status: 'active',
            intent: 'order',
            category: [{ coding: [{ system: SDOHCC_CODES, code: 'food-insecurity' }] }],
            code: { coding: [{ system: 'http://snomed.info/sct', code: '3457005' }] },
            priority: 'urgent',
            subject: { reference: `Patient/${client.id}` },
            performer: [{ reference: `HealthcareService/${agency.service.id}` }],
            supportingInfo: [{ reference: `Consent/${consent.id}` }],
            note: [{ text: 'Prefers afternoon calls.' }],
            ...overrides.request,
          },
          request: { method: 'POST', url: 'ServiceRequest' },
        },
        {
          fullUrl: 'urn:uuid:5b0f3c2e-8a4d-4e6f-b1a2-3c4d5e6f7a8b',
          resource: {
            resourceType: 'Task',
            status: 'requested',
            intent: 'order',
            code: {
              coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }],
            },
            focus: { reference: srUrl },
            for: { reference: `Patient/${client.id}` },
            ...overrides.task,
          },
          request: { method: 'POST', url: 'Task' },
        },
      ],
    };
    return { bundle, client, consent };
  }

  it('states exactly what it supports at /fhir/metadata, without a token', async () => {
    const answer = await fhir(null, 'GET', '/metadata');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(answer.body).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
    });
    const resources = answer.body.rest[0].resource as Json[];
    expect(resources.map((r) => r.type)).toEqual([
      'Patient',
      'Consent',
      'QuestionnaireResponse',
      'Observation',
      'Condition',
      'Goal',
      'ServiceRequest',
      'Task',
      'HealthcareService',
      'Organization',
      'Location',
    ]);
    const task = resources.find((r) => r.type === 'Task');
    expect(task?.interaction.map((i: Json) => i.code)).toEqual([
      'read',
      'search-type',
      'create',
      'update',
      'patch',
    ]);
    expect(task?.searchParam.map((p: Json) => p.name)).toEqual([
      'owner',
      'status',
      'patient',
      '_lastUpdated',
    ]);
    expect(resources.find((r) => r.type === 'Patient')?.interaction).toEqual([{ code: 'read' }]);
    expect(resources.find((r) => r.type === 'Consent')?.searchParam).toEqual([
      expect.objectContaining({ name: 'patient', type: 'reference' }),
    ]);
  });

  it('answers 401 with an OperationOutcome without a valid bearer token', async () => {
    const answer = await fhir(null, 'GET', '/Task');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    expect(issues(answer)).toEqual([
      {
        code: 'login',
        text: 'Send a Wayfinder API token: Authorization: Bearer <token>.',
        expression: undefined,
      },
    ]);
  });

  it('creates a sent referral from a transaction Bundle, through the referral rules', async () => {
    const { bundle, client, consent } = await referralBundle(pantry);
    const answer = await fhir(coordinator, 'POST', '', bundle);
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('transaction-response');
    const [request, task] = answer.body.entry as Json[];
    expect(request?.response.status).toBe('201 Created');
    expect(task?.response).toMatchObject({ status: '201 Created', etag: 'W/"1"' });
    expect(task?.resource).toMatchObject({
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      priority: 'urgent',
      focus: { reference: `ServiceRequest/${task?.resource.id}` },
      for: { reference: `Patient/${client.id}` },
      owner: { reference: `Organization/${pantry.organization.id}` },
    });
    expect(request?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'active',
      performer: [{ reference: `HealthcareService/${pantry.service.id}` }],
      supportingInfo: [{ reference: `Consent/${consent.id}` }],
      note: [{ text: 'Prefers afternoon calls.' }],
    });
    expect(request?.resource.category[0].coding).toContainEqual({
      system: SDOHCC_CODES,
      code: 'food-insecurity',
      display: 'Food Insecurity',
    });
    const graphql = await coordinator.gql<{ referral: ReferralData }>(GET, {
      id: task?.resource.id,
    });
    expect(graphql.data?.referral).toMatchObject({
      status: 'SENT',
      urgency: 'URGENT',
      needs: [{ code: 'food' }],
      service: { id: pantry.service.id },
      history: [{ kind: 'CREATED', to: 'SENT' }],
    });
  });

  it('creates a referral from a Task with its ServiceRequest contained, idempotent by Task.identifier', async () => {
    const { bundle } = await referralBundle(shelter, {
      request: { category: [{ coding: [{ system: SDOHCC_CODES, code: 'housing-instability' }] }] },
    });
    const request = { ...bundle.entry[0]?.resource, id: 'sr' };
    const task = {
      ...bundle.entry[1]?.resource,
      contained: [request],
      focus: { reference: '#sr' },
      identifier: [{ system: 'https://ehr.example.org/referrals', value: 'R-1001' }],
    };
    const first = await fhir(coordinator, 'POST', '/Task', task);
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`${base}/Task/${first.body.id}`);
    expect(first.body).toMatchObject({
      status: 'requested',
      owner: { reference: `Organization/${shelter.organization.id}` },
    });
    const again = await fhir(coordinator, 'POST', '/Task', task);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses bad FHIR input with the exact path and problem, and writes nothing', async () => {
    const before = await referralCount(coordinator);
    const { bundle } = await referralBundle(pantry, {
      request: {
        performer: [{ reference: `Organization/${pantry.organization.id}` }],
        category: [{ coding: [{ system: 'http://example.org/other', code: 'x' }] }],
        priority: 'whenever',
      },
      task: { intent: 'plan' },
    });
    const answer = await fhir(coordinator, 'POST', '', bundle);
    expect(answer.status).toBe(400);
    expect(issues(answer)).toEqual([
      {
        code: 'value',
        text: 'Task.intent must be order.',
        expression: 'Bundle.entry[1].resource.intent',
      },
      {
        code: 'required',
        text: 'Name exactly one performer: the HealthcareService the referral is for (HealthcareService/{id}).',
        expression: 'Bundle.entry[0].resource.performer',
      },
      {
        code: 'code-invalid',
        text: expect.stringContaining(
          'Each category needs an SDOHCC category code or a Wayfinder need',
        ),
        expression: 'Bundle.entry[0].resource.category[0]',
      },
      {
        code: 'value',
        text: 'Priority must be one of: routine, urgent, asap, stat.',
        expression: 'Bundle.entry[0].resource.priority',
      },
    ]);

    // A well-formed Bundle that breaks a referral rule: the consent covers another agency.
    const { bundle: wrongConsent } = await referralBundle(shelter, {
      request: { performer: [{ reference: `HealthcareService/${pantry.service.id}` }] },
    });
    const refused = await fhir(coordinator, 'POST', '', wrongConsent);
    expect(refused.status).toBe(422);
    expect(issues(refused)).toEqual([
      {
        code: 'business-rule',
        text: 'This consent does not cover this agency. Record the client’s consent to share with it.',
        expression: 'Bundle.entry[0].resource.supportingInfo',
      },
    ]);

    const notJson = await fetch(`${base}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        authorization: `Bearer ${coordinator.token}`,
      },
      body: '{"resourceType": "Bundle",',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'structure', details: { text: 'The body is not valid JSON.' } }],
    });
    expect(await referralCount(coordinator)).toBe(before);
  });

  it('reads the client, consent and referral resources to those allowed, and 404s everyone else', async () => {
    const { bundle, client, consent } = await referralBundle(pantry);
    const created = await fhir(coordinator, 'POST', '', bundle);
    const id = created.body.entry[1].resource.id as string;

    const patient = await fhir(coordinator, 'GET', `/Patient/${client.id}`);
    expect(patient.status).toBe(200);
    expect(patient.body).toMatchObject({
      resourceType: 'Patient',
      name: [{ text: 'Maria Lopez', family: 'Lopez', given: ['Maria'] }],
      birthDate: '1980-04-23',
    });
    const audits = await server.runtime.deps.db.models.AuditEvent.collection
      .find({ action: 'client.read', subjectId: client.id })
      .toArray();
    expect(audits.length).toBeGreaterThan(0);

    const consentRead = await fhir(pantry.staff, 'GET', `/Consent/${consent.id}`);
    expect(consentRead.body).toMatchObject({
      resourceType: 'Consent',
      status: 'active',
      patient: { reference: `Patient/${client.id}` },
      provision: {
        type: 'permit',
        actor: [{ reference: { reference: `Organization/${pantry.organization.id}` } }],
      },
    });
    const consents = await fhir(coordinator, 'GET', `/Consent?patient=Patient/${client.id}`);
    expect(consents.body).toMatchObject({ type: 'searchset', total: 1 });
    expect(consents.body.entry[0].resource.id).toBe(consent.id);
    const hiddenConsents = await fhir(outsider, 'GET', `/Consent?patient=Patient/${client.id}`);
    expect(hiddenConsents.body.total).toBe(0);
    const task = await fhir(pantry.staff, 'GET', `/Task/${id}`);
    expect(task.body.status).toBe('requested');
    expect(task.headers.get('etag')).toBe(`W/"${task.body.meta.versionId}"`);
    // The requester is a coordinating organization of the network, not of the directory.
    const requester = await fhir(pantry.staff, 'GET', `/${task.body.requester.reference}`);
    expect(requester.body).toMatchObject({
      resourceType: 'Organization',
      name: 'Northside Family Center',
    });
    expect((await fhir(coordinator, 'GET', `/ServiceRequest/${id}`)).body.subject).toEqual({
      reference: `Patient/${client.id}`,
    });

    // The agency sees what the client consented to share with it (name and phone), no more.
    const shared = await fhir(pantry.staff, 'GET', `/Patient/${client.id}`);
    expect(shared.body).toEqual({
      resourceType: 'Patient',
      id: client.id,
      name: [{ text: 'Maria Lopez', family: 'Lopez', given: ['Maria'] }],
      telecom: [{ system: 'phone', value: '+13035550100' }],
    });
    for (const [who, path, what] of [
      [shelter.staff, `/Patient/${client.id}`, 'client'],
      [outsider, `/Patient/${client.id}`, 'client'],
      [outsider, `/Task/${id}`, 'referral'],
      [outsider, `/ServiceRequest/${id}`, 'referral'],
      [outsider, `/Consent/${consent.id}`, 'consent'],
      [shelter.staff, `/Task/${id}`, 'referral'],
    ] as const) {
      const answer = await fhir(who, 'GET', path);
      expect(answer.status).toBe(404);
      const hiddenId = path.split('/')[2];
      expect(issues(answer)).toEqual([
        { code: 'not-found', text: `No ${what} has the id "${hiddenId}".`, expression: undefined },
      ]);
    }
    const missing = await fhir(outsider, 'GET', '/Task/00000000-0000-8000-8000-000000000000');
    expect(issues(missing)[0]?.text).toBe(
      'No referral has the id "00000000-0000-8000-8000-000000000000".',
    );
    const searched = await fhir(outsider, 'GET', `/ServiceRequest?patient=Patient/${client.id}`);
    expect(searched.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
  });

  it('serves the directory: HealthcareService, Organization and Location', async () => {
    const service = await fhir(coordinator, 'GET', `/HealthcareService/${pantry.service.id}`);
    expect(service.body).toMatchObject({
      resourceType: 'HealthcareService',
      name: 'Weekly Groceries',
      providedBy: { reference: `Organization/${pantry.organization.id}` },
      referralMethod: [{ coding: [{ code: 'elec' }] }],
    });
    const locationRef = service.body.location[0].reference as string;
    expect((await fhir(coordinator, 'GET', `/${locationRef}`)).body.resourceType).toBe('Location');
    expect(
      (await fhir(coordinator, 'GET', `/Organization/${pantry.organization.id}`)).body.name,
    ).toBe('Eastside Food Pantry');
    const search = await fhir(
      coordinator,
      'GET',
      `/HealthcareService?organization=Organization/${shelter.organization.id}`,
    );
    expect(search.body.total).toBe(1);
    expect(search.body.entry[0].resource.name).toBe('Overnight Beds');
  });

  it('searches Tasks by owner, status and _lastUpdated, page by page', async () => {
    const agency = await buildAgency(server, {
      name: 'Northside Pantry',
      serviceName: 'Food Boxes',
    });
    const since = new Date().toISOString();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await createReferralTo(server, coordinator, agency)).id);
    const owner = `owner=Organization/${agency.organization.id}`;

    const first = await fhir(
      agency.staff,
      'GET',
      `/Task?${owner}&_lastUpdated=gt${since}&_count=2`,
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ type: 'searchset', total: 3 });
    expect(first.body.entry).toHaveLength(2);
    const next = (first.body.link as Json[]).find((l) => l.relation === 'next')?.url as string;
    expect(next).toContain('_cursor=');
    const second = await fhir(agency.staff, 'GET', next);
    expect(second.body.entry).toHaveLength(1);
    expect(second.body.link.find((l: Json) => l.relation === 'next')).toBeUndefined();
    const ids = [...first.body.entry, ...second.body.entry].map((e: Json) => e.resource.id);
    expect(ids.sort()).toEqual([...made].sort());

    const later = await fhir(
      agency.staff,
      'GET',
      `/Task?${owner}&_lastUpdated=gt${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(later.body.total).toBe(0);
    const requested = await fhir(agency.staff, 'GET', `/Task?${owner}&status=requested,accepted`);
    expect(requested.body.total).toBe(3);
    const accepted = await fhir(agency.staff, 'GET', `/Task?${owner}&status=accepted`);
    expect(accepted.body.total).toBe(0);
    // Another organization's staff sees none of them.
    const other = await fhir(pantry.staff, 'GET', `/Task?${owner}`);
    expect(other.body.total).toBe(0);

    const unknown = await fhir(agency.staff, 'GET', '/Task?performer=x');
    expect(unknown.status).toBe(400);
    expect(issues(unknown)[0]?.text).toBe(
      'Unknown search parameter "performer". This resource supports: owner, status, patient, _lastUpdated, _count.',
    );
    const badDate = await fhir(agency.staff, 'GET', '/Task?_lastUpdated=yesterday');
    expect(issues(badDate)[0]?.code).toBe('value');
    const badCursor = await fhir(agency.staff, 'GET', '/Task?_cursor=nope');
    expect(badCursor.status).toBe(400);
    expect(issues(badCursor)[0]?.text).toBe(
      'This _cursor is not valid. Start again from the first page.',
    );
    const badType = await fhir(agency.staff, 'GET', '/CarePlan');
    expect(badType.status).toBe(404);
  });

  it('moves the referral with Task status PATCH and PUT, through the same state machine and history', async () => {
    const referral = await createReferralTo(server, coordinator, pantry);
    const path = `/Task/${referral.id}`;
    const patch = (who: TestActor, ops: unknown, headers: Record<string, string> = {}) =>
      fhir(who, 'PATCH', path, ops, { 'content-type': 'application/json-patch+json', ...headers });

    // Only the receiving agency accepts.
    const byCoordinator = await patch(coordinator, [
      { op: 'replace', path: '/status', value: 'accepted' },
    ]);
    expect(byCoordinator.status).toBe(403);
    expect(issues(byCoordinator)[0]?.text).toBe(
      'Only staff of the receiving agency can mark this referral accepted.',
    );

    const accepted = await patch(pantry.staff, [
      { op: 'replace', path: '/status', value: 'accepted' },
    ]);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    const illegal = await patch(pantry.staff, [
      { op: 'replace', path: '/status', value: 'completed' },
    ]);
    expect(illegal.status).toBe(422);
    expect(issues(illegal)).toEqual([
      {
        code: 'business-rule',
        text: "A referral that is accepted can't be completed.",
        expression: 'Task.status',
      },
    ]);

    const noReason = await patch(pantry.staff, [
      { op: 'replace', path: '/status', value: 'on-hold' },
    ]);
    expect(issues(noReason)).toEqual([
      {
        code: 'business-rule',
        text: 'Give a reason code when a referral is put on hold.',
        expression: 'Task.statusReason',
      },
    ]);
    const held = await patch(pantry.staff, [
      { op: 'replace', path: '/status', value: 'on-hold' },
      {
        op: 'add',
        path: '/statusReason',
        value: { coding: [{ system: REASONS, code: 'NO_CAPACITY' }], text: 'Full until Monday' },
      },
    ]);
    expect(held.body).toMatchObject({
      status: 'on-hold',
      statusReason: { coding: [{ code: 'NO_CAPACITY' }], text: 'Full until Monday' },
    });

    // PUT of the whole Task resumes it; a stale If-Match is a conflict.
    const current = held.body;
    const stale = await fhir(
      pantry.staff,
      'PUT',
      path,
      { ...current, status: 'accepted' },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.status).toBe(409);
    const { statusReason: _reason, ...rest } = current;
    const resumed = await fhir(
      pantry.staff,
      'PUT',
      path,
      { ...rest, status: 'accepted' },
      {
        'if-match': `W/"${current.meta.versionId}"`,
      },
    );
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('accepted');
    const focusChange = await fhir(pantry.staff, 'PUT', path, {
      ...resumed.body,
      focus: { reference: 'ServiceRequest/x' },
    });
    expect(issues(focusChange)).toEqual([
      {
        code: 'business-rule',
        text: 'Task.focus cannot be changed: only status, statusReason and businessStatus move a referral.',
        expression: 'Task.focus',
      },
    ]);

    const patchFocus = await patch(pantry.staff, [
      { op: 'replace', path: '/focus', value: { reference: 'ServiceRequest/x' } },
    ]);
    expect(patchFocus.status).toBe(422);
    expect(issues(patchFocus)[0]?.expression).toBe('Task.focus');

    await patch(pantry.staff, [{ op: 'replace', path: '/status', value: 'in-progress' }]);
    const done = await patch(pantry.staff, [
      { op: 'test', path: '/status', value: 'in-progress' },
      { op: 'replace', path: '/status', value: 'completed' },
      {
        op: 'add',
        path: '/businessStatus',
        value: { coding: [{ system: OUTCOMES, code: 'GOT_HELP' }] },
      },
    ]);
    expect(done.body).toMatchObject({
      status: 'completed',
      businessStatus: { coding: [{ code: 'GOT_HELP' }] },
      output: [
        {
          type: { coding: [{ system: SDOHCC_CODES, code: 'resulting-activity' }] },
          valueCodeableConcept: { text: 'Got help' },
        },
      ],
    });

    const graphql = await coordinator.gql<{ referral: ReferralData }>(GET, { id: referral.id });
    const moves = graphql.data?.referral.history
      .filter((h) => h.kind === 'TRANSITION')
      .map((h) => `${h.from}→${h.to}`);
    expect(moves).toEqual([
      'SENT→ACCEPTED',
      'ACCEPTED→ON_HOLD',
      'ON_HOLD→ACCEPTED',
      'ACCEPTED→IN_PROGRESS',
      'IN_PROGRESS→COMPLETED',
    ]);
    expect(graphql.data?.referral.history.at(-1)?.by.id).toBe(pantry.organization.id);

    server.runtime.notifications.kick();
    await server.runtime.notifications.idle();
    const mail = await server.runtime.deps.db.models.NotificationLog.collection
      .find({ referralId: referral.id })
      .toArray();
    expect(mail.map((m) => String(m.template))).toEqual(
      expect.arrayContaining(['referral.accepted', 'referral.completed']),
    );

    const badPatch = await patch(pantry.staff, [
      { op: 'move', path: '/status', from: '/priority' },
    ]);
    expect(issues(badPatch)).toEqual([
      {
        code: 'invalid',
        text: 'Operation 0: op must be add, replace, remove or test.',
        expression: 'Task.status',
      },
    ]);
    const error = await patch(pantry.staff, [
      { op: 'replace', path: '/status', value: 'entered-in-error' },
    ]);
    expect(issues(error)[0]).toMatchObject({ code: 'not-supported', expression: 'Task.status' });
  });

  it('returns only resources that validate against FHIR R4', () => {
    const resources = returned.filter(
      (r) => r.resourceType !== 'Bundle' || r.type !== 'transaction',
    );
    expect(resources.length).toBeGreaterThan(40);
    expect(new Set(resources.map((r) => r.resourceType))).toEqual(
      new Set([
        'CapabilityStatement',
        'OperationOutcome',
        'Bundle',
        'Task',
        'ServiceRequest',
        'Patient',
        'Consent',
        'HealthcareService',
        'Organization',
        'Location',
      ]),
    );
    expect(medplumProblems(resources)).toEqual([]);
  });

  // CI has Java and Maven (.ci/run resolves the validator); elsewhere the check needs them too.
  it.skipIf(!hapiAvailable() && !process.env.CI)(
    'returns only resources the HAPI FHIR validator accepts, SDOHCC profiles included',
    { timeout: 600_000 },
    () => {
      const report = hapiReport([...answers, ...accepted]);
      expect(accepted.map((r) => r.resourceType)).toEqual(
        expect.arrayContaining(['Bundle', 'Task']),
      );
      expect(report.validated).toBe(answers.length + accepted.length);
      expect(report.errors).toEqual([]);
    },
  );
});

describe('the FHIR interface under load', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRAPHQL_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('limits each account to the per-minute budget, answering 429 with Retry-After', async () => {
    const { coordinator } = await buildCoordinating(server);
    const base = server.url.replace(/\/graphql$/, '/fhir');
    const get = () =>
      fetch(`${base}/Task`, { headers: { authorization: `Bearer ${coordinator.token}` } });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'throttled' }],
    });
  });
});
