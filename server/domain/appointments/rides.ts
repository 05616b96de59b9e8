import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import { haversineKm } from '../../lib/distance.ts';
import type { Actor } from '../accounts/actor.ts';
import { canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import { getClient, savedClientProfile } from '../clients/clients.ts';
import {
  assertConsentAllows,
  getConsent,
  isConsentActive,
  listClientConsents,
} from '../clients/consent.ts';
import type { DomainDeps } from '../deps.ts';
import { resolvePlace } from '../directory/resolve-place.ts';
import { searchServices } from '../directory/search-services.ts';
import { ConsentMissingError, InvalidInputError, NotAllowedError, UserError } from '../errors.ts';
import { organizationName } from '../notifications/referral-changes.ts';
import { createReferral } from '../referrals/create-referral.ts';
import { loadReferral, type Referral, whileBusy } from '../referrals/store.ts';
import { readVisibleReferral } from '../referrals/visible-referral.ts';
import { parseInput } from '../validate.ts';
import { noteRide, visibleAppointment } from './appointments.ts';
import { describeLocalTime } from './wording.ts';

/**
 * "Needs a ride": a transportation referral for an appointment, made with the ordinary referral
 * creation (consent rules and all) and tracked like any referral. The pickup is the client's
 * address, the destination the appointment's site; the pickup time is the start less the travel
 * time estimated from the straight-line distance at RIDE_SPEED_KMH plus RIDE_BUFFER_MINUTES for
 * boarding and finding the door, rounded up to 5 minutes; the return pickup is at the end. The
 * service is the nearest transportation service on the network that the client is eligible for,
 * found by the directory search. The ride's details (with the pickup address) are sealed.
 */

/**
 * Door-to-door speed over the straight-line distance: 30 km/h allows for city streets, a detour
 * factor of about 1.3 over the crow-flies line and stops for other riders of a shared van.
 */
export const RIDE_SPEED_KMH = 30;
/** Minutes added for boarding, a late rider before and finding the entrance. */
export const RIDE_BUFFER_MINUTES = 15;
/** How far from the client a transportation service may be. */
const RIDE_RADIUS_KM = 40;

/** No transportation service on the network serves this client near enough. */
export class NoRideServiceError extends UserError {
  constructor() {
    super(
      'NO_RIDE_SERVICE',
      `No transportation service on the network that this client is eligible for serves within ` +
        `${RIDE_RADIUS_KM} km of their address. Arrange the ride another way (public transit, ` +
        'a family member, the clinic’s own van), or ask the network office to invite a ' +
        'transportation provider.',
    );
  }
}

/** A ride's details: who reads them must be a party of the ride referral. */
export type Ride = {
  referralId: string;
  appointmentId: string;
  pickupAddress: string;
  pickupAt: Date;
  returnAt: Date;
  destinationName: string;
  destinationAddress: string;
  timezone: string;
  distanceKm: number;
  travelMinutes: number;
};

/** Estimated minutes from pickup to the door (see RIDE_SPEED_KMH). */
export function travelMinutesFor(distanceKm: number): number {
  const minutes = (distanceKm / RIDE_SPEED_KMH) * 60 + RIDE_BUFFER_MINUTES;
  return Math.ceil(minutes / 5) * 5;
}

const requestSchema = z.object({
  appointmentId: z.string().min(1).max(300),
  consentId: z.string().min(1).max(200).nullish(),
  serviceId: z.string().min(1).max(200).nullish(),
});

/** The nearest eligible transportation services on the network, nearest first. */
async function rideServices(
  deps: DomainDeps,
  actor: Actor,
  clientId: string,
  from: { latitude: number; longitude: number },
) {
  const found = await searchServices(
    deps,
    {
      categories: ['transportation'],
      clientId,
      eligibleOnly: true,
      acceptsReferrals: true,
      near: from,
      radiusKm: RIDE_RADIUS_KM,
      sort: 'DISTANCE',
      first: 10,
    },
    { savedClient: (id) => savedClientProfile(deps, actor, id) },
  );
  return found.edges.filter((e) => e.eligibility?.status !== 'INELIGIBLE');
}

/** An active consent of the client's for this agency that covers the pickup address. */
async function rideConsent(
  deps: DomainDeps,
  clientId: string,
  agencyOrganizationId: string,
  given: string | null | undefined,
): Promise<string> {
  const now = deps.clock.now();
  const agency = await organizationName(deps, agencyOrganizationId);
  const missing = new ConsentMissingError(
    `A ride needs the client’s consent to share their name, phone and address with ${agency}. ` +
      'Record it, then ask for the ride again.',
  );
  if (given) {
    await assertConsentAllows(deps, { consentId: given, clientId, agencyOrganizationId, now });
    const consent = await getConsent(deps, given);
    if (!consent?.fields.includes('address')) throw missing;
    return given;
  }
  const consents = await listClientConsents(deps, clientId);
  const fit = consents.find(
    (c) =>
      c.agencyOrganizationId === agencyOrganizationId &&
      c.fields.includes('address') &&
      isConsentActive(c, now),
  );
  if (!fit) throw missing;
  return fit.id;
}

function sealRide(deps: Pick<DomainDeps, 'cipher'>, ride: Ride): string {
  return deps.cipher.seal(JSON.stringify(ride));
}

/** A ride's details by its referral (no authorization); null when the referral is no ride. */
async function loadRide(deps: Pick<DomainDeps, 'db' | 'cipher'>, referralId: string) {
  const doc = await deps.db.models.Ride.collection.findOne({ _id: referralId as never });
  if (!doc) return null;
  const ride = JSON.parse(deps.cipher.open(String(doc.sealed))) as Ride;
  return {
    ...ride,
    pickupAt: new Date(ride.pickupAt),
    returnAt: new Date(ride.returnAt),
  };
}

/**
 * Opens a transportation referral for an appointment (referring coordinators; one ride per
 * appointment, a repeat returns the same referral). Audited. Throws NotFoundError,
 * NotAllowedError, InvalidInputError (no address, a past or marked appointment, a service not
 * among the eligible ones), NoRideServiceError, ConsentMissingError, NotOnNetworkError.
 */
export async function requestRide(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<{ referral: Referral; ride: Ride }> {
  const parsed = parseInput(requestSchema, input);
  const { appointment, referral } = await visibleAppointment(deps, actor, parsed.appointmentId);
  if (!canRefer(actor) || actor.organizationId !== referral.referringOrganizationId) {
    throw new NotAllowedError('Only the client’s coordinators can ask for a ride.');
  }
  if (appointment.rideReferralId) {
    const existing = await loadRide(deps, appointment.rideReferralId);
    const rideReferral = await loadReferral(deps, appointment.rideReferralId);
    if (existing && rideReferral) return { referral: rideReferral, ride: existing };
  }
  if (appointment.status !== 'SCHEDULED' || appointment.startAt <= deps.clock.now()) {
    throw new InvalidInputError([
      { path: 'appointmentId', message: 'A ride can be asked for an upcoming appointment only.' },
    ]);
  }
  const client = await getClient(deps, actor, appointment.clientId);
  if (!client.address) {
    throw new InvalidInputError([
      {
        path: 'appointmentId',
        message: 'Add the client’s street address to their record: a ride needs a pickup address.',
      },
    ]);
  }
  const { site } = appointment;
  if (site.latitude === null || site.longitude === null) {
    throw new InvalidInputError([
      {
        path: 'appointmentId',
        message: 'This site has no map location, so the travel time cannot be estimated.',
      },
    ]);
  }
  const pickup = await resolvePlace(deps, client.address, 'appointmentId');
  const candidates = await rideServices(deps, actor, client.id, pickup);
  if (candidates.length === 0) throw new NoRideServiceError();
  const chosen = parsed.serviceId
    ? candidates.find((c) => c.node.id === parsed.serviceId)
    : candidates[0];
  if (!chosen) {
    throw new InvalidInputError([
      {
        path: 'serviceId',
        message:
          'This service is not among the transportation services near the client that they ' +
          'are eligible for. Leave it out to take the nearest.',
      },
    ]);
  }
  const agencyId = chosen.node.organization?.id ?? '';
  const consentId = await rideConsent(deps, client.id, agencyId, parsed.consentId);

  const distanceKm =
    Math.round(haversineKm(pickup.latitude, pickup.longitude, site.latitude, site.longitude) * 10) /
    10;
  const travelMinutes = travelMinutesFor(distanceKm);
  const pickupAt = new Date(appointment.startAt.getTime() - travelMinutes * 60_000);
  const returnAt = appointment.endAt;
  const when = (at: Date) => describeLocalTime(at, site.timezone, 'en');
  const destination = [site.name, site.address].filter(Boolean).join(', ');
  const note =
    `Ride to an appointment. Pick up ${when(pickupAt)} (about ${travelMinutes} minutes before ` +
    `the ${when(appointment.startAt)} start) and take the client to ${destination}. Return ` +
    `pickup there at ${when(returnAt)} (times in ${site.timezone}). The pickup address is in ` +
    'the ride details.';
  const rideReferral = await createReferral(deps, actor, {
    clientId: client.id,
    consentId,
    serviceId: chosen.node.id,
    needs: ['transportation'],
    urgency: 'ROUTINE',
    note,
    idempotencyKey: `ride:${appointment.id}`,
    send: true,
  });
  const ride: Ride = {
    referralId: rideReferral.id,
    appointmentId: appointment.id,
    pickupAddress: client.address,
    pickupAt,
    returnAt,
    destinationName: site.name,
    destinationAddress: site.address,
    timezone: site.timezone,
    distanceKm,
    travelMinutes,
  };
  try {
    await whileBusy(() =>
      deps.db.models.Ride.collection.insertOne({
        _id: rideReferral.id as never,
        appointmentId: appointment.id,
        sealed: sealRide(deps, ride),
      }),
    );
  } catch (error) {
    // A simultaneous request made the same referral (same idempotency key) and recorded it.
    if (!isDuplicateKey(error)) throw error;
  }
  await noteRide(deps, appointment.id, rideReferral.id);
  await recordAudit(deps, actor, {
    action: 'appointment.ride',
    subjectType: 'appointment',
    subjectId: appointment.id,
    detail: { rideReferralId: rideReferral.id, serviceId: chosen.node.id, distanceKm },
  });
  return { referral: rideReferral, ride };
}

/**
 * A ride referral's details for one of its parties: the referring side sees everything; the
 * transportation agency sees the pickup address only while the consent is in force (audited as
 * a client read). Null when the referral is not a ride. Throws NotFoundError.
 */
export async function rideForReferral(
  deps: DomainDeps,
  actor: Actor,
  referralId: string,
): Promise<Ride | null> {
  const referral = await readVisibleReferral(deps, actor, referralId);
  const ride = await loadRide(deps, referral.id);
  if (!ride) return null;
  const consent = await getConsent(deps, referral.consentId);
  const referring = actor.organizationId === referral.referringOrganizationId;
  const shared =
    referring ||
    (consent !== null &&
      consent.fields.includes('address') &&
      isConsentActive(consent, deps.clock.now()));
  await recordAudit(deps, actor, {
    action: 'client.read',
    subjectType: 'client',
    subjectId: referral.clientId,
    detail: { via: 'ride', referralId: referral.id, fields: shared ? ['address'] : [] },
  });
  return shared ? ride : { ...ride, pickupAddress: '' };
}
