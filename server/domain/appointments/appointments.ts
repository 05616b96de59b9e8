import type { Document } from 'mongodb';
import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors.ts';
import { zonedDateTime } from '../hours/zoned-time.ts';
import { sidesOf } from '../referrals/access.ts';
import { isFinal } from '../referrals/state-machine.ts';
import { findReferralHeads, type Referral, whileBusy } from '../referrals/store.ts';
import { readVisibleReferral } from '../referrals/visible-referral.ts';
import { reachClientTask } from '../tasks/referral-tasks.ts';
import { parseInput } from '../validate.ts';
import { type AppointmentSite, serviceSites } from './sites.ts';

/**
 * Appointments on a referral: the agency (receiving side) or the coordinator (referring side)
 * books one at one of the service's sites, in the site's time zone; the agency marks it attended
 * or missed. Everyone who sees the referral sees its appointments, and nothing else of the
 * client's plan. Instructions may describe the client, so they are sealed at rest.
 */

export const attendanceStatuses = ['ATTENDED', 'MISSED'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export type AppointmentStatus = 'SCHEDULED' | AttendanceStatus;

export type Appointment = {
  id: string;
  referralId: string;
  clientId: string;
  referringOrganizationId: string;
  receivingOrganizationId: string;
  serviceId: string;
  site: AppointmentSite;
  startAt: Date;
  endAt: Date;
  instructions: string | null;
  status: AppointmentStatus;
  createdAt: Date;
  createdByUserId: string;
  createdByOrganizationId: string;
  attendance: { status: AttendanceStatus; at: Date; byUserId: string } | null;
  /** The transportation referral opened for it ("needs a ride"), if any. */
  rideReferralId: string | null;
};

const MAX_INSTRUCTIONS = 1000;
/** The most appointments one referral holds; ids are numbered, and listing reads them in turn. */
const MAX_PER_REFERRAL = 50;
/** The longest an appointment may last. */
const MAX_HOURS = 12;

const localDateTime = z
  .string({ error: 'Give a date and time such as 2026-12-10T09:30.' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    error: 'Give a date and time such as 2026-12-10T09:30.',
  })
  .refine(
    (value) => {
      const [date = '', time = ''] = value.split('T');
      const [h = 99, m = 99] = time.split(':').map(Number);
      const day = new Date(`${date}T00:00:00Z`);
      return (
        !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === date && h < 24 && m < 60
      );
    },
    { error: 'This date or time does not exist. Give one such as 2026-12-10T09:30.' },
  );

const scheduleSchema = z.object({
  referralId: z.string().min(1, { error: 'A referral is required.' }).max(200),
  serviceAtLocationId: z.string().min(1, { error: 'Choose the site.' }).max(200),
  start: localDateTime,
  end: localDateTime,
  instructions: z
    .string()
    .trim()
    .max(MAX_INSTRUCTIONS, {
      error: `Instructions must be at most ${MAX_INSTRUCTIONS.toLocaleString('en-US')} characters.`,
    })
    .nullish(),
});

const attendanceSchema = z.object({
  appointmentId: z.string().min(1).max(300),
  status: z.enum(attendanceStatuses, { error: 'Mark the appointment ATTENDED or MISSED.' }),
});

/** An instant from a local `YYYY-MM-DDTHH:MM` in a time zone. */
export function zonedFromLocal(timezone: string, local: string): Date {
  const [date = '', time = ''] = local.split('T');
  const [h = 0, m = 0] = time.split(':').map(Number);
  return zonedDateTime(timezone, date, h * 60 + m);
}

function appointmentIdOf(referralId: string, n: number): string {
  return `${referralId}:${n}`;
}

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

function toDoc(deps: Pick<DomainDeps, 'cipher'>, appointment: Appointment): Document {
  const { id, instructions, ...rest } = appointment;
  return { _id: id, ...rest, sealed: deps.cipher.seal(JSON.stringify({ instructions })) };
}

function fromDoc(
  deps: Pick<DomainDeps, 'cipher'>,
  doc: Document,
  outcome: Document | null,
): Appointment {
  const sealed = JSON.parse(deps.cipher.open(String(doc.sealed))) as {
    instructions: string | null;
  };
  const attendance = outcome
    ? {
        status: outcome.status as AttendanceStatus,
        at: new Date(outcome.at as Date),
        byUserId: String(outcome.byUserId),
      }
    : null;
  return {
    id: String(doc._id),
    referralId: String(doc.referralId),
    clientId: String(doc.clientId),
    referringOrganizationId: String(doc.referringOrganizationId),
    receivingOrganizationId: String(doc.receivingOrganizationId),
    serviceId: String(doc.serviceId),
    site: doc.site as AppointmentSite,
    startAt: new Date(doc.startAt as Date),
    endAt: new Date(doc.endAt as Date),
    instructions: sealed.instructions ?? null,
    // The outcome record decides; the appointment's own status is a copy written after it.
    status: attendance?.status ?? 'SCHEDULED',
    createdAt: new Date(doc.createdAt as Date),
    createdByUserId: String(doc.createdByUserId),
    createdByOrganizationId: String(doc.createdByOrganizationId),
    attendance,
    rideReferralId: (doc.rideReferralId as string | null | undefined) ?? null,
  };
}

/** Loads appointments by id with their outcomes (no authorization, no audit). */
async function loadAppointments(deps: Deps, ids: string[]): Promise<Appointment[]> {
  if (ids.length === 0) return [];
  const { Appointment, AppointmentOutcome } = deps.db.models;
  const [docs, outcomes] = await Promise.all([
    Appointment.collection.find({ _id: { $in: ids as never[] } }).toArray(),
    AppointmentOutcome.collection.find({ _id: { $in: ids as never[] } }).toArray(),
  ]);
  const outcomeOf = new Map(outcomes.map((o) => [String(o._id), o]));
  return docs
    .map((doc) => fromDoc(deps, doc, outcomeOf.get(String(doc._id)) ?? null))
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || a.id.localeCompare(b.id));
}

