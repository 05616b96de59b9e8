import { isDuplicateKey } from '../../db/documents.ts';
import { getUser } from '../accounts/users.ts';
import type { DomainDeps } from '../deps.ts';
import { startLeasedJob } from '../leased-job.ts';
import { enqueueNotification, notificationSettings } from '../notifications/outbox.ts';
import { whileBusy } from '../referrals/store.ts';
import { isoDay } from './tasks.ts';

/**
 * Reminders about follow-up tasks: one when a task is due today, one when it is overdue, each
 * sent once. A reminder is in the app (a `task_reminders` record, `_id` `<taskId>:<kind>`, which
 * the assignee's list of tasks due shows) and by email through the notification outbox (an
 * entry with the same id, so queuing twice is a no-op). The email names no client.
 */

export type TaskReminderKind = 'due' | 'overdue';

/** Sends the reminders due now. Returns how many it recorded. */
export async function runTaskReminders(deps: DomainDeps): Promise<number> {
  const today = isoDay(deps.clock.now());
  // A scan of open tasks (FerretDB v1 uses no secondary index); open tasks are few.
  const docs = await deps.db.models.Task.collection
    .find({ status: 'OPEN' }, { projection: { sealed: 0 } })
    .toArray();
  const appUrl = notificationSettings(deps)?.appUrl ?? '';
  let recorded = 0;
  for (const task of docs) {
    const dueDate = String(task.dueDate);
    if (dueDate > today) continue;
    const kind: TaskReminderKind = dueDate < today ? 'overdue' : 'due';
    const id = `${String(task._id)}:${kind}`;
    const known = await deps.db.models.TaskReminder.collection.findOne({ _id: id as never });
    if (known) continue;
    const user = await getUser(deps, String(task.assigneeUserId));
    // Queue first with a fixed id (a repeat is a no-op), then record: a crash in between only
    // means the next run queues the same id again.
    if (user && !user.disabled) {
      await whileBusy(() =>
        enqueueNotification(deps, {
          id: `task-reminder:${id}`,
          channel: 'email',
          to: user.email,
          template: kind === 'due' ? 'task.due' : 'task.overdue',
          data: {
            serviceName: '',
            agencyName: '',
            link: `${appUrl}/clients/${encodeURIComponent(String(task.clientId))}`,
          },
        }),
      );
    }
    try {
      await whileBusy(() =>
        deps.db.models.TaskReminder.collection.insertOne({
          _id: id as never,
          taskId: String(task._id),
          userId: String(task.assigneeUserId),
          kind,
          at: deps.clock.now(),
        }),
      );
      recorded += 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return recorded;
}

/** The in-app reminders recorded for these tasks, by task id (the newest kind wins). */
export async function remindersOf(
  deps: Pick<DomainDeps, 'db'>,
  taskIds: string[],
): Promise<Map<string, { kind: TaskReminderKind; at: Date }>> {
  const found = new Map<string, { kind: TaskReminderKind; at: Date }>();
  await Promise.all(
    taskIds.flatMap((taskId) =>
      (['due', 'overdue'] as const).map(async (kind) => {
        const doc = await deps.db.models.TaskReminder.collection.findOne({
          _id: `${taskId}:${kind}` as never,
        });
        if (doc && (kind === 'overdue' || !found.has(taskId))) {
          found.set(taskId, { kind, at: new Date(doc.at as Date) });
        }
      }),
    ),
  );
  return found;
}

/** Runs the task reminder job every `intervalMs`, once per interval across all processes. */
export function startTaskReminderJob(deps: DomainDeps, intervalMs: number, leaseMs = 60_000) {
  return startLeasedJob(
    deps,
    async () => {
      await runTaskReminders(deps);
    },
    { name: 'task-reminders', intervalMs, leaseMs },
  );
}
