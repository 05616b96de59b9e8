import { getUser } from '../domain/accounts/users.ts';
import {
  createGoal,
  type Goal,
  type GoalChange,
  type GoalFieldChange,
  goalAchievements,
  goalStatuses,
  listGoals,
  updateGoal,
} from '../domain/care-plan/goals.ts';
import { clientTimeline, type TimelineEntry } from '../domain/care-plan/timeline.ts';
import { type CaseloadRow, caseloadSorts, myCaseload } from '../domain/caseload/caseload.ts';
import { addCaseNote, type CaseNote, listCaseNotes } from '../domain/clients/case-notes.ts';
import { remindersOf } from '../domain/tasks/reminders.ts';
import {
  completeTask,
  createTask,
  listClientTasks,
  listTaskAssignees,
  listTasksDue,
  type Task,
  taskKinds,
  taskStatuses,
} from '../domain/tasks/tasks.ts';
import { builder } from './builder.ts';
import { ClientRef } from './client.ts';
import { NeedDomainEnum } from './need-domain.ts';
import { ReferralStatusEnum } from './referral.ts';

/**
 * The care around a client: goals (the care plan), follow-up tasks, case notes, the timeline and
 * a coordinator's caseload. Coordinators of the client's organization only; agencies see none of
 * it (every domain call checks the client's organization again).
 */

const GoalStatusEnum = builder.enumType('GoalStatus', {
  description: 'A goal’s lifecycle status (FHIR Goal.lifecycleStatus).',
  values: goalStatuses,
});
const GoalAchievementEnum = builder.enumType('GoalAchievement', {
  description: 'How the goal is going (FHIR Goal.achievementStatus).',
  values: goalAchievements,
});
const TaskStatusEnum = builder.enumType('TaskStatus', { values: taskStatuses });
const TaskKindEnum = builder.enumType('TaskKind', {
  description: 'Made by hand (MANUAL) or by Wayfinder after a referral or appointment event.',
  values: taskKinds,
});
const CaseloadSortEnum = builder.enumType('CaseloadSort', {
  description:
    'NAME; NEXT_TASK_DUE (soonest first); OVERDUE (most overdue tasks first); LAST_CONTACT (longest without contact first).',
  values: caseloadSorts,
});

const PersonRef = builder.objectRef<{ id: string; name: string }>('CarePerson').implement({
  description: 'A colleague named on a task or a goal’s history.',
  authScopes: { coordinator: true },
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

async function person(ctx: { deps: Parameters<typeof getUser>[0] }, id: string | null) {
  if (!id) return null;
  const user = await getUser(ctx.deps, id);
  return { id, name: user?.name ?? 'A former colleague' };
}

const GoalFieldChangeRef = builder.objectRef<GoalFieldChange>('GoalFieldChange').implement({
  description: 'One field of a goal changed; from and to are null for the goal’s words.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    field: t.exposeString('field'),
    from: t.exposeString('from', { nullable: true }),
    to: t.exposeString('to', { nullable: true }),
  }),
});

const GoalChangeRef = builder.objectRef<GoalChange>('GoalChange').implement({
  description: 'One change of a goal: who, when, what.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (c) => new Date(c.at) }),
    by: t.field({
      type: PersonRef,
      nullable: true,
      resolve: (c, _args, ctx) => person(ctx, c.userId),
    }),
    changes: t.field({ type: [GoalFieldChangeRef], resolve: (c) => c.changes }),
  }),
});

const TaskRef = builder.objectRef<Task>('Task').implement({
  description: 'A follow-up task about a client.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeID('clientId'),
    kind: t.field({ type: TaskKindEnum, resolve: (task) => task.kind }),
    title: t.exposeString('title'),
    dueDate: t.exposeString('dueDate', { description: 'YYYY-MM-DD.' }),
    status: t.field({ type: TaskStatusEnum, resolve: (task) => task.status }),
    goalId: t.exposeID('goalId', { nullable: true }),
    referralId: t.exposeID('referralId', { nullable: true }),
    assignee: t.field({
      type: PersonRef,
      nullable: true,
      resolve: (task, _args, ctx) => person(ctx, task.assigneeUserId),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (task) => new Date(task.createdAt) }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (task) => (task.closedAt ? new Date(task.closedAt) : null),
    }),
    reminder: t.string({
      nullable: true,
      description: 'The reminder sent about it: due (due today) or overdue; null when none yet.',
      resolve: async (task, _args, ctx) =>
        (await remindersOf(ctx.deps, [task.id])).get(task.id)?.kind ?? null,
    }),
  }),
});

