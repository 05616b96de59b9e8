import type { Actor } from '../accounts/actor.ts';
import { canAnswerFor } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { canSeeReferral } from './access.ts';
import { recordReferralAudit } from './referral-audit.ts';
import {
  appendVersion,
  loadReferral,
  loadReferralForChange,
  type Referral,
  type ReferralEvent,
  type ReferralState,
} from './store.ts';

/** "Not found", the answer for a referral that is missing or hidden from the actor. */
export function notFound(id: string): NotFoundError {
  return new NotFoundError('referral', id);
}

/** Loads a referral the actor may see; anything else is "not found", so existence never leaks. */
export async function visibleReferral(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  id: string,
  forChange = false,
): Promise<Referral> {
  const referral = forChange ? await loadReferralForChange(deps, id) : await loadReferral(deps, id);
  if (!referral || !canSeeReferral(actor, referral)) throw notFound(id);
  return referral;
}

/** A referral's state without its history: the base of its next version. */
export function withoutHistory(referral: Referral): ReferralState {
  const { history: _history, ...state } = referral;
  return state;
}

/**
 * Records that the receiving agency opened a sent referral (a version, not a status change).
 * Losing a race here is fine: someone else's change is returned instead.
 */
async function markReceived(deps: DomainDeps, actor: Actor, referral: Referral): Promise<Referral> {
  const now = deps.clock.now();
  const state: ReferralState = {
    ...withoutHistory(referral),
    version: referral.version + 1,
    receivedAt: now,
    updatedAt: now,
  };
  const event: ReferralEvent = {
    version: state.version,
    kind: 'RECEIVED',
    at: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    from: referral.status,
    to: referral.status,
    reason: null,
    outcome: null,
    note: null,
  };
  const next = await appendVersion(deps, referral, state, event);
  if (!next) return (await loadReferral(deps, referral.id)) ?? referral;
  await recordReferralAudit(deps, actor, 'referral.received', next);
  return next;
}

/**
 * Reads one referral the actor's organization refers or receives (audited). The receiving
 * agency's first read of a sent referral records it as received. Throws NotFoundError.
 */
export async function getReferral(deps: DomainDeps, actor: Actor, id: string): Promise<Referral> {
  let referral = await visibleReferral(deps, actor, id);
  if (
    referral.status === 'SENT' &&
    referral.receivedAt === null &&
    canAnswerFor(actor, referral.receivingOrganizationId)
  ) {
    referral = await markReceived(deps, actor, referral);
  }
  await recordReferralAudit(deps, actor, 'referral.read', referral);
  return referral;
}

/** Loads a referral the actor may see, without side effects: for the other referral modules. */
export async function readVisibleReferral(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  id: string,
): Promise<Referral> {
  return visibleReferral(deps, actor, id);
}
