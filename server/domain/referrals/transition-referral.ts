import type { Actor } from '../accounts/actor.ts';
import { assertNetworkAgency } from '../accounts/membership.ts';
import { assertConsentAllows } from '../clients/consent.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotAllowedError } from '../errors.ts';
import { onReferralChanged } from '../notifications/referral-changes.ts';
import { onReferralForCare } from '../tasks/referral-tasks.ts';
import { parseInput } from '../validate.ts';
import { sidesOf } from './access.ts';
import { conflictMessage, onlyReceivedSince } from './conflicts.ts';
import { recordReferralAudit } from './referral-audit.ts';
import { transitionSchema } from './referral-input.ts';
import { isFinal, planTransition } from './state-machine.ts';
import {
  appendVersion,
  loadReferral,
  type Referral,
  type ReferralEvent,
  type ReferralState,
} from './store.ts';
import { visibleReferral, withoutHistory } from './visible-referral.ts';

/**
 * Moves a referral to another status, if it is still at `expectedVersion` (versions that only
 * record the agency opening it do not count as changes). Throws NotFoundError, NotAllowedError,
 * InvalidInputError, ConflictError (naming the current state), ConsentMissingError, and
 * NotOnNetworkError when a draft is sent to an agency that has left the network.
 */
export async function transitionReferral(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<Referral> {
  const parsed = parseInput(transitionSchema, input);
  let current = await visibleReferral(deps, actor, parsed.referralId, true);
  // What this process remembers may be behind another process's change: look again.
  if (parsed.expectedVersion > current.version) {
    current = await visibleReferral(deps, actor, parsed.referralId);
  }
  if (
    parsed.expectedVersion > current.version ||
    (parsed.expectedVersion < current.version &&
      !onlyReceivedSince(current, parsed.expectedVersion))
  ) {
    throw new ConflictError(await conflictMessage(deps, current));
  }
  const sides = sidesOf(actor, current);
  const result = planTransition(current, sides, {
    to: parsed.to,
    reasonCode: parsed.reasonCode,
    reasonText: parsed.reasonText,
    outcome: parsed.outcome,
  });
  if (!result.ok) {
    const { problem } = result;
    if (problem.kind === 'not_allowed') throw new NotAllowedError(problem.message);
    if (problem.kind === 'illegal') {
      throw new InvalidInputError([{ path: 'to', message: problem.message }], problem.message);
    }
    throw new InvalidInputError(problem.issues);
  }
  const { plan } = result;
  const now = deps.clock.now();
  if (plan.status === 'SENT' && current.status === 'DRAFT') {
    // The agency may have left the network since the draft was saved.
    await assertNetworkAgency(deps, current.receivingOrganizationId, 'to');
    await assertConsentAllows(deps, {
      consentId: current.consentId,
      clientId: current.clientId,
      agencyOrganizationId: current.receivingOrganizationId,
      now,
    });
  }
  const note = parsed.note?.trim() ? parsed.note.trim() : null;
  const answered =
    current.status === 'SENT' && ['ACCEPTED', 'REJECTED', 'ON_HOLD'].includes(plan.status);
  const state: ReferralState = {
    ...withoutHistory(current),
    version: current.version + 1,
    status: plan.status,
    heldFrom: plan.heldFrom,
    reason: plan.reason,
    outcome: plan.outcome,
    updatedAt: now,
    sentAt: current.sentAt ?? (plan.status === 'SENT' ? now : null),
    respondedAt: current.respondedAt ?? (answered ? now : null),
    closedAt: isFinal(plan.status) ? now : null,
  };
  const event: ReferralEvent = {
    version: state.version,
    kind: 'TRANSITION',
    at: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    from: current.status,
    to: plan.status,
    reason: plan.reason,
    outcome: plan.outcome,
    note,
  };
  const next = await appendVersion(deps, current, state, event, (changed) =>
    Promise.all([
      recordReferralAudit(deps, actor, 'referral.transition', changed, {
        from: current.status,
        to: plan.status,
        reasonCode: plan.reason?.code ?? null,
        outcome: plan.outcome,
      }),
      onReferralChanged(deps, { referral: changed, from: current.status }),
      onReferralForCare(deps, changed),
    ]),
  );
  if (!next) {
    const winner = await loadReferral(deps, current.id);
    throw new ConflictError(await conflictMessage(deps, winner ?? current));
  }
  return next;
}
