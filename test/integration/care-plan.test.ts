import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillClientSummaries } from '../../server/domain/caseload/backfill.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { runReminders } from '../../server/domain/referrals/reminders.ts';
import { loadReferral } from '../../server/domain/referrals/store.ts';
import { onReferralForCare } from '../../server/domain/tasks/referral-tasks.ts';
import { runTaskReminders } from '../../server/domain/tasks/reminders.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  CREATE,
  newKey,
  type ReferralData,
  TRANSITION,
} from './referral-fixture.ts';

const ADD_NEED = `mutation($input: AddNeedInput!) { addNeed(input: $input) { id version } }`;
const CHANGE_NEED = `mutation($input: ChangeNeedStatusInput!) {
  changeNeedStatus(input: $input) { id status version }
}`;
const GOAL_FIELDS = `id clientId text domain targetDate status achievement needIds referralIds version
  history { at by { id } changes { field from to } }`;
const TASK_FIELDS =
  'id clientId kind title dueDate status goalId referralId reminder assignee { id }';
const CREATE_GOAL = `mutation($input: CreateGoalInput!) { createGoal(input: $input) { ${GOAL_FIELDS} } }`;
const UPDATE_GOAL = `mutation($input: UpdateGoalInput!) { updateGoal(input: $input) { ${GOAL_FIELDS} } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const COMPLETE_TASK = `mutation($id: ID!, $status: TaskClosing) {
  completeTask(id: $id, status: $status) { ${TASK_FIELDS} } }`;
const ADD_NOTE = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id text contact at } }`;
const CLIENT_CARE = `query($id: ID!) { client(id: $id) {
  id goals { ${GOAL_FIELDS} } tasks { ${TASK_FIELDS} } caseNotes { id text contact }
  timeline { at kind title detail refId } } }`;
const CASELOAD = `query($input: CaseloadInput) { myCaseload(input: $input) {
  clientId name openNeeds openReferrals referralsByStatus { status count } nextTaskDue overdueTasks
  lastContactAt } }`;
const TASKS_DUE = `query($within: Int) { tasksDue(withinDays: $within) { ${TASK_FIELDS} } }`;

type Goal = {
  id: string;
  text: string;
  status: string;
  achievement: string;
  targetDate: string | null;
  version: number;
  referralIds: string[];
  needIds: string[];
  history: Array<{
    by: { id: string } | null;
    changes: Array<{ field: string; from: string | null; to: string | null }>;
  }>;
};
type Task = {
  id: string;
  kind: string;
  title: string;
  dueDate: string;
  status: string;
  referralId: string | null;
  reminder: string | null;
  assignee: { id: string } | null;
};
type CaseloadRow = {
  clientId: string;
  name: string;
  openNeeds: number;
  openReferrals: number;
  referralsByStatus: Array<{ status: string; count: number }>;
  nextTaskDue: string | null;
  overdueTasks: number;
  lastContactAt: string | null;
};
type Care = {
  client: {
    goals: Goal[];
    tasks: Task[];
    caseNotes: Array<{ id: string; text: string }>;
    timeline: Array<{ at: string; kind: string; title: string; refId: string | null }>;
  };
};

// Tuesday 24 November 2026, 10:00 in Denver; the clock moves when a test says so.
let now = new Date('2026-11-24T17:00:00Z');
const clock: Clock = { now: () => now };
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const HOUR = 3_600_000;
// The clock moves by days here, so sessions must outlast it.
const LONG = { ttlHours: 24 * 365 };
const DAY = 24 * HOUR;

function expectError(
  res: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
  code: string,
  message?: string,
) {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(code);
  if (message !== undefined) expect(res.errors?.[0]?.message).toBe(message);
}