/** The numbered ids a referral's appointments have taken, in order (reads ids 1, 2, …). */
async function takenIds(deps: Pick<DomainDeps, 'db'>, referralId: string): Promise<string[]> {
  const ids: string[] = [];
  // Read a few numbers at a time by `_id`, the one look-up FerretDB v1 does without a scan.
  for (let from = 1; from <= MAX_PER_REFERRAL; from += 5) {
    const batch = [0, 1, 2, 3, 4].map((i) => appointmentIdOf(referralId, from + i));
    const found = await deps.db.models.Appointment.collection
      .find({ _id: { $in: batch as never[] } }, { projection: { _id: 1 } })
      .toArray();
    const present = new Set(found.map((d) => String(d._id)));
    for (const id of batch) if (present.has(id)) ids.push(id);
    if (present.size < batch.length) break;
  }
  return ids;
}

/** Loads one appointment (no authorization, no audit); null when none. */
export async function loadAppointment(deps: Deps, id: string): Promise<Appointment | null> {
  return (await loadAppointments(deps, [id]))[0] ?? null;
}

/**
 * Books an appointment on a referral the actor's organization makes or receives, at one of the
 * service's sites, `start` and `end` read in the site's time zone (audited). Throws NotFoundError
 * (also for a referral the actor may not see), NotAllowedError, InvalidInputError (end before
 * start, a site not of the service, a closed referral, a time in the past).
 */
