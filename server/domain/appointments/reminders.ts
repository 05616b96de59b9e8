import { isDuplicateKey } from '../../db/documents.ts';
import { clientContactFor } from '../clients/contact.ts';
import type { DomainDeps } from '../deps.ts';
import { runFeedbackSurveys } from '../feedback/surveys.ts';
import { startLeasedJob } from '../leased-job.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { organizationName, serviceName } from '../notifications/referral-changes.ts';
import { loadReferral, whileBusy } from '../referrals/store.ts';
import { type Appointment, appointmentsStarting, loadAppointment } from './appointments.ts';
import { describeLocalTime, reminderMessage } from './wording.ts';

/**
 * Day-before reminders to clients. An appointment starting within the next day (and more than an
 * hour away) gets one reminder, by text message or email in the client's language, while the
 * referral's consent lets us contact them. Once means once across processes: the reminder is
 * claimed by inserting `appointment_reminders/<appointmentId>` before it is queued, and queued
 * under a fixed outbox id; a claim whose process died before queuing is queued again later
 * (the fixed id keeps a message still waiting in the outbox from being doubled).
 */

const HOUR = 3_600_000;
/** How long before an appointment its reminder goes. */
const REMIND_WITHIN_MS = 24 * HOUR;
/** Closer than this, a reminder is no use. */
const TOO_LATE_MS = HOUR;
/** A claim not marked queued after this long is taken to be a dead process's. */
const STALE_CLAIM_MS = 5 * 60_000;

type Deps = DomainDeps;

const messageIdOf = (appointmentId: string) => `appointment-reminder:${appointmentId}`;

/** Queues the reminder for one appointment; false when the client may not be contacted. */
async function queueReminder(deps: Deps, appointment: Appointment): Promise<boolean> {
  const referral = await loadReferral(deps, appointment.referralId);
  if (!referral) return false;
  const contact = await clientContactFor(deps, referral, 'appointmentReminder');
  if (!contact) return false;
  const [service, agency] = await Promise.all([
    serviceName(deps, appointment.serviceId),
    organizationName(deps, appointment.receivingOrganizationId),
  ]);
  const place = [appointment.site.name, appointment.site.address].filter(Boolean).join(', ');
  const message = reminderMessage(contact.language, {
    serviceName: service,
    agencyName: agency,
    when: describeLocalTime(appointment.startAt, appointment.site.timezone, contact.language),
    place,
    instructions: appointment.instructions,
  });
  await whileBusy(() =>
    enqueueNotification(deps, {
      id: messageIdOf(appointment.id),
      channel: contact.channel,
      to: contact.to,
      template: 'appointment.reminder',
      data: { serviceName: service, agencyName: agency, link: '', message },
      referralId: appointment.referralId,
    }),
  );
  return true;
}

/** Re-queues reminders whose claimer died before queuing them (and that never went out). */
async function recoverClaims(deps: Deps, now: Date): Promise<void> {
  const { AppointmentReminder, NotificationLog } = deps.db.models;
  const stale = await AppointmentReminder.collection
    .find({ queued: false, at: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) } })
    .toArray();
  for (const claim of stale) {
    const id = String(claim._id);
    const logged = await NotificationLog.collection.findOne(
      { _id: messageIdOf(id) as never },
      { projection: { _id: 1 } },
    );
    const appointment = logged ? null : await loadAppointment(deps, id);
    if (appointment && appointment.startAt.getTime() > now.getTime()) {
      await queueReminder(deps, appointment);
    }
    await AppointmentReminder.collection.updateOne(
      { _id: id as never },
      { $set: { queued: true } },
    );
  }
}

/** Sends the reminders due now; returns how many it queued. */
export async function runAppointmentReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  await recoverClaims(deps, now);
  const due = await appointmentsStarting(
    deps,
    new Date(now.getTime() + TOO_LATE_MS),
    new Date(now.getTime() + REMIND_WITHIN_MS),
  );
  const { AppointmentReminder } = deps.db.models;
  let sent = 0;
  for (const appointment of due) {
    try {
      await whileBusy(() =>
        AppointmentReminder.collection.insertOne({
          _id: appointment.id as never,
          at: now,
          queued: false,
        }),
      );
    } catch (error) {
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    const queued = await queueReminder(deps, appointment);
    await AppointmentReminder.collection.updateOne(
      { _id: appointment.id as never },
      { $set: { queued: true, sent: queued } },
    );
    if (queued) sent += 1;
  }
  return sent;
}

/**
 * Runs appointment reminders and feedback surveys every `intervalMs`, once per interval across
 * all server processes (a leased job).
 */
export function startCareFollowUpJob(deps: Deps, intervalMs: number, leaseMs = 60_000) {
  return startLeasedJob(
    deps,
    async () => {
      await runAppointmentReminders(deps);
      await runFeedbackSurveys(deps);
    },
    { name: 'care-follow-ups', intervalMs, leaseMs },
  );
}