describe('care plans, tasks, caseload and timeline', () => {
  let server: TestServer;
  let pantry: Agency;
  let coordinator: TestActor;
  let colleague: TestActor;
  let outsider: TestActor;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    pantry = await buildAgency(server, {
      name: 'Eastside Food Pantry',
      serviceName: 'Weekly Groceries',
    });
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
    pantry.staff = await signedInAs(server, 'agency_staff', {
      organizationId: pantry.organization.id,
      ...LONG,
    });
    coordinator = await coordinatorOf('Northside Family Center');
    colleague = await signedInAs(server, 'coordinator', {
      organizationId: coordinator.user.organizationId,
      ...LONG,
    });
    outsider = await coordinatorOf('Southside Clinic');
  });
  afterAll(async () => {
    await server?.close();
  });

  async function coordinatorOf(name: string) {
    const member = await buildMember(server, { name, kinds: ['coordinating'] });
    return signedInAs(server, 'coordinator', { organizationId: member.id, ...LONG });
  }

  async function newClient() {
    return buildClientWithConsent(server, coordinator, pantry.organization.id);
  }

  async function refer(clientId: string, consentId: string): Promise<ReferralData> {
    const res = await coordinator.gql<{ createReferral: ReferralData }>(CREATE, {
      input: {
        clientId,
        consentId,
        serviceId: pantry.service.id,
        serviceAtLocationId: pantry.serviceAtLocationId,
        needs: ['food'],
        urgency: 'ROUTINE',
        idempotencyKey: newKey(),
        send: true,
      },
    });
    expect(res.errors).toBeUndefined();
    const referral = res.data?.createReferral;
    if (!referral) throw new Error('no referral');
    return referral;
  }

  async function move(actor: TestActor, referral: ReferralData, to: string, extra = {}) {
    const res = await actor.gql<{ transitionReferral: ReferralData }>(TRANSITION, {
      input: { referralId: referral.id, expectedVersion: referral.version, to, ...extra },
    });
    expect(res.errors).toBeUndefined();
    return res.data?.transitionReferral as ReferralData;
  }

  async function care(clientId: string, actor = coordinator) {
    const res = await actor.gql<Care>(CLIENT_CARE, { id: clientId });
    expect(res.errors).toBeUndefined();
    return res.data?.client as Care['client'];
  }

  async function audits(action: string, subjectId: string) {
    return server.runtime.deps.db.models.AuditEvent.collection.countDocuments({
      action,
      subjectId,
    });
  }

  it('keeps goals through their lifecycle, with a history of every change, sealed at rest', async () => {
    const { client, consent } = await newClient();
    const referral = await refer(client.id, consent.id);
    const need = await coordinator.gql<{ addNeed: { id: string } }>(ADD_NEED, {
      input: { clientId: client.id, domain: 'FOOD_INSECURITY' },
    });
    const needId = need.data?.addNeed.id as string;
    const strangers = await coordinator.gql(CREATE_GOAL, {
      input: { clientId: client.id, text: 'Food', domain: 'FOOD_INSECURITY', needIds: ['need-1'] },
    });
    expectError(strangers, 'INVALID_INPUT', 'Only this client’s needs can be linked; not need-1.');
    const created = await coordinator.gql<{ createGoal: Goal }>(CREATE_GOAL, {
      input: {
        clientId: client.id,
        text: 'Have enough food for the family every week',
        domain: 'FOOD_INSECURITY',
        targetDate: '2027-02-28',
        needIds: [needId],
        referralIds: [referral.id],
      },
    });
    expect(created.errors).toBeUndefined();
    const goal = created.data?.createGoal as Goal;
    expect(goal).toMatchObject({ status: 'PROPOSED', achievement: 'IN_PROGRESS', version: 1 });
    expect(goal.referralIds).toEqual([referral.id]);
    expect(goal.needIds).toEqual([needId]);

    const raw = await server.runtime.deps.db.models.Goal.collection.findOne({
      _id: goal.id as never,
    });
    expect(JSON.stringify(raw)).not.toContain('enough food');

    later(HOUR);
    const activated = await colleague.gql<{ updateGoal: Goal }>(UPDATE_GOAL, {
      input: { id: goal.id, expectedVersion: 1, status: 'ACTIVE', achievement: 'IMPROVING' },
    });
    expect(activated.errors).toBeUndefined();
    const active = activated.data?.updateGoal as Goal;
    expect(active).toMatchObject({ status: 'ACTIVE', achievement: 'IMPROVING', version: 2 });
    expect(active.history).toHaveLength(2);
    expect(active.history[1]?.by?.id).toBe(colleague.user.id);
    expect(active.history[1]?.changes).toEqual([
      { field: 'status', from: 'PROPOSED', to: 'ACTIVE' },
      { field: 'achievement', from: 'IN_PROGRESS', to: 'IMPROVING' },
    ]);

    const stale = await coordinator.gql(UPDATE_GOAL, {
      input: { id: goal.id, expectedVersion: 1, text: 'Something else' },
    });
    expectError(stale, 'CONFLICT');

    const done = await coordinator.gql<{ updateGoal: Goal }>(UPDATE_GOAL, {
      input: {
        id: goal.id,
        expectedVersion: 2,
        status: 'COMPLETED',
        achievement: 'ACHIEVED',
        text: 'Food every week',
      },
    });
    expect(done.data?.updateGoal).toMatchObject({
      status: 'COMPLETED',
      version: 3,
      text: 'Food every week',
    });
    expect(done.data?.updateGoal.history[2]?.changes).toContainEqual({
      field: 'text',
      from: null,
      to: null,
    });

    const illegal = await coordinator.gql(UPDATE_GOAL, {
      input: { id: goal.id, expectedVersion: 3, status: 'ON_HOLD' },
    });
    expectError(illegal, 'INVALID_INPUT', 'A completed goal cannot become on hold.');

    // Two changes made at once from the same version: one lands, the other is told to reload.
    const raced = await Promise.all([
      coordinator.gql(UPDATE_GOAL, {
        input: { id: goal.id, expectedVersion: 3, status: 'ACTIVE' },
      }),
      colleague.gql(UPDATE_GOAL, {
        input: { id: goal.id, expectedVersion: 3, achievement: 'NOT_ACHIEVED' },
      }),
    ]);
    expect(raced.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(raced.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(1);

    const read = await care(client.id);
    expect(read.goals.map((g) => g.text)).toEqual(['Food every week']);
    expect(read.goals[0]?.version).toBe(4);
    expect(await audits('goal.read', client.id)).toBeGreaterThan(0);
    expect(await audits('goal.update', client.id)).toBe(3);
  });

  it('refuses a goal with a past target date, a stranger’s referral or a malformed need id', async () => {
    const { client } = await newClient();
    const other = await newClient();
    const otherReferral = await refer(other.client.id, other.consent.id);
    const past = await coordinator.gql(CREATE_GOAL, {
      input: {
        clientId: client.id,
        text: 'Stable housing',
        domain: 'HOUSING_INSTABILITY',
        targetDate: '2026-11-01',
      },
    });
    expectError(
      past,
      'INVALID_INPUT',
      'The target date is in the past. Choose today or a later date.',
    );
    const notTheirs = await coordinator.gql(CREATE_GOAL, {
      input: {
        clientId: client.id,
        text: 'Food',
        domain: 'FOOD_INSECURITY',
        referralIds: [otherReferral.id],
      },
    });
    expectError(
      notTheirs,
      'INVALID_INPUT',
      `Only this client’s referrals can be linked; not ${otherReferral.id}.`,
    );
    const badNeed = await coordinator.gql(CREATE_GOAL, {
      input: {
        clientId: client.id,
        text: 'Food',
        domain: 'FOOD_INSECURITY',
        needIds: ['not an id!'],
      },
    });
    expectError(badNeed, 'INVALID_INPUT');
    const empty = await coordinator.gql(CREATE_GOAL, {
      input: { clientId: client.id, text: '  ', domain: 'FOOD_INSECURITY' },
    });
    expectError(empty, 'INVALID_INPUT', 'text: Describe the goal.');
    expect((await care(client.id)).goals).toEqual([]);
  });

  it('creates tasks by hand, closes them once, and checks the assignee', async () => {
    const { client } = await newClient();
    const today = now.toISOString().slice(0, 10);
    const made = await coordinator.gql<{ createTask: Task }>(CREATE_TASK, {
      input: {
        clientId: client.id,
        title: 'Call about the lease',
        dueDate: today,
        assigneeUserId: colleague.user.id,
      },
    });
    expect(made.errors).toBeUndefined();
    const task = made.data?.createTask as Task;
    expect(task).toMatchObject({
      kind: 'MANUAL',
      status: 'OPEN',
      assignee: { id: colleague.user.id },
    });

    const raw = await server.runtime.deps.db.models.Task.collection.findOne({
      _id: task.id as never,
    });
    expect(JSON.stringify(raw)).not.toContain('lease');

    const due = await colleague.gql<{ tasksDue: Task[] }>(TASKS_DUE, {});
    expect(due.data?.tasksDue.map((t) => t.id)).toContain(task.id);

    const past = await coordinator.gql(CREATE_TASK, {
      input: { clientId: client.id, title: 'Late', dueDate: '2026-11-01' },
    });
    expectError(
      past,
      'INVALID_INPUT',
      'The due date is in the past. Choose today or a later date.',
    );
    const stranger = await coordinator.gql(CREATE_TASK, {
      input: { clientId: client.id, title: 'X', dueDate: today, assigneeUserId: outsider.user.id },
    });
    expectError(
      stranger,
      'INVALID_INPUT',
      'A task can be assigned only to a coordinator of the client’s organization.',
    );
    const agencyAssignee = await coordinator.gql(CREATE_TASK, {
      input: {
        clientId: client.id,
        title: 'X',
        dueDate: today,
        assigneeUserId: pantry.staff.user.id,
      },
    });
    expectError(agencyAssignee, 'INVALID_INPUT');

    const closes = await Promise.all([
      coordinator.gql<{ completeTask: Task }>(COMPLETE_TASK, { id: task.id }),
      colleague.gql<{ completeTask: Task }>(COMPLETE_TASK, { id: task.id }),
    ]);
    expect(closes.filter((r) => r.data?.completeTask?.status === 'DONE')).toHaveLength(1);
    expect(closes.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(1);
    const again = await coordinator.gql(COMPLETE_TASK, { id: task.id, status: 'CANCELLED' });
    expectError(again, 'CONFLICT', 'This task was already done.');
    expect(await audits('task.complete', client.id)).toBe(1);
  });

  it('makes follow-up tasks from referral changes exactly once', async () => {
    const accepted = await newClient();
    const referral = await refer(accepted.client.id, accepted.consent.id);
    await move(pantry.staff, referral, 'ACCEPTED');
    const stored = await loadReferral(server.runtime.deps, referral.id);
    if (!stored) throw new Error('no referral stored');
    // Other processes seeing the same change again make nothing more.
    await Promise.all([1, 2, 3].map(() => onReferralForCare(server.runtime.deps, stored)));
    const checks = (await care(accepted.client.id)).tasks;
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({
      kind: 'CHECK_SERVICE',
      title: 'Check the client got the service',
      dueDate: '2026-12-01',
      referralId: referral.id,
      assignee: { id: coordinator.user.id },
    });

    const declined = await newClient();
    const turnedDown = await refer(declined.client.id, declined.consent.id);
    await move(pantry.staff, turnedDown, 'REJECTED', { reasonCode: 'NO_CAPACITY' });
    const alternatives = (await care(declined.client.id)).tasks;
    expect(alternatives.map((t) => t.kind)).toEqual(['FIND_ALTERNATIVE']);

    const silent = await newClient();
    const unanswered = await refer(silent.client.id, silent.consent.id);
    expect((await care(silent.client.id)).tasks).toEqual([]);
    later((server.runtime.deps.settings.referralResponseHours + 1) * HOUR);
    await Promise.all([runReminders(server.runtime.deps), runReminders(server.runtime.deps)]);
    await runReminders(server.runtime.deps);
    const found = (await care(silent.client.id)).tasks;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'FIND_ALTERNATIVE', referralId: unanswered.id });
  });

  it('reminds of tasks due today and overdue once each, in the app and by email', async () => {
    const { client } = await newClient();
    const today = now.toISOString().slice(0, 10);
    const made = await coordinator.gql<{ createTask: Task }>(CREATE_TASK, {
      input: { clientId: client.id, title: 'Bring the voucher', dueDate: today },
    });
    const task = made.data?.createTask as Task;
    const deps = server.runtime.deps;
    await Promise.all([runTaskReminders(deps), runTaskReminders(deps), runTaskReminders(deps)]);
    await runTaskReminders(deps);
    const { TaskReminder, Notification, NotificationLog } = deps.db.models;
    expect(await TaskReminder.collection.countDocuments({ taskId: task.id })).toBe(1);
    const mailId = `task-reminder:${task.id}:due`;
    // One email, delivered by the worker (wait for it, so the count does not race its move).
    for (let i = 0; i < 100; i++) {
      if (await NotificationLog.collection.countDocuments({ _id: mailId as never })) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await NotificationLog.collection.countDocuments({ _id: mailId as never })).toBe(1);
    expect(await Notification.collection.countDocuments({ _id: mailId as never })).toBe(0);
    let due = await coordinator.gql<{ tasksDue: Task[] }>(TASKS_DUE, {});
    expect(due.data?.tasksDue.find((t) => t.id === task.id)?.reminder).toBe('due');

    later(DAY);
    await Promise.all([runTaskReminders(deps), runTaskReminders(deps)]);
    expect(await TaskReminder.collection.countDocuments({ taskId: task.id })).toBe(2);
    due = await coordinator.gql<{ tasksDue: Task[] }>(TASKS_DUE, {});
    expect(due.data?.tasksDue.find((t) => t.id === task.id)?.reminder).toBe('overdue');
  });

  it('shows the caseload with its figures, sorted and filtered', async () => {
    const mine = await coordinatorOf('Eastside Outreach');
    const deps = server.runtime.deps;
    const make = async (name: string) => {
      const { client, consent } = await buildClientWithConsent(
        server,
        mine,
        pantry.organization.id,
      );
      const res = await mine.gql(
        `mutation($input: UpdateClientInput!) { updateClient(input: $input) { id } }`,
        {
          input: { id: client.id, expectedVersion: client.version, name },
        },
      );
      expect(res.errors).toBeUndefined();
      return { client, consent };
    };
    const ana = await make('Ana Ruiz');
    const bo = await make('Bo Chen');
    const today = now.toISOString().slice(0, 10);
    const sendAs = async (clientId: string, consentId: string) => {
      const res = await mine.gql<{ createReferral: ReferralData }>(CREATE, {
        input: {
          clientId,
          consentId,
          serviceId: pantry.service.id,
          needs: ['food'],
          urgency: 'ROUTINE',
          idempotencyKey: newKey(),
          send: true,
        },
      });
      expect(res.errors).toBeUndefined();
      return res.data?.createReferral as ReferralData;
    };
    const r1 = await sendAs(ana.client.id, ana.consent.id);
    await sendAs(ana.client.id, ana.consent.id);
    await move(pantry.staff, r1, 'ACCEPTED');
    const checkDue = new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10);
    await mine.gql(CREATE_TASK, {
      input: { clientId: bo.client.id, title: 'Call', dueDate: today },
    });
    await mine.gql(ADD_NOTE, {
      input: { clientId: ana.client.id, text: 'Spoke on the phone', contact: true },
    });
    // Two needs opened, one of them addressed: one open need on the caseload.
    const food = await mine.gql<{ addNeed: { id: string; version: number } }>(ADD_NEED, {
      input: { clientId: ana.client.id, domain: 'FOOD_INSECURITY' },
    });
    await mine.gql(ADD_NEED, { input: { clientId: ana.client.id, domain: 'UTILITY_INSECURITY' } });
    const addressed = await mine.gql(CHANGE_NEED, {
      input: { id: food.data?.addNeed.id, expectedVersion: 1, status: 'ADDRESSED' },
    });
    expect(addressed.errors).toBeUndefined();
    later(DAY);

    const res = await mine.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {});
    expect(res.errors).toBeUndefined();
    const rows = res.data?.myCaseload ?? [];
    expect(rows.map((r) => r.name)).toEqual(['Ana Ruiz', 'Bo Chen']);
    const [a, b] = rows;
    expect(a).toMatchObject({
      openNeeds: 1,
      openReferrals: 2,
      nextTaskDue: checkDue,
      overdueTasks: 0,
    });
    expect(a?.referralsByStatus).toEqual([
      { status: 'ACCEPTED', count: 1 },
      { status: 'SENT', count: 1 },
    ]);
    expect(a?.lastContactAt).not.toBeNull();
    expect(b).toMatchObject({
      openReferrals: 0,
      nextTaskDue: today,
      overdueTasks: 1,
      lastContactAt: null,
    });

    const overdue = await mine.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {
      input: { overdueOnly: true },
    });
    expect(overdue.data?.myCaseload.map((r) => r.name)).toEqual(['Bo Chen']);
    const byStatus = await mine.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {
      input: { referralStatus: 'ACCEPTED' },
    });
    expect(byStatus.data?.myCaseload.map((r) => r.name)).toEqual(['Ana Ruiz']);
    const search = await mine.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {
      input: { search: 'chen' },
    });
    expect(search.data?.myCaseload.map((r) => r.name)).toEqual(['Bo Chen']);
    const lastContact = await mine.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {
      input: { sort: 'LAST_CONTACT' },
    });
    expect(lastContact.data?.myCaseload.map((r) => r.name)).toEqual(['Bo Chen', 'Ana Ruiz']);
    const overdueFirst = await mine.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {
      input: { sort: 'OVERDUE' },
    });
    expect(overdueFirst.data?.myCaseload.map((r) => r.name)).toEqual(['Bo Chen', 'Ana Ruiz']);

    // Someone else's caseload does not hold these clients.
    const theirs = await coordinator.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {});
    expect(theirs.data?.myCaseload.map((r) => r.clientId)).not.toContain(ana.client.id);
    expect(
      await deps.db.models.AuditEvent.collection.countDocuments({
        action: 'caseload.read',
        actorUserId: mine.user.id,
      }),
    ).toBe(6);
  });

  it('puts the client’s referrals, needs, goals, tasks and notes on one timeline, newest first', async () => {
    const { client, consent } = await newClient();
    const referral = await refer(client.id, consent.id);
    later(HOUR);
    await move(pantry.staff, referral, 'ACCEPTED');
    later(HOUR);
    await coordinator.gql(CREATE_GOAL, {
      input: { clientId: client.id, text: 'Groceries weekly', domain: 'FOOD_INSECURITY' },
    });
    later(HOUR);
    await coordinator.gql(ADD_NEED, { input: { clientId: client.id, domain: 'FOOD_INSECURITY' } });
    later(HOUR);
    const note = await coordinator.gql<{ addCaseNote: { id: string } }>(ADD_NOTE, {
      input: { clientId: client.id, text: 'Left a voicemail' },
    });
    expect(note.errors).toBeUndefined();
    const raw = await server.runtime.deps.db.models.CaseNote.collection.findOne({
      _id: note.data?.addCaseNote.id as never,
    });
    expect(JSON.stringify(raw)).not.toContain('voicemail');
    const { timeline, caseNotes } = await care(client.id);
    expect(caseNotes.map((n) => n.text)).toEqual(['Left a voicemail']);
    // Accepting the referral made the follow-up task at the same moment.
    expect(timeline.map((e) => e.kind)).toEqual([
      'note',
      'need.opened',
      'goal.created',
      'referral.accepted',
      'task.created',
      'referral.sent',
    ]);
    const times = timeline.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(timeline.at(-1)?.title).toBe('Referral to Weekly Groceries sent');
    const spanish = await coordinator.gql<{ client: { timeline: Array<{ title: string }> } }>(
      `query($id: ID!) { client(id: $id) { timeline(lang: "es") { title } } }`,
      { id: client.id },
    );
    expect(spanish.data?.client.timeline.map((e) => e.title)).toEqual([
      'Nota',
      'Necesidad abierta: Inseguridad alimentaria',
      'Meta fijada: Groceries weekly',
      'Derivación a Weekly Groceries: aceptada',
      'Tarea: Comprobar que el cliente recibió el servicio',
      'Derivación enviada a Weekly Groceries',
    ]);
    expect(await audits('timeline.read', client.id)).toBe(2);
    expect(await audits('note.read', client.id)).toBe(1);
  });

  it('prints the care plan as a PDF in the client’s language, for its organization only', async () => {
    const { client } = await newClient();
    await coordinator.gql(CREATE_GOAL, {
      input: { clientId: client.id, text: 'Pay the gas bill', domain: 'UTILITY_INSECURITY' },
    });
    const pdfUrl = (lang = '') =>
      server.url.replace(/\/graphql$/, `/clients/${client.id}/care-plan.pdf${lang}`);
    const get = (actor: TestActor | null, lang = '') =>
      fetch(pdfUrl(lang), actor ? { headers: { authorization: `Bearer ${actor.token}` } } : {});
    const mine = await get(coordinator, '?lang=es');
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await mine.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await get(outsider)).status).toBe(404);
    expect((await get(pantry.staff)).status).toBe(403);
    expect((await get(null)).status).toBe(401);
    expect(await audits('care-plan.print', client.id)).toBe(1);
  });

  it('offers the coordinators of one’s own organization as task assignees, and no one else', async () => {
    const ASSIGNEES = '{ taskAssignees { id name } }';
    const mine = await coordinator.gql<{ taskAssignees: Array<{ id: string }> }>(ASSIGNEES);
    expect(mine.errors).toBeUndefined();
    const ids = (mine.data?.taskAssignees ?? []).map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([coordinator.user.id, colleague.user.id]));
    expect(ids).not.toContain(outsider.user.id);
    expect(ids).not.toContain(pantry.staff.user.id);
    const theirs = await outsider.gql<{ taskAssignees: Array<{ id: string }> }>(ASSIGNEES);
    expect((theirs.data?.taskAssignees ?? []).map((p) => p.id)).toEqual([outsider.user.id]);
    const agency = await pantry.staff.gql(ASSIGNEES);
    expectError(agency, 'NOT_ALLOWED');
  });

  it('refuses another organization and agency staff everything of the plan', async () => {
    const { client, consent } = await newClient();
    const referral = await refer(client.id, consent.id);
    const goal = (
      await coordinator.gql<{ createGoal: Goal }>(CREATE_GOAL, {
        input: { clientId: client.id, text: 'Food', domain: 'FOOD_INSECURITY' },
      })
    ).data?.createGoal as Goal;
    const task = (
      await coordinator.gql<{ createTask: Task }>(CREATE_TASK, {
        input: {
          clientId: client.id,
          title: 'Call',
          dueDate: now.toISOString().slice(0, 10),
          referralId: referral.id,
        },
      })
    ).data?.createTask as Task;
    expect(task.referralId).toBe(referral.id);

    for (const actor of [outsider]) {
      expectError(await actor.gql(CLIENT_CARE, { id: client.id }), 'NOT_FOUND');
      expectError(
        await actor.gql(CREATE_GOAL, {
          input: { clientId: client.id, text: 'x', domain: 'OTHER' },
        }),
        'NOT_FOUND',
      );
      expectError(
        await actor.gql(UPDATE_GOAL, {
          input: { id: goal.id, expectedVersion: 1, status: 'ACTIVE' },
        }),
        'NOT_FOUND',
      );
      expectError(
        await actor.gql(CREATE_TASK, {
          input: { clientId: client.id, title: 'x', dueDate: '2027-01-01' },
        }),
        'NOT_FOUND',
      );
      expectError(await actor.gql(COMPLETE_TASK, { id: task.id }), 'NOT_FOUND');
      expectError(
        await actor.gql(ADD_NOTE, { input: { clientId: client.id, text: 'x' } }),
        'NOT_FOUND',
      );
      const theirs = await actor.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {});
      expect(theirs.data?.myCaseload).toEqual([]);
    }
    const staff = pantry.staff;
    expectError(await staff.gql(CLIENT_CARE, { id: client.id }), 'NOT_ALLOWED');
    expectError(await staff.gql(CASELOAD, {}), 'NOT_ALLOWED');
    expectError(await staff.gql(TASKS_DUE, {}), 'NOT_ALLOWED');
    expectError(
      await staff.gql(CREATE_GOAL, { input: { clientId: client.id, text: 'x', domain: 'OTHER' } }),
      'NOT_ALLOWED',
    );
    expectError(
      await staff.gql(UPDATE_GOAL, {
        input: { id: goal.id, expectedVersion: 1, status: 'ACTIVE' },
      }),
      'NOT_ALLOWED',
    );
    expectError(
      await staff.gql(CREATE_TASK, {
        input: { clientId: client.id, title: 'x', dueDate: '2027-01-01' },
      }),
      'NOT_ALLOWED',
    );
    expectError(await staff.gql(COMPLETE_TASK, { id: task.id }), 'NOT_ALLOWED');
    expectError(
      await staff.gql(ADD_NOTE, { input: { clientId: client.id, text: 'x' } }),
      'NOT_ALLOWED',
    );
    const referralClient = await staff.gql(
      `query($id: ID!) { referral(id: $id) { id client { __typename } } }`,
      { id: referral.id },
    );
    expect(JSON.stringify(referralClient.data)).not.toContain('goals');
    expect(await audits('goal.update.denied', client.id)).toBe(1);
  });
});

