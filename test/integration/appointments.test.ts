import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentTimelineEntries } from '../../server/domain/appointments/appointments.ts';
import { runAppointmentReminders } from '../../server/domain/appointments/reminders.ts';
import { travelMinutesFor } from '../../server/domain/appointments/rides.ts';
import { createClient } from '../../server/domain/clients/clients.ts';
import { recordConsent } from '../../server/domain/clients/consent.ts';
import type { Clock } from '../../server/domain/clock.ts';
import type { TestActor } from '../support/actors.ts';
import { idStartingWith, queuedOrLogged } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildCoordinating,
  CREATE,
  newKey,
  type ReferralData,
} from './referral-fixture.ts';

/** Now, for the whole file: Wednesday 9 December 2026, 09:00 in Denver (UTC−7). */
let now = new Date('2026-12-09T16:00:00Z').getTime();
const clock: Clock = { now: () => new Date(now) };

const APPOINTMENT_FIELDS = /* GraphQL */ `
  id referralId startAt endAt startLocal endLocal status instructions calendarUrl
  attendanceMarkedAt rideReferralId
  site { serviceAtLocationId name address timezone }
`;

const SCHEDULE = /* GraphQL */ `
  mutation Schedule($input: ScheduleAppointmentInput!) {
    scheduleAppointment(input: $input) { ${APPOINTMENT_FIELDS} }
  }
`;
const ATTENDANCE = /* GraphQL */ `
  mutation Attend($input: RecordAttendanceInput!) {
    recordAttendance(input: $input) { ${APPOINTMENT_FIELDS} }
  }
`;
const APPOINTMENTS = /* GraphQL */ `
  query Appointments($id: ID!) {
    referral(id: $id) { id appointments { ${APPOINTMENT_FIELDS} } appointmentSites { serviceAtLocationId name timezone } }
  }
`;
const RIDE = /* GraphQL */ `
  mutation Ride($input: RequestRideInput!) {
    requestRide(input: $input) {
      referral { id status needs { code } note service { id name } receivingOrganization { id } }
      ride { appointmentId pickupAddress pickupAt pickupLocal returnAt returnLocal destinationName destinationAddress timezone distanceKm travelMinutes }
    }
  }
`;
const REFERRAL_RIDE = /* GraphQL */ `
  query RideOf($id: ID!) { referral(id: $id) { id ride { pickupAddress pickupLocal returnLocal travelMinutes } } }
`;

type Appointment = {
  id: string;
  referralId: string;
  startAt: string;
  endAt: string;
  startLocal: string;
  endLocal: string;
  status: string;
  instructions: string | null;
  calendarUrl: string;
  attendanceMarkedAt: string | null;
  rideReferralId: string | null;
  site: { serviceAtLocationId: string; name: string; address: string; timezone: string };
};

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;

function errorOf(res: { errors?: Errors }) {
  const first = res.errors?.[0];
  return {
    code: first?.extensions?.code,
    message: first?.message,
    issues: first?.extensions?.issues,
  };
}