export async function scheduleAppointment(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<Appointment> {
  const parsed = parseInput(scheduleSchema, input);
  const referral = await readVisibleReferral(deps, actor, parsed.referralId);
  if (sidesOf(actor, referral).length === 0) {
    throw new NotAllowedError(
      'Only the referring coordinators and the receiving agency’s staff can book appointments.',
    );
  }
  if (isFinal(referral.status) || referral.status === 'DRAFT') {
    throw new InvalidInputError([
      {
        path: 'referralId',
        message:
          referral.status === 'DRAFT'
            ? 'Send the referral before booking an appointment.'
            : 'This referral is closed. Book appointments on open referrals only.',
      },
    ]);
  }
  const sites = await serviceSites(deps, referral.serviceId);
  const site = sites.find((s) => s.serviceAtLocationId === parsed.serviceAtLocationId);
  if (!site) {
    throw new InvalidInputError([
      {
        path: 'serviceAtLocationId',
        message: 'This site does not offer the referral’s service. Choose one of its own sites.',
      },
    ]);
  }
  const startAt = zonedFromLocal(site.timezone, parsed.start);
  const endAt = zonedFromLocal(site.timezone, parsed.end);
  const issues = [];
  if (endAt.getTime() <= startAt.getTime()) {
    issues.push({ path: 'end', message: 'The appointment must end after it starts.' });
  } else if (endAt.getTime() - startAt.getTime() > MAX_HOURS * 3_600_000) {
    issues.push({ path: 'end', message: `An appointment lasts at most ${MAX_HOURS} hours.` });
  }
  if (startAt.getTime() <= deps.clock.now().getTime()) {
    issues.push({ path: 'start', message: 'The appointment must start in the future.' });
  }
  if (issues.length > 0) throw new InvalidInputError(issues);

  const now = deps.clock.now();
  const base = {
    referralId: referral.id,
    clientId: referral.clientId,
    referringOrganizationId: referral.referringOrganizationId,
    receivingOrganizationId: referral.receivingOrganizationId,
    serviceId: referral.serviceId,
    site,
    startAt,
    endAt,
    instructions: parsed.instructions ? parsed.instructions : null,
    status: 'SCHEDULED' as const,
    createdAt: now,
    createdByUserId: actor.userId,
    createdByOrganizationId: actor.organizationId,
    attendance: null,
    rideReferralId: null,
  };
  // The next free number is the claim: a duplicate `_id` means someone booked it first.
  let n = (await takenIds(deps, referral.id)).length + 1;
  for (; ; n++) {
    if (n > MAX_PER_REFERRAL) {
      throw new InvalidInputError([
        {
          path: 'referralId',
          message: `A referral holds at most ${MAX_PER_REFERRAL} appointments.`,
        },
      ]);
    }
    const appointment: Appointment = { ...base, id: appointmentIdOf(referral.id, n) };
    try {
      await whileBusy(() =>
        deps.db.models.Appointment.collection.insertOne(toDoc(deps, appointment)),
      );
    } catch (error) {
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    await recordAudit(deps, actor, {
      action: 'appointment.schedule',
      subjectType: 'appointment',
      subjectId: appointment.id,
      detail: { referralId: referral.id, serviceAtLocationId: site.serviceAtLocationId },
    });
    return appointment;
  }
}

/** A referral's appointments, soonest first, for anyone who may see the referral (audited). */
export async function referralAppointments(
  deps: Deps,
  actor: Actor,
  referral: Pick<Referral, 'id'>,
): Promise<Appointment[]> {
  await readVisibleReferral(deps, actor, referral.id);
  const appointments = await loadAppointments(deps, await takenIds(deps, referral.id));
  if (appointments.length > 0) {
    await recordAudit(deps, actor, {
      action: 'appointment.read',
      subjectType: 'referral',
      subjectId: referral.id,
      detail: { appointments: appointments.length },
    });
  }
  return appointments;
}

/**
 * An appointment the actor may see (through its referral); anything else is "not found".
 * Throws NotFoundError.
 */
export async function visibleAppointment(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ appointment: Appointment; referral: Referral }> {
  const appointment = await loadAppointment(deps, id);
  if (!appointment) throw new NotFoundError('appointment', id);
  try {
    const referral = await readVisibleReferral(deps, actor, appointment.referralId);
    return { appointment, referral };
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('appointment', id);
    throw error;
  }
}

/**
 * The receiving agency marks an appointment attended or missed, once it has started; the first
 * mark stands (an `_id` insert decides between two at once). Audited. Throws NotFoundError,
 * NotAllowedError, InvalidInputError, ConflictError (already marked).
 */
export async function recordAttendance(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<Appointment> {
  const parsed = parseInput(attendanceSchema, input);
  const { appointment, referral } = await visibleAppointment(deps, actor, parsed.appointmentId);
  if (!sidesOf(actor, referral).includes('receiving')) {
    throw new NotAllowedError('Only the agency that holds the appointment can mark attendance.');
  }
  const now = deps.clock.now();
  if (now.getTime() < appointment.startAt.getTime()) {
    throw new InvalidInputError([
      { path: 'status', message: 'Attendance can be marked once the appointment has started.' },
    ]);
  }
  const alreadyMarked = (status: string) =>
    new ConflictError(`This appointment was already marked ${status.toLowerCase()}.`);
  if (appointment.attendance) throw alreadyMarked(appointment.attendance.status);
  try {
    await whileBusy(() =>
      deps.db.models.AppointmentOutcome.collection.insertOne({
        _id: appointment.id as never,
        status: parsed.status,
        at: now,
        byUserId: actor.userId,
        byOrganizationId: actor.organizationId,
      }),
    );
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const current = await loadAppointment(deps, appointment.id);
    throw alreadyMarked(current?.attendance?.status ?? 'already');
  }
  await whileBusy(() =>
    deps.db.models.Appointment.collection.updateOne(
      { _id: appointment.id as never },
      { $set: { status: parsed.status } },
    ),
  );
  const marked: Appointment = {
    ...appointment,
    status: parsed.status,
    attendance: { status: parsed.status, at: now, byUserId: actor.userId },
  };
  await recordAudit(deps, actor, {
    action: 'appointment.attendance',
    subjectType: 'appointment',
    subjectId: appointment.id,
    detail: { referralId: appointment.referralId, status: parsed.status },
  });
  if (parsed.status === 'MISSED') {
    // Best effort after the mark: the task's id is keyed by the appointment, so it is made once.
    await reachClientTask(deps, { appointmentId: appointment.id, referral }).catch(
      (error: unknown) => {
        deps.logger.error(
          { err: error, appointmentId: appointment.id },
          'missed-appointment follow-up failed',
        );
      },
    );
  }
  return marked;
}

/** Records the ride referral opened for an appointment (a copy; the ride record decides). */
export async function noteRide(
  deps: Pick<DomainDeps, 'db'>,
  appointmentId: string,
  rideReferralId: string,
): Promise<void> {
  await whileBusy(() =>
    deps.db.models.Appointment.collection.updateOne(
      { _id: appointmentId as never },
      { $set: { rideReferralId } },
    ),
  );
}

/** Appointments of one client, across its referrals (no authorization, no audit). */
export async function clientAppointments(deps: Deps, clientId: string): Promise<Appointment[]> {
  const heads = await findReferralHeads(deps, { clientId });
  const ids = (await Promise.all(heads.map((h) => takenIds(deps, String(h._id))))).flat();
  return loadAppointments(deps, ids);
}

/** Appointments starting in [from, to) not yet marked (for reminders; a scan). */
export async function appointmentsStarting(
  deps: Deps,
  from: Date,
  to: Date,
): Promise<Appointment[]> {
  const docs = await deps.db.models.Appointment.collection
    .find({ status: 'SCHEDULED', startAt: { $gte: from, $lt: to } })
    .toArray();
  return docs.map((doc) => fromDoc(deps, doc, null));
}

/** One entry of a client's timeline. */
export type TimelineEntry = {
  at: Date;
  kind: string;
  title: string;
  detail?: string;
  refId?: string;
};

/**
 * A client's appointments as timeline entries: each booking (at its start time) and each
 * attendance mark, with the referral as `refId` (no authorization; the caller checks the client).
 */
const TIMELINE_WORDS = {
  en: {
    appointment: 'Appointment',
    attended: 'Client attended the appointment',
    missed: 'Client missed the appointment',
    ride: 'Ride requested',
  },
  es: {
    appointment: 'Cita',
    attended: 'El cliente asistió a la cita',
    missed: 'El cliente faltó a la cita',
    ride: 'Transporte solicitado',
  },
} as const;

export async function appointmentTimelineEntries(
  deps: Deps,
  clientId: string,
  lang: 'en' | 'es' = 'en',
): Promise<TimelineEntry[]> {
  const w = TIMELINE_WORDS[lang];
  const entries: TimelineEntry[] = [];
  for (const appointment of await clientAppointments(deps, clientId)) {
    const place = [appointment.site.name, appointment.site.address].filter(Boolean).join(', ');
    entries.push({
      at: appointment.startAt,
      kind: 'APPOINTMENT',
      title: w.appointment,
      detail: appointment.instructions ? `${place}. ${appointment.instructions}` : place,
      refId: appointment.referralId,
    });
    if (appointment.attendance) {
      entries.push({
        at: appointment.attendance.at,
        kind: `APPOINTMENT_${appointment.attendance.status}`,
        title: appointment.attendance.status === 'ATTENDED' ? w.attended : w.missed,
        detail: place,
        refId: appointment.referralId,
      });
    }
    if (appointment.rideReferralId) {
      entries.push({
        at: appointment.createdAt,
        kind: 'RIDE_REQUESTED',
        title: w.ride,
        refId: appointment.rideReferralId,
      });
    }
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