describe('caseloads for records saved before them', () => {
  it('puts earlier clients and referrals on their coordinators’ caseloads, once', async () => {
    const server = await startTestServer();
    try {
      const deps = server.runtime.deps;
      const pantry = await buildAgency(server, { name: 'Older Pantry' });
      const member = await buildMember(server, { name: 'Older Center', kinds: ['coordinating'] });
      const coordinator = await signedInAs(server, 'coordinator', { organizationId: member.id });
      const { client, consent } = await buildClientWithConsent(
        server,
        coordinator,
        pantry.organization.id,
      );
      const res = await coordinator.gql<{ createReferral: ReferralData }>(CREATE, {
        input: {
          clientId: client.id,
          consentId: consent.id,
          serviceId: pantry.service.id,
          needs: ['food'],
          urgency: 'ROUTINE',
          idempotencyKey: newKey(),
          send: true,
        },
      });
      expect(res.errors).toBeUndefined();
      // As if saved before summaries existed.
      await deps.db.models.ClientSummary.collection.deleteMany({});
      await deps.db.models.Caseload.collection.deleteMany({});
      // Their version claims and the backfill's marker went with them.
      await deps.db.models.Claim.collection.deleteMany({});
      expect(await backfillClientSummaries(deps)).toEqual({ clients: 1, referrals: 1 });
      expect(await backfillClientSummaries(deps)).toBeNull();
      const rows = await coordinator.gql<{ myCaseload: CaseloadRow[] }>(CASELOAD, {});
      expect(rows.data?.myCaseload).toMatchObject([
        { clientId: client.id, name: 'Maria Lopez', openReferrals: 1 },
      ]);
    } finally {
      await server.close();
    }
  });
});
