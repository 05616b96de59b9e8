import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { canRefer } from '../accounts/policy.ts';
import { getUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import { addCoordinator, changeSummary, readSummary } from '../caseload/summary.ts';
import { assertKeepsClient } from '../clients/client-access.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors.ts';
import { whileBusy } from '../referrals/store.ts';
import { parseInput } from '../validate.ts';

/**
 * Follow-up tasks: something a coordinator of the client's organization must do by a date,
 * about a client and maybe one of their goals or referrals. Made by hand, or by Wayfinder when
 * a referral is accepted ("check the client got the service"), declined or left unanswered
 * ("find an alternative"), or an appointment is missed ("reach the client"). A task's title is
 * sealed at rest (it may name the client); a system task's id is derived from what caused it, so
 * it is created once however many processes see the cause.
 */

export const taskStatuses = ['OPEN', 'DONE', 'CANCELLED'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Why a task exists: by hand, or which event made it. */
export const taskKinds = ['MANUAL', 'CHECK_SERVICE', 'FIND_ALTERNATIVE', 'REACH_CLIENT'] as const;
export type TaskKind = (typeof taskKinds)[number];

export type Task = {
  id: string;
  clientId: string;
  organizationId: string;
  kind: TaskKind;
  title: string;
  /** YYYY-MM-DD (UTC calendar, like every date Wayfinder writes). */
  dueDate: string;
  assigneeUserId: string;
  goalId: string | null;
  referralId: string | null;
  status: TaskStatus;
  createdAt: Date;
  /** Null for a task Wayfinder made. */
  createdByUserId: string | null;
  closedAt: Date | null;
  closedByUserId: string | null;
};

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

const TITLE_MAX = 300;
const DATE_MESSAGE = 'Due date must be a date such as 2027-03-31.';

/** The words of a task Wayfinder makes (a title for people, in English). */
export const systemTaskTitles: Record<Exclude<TaskKind, 'MANUAL'>, string> = {
  CHECK_SERVICE: 'Check the client got the service',
  FIND_ALTERNATIVE: 'Find an alternative service',
  REACH_CLIENT: 'Reach the client about the missed appointment',
};

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The calendar day `days` after `at` (UTC). */
export function dayAfter(at: Date, days: number): string {
  return isoDay(new Date(at.getTime() + days * 86_400_000));
}

const createSchema = z.object({
  clientId: z.string().min(1).max(200),
  title: z
    .string({ error: 'Give the task a title.' })
    .trim()
    .min(1, { error: 'Give the task a title.' })
    .max(TITLE_MAX, { error: `A title must be at most ${TITLE_MAX} characters.` }),
  dueDate: z
    .string({ error: DATE_MESSAGE })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DATE_MESSAGE })
    .refine((v) => isoDay(new Date(`${v}T00:00:00Z`)) === v, { error: DATE_MESSAGE }),
  assigneeUserId: z.string().min(1).max(200).nullish(),
  goalId: z.string().min(1).max(200).nullish(),
  referralId: z.string().min(1).max(200).nullish(),
});

const completeSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.enum(['DONE', 'CANCELLED']).nullish(),
});

type SealedTask = { title: string };

function toDoc(deps: Pick<DomainDeps, 'cipher'>, task: Task): Document {
  const { id: _id, title, ...rest } = task;
  return { ...rest, sealed: deps.cipher.seal(JSON.stringify({ title } satisfies SealedTask)) };
}

function fromDoc(deps: Pick<DomainDeps, 'cipher'>, doc: Document): Task {
  const { _id, sealed, ...rest } = doc;
  const { title } = JSON.parse(deps.cipher.open(String(sealed))) as SealedTask;
  return { ...(rest as Omit<Task, 'id' | 'title'>), id: String(_id), title };
}

async function noteTask(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  task: Task,
): Promise<void> {
  await changeSummary(deps, task.clientId, task.organizationId, (summary) => {
    summary.tasks[task.id] = {
      status: task.status,
      dueDate: task.dueDate,
      assigneeUserId: task.assigneeUserId,
      goalId: task.goalId,
      referralId: task.referralId,
    };
    addCoordinator(summary, task.assigneeUserId);
  });
}

function invalid(path: string, message: string): InvalidInputError {
  return new InvalidInputError([{ path, message }], message);
}

/**
 * Creates a task by hand, assigned to the actor unless another coordinator of the client's
 * organization is named (audited as task.create). Throws NotAllowedError, NotFoundError (also
 * for another organization's client), InvalidInputError (a due date in the past, an assignee
 * outside the organization, a goal or referral that is not the client's).
 */
