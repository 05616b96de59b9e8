import { isDuplicateKey } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import { startLeasedJob } from '../leased-job.ts';
import { queueReferralNotice } from '../notifications/referral-changes.ts';
import { findAlternativeTask } from '../tasks/referral-tasks.ts';
import { findReferralHeads, loadReferral, whileBusy } from './store.ts';

/**
 * Response deadlines. A sent referral left unanswered past the network's response time gets a
 * reminder to the agency; if it is still unanswered half a period after that, a reminder to the
 * coordinator. Each reminder is recorded once as `referral_reminders/<referralId>:<kind>`
 * (an insert, so two processes cannot both send it). A referral left unanswered past the response
 * time also gives its coordinator a "find an alternative" task (once: the task's id is fixed).
 */

export type ReminderKind = 'agency' | 'coordinator';

async function reminderAt(
  deps: Pick<DomainDeps, 'db'>,
  referralId: string,
  kind: ReminderKind,
): Promise<Date | null> {
  const doc = await deps.db.models.ReferralReminder.collection.findOne({
    _id: `${referralId}:${kind}` as never,
  });
  return doc ? new Date(doc.at as Date) : null;
}

async function remind(
  deps: DomainDeps,
  referral: { id: string; version: number },
  kind: ReminderKind,
): Promise<boolean> {
  const id = `${referral.id}:${kind}`;
  // Queue first with a fixed id (a repeat is a no-op), then record: a crash in between only
  // means the next run queues the same id again.
  await queueReferralNotice(
    deps,
    referral,
    kind === 'agency' ? 'REMINDER_AGENCY' : 'REMINDER_COORDINATOR',
    `reminder:${id}`,
  );
  try {
    await whileBusy(() =>
      deps.db.models.ReferralReminder.collection.insertOne({
        _id: id as never,
        referralId: referral.id,
        kind,
        version: referral.version,
        at: deps.clock.now(),
      }),
    );
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

async function unansweredTask(deps: DomainDeps, referralId: string): Promise<void> {
  const taskId = `task:referral:${referralId}:find-alternative`;
  if (await deps.db.models.Task.collection.findOne({ _id: taskId as never })) return;
  const referral = await loadReferral(deps, referralId);
  if (referral?.status === 'SENT') await findAlternativeTask(deps, referral);
}

/**
 * Finds sent referrals past their deadline and queues the reminders due. Scans the sent referral
 * heads (FerretDB v1 has no usable secondary index). Returns how many reminders it queued.
 */
export async function runReminders(deps: DomainDeps): Promise<number> {
  const now = deps.clock.now().getTime();
  const period = deps.settings.referralResponseHours * 3_600_000;
  const heads = await findReferralHeads(deps, { status: 'SENT' });
  let sent = 0;
  for (const head of heads) {
    if (!head.sentAt) continue;
    const id = String(head._id);
    if (now - new Date(head.sentAt as Date).getTime() <= period) continue;
    await unansweredTask(deps, id);
    const agencyAt = await reminderAt(deps, id, 'agency');
    if (agencyAt && now - agencyAt.getTime() < period / 2) continue;
    if (agencyAt && (await reminderAt(deps, id, 'coordinator'))) continue;
    // The head may lag its versions: confirm on the rolled-forward referral.
    const referral = await loadReferral(deps, id);
    if (referral?.status !== 'SENT') continue;
    if (await remind(deps, referral, agencyAt ? 'coordinator' : 'agency')) sent += 1;
  }
  return sent;
}

/** Runs the reminder job every `intervalMs`, once per interval across all server processes. */
export function startReminderJob(deps: DomainDeps, intervalMs: number, leaseMs = 60_000) {
  return startLeasedJob(
    deps,
    async () => {
      await runReminders(deps);
    },
    { name: 'referral-reminders', intervalMs, leaseMs },
  );
}