const GoalRef = builder.objectRef<Goal>('Goal').implement({
  description: 'A goal on a client’s care plan (its words are sealed at rest).',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeID('clientId'),
    text: t.exposeString('text'),
    domain: t.field({ type: NeedDomainEnum, resolve: (g) => g.domain }),
    targetDate: t.exposeString('targetDate', { nullable: true, description: 'YYYY-MM-DD.' }),
    status: t.field({ type: GoalStatusEnum, resolve: (g) => g.status }),
    achievement: t.field({ type: GoalAchievementEnum, resolve: (g) => g.achievement }),
    needIds: t.exposeIDList('needIds'),
    referralIds: t.exposeIDList('referralIds'),
    tasks: t.withAuth({ coordinator: true }).field({
      type: [TaskRef],
      description: 'The client’s tasks linked to this goal.',
      resolve: async (g, _args, ctx) =>
        (await listClientTasks(ctx.deps, ctx.actor, g.clientId)).filter((x) => x.goalId === g.id),
    }),
    version: t.exposeInt('version', { description: 'Send it back as expectedVersion.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (g) => new Date(g.createdAt) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (g) => new Date(g.updatedAt) }),
    history: t.field({
      type: [GoalChangeRef],
      description: 'Every change, oldest first (the first is the goal being set).',
      resolve: (g) => g.history,
    }),
  }),
});

const CaseNoteRef = builder.objectRef<CaseNote>('CaseNote').implement({
  description: 'A dated note about a client (sealed at rest; every read audited).',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    text: t.exposeString('text'),
    contact: t.exposeBoolean('contact', { description: 'It records contact with the client.' }),
    at: t.field({ type: 'DateTime', resolve: (n) => n.at }),
    author: t.field({
      type: PersonRef,
      nullable: true,
      resolve: (n, _args, ctx) => person(ctx, n.authorUserId),
    }),
  }),
});

const TimelineEntryRef = builder.objectRef<TimelineEntry>('TimelineEntry').implement({
  description: 'Something that happened around a client.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    kind: t.exposeString('kind', {
      description: 'referral.<status>, goal.created, goal.updated, task.created, task.done, note …',
    }),
    title: t.exposeString('title'),
    detail: t.string({ nullable: true, resolve: (e) => e.detail ?? null }),
    refId: t.id({ nullable: true, resolve: (e) => e.refId ?? null }),
  }),
});

builder.objectFields(ClientRef, (t) => ({
  goals: t.withAuth({ coordinator: true }).field({
    type: [GoalRef],
    description: 'The client’s care plan, oldest goal first (audited).',
    resolve: (c, _args, ctx) => listGoals(ctx.deps, ctx.actor, c.id),
  }),
  tasks: t.withAuth({ coordinator: true }).field({
    type: [TaskRef],
    description: 'The client’s follow-up tasks: open ones by due date, then closed ones.',
    resolve: (c, _args, ctx) => listClientTasks(ctx.deps, ctx.actor, c.id),
  }),
  caseNotes: t.withAuth({ coordinator: true }).field({
    type: [CaseNoteRef],
    description: 'Notes about the client, newest first (audited).',
    resolve: (c, _args, ctx) => listCaseNotes(ctx.deps, ctx.actor, c.id),
  }),
  timeline: t.withAuth({ coordinator: true }).field({
    type: [TimelineEntryRef],
    description: 'Referrals and their changes, goals, tasks and notes, newest first (audited).',
    args: { lang: t.arg.string({ description: 'en or es: the language of the titles (en).' }) },
    resolve: (c, args, ctx) => clientTimeline(ctx.deps, ctx.actor, c.id, { lang: args.lang }),
  }),
}));

const StatusCountRef = builder
  .objectRef<CaseloadRow['referralsByStatus'][number]>('ReferralStatusCount')
  .implement({
    authScopes: { coordinator: true },
    fields: (t) => ({
      status: t.field({ type: ReferralStatusEnum, resolve: (s) => s.status }),
      count: t.exposeInt('count'),
    }),
  });

const CaseloadRowRef = builder.objectRef<CaseloadRow>('CaseloadClient').implement({
  description: 'One client on a coordinator’s caseload, with what needs doing.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    clientId: t.exposeID('clientId'),
    name: t.exposeString('name'),
    openNeeds: t.exposeInt('openNeeds'),
    openReferrals: t.exposeInt('openReferrals'),
    referralsByStatus: t.field({
      type: [StatusCountRef],
      description: 'Open referrals (not yet final) by status.',
      resolve: (r) => r.referralsByStatus,
    }),
    nextTaskDue: t.exposeString('nextTaskDue', { nullable: true, description: 'YYYY-MM-DD.' }),
    overdueTasks: t.exposeInt('overdueTasks'),
    lastContactAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.lastContactAt }),
  }),
});

const CaseloadInput = builder.inputType('CaseloadInput', {
  fields: (t) => ({
    sort: t.field({ type: CaseloadSortEnum, description: 'NAME unless given.' }),
    search: t.string({ description: 'Part of a client’s name.' }),
    overdueOnly: t.boolean({ description: 'Only clients with an overdue task.' }),
    withOpenReferrals: t.boolean({ description: 'Only clients with an open referral.' }),
    referralStatus: t.field({
      type: ReferralStatusEnum,
      description: 'Only clients with an open referral in this status.',
    }),
  }),
});