export async function createTask(deps: Deps, actor: Actor, input: unknown): Promise<Task> {
  const parsed = parseInput(createSchema, input);
  const { organizationId } = await assertKeepsClient(deps, actor, parsed.clientId, 'task.create');
  const now = deps.clock.now();
  if (parsed.dueDate < isoDay(now)) {
    throw invalid('dueDate', 'The due date is in the past. Choose today or a later date.');
  }
  const assigneeUserId = parsed.assigneeUserId ?? actor.userId;
  if (assigneeUserId !== actor.userId) {
    const user = await getUser(deps, assigneeUserId);
    const coordinates =
      user !== null &&
      !user.disabled &&
      user.organizationId === organizationId &&
      canRefer({ ...actor, role: user.role });
    if (!coordinates) {
      throw invalid(
        'assigneeUserId',
        'A task can be assigned only to a coordinator of the client’s organization.',
      );
    }
  }
  const summary = await readSummary(deps, parsed.clientId, organizationId);
  if (parsed.goalId && !summary.goals[parsed.goalId]) {
    throw invalid('goalId', 'This goal is not on the client’s care plan.');
  }
  if (parsed.referralId && !summary.referrals[parsed.referralId]) {
    throw invalid('referralId', 'This referral is not one of the client’s.');
  }
  const task: Task = {
    id: randomUUID(),
    clientId: parsed.clientId,
    organizationId,
    kind: 'MANUAL',
    title: parsed.title,
    dueDate: parsed.dueDate,
    assigneeUserId,
    goalId: parsed.goalId ?? null,
    referralId: parsed.referralId ?? null,
    status: 'OPEN',
    createdAt: now,
    createdByUserId: actor.userId,
    closedAt: null,
    closedByUserId: null,
  };
  await deps.db.models.Task.collection.insertOne({ _id: task.id as never, ...toDoc(deps, task) });
  await noteTask(deps, task);
  await recordAudit(deps, actor, {
    action: 'task.create',
    subjectType: 'client',
    subjectId: task.clientId,
    detail: { taskId: task.id },
  });
  return task;
}

export type SystemTaskInput = {
  /** What caused it, unique per cause (`referral:<id>:check-service`): the task's id. */
  key: string;
  kind: Exclude<TaskKind, 'MANUAL'>;
  clientId: string;
  organizationId: string;
  assigneeUserId: string;
  dueDate: string;
  referralId?: string | null;
  goalId?: string | null;
};

/**
 * Creates a task Wayfinder decided on (a referral accepted or declined, an appointment missed).
 * Its id is `key`, so however many processes see the cause, one insert wins: returns the task,
 * or null when it existed already.
 */
