import { canReadReferral } from '../domain/accounts/policy.ts';
import {
  type Appointment,
  attendanceStatuses,
  recordAttendance,
  referralAppointments,
  scheduleAppointment,
} from '../domain/appointments/appointments.ts';
import { type Ride, requestRide, rideForReferral } from '../domain/appointments/rides.ts';
import { type AppointmentSite, serviceSites } from '../domain/appointments/sites.ts';
import { localDateTime } from '../domain/hours/zoned-time.ts';
import { builder } from './builder.ts';
import { ReferralRef } from './referral.ts';

/** `2026-12-10T09:30`: an instant as the wall clock in a zone shows it. */
function localText(at: Date, timezone: string): string {
  const { day, minute } = localDateTime(timezone, at.getTime());
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}`;
}

const AppointmentStatusEnum = builder.enumType('AppointmentStatus', {
  description: 'SCHEDULED until the agency marks it ATTENDED or MISSED.',
  values: ['SCHEDULED', ...attendanceStatuses] as const,
});

const AttendanceStatusEnum = builder.enumType('AttendanceStatus', {
  values: attendanceStatuses,
});

const AppointmentSiteRef = builder.objectRef<AppointmentSite>('AppointmentSite').implement({
  description: 'A site of the referral’s service, where an appointment can take place.',
  fields: (t) => ({
    serviceAtLocationId: t.exposeID('serviceAtLocationId'),
    name: t.exposeString('name'),
    address: t.exposeString('address'),
    timezone: t.exposeString('timezone', {
      description: 'IANA zone; appointment times are given and shown in it.',
    }),
  }),
});

const AppointmentRef = builder.objectRef<Appointment>('Appointment').implement({
  description:
    'An appointment on a referral, seen by both of its organizations. Times are instants; the ' +
    '*Local fields give them on the site’s wall clock.',
  authScopes: (a, ctx) => (ctx.actor ? canReadReferral(ctx.actor, a) : false),
  fields: (t) => ({
    id: t.exposeID('id'),
    referralId: t.exposeID('referralId'),
    site: t.field({ type: AppointmentSiteRef, resolve: (a) => a.site }),
    startAt: t.field({ type: 'DateTime', resolve: (a) => a.startAt }),
    endAt: t.field({ type: 'DateTime', resolve: (a) => a.endAt }),
    startLocal: t.string({
      description: 'YYYY-MM-DDTHH:MM in the site’s zone.',
      resolve: (a) => localText(a.startAt, a.site.timezone),
    }),
    endLocal: t.string({ resolve: (a) => localText(a.endAt, a.site.timezone) }),
    instructions: t.exposeString('instructions', { nullable: true }),
    status: t.field({ type: AppointmentStatusEnum, resolve: (a) => a.status }),
    attendanceMarkedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (a) => a.attendance?.at ?? null,
    }),
    calendarUrl: t.string({
      description: 'Path of the .ics download (signed-in, same organizations).',
      resolve: (a) => `/appointments/${encodeURIComponent(a.id)}.ics`,
    }),
    rideReferralId: t.id({
      nullable: true,
      description: 'The transportation referral for it; shown to the referring side only.',
      resolve: (a, _args, ctx) =>
        ctx.actor?.organizationId === a.referringOrganizationId ? a.rideReferralId : null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (a) => a.createdAt }),
  }),
});

const RideRef = builder.objectRef<Ride>('Ride').implement({
  description:
    'A transportation referral’s trip: pickup at the client’s address, to the appointment’s ' +
    'site and back. Pickup time = start − travel estimated at 30 km/h over the straight-line ' +
    'distance + 15 minutes, rounded up to 5 minutes.',
  fields: (t) => ({
    appointmentId: t.exposeID('appointmentId'),
    pickupAddress: t.string({
      nullable: true,
      description: 'Null for the agency once the consent no longer covers the address.',
      resolve: (r) => r.pickupAddress || null,
    }),
    pickupAt: t.field({ type: 'DateTime', resolve: (r) => r.pickupAt }),
    pickupLocal: t.string({ resolve: (r) => localText(r.pickupAt, r.timezone) }),
    returnAt: t.field({ type: 'DateTime', resolve: (r) => r.returnAt }),
    returnLocal: t.string({ resolve: (r) => localText(r.returnAt, r.timezone) }),
    destinationName: t.exposeString('destinationName'),
    destinationAddress: t.exposeString('destinationAddress'),
    timezone: t.exposeString('timezone'),
    distanceKm: t.exposeFloat('distanceKm', { description: 'Straight-line distance.' }),
    travelMinutes: t.exposeInt('travelMinutes'),
  }),
});

builder.objectField(ReferralRef, 'appointments', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [AppointmentRef],
    description: 'Appointments on this referral, soonest first (both organizations).',
    resolve: (r, _args, ctx) => referralAppointments(ctx.deps, ctx.actor, r),
  }),
);

builder.objectField(ReferralRef, 'appointmentSites', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [AppointmentSiteRef],
    description: 'The service’s sites, where an appointment on this referral can be booked.',
    resolve: (r, _args, ctx) => serviceSites(ctx.deps, r.serviceId),
  }),
);

builder.objectField(ReferralRef, 'ride', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RideRef,
    nullable: true,
    description: 'For a transportation referral opened for an appointment: the trip.',
    resolve: (r, _args, ctx) => rideForReferral(ctx.deps, ctx.actor, r.id),
  }),
);

const ScheduleAppointmentInput = builder.inputType('ScheduleAppointmentInput', {
  fields: (t) => ({
    referralId: t.id({ required: true }),
    serviceAtLocationId: t.id({ required: true, description: 'One of Referral.appointmentSites.' }),
    start: t.string({ required: true, description: 'YYYY-MM-DDTHH:MM in the site’s zone.' }),
    end: t.string({ required: true, description: 'YYYY-MM-DDTHH:MM in the site’s zone.' }),
    instructions: t.string({ description: 'For the client, at most 1,000 characters.' }),
  }),
});

builder.mutationField('scheduleAppointment', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: AppointmentRef,
    description:
      'Books an appointment on a referral (the referring coordinators or the receiving agency). ' +
      'The client gets a reminder the day before when their consent allows contact.',
    args: { input: t.arg({ type: ScheduleAppointmentInput, required: true }) },
    resolve: (_root, args, ctx) =>
      scheduleAppointment(ctx.deps, ctx.actor, {
        ...args.input,
        referralId: String(args.input.referralId),
        serviceAtLocationId: String(args.input.serviceAtLocationId),
      }),
  }),
);

const RecordAttendanceInput = builder.inputType('RecordAttendanceInput', {
  fields: (t) => ({
    appointmentId: t.id({ required: true }),
    status: t.field({ type: AttendanceStatusEnum, required: true }),
  }),
});

builder.mutationField('recordAttendance', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: AppointmentRef,
    description: 'The receiving agency marks an appointment attended or missed, once.',
    args: { input: t.arg({ type: RecordAttendanceInput, required: true }) },
    resolve: (_root, args, ctx) =>
      recordAttendance(ctx.deps, ctx.actor, {
        appointmentId: String(args.input.appointmentId),
        status: args.input.status,
      }),
  }),
);

type RideRequest = { referral: Awaited<ReturnType<typeof requestRide>>['referral']; ride: Ride };

const RideRequestRef = builder.objectRef<RideRequest>('RideRequest').implement({
  fields: (t) => ({
    referral: t.field({ type: ReferralRef, resolve: (r) => r.referral }),
    ride: t.field({ type: RideRef, resolve: (r) => r.ride }),
  }),
});

const RequestRideInput = builder.inputType('RequestRideInput', {
  fields: (t) => ({
    appointmentId: t.id({ required: true }),
    consentId: t.id({
      description:
        'A consent to share with the transportation agency that covers the address; by default ' +
        'the client’s active one for that agency.',
    }),
    serviceId: t.id({ description: 'A transportation service to use; by default the nearest.' }),
  }),
});

builder.mutationField('requestRide', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: RideRequestRef,
    description:
      'Opens a transportation referral for an appointment, prefilled with pickup, destination ' +
      'and times, to the nearest eligible transportation service on the network. NO_RIDE_SERVICE ' +
      'when there is none.',
    args: { input: t.arg({ type: RequestRideInput, required: true }) },
    resolve: (_root, args, ctx) =>
      requestRide(ctx.deps, ctx.actor, {
        appointmentId: String(args.input.appointmentId),
        consentId: args.input.consentId == null ? null : String(args.input.consentId),
        serviceId: args.input.serviceId == null ? null : String(args.input.serviceId),
      }),
  }),
);