builder.queryField('myCaseload', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: [CaseloadRowRef],
    description:
      'Your clients (you created the record, referred them or hold a task for them) with open needs, referrals and tasks.',
    args: { input: t.arg({ type: CaseloadInput }) },
    resolve: (_root, args, ctx) => myCaseload(ctx.deps, ctx.actor, args.input ?? {}),
  }),
);

builder.queryField('taskAssignees', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: [PersonRef],
    description: 'Who you may assign a follow-up task to: the coordinators of your organization.',
    resolve: (_root, _args, ctx) => listTaskAssignees(ctx.deps, ctx.actor),
  }),
);

builder.queryField('tasksDue', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: [TaskRef],
    description:
      'Your open tasks due today or overdue (or due within `withinDays`), soonest first.',
    args: { withinDays: t.arg.int({ description: '0–60; 0 unless given.' }) },
    resolve: (_root, args, ctx) =>
      listTasksDue(ctx.deps, ctx.actor, { withinDays: args.withinDays }),
  }),
);

const CreateGoalInput = builder.inputType('CreateGoalInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    text: t.string({ required: true, description: 'The goal in the client’s words.' }),
    domain: t.field({ type: NeedDomainEnum, required: true }),
    targetDate: t.string({ description: 'YYYY-MM-DD, today or later.' }),
    status: t.field({ type: GoalStatusEnum, description: 'PROPOSED unless given.' }),
    needIds: t.idList({ description: 'The client’s needs this goal answers.' }),
    referralIds: t.idList({ description: 'The client’s referrals that serve this goal.' }),
  }),
});

builder.mutationField('createGoal', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: GoalRef,
    description: 'Adds a goal to a client’s care plan.',
    args: { input: t.arg({ type: CreateGoalInput, required: true }) },
    resolve: (_root, args, ctx) => createGoal(ctx.deps, ctx.actor, args.input),
  }),
);

const UpdateGoalInput = builder.inputType('UpdateGoalInput', {
  description: 'Fields left out stay as they are; null clears the target date.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    text: t.string(),
    domain: t.field({ type: NeedDomainEnum }),
    targetDate: t.string({ description: 'YYYY-MM-DD; a new date must be today or later.' }),
    status: t.field({ type: GoalStatusEnum }),
    achievement: t.field({ type: GoalAchievementEnum }),
    needIds: t.idList(),
    referralIds: t.idList(),
  }),
});

builder.mutationField('updateGoal', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: GoalRef,
    description: 'Changes a goal (status, achievement, words, links), if nobody changed it since.',
    args: { input: t.arg({ type: UpdateGoalInput, required: true }) },
    resolve: (_root, args, ctx) => updateGoal(ctx.deps, ctx.actor, args.input),
  }),
);

const CreateTaskInput = builder.inputType('CreateTaskInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    title: t.string({ required: true }),
    dueDate: t.string({ required: true, description: 'YYYY-MM-DD, today or later.' }),
    assigneeUserId: t.id({
      description: 'A coordinator of the client’s organization; you unless given.',
    }),
    goalId: t.id(),
    referralId: t.id(),
  }),
});

builder.mutationField('createTask', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: TaskRef,
    description: 'Creates a follow-up task about a client.',
    args: { input: t.arg({ type: CreateTaskInput, required: true }) },
    resolve: (_root, args, ctx) => createTask(ctx.deps, ctx.actor, args.input),
  }),
);

const CloseTaskStatusEnum = builder.enumType('TaskClosing', {
  description: 'How a task ends.',
  values: ['DONE', 'CANCELLED'] as const,
});

builder.mutationField('completeTask', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: TaskRef,
    description: 'Marks an open task done (or cancelled). A task closes once.',
    args: {
      id: t.arg.id({ required: true }),
      status: t.arg({ type: CloseTaskStatusEnum, description: 'DONE unless given.' }),
    },
    resolve: (_root, args, ctx) =>
      completeTask(ctx.deps, ctx.actor, { id: String(args.id), status: args.status }),
  }),
);

const AddCaseNoteInput = builder.inputType('AddCaseNoteInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    text: t.string({ required: true, description: 'At most 5,000 characters.' }),
    contact: t.boolean({ description: 'The note records contact with the client.' }),
  }),
});

builder.mutationField('addCaseNote', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: CaseNoteRef,
    description: 'Adds a note to a client’s record.',
    args: { input: t.arg({ type: AddCaseNoteInput, required: true }) },
    resolve: (_root, args, ctx) => addCaseNote(ctx.deps, ctx.actor, args.input),
  }),
);