export async function createSystemTask(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  input: SystemTaskInput,
): Promise<Task | null> {
  const task: Task = {
    id: `task:${input.key}`,
    clientId: input.clientId,
    organizationId: input.organizationId,
    kind: input.kind,
    title: systemTaskTitles[input.kind],
    dueDate: input.dueDate,
    assigneeUserId: input.assigneeUserId,
    goalId: input.goalId ?? null,
    referralId: input.referralId ?? null,
    status: 'OPEN',
    createdAt: deps.clock.now(),
    createdByUserId: null,
    closedAt: null,
    closedByUserId: null,
  };
  try {
    await whileBusy(() =>
      deps.db.models.Task.collection.insertOne({ _id: task.id as never, ...toDoc(deps, task) }),
    );
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
  await noteTask(deps, task);
  await recordAudit(deps, null, {
    action: 'task.create',
    subjectType: 'client',
    subjectId: task.clientId,
    detail: { taskId: task.id, kind: task.kind },
  });
  return task;
}

/** Loads a task by id with no check (null when none). */
export async function loadTask(
  deps: Pick<DomainDeps, 'db' | 'cipher'>,
  id: string,
): Promise<Task | null> {
  const doc = await deps.db.models.Task.collection.findOne({ _id: id as never });
  return doc ? fromDoc(deps, doc) : null;
}

/**
 * Marks an open task done (or cancelled). A task closes once: the first of two simultaneous
 * closes wins and the other gets a ConflictError naming what happened. Audited as task.complete.
 * Throws NotFoundError (also for another organization's task), NotAllowedError, ConflictError.
 */
export async function completeTask(deps: Deps, actor: Actor, input: unknown): Promise<Task> {
  const parsed = parseInput(completeSchema, input);
  const current = await loadTask(deps, parsed.id);
  if (!current) throw new NotFoundError('task', parsed.id);
  try {
    await assertKeepsClient(deps, actor, current.clientId, 'task.complete');
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('task', parsed.id);
    throw error;
  }
  const closedMessage = (task: Task) =>
    `This task was already ${task.status === 'DONE' ? 'done' : 'cancelled'}.`;
  if (current.status !== 'OPEN') throw new ConflictError(closedMessage(current));
  const now = deps.clock.now();
  const claimed = await claimOne(deps.db.models.Claim.collection, `tasks:${current.id}`, 0, {
    token: claimToken(),
    now,
    // A close is never taken back, so its claim never lapses.
    leaseMs: 100 * 365 * 86_400_000,
  });
  if (claimed === null) {
    const winner = (await loadTask(deps, current.id)) ?? current;
    throw new ConflictError(
      winner.status === 'OPEN'
        ? 'This task is being closed by someone else.'
        : closedMessage(winner),
    );
  }
  const next: Task = {
    ...current,
    status: parsed.status ?? 'DONE',
    closedAt: now,
    closedByUserId: actor.userId,
  };
  await deps.db.models.Task.collection.replaceOne({ _id: next.id as never }, toDoc(deps, next));
  await noteTask(deps, next);
  await recordAudit(deps, actor, {
    action: 'task.complete',
    subjectType: 'client',
    subjectId: next.clientId,
    detail: { taskId: next.id, status: next.status },
  });
  return next;
}

/** A client's tasks with no check and no audit (open first by due date, then closed). */
export async function loadClientTasks(
  deps: Pick<DomainDeps, 'db' | 'cipher'>,
  clientId: string,
  organizationId: string,
): Promise<Task[]> {
  const summary = await readSummary(deps, clientId, organizationId);
  const tasks = await Promise.all(Object.keys(summary.tasks).map((id) => loadTask(deps, id)));
  return tasks
    .filter((t): t is Task => t !== null && t.clientId === clientId)
    .sort(
      (a, b) =>
        Number(a.status !== 'OPEN') - Number(b.status !== 'OPEN') ||
        a.dueDate.localeCompare(b.dueDate),
    );
}

/**
 * A client's tasks (audited as task.read). Throws NotAllowedError, NotFoundError (also for
 * another organization's client).
 */
export async function listClientTasks(deps: Deps, actor: Actor, clientId: string): Promise<Task[]> {
  const { organizationId } = await assertKeepsClient(deps, actor, clientId, 'task.read');
  const tasks = await loadClientTasks(deps, clientId, organizationId);
  await recordAudit(deps, actor, {
    action: 'task.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { results: tasks.length },
  });
  return tasks;
}

/**
 * The actor's open tasks due by `within` days from today (0: today and overdue), soonest first.
 * A scan of open tasks assigned to the actor. Throws NotAllowedError.
 */
export async function listTasksDue(
  deps: Deps,
  actor: Actor,
  options: { withinDays?: number | null } = {},
): Promise<Task[]> {
  if (!canRefer(actor)) throw new NotAllowedError('Only coordinators have follow-up tasks.');
  const within = options.withinDays ?? 0;
  if (!Number.isInteger(within) || within < 0 || within > 60) {
    throw invalid('withinDays', 'Ask for tasks due within 0 to 60 days.');
  }
  const until = dayAfter(deps.clock.now(), within);
  const docs = await deps.db.models.Task.collection
    .find({ assigneeUserId: actor.userId, status: 'OPEN' })
    .toArray();
  const tasks = docs
    .map((d) => fromDoc(deps, d))
    .filter((t) => t.organizationId === actor.organizationId && t.dueDate <= until)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  for (const clientId of new Set(tasks.map((t) => t.clientId))) {
    await recordAudit(deps, actor, {
      action: 'task.read',
      subjectType: 'client',
      subjectId: clientId,
      detail: { via: 'tasksDue' },
    });
  }
  return tasks;
}

/**
 * Who a coordinator may assign a task to: the active coordinators of their own organization,
 * by name (the signed-in coordinator among them). Throws NotAllowedError.
 */
export async function listTaskAssignees(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
): Promise<Array<{ id: string; name: string }>> {
  if (!canRefer(actor)) throw new NotAllowedError('Only coordinators assign follow-up tasks.');
  const docs = await deps.db.models.User.collection
    .find({ organizationId: actor.organizationId })
    .toArray();
  return docs
    .filter((doc) => doc.disabled !== true && canRefer({ ...actor, role: doc.role }))
    .map((doc) => ({ id: String(doc._id), name: String(doc.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
