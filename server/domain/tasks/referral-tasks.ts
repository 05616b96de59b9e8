import { noteReferralInSummary } from '../caseload/summary.ts';
import type { DomainDeps } from '../deps.ts';
import type { Referral } from '../referrals/store.ts';
import { createSystemTask, dayAfter, isoDay } from './tasks.ts';

/** Days after a referral is accepted that "check the client got the service" falls due. */
export const CHECK_SERVICE_AFTER_DAYS = 7;

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher' | 'logger'>;

type ReferralFacts = Pick<
  Referral,
  | 'id'
  | 'clientId'
  | 'referringOrganizationId'
  | 'referringUserId'
  | 'status'
  | 'version'
  | 'updatedAt'
>;

/** "Find an alternative" for a referral declined or left unanswered (once per referral). */
export async function findAlternativeTask(deps: Deps, referral: ReferralFacts) {
  return createSystemTask(deps, {
    key: `referral:${referral.id}:find-alternative`,
    kind: 'FIND_ALTERNATIVE',
    clientId: referral.clientId,
    organizationId: referral.referringOrganizationId,
    assigneeUserId: referral.referringUserId,
    dueDate: isoDay(deps.clock.now()),
    referralId: referral.id,
  });
}

/**
 * "Reach the client" after an appointment on their referral was marked missed, for the
 * coordinator who sent the referral, due today (once per appointment).
 */
export async function reachClientTask(
  deps: Deps,
  missed: { appointmentId: string; referral: ReferralFacts },
) {
  return createSystemTask(deps, {
    key: `appointment:${missed.appointmentId}:reach-client`,
    kind: 'REACH_CLIENT',
    clientId: missed.referral.clientId,
    organizationId: missed.referral.referringOrganizationId,
    assigneeUserId: missed.referral.referringUserId,
    dueDate: isoDay(deps.clock.now()),
    referralId: missed.referral.id,
  });
}

/**
 * Called by the referral engine after a referral is created or changes: records it on the
 * client's summary and makes the follow-up task the change calls for (accepted → check the
 * client got the service N days later; declined → find an alternative). Best effort: logs its
 * own failures and never throws, so a committed change is never reported as failed.
 */
export async function onReferralForCare(deps: Deps, referral: ReferralFacts): Promise<void> {
  try {
    await noteReferralInSummary(deps, referral);
    if (referral.status === 'ACCEPTED') {
      await createSystemTask(deps, {
        key: `referral:${referral.id}:check-service`,
        kind: 'CHECK_SERVICE',
        clientId: referral.clientId,
        organizationId: referral.referringOrganizationId,
        assigneeUserId: referral.referringUserId,
        dueDate: dayAfter(deps.clock.now(), CHECK_SERVICE_AFTER_DAYS),
        referralId: referral.id,
      });
    } else if (referral.status === 'REJECTED') {
      await findAlternativeTask(deps, referral);
    }
  } catch (error) {
    deps.logger.error(
      { err: error, referralId: referral.id },
      'could not record a referral for care',
    );
  }
}
