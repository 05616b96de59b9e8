import type { Actor } from '../accounts/actor.ts';
import { canAnswerFor, canReadReferral, canRefer } from '../accounts/policy.ts';
import type { ReferralStatus, Side } from './state-machine.ts';

type Parties = {
  referringOrganizationId: string;
  receivingOrganizationId: string;
  status: ReferralStatus;
};

/** The sides of a referral the actor may act for (both when one organization refers to itself). */
export function sidesOf(actor: Actor, referral: Parties): Side[] {
  const sides: Side[] = [];
  if (canRefer(actor) && actor.organizationId === referral.referringOrganizationId) {
    sides.push('referring');
  }
  if (canAnswerFor(actor, referral.receivingOrganizationId)) sides.push('receiving');
  return sides;
}

/**
 * Whether the actor may see this referral at all. The policy's organization rule, plus: a draft
 * has not been sent, so the receiving agency does not see it yet. Callers answer "not found" when
 * this is false, so nobody learns that another organization's referral exists.
 */
export function canSeeReferral(actor: Actor, referral: Parties): boolean {
  if (!canReadReferral(actor, referral)) return false;
  return referral.status !== 'DRAFT' || actor.organizationId === referral.referringOrganizationId;
}