describe('appointments and rides', () => {
  let server: TestServer;
  let pantry: Agency;
  let otherPantry: Agency;
  let rides: Agency;
  let coordinator: TestActor;
  let outsider: TestActor;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    // The tests run the follow-up job's steps themselves, racing each other on purpose.
    await server.runtime.careFollowUps.stop();
    pantry = await buildAgency(server, { name: 'Eastside Food Pantry', serviceName: 'Groceries' });
    otherPantry = await buildAgency(server, { name: 'Westside Food Bank' });
    rides = await buildAgency(server, {
      name: 'Metro Rides',
      serviceName: 'Medical Rides',
      categories: ['transportation'],
    });
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
    coordinator = (await buildCoordinating(server)).coordinator;
    outsider = (await buildCoordinating(server, 'Southside Clinic')).coordinator;
  });
  afterAll(async () => {
    await server?.close();
  });

  function actorOf(person: TestActor) {
    return {
      userId: person.user.id,
      organizationId: person.user.organizationId,
      role: person.user.role,
      sessionId: 'test',
      ip: null,
    };
  }

  /** A client with contact details, consented to share with the pantry, and a sent referral. */
  async function referral(
    options: { language?: string; fields?: string[]; address?: string } = {},
  ): Promise<{ referral: ReferralData; clientId: string }> {
    const deps = server.runtime.deps;
    const client = await createClient(deps, actorOf(coordinator), {
      name: 'Ana Ruiz',
      dateOfBirth: '1975-02-11',
      phone: '303-555-0142',
      email: 'ana@example.org',
      preferredLanguage: options.language ?? 'en',
      postalCode: '80218',
      address: options.address ?? '1500 E Colfax Ave, Denver, CO 80218',
      householdSize: 2,
      annualIncome: 18_000,
    });
    const consent = await recordConsent(deps, actorOf(coordinator), {
      clientId: client.id,
      agencyOrganizationId: pantry.organization.id,
      method: 'WRITTEN',
      givenBy: 'client',
      fields: options.fields ?? ['name', 'phone'],
    });
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
    if (!res.data?.createReferral) throw new Error(JSON.stringify(res.errors));
    return { referral: res.data.createReferral, clientId: client.id };
  }

  async function schedule(actor: TestActor, input: Record<string, unknown>) {
    return actor.gql<{ scheduleAppointment: Appointment }>(SCHEDULE, { input });
  }

  async function messagesWithId(prefix: string) {
    return queuedOrLogged(server.runtime.deps.db.models, idStartingWith(prefix));
  }

  it('books an appointment in the site’s time zone, seen by both sides', async () => {
    const { referral: r } = await referral();
    const res = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-10T10:00',
      end: '2026-12-10T10:45',
      instructions: 'Bring a photo ID; enter by the side door.',
    });
    expect(res.errors).toBeUndefined();
    const booked = res.data?.scheduleAppointment;
    expect(booked).toMatchObject({
      referralId: r.id,
      // 10:00 in Denver in December is 17:00 UTC.
      startAt: '2026-12-10T17:00:00.000Z',
      endAt: '2026-12-10T17:45:00.000Z',
      startLocal: '2026-12-10T10:00',
      endLocal: '2026-12-10T10:45',
      status: 'SCHEDULED',
      instructions: 'Bring a photo ID; enter by the side door.',
      site: { serviceAtLocationId: pantry.serviceAtLocationId, timezone: 'America/Denver' },
    });
    const agencyBooked = await schedule(pantry.staff, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-17T14:00',
      end: '2026-12-17T15:00',
    });
    expect(agencyBooked.errors).toBeUndefined();
    for (const viewer of [coordinator, pantry.staff]) {
      const list = await viewer.gql<{
        referral: { appointments: Appointment[]; appointmentSites: Array<{ name: string }> };
      }>(APPOINTMENTS, { id: r.id });
      expect(list.errors).toBeUndefined();
      expect(list.data?.referral.appointments.map((a) => a.startLocal)).toEqual([
        '2026-12-10T10:00',
        '2026-12-17T14:00',
      ]);
      expect(list.data?.referral.appointmentSites).toHaveLength(1);
    }
    // The instructions are sealed at rest.
    const stored = await server.runtime.deps.db.models.Appointment.collection.findOne({
      _id: booked?.id as never,
    });
    expect(JSON.stringify(stored)).not.toContain('photo ID');
  });

  it('refuses bad input with specific errors and writes nothing', async () => {
    const { referral: r } = await referral();
    const endsFirst = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-10T10:00',
      end: '2026-12-10T09:00',
    });
    expect(errorOf(endsFirst)).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'end', message: 'The appointment must end after it starts.' }],
    });
    const otherSite = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: otherPantry.serviceAtLocationId,
      start: '2026-12-10T10:00',
      end: '2026-12-10T11:00',
    });
    expect(errorOf(otherSite)).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [
        {
          path: 'serviceAtLocationId',
          message: 'This site does not offer the referral’s service. Choose one of its own sites.',
        },
      ],
    });
    const past = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-08T10:00',
      end: '2026-12-08T11:00',
    });
    expect(errorOf(past).issues).toEqual([
      { path: 'start', message: 'The appointment must start in the future.' },
    ]);
    const badDate = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-02-30T10:00',
      end: '2026-02-30T11:00',
    });
    expect(errorOf(badDate).code).toBe('INVALID_INPUT');
    for (const stranger of [outsider, otherPantry.staff]) {
      const hidden = await schedule(stranger, {
        referralId: r.id,
        serviceAtLocationId: pantry.serviceAtLocationId,
        start: '2026-12-10T10:00',
        end: '2026-12-10T11:00',
      });
      expect(errorOf(hidden)).toMatchObject({
        code: 'NOT_FOUND',
        message: `No referral has the id "${r.id}".`,
      });
    }
    const list = await coordinator.gql<{ referral: { appointments: Appointment[] } }>(
      APPOINTMENTS,
      { id: r.id },
    );
    expect(list.data?.referral.appointments).toEqual([]);
    const seen = await outsider.gql(APPOINTMENTS, { id: r.id });
    expect(errorOf(seen).code).toBe('NOT_FOUND');
  });

  it('sends one reminder the day before, in the client’s language, even with runs racing', async () => {
    const { referral: r } = await referral({ language: 'es' });
    const res = await schedule(pantry.staff, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-09T15:00',
      end: '2026-12-09T15:30',
      instructions: 'Traiga su identificación.',
    });
    const id = res.data?.scheduleAppointment.id ?? '';
    const { referral: silent } = await referral({ fields: ['name'] });
    await schedule(pantry.staff, {
      referralId: silent.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-09T15:00',
      end: '2026-12-09T15:30',
    });
    const deps = server.runtime.deps;
    const counts = await Promise.all([
      runAppointmentReminders(deps),
      runAppointmentReminders(deps),
      runAppointmentReminders(deps),
    ]);
    // Earlier tests' appointments are more than a day away; the silent client has no consent
    // to be contacted by phone or email.
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await runAppointmentReminders(deps)).toBe(0);
    const messages = await messagesWithId(`appointment-reminder:${id}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'sms', to: '+13035550142' });
    expect(String(messages[0]?.text)).toContain('Wayfinder: cita con Eastside Food Pantry el');
    expect(String(messages[0]?.text)).toContain('3:00');
    const silentMessages = await messagesWithId(`appointment-reminder:${silent.id}`);
    expect(silentMessages).toHaveLength(0);
  });

  it('downloads an .ics in the site’s zone for the referral’s organizations only', async () => {
    const { referral: r } = await referral();
    const res = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-10T10:00',
      end: '2026-12-10T10:45',
      instructions: 'Ask for Rosa, room 2',
    });
    const url = new URL(res.data?.scheduleAppointment.calendarUrl ?? '', server.url).toString();
    const get = (token?: string) =>
      fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    for (const viewer of [coordinator, pantry.staff]) {
      const response = await get(viewer.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/calendar');
      const ics = await response.text();
      const lines = ics.split('\r\n');
      expect(lines[0]).toBe('BEGIN:VCALENDAR');
      expect(lines).toContain('VERSION:2.0');
      expect(lines).toContain('DTSTART;TZID=America/Denver:20261210T100000');
      expect(lines).toContain('DTEND;TZID=America/Denver:20261210T104500');
      expect(lines).toContain('TZID:America/Denver');
      expect(lines).toContain('DESCRIPTION:Ask for Rosa\\, room 2');
      expect(lines).toContain('SUMMARY:Groceries (Eastside Food Pantry)');
      expect(lines.at(-2)).toBe('END:VCALENDAR');
      for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    }
    expect((await get(outsider.token)).status).toBe(404);
    expect((await get(otherPantry.staff.token)).status).toBe(404);
    expect((await get()).status).toBe(401);
  });

  it('lets the agency mark attendance once, after the start; missed starts the follow-up', async () => {
    const { referral: r, clientId } = await referral();
    const booked = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-09T09:10',
      end: '2026-12-09T09:40',
    });
    const id = booked.data?.scheduleAppointment.id ?? '';
    const early = await pantry.staff.gql(ATTENDANCE, {
      input: { appointmentId: id, status: 'MISSED' },
    });
    expect(errorOf(early)).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [
        { path: 'status', message: 'Attendance can be marked once the appointment has started.' },
      ],
    });
    now += 20 * 60_000;
    const byCoordinator = await coordinator.gql(ATTENDANCE, {
      input: { appointmentId: id, status: 'ATTENDED' },
    });
    expect(errorOf(byCoordinator).code).toBe('NOT_ALLOWED');
    const byOther = await otherPantry.staff.gql(ATTENDANCE, {
      input: { appointmentId: id, status: 'ATTENDED' },
    });
    expect(errorOf(byOther).code).toBe('NOT_FOUND');
    const marks = await Promise.all([
      pantry.staff.gql<{ recordAttendance: Appointment }>(ATTENDANCE, {
        input: { appointmentId: id, status: 'MISSED' },
      }),
      pantry.staff.gql<{ recordAttendance: Appointment }>(ATTENDANCE, {
        input: { appointmentId: id, status: 'MISSED' },
      }),
    ]);
    const won = marks.filter((m) => m.data?.recordAttendance);
    expect(won).toHaveLength(1);
    expect(won[0]?.data?.recordAttendance.status).toBe('MISSED');
    expect(errorOf(marks.find((m) => m.errors) ?? {})).toMatchObject({
      code: 'CONFLICT',
      message: 'This appointment was already marked missed.',
    });
    // One "reach the client" task for the coordinator who sent the referral.
    const tasks = await server.runtime.deps.db.models.Task.collection
      .find({ _id: `task:appointment:${id}:reach-client` as never })
      .toArray();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'REACH_CLIENT', referralId: r.id });
    const list = await coordinator.gql<{ referral: { appointments: Appointment[] } }>(
      APPOINTMENTS,
      { id: r.id },
    );
    expect(list.data?.referral.appointments[0]?.status).toBe('MISSED');
    const timeline = await appointmentTimelineEntries(server.runtime.deps, clientId);
    expect(timeline.map((e) => [e.kind, e.title, e.refId])).toEqual([
      ['APPOINTMENT', 'Appointment', r.id],
      ['APPOINTMENT_MISSED', 'Client missed the appointment', r.id],
    ]);
    const spanish = await appointmentTimelineEntries(server.runtime.deps, clientId, 'es');
    expect(spanish.map((e) => e.title)).toEqual(['Cita', 'El cliente faltó a la cita']);
  });

  it('opens a prefilled transportation referral for a ride, once', async () => {
    const { referral: r, clientId } = await referral();
    const booked = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-11T10:00',
      end: '2026-12-11T11:00',
    });
    const appointmentId = booked.data?.scheduleAppointment.id ?? '';
    const byAgency = await pantry.staff.gql(RIDE, { input: { appointmentId } });
    expect(errorOf(byAgency).code).toBe('NOT_ALLOWED');
    const noConsent = await coordinator.gql(RIDE, { input: { appointmentId } });
    expect(errorOf(noConsent)).toMatchObject({
      code: 'CONSENT_MISSING',
      message:
        'A ride needs the client’s consent to share their name, phone and address with Metro ' +
        'Rides. Record it, then ask for the ride again.',
    });
    await recordConsent(server.runtime.deps, actorOf(coordinator), {
      clientId,
      agencyOrganizationId: rides.organization.id,
      method: 'VERBAL',
      givenBy: 'client',
      fields: ['name', 'phone', 'address'],
    });
    const res = await coordinator.gql<{
      requestRide: {
        referral: {
          id: string;
          status: string;
          needs: Array<{ code: string }>;
          note: string;
          service: { id: string };
          receivingOrganization: { id: string };
        };
        ride: {
          pickupAddress: string;
          pickupAt: string;
          pickupLocal: string;
          returnAt: string;
          returnLocal: string;
          destinationName: string;
          timezone: string;
          distanceKm: number;
          travelMinutes: number;
        };
      };
    }>(RIDE, { input: { appointmentId } });
    expect(res.errors).toBeUndefined();
    const { referral: rideReferral, ride } = res.data?.requestRide ?? {};
    expect(rideReferral).toMatchObject({
      status: 'SENT',
      needs: [{ code: 'transportation' }],
      service: { id: rides.service.id },
      receivingOrganization: { id: rides.organization.id },
    });
    expect(ride?.pickupAddress).toBe('1500 E Colfax Ave, Denver, CO 80218');
    expect(ride?.distanceKm).toBeGreaterThan(0);
    expect(ride?.distanceKm).toBeLessThan(10);
    expect(ride?.travelMinutes).toBe(travelMinutesFor(ride?.distanceKm ?? 0));
    const start = new Date('2026-12-11T17:00:00Z').getTime();
    expect(new Date(ride?.pickupAt ?? '').getTime()).toBe(
      start - (ride?.travelMinutes ?? 0) * 60_000,
    );
    expect(ride?.returnLocal).toBe('2026-12-11T11:00');
    expect(ride?.timezone).toBe('America/Denver');
    expect(rideReferral?.note).toContain('The pickup address is in the ride details.');
    expect(rideReferral?.note).not.toContain('1500 E Colfax');

    const again = await coordinator.gql<{ requestRide: { referral: { id: string } } }>(RIDE, {
      input: { appointmentId },
    });
    expect(again.data?.requestRide.referral.id).toBe(rideReferral?.id);
    // The transportation agency sees the trip, pickup address included, under the consent.
    const seen = await rides.staff.gql<{
      referral: { ride: { pickupAddress: string; pickupLocal: string } };
    }>(REFERRAL_RIDE, { id: rideReferral?.id });
    expect(seen.data?.referral.ride).toMatchObject({
      pickupAddress: '1500 E Colfax Ave, Denver, CO 80218',
      pickupLocal: ride?.pickupLocal,
    });
    const hidden = await pantry.staff.gql(REFERRAL_RIDE, { id: rideReferral?.id });
    expect(errorOf(hidden).code).toBe('NOT_FOUND');
  });

  it('says what to do when no transportation service is near the client', async () => {
    const { referral: r } = await referral({ address: '350 5th Ave, New York, NY 10118' });
    const booked = await schedule(coordinator, {
      referralId: r.id,
      serviceAtLocationId: pantry.serviceAtLocationId,
      start: '2026-12-11T10:00',
      end: '2026-12-11T11:00',
    });
    const res = await coordinator.gql(RIDE, {
      input: { appointmentId: booked.data?.scheduleAppointment.id },
    });
    expect(errorOf(res)).toMatchObject({
      code: 'NO_RIDE_SERVICE',
      message:
        'No transportation service on the network that this client is eligible for serves ' +
        'within 40 km of their address. Arrange the ride another way (public transit, a family ' +
        'member, the clinic’s own van), or ask the network office to invite a transportation ' +
        'provider.',
    });
  });
});
