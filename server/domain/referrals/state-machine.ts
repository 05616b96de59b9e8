/**
 * The referral lifecycle as pure rules, after the HL7 SDOH Clinical Care referral Task:
 * DRAFT → SENT → ACCEPTED | REJECTED; ACCEPTED → IN_PROGRESS → COMPLETED | FAILED; ON_HOLD from
 * SENT, ACCEPTED or IN_PROGRESS resumes to the state it was held from; the referring side may
 * cancel anything not yet final. Nothing here reads storage or the clock.
 */

export const referralStatuses = [
  'DRAFT',
  'SENT',
  'ACCEPTED',
  'REJECTED',
  'IN_PROGRESS',
  'ON_HOLD',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

export const reasonCodes = [
  'NO_CAPACITY',
  'NOT_ELIGIBLE',
  'COULD_NOT_CONTACT',
  'CLIENT_DECLINED',
  'REFERRED_ELSEWHERE',
  'OTHER',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export const outcomes = ['GOT_HELP', 'PARTIALLY', 'OTHER'] as const;
export type Outcome = (typeof outcomes)[number];

export const urgencies = ['ROUTINE', 'URGENT', 'EMERGENCY'] as const;
export type Urgency = (typeof urgencies)[number];

/** Which side of a referral someone acts for. */
export type Side = 'referring' | 'receiving';

export const finalStatuses: readonly ReferralStatus[] = [
  'REJECTED',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

/** States a referral can be put on hold from (and resumed to). */
export const holdableStatuses: readonly ReferralStatus[] = ['SENT', 'ACCEPTED', 'IN_PROGRESS'];

/** Moves that need a reason code (and text when the code is OTHER). */
export const statusesNeedingReason: readonly ReferralStatus[] = [
  'REJECTED',
  'FAILED',
  'ON_HOLD',
  'CANCELLED',
];

export const MAX_REASON_TEXT = 500;

export function isFinal(status: ReferralStatus): boolean {
  return finalStatuses.includes(status);
}

/** The state a referral is in, as far as the rules care. */
export type LifecycleState = { status: ReferralStatus; heldFrom: ReferralStatus | null };

/** Who may move a referral from `state` to `to`, or null when the move does not exist. */
export function moveSide(state: LifecycleState, to: ReferralStatus): Side | null {
  const from = state.status;
  if (isFinal(from)) return null;
  if (to === 'CANCELLED') return 'referring';
  switch (from) {
    case 'DRAFT':
      return to === 'SENT' ? 'referring' : null;
    case 'SENT':
      return to === 'ACCEPTED' || to === 'REJECTED' || to === 'ON_HOLD' ? 'receiving' : null;
    case 'ACCEPTED':
      return to === 'IN_PROGRESS' || to === 'ON_HOLD' ? 'receiving' : null;
    case 'IN_PROGRESS':
      return to === 'COMPLETED' || to === 'FAILED' || to === 'ON_HOLD' ? 'receiving' : null;
    case 'ON_HOLD':
      return state.heldFrom !== null && to === state.heldFrom ? 'receiving' : null;
    default:
      return null;
  }
}

/** Every status reachable from `state` by anyone. */
export function nextStatuses(state: LifecycleState): ReferralStatus[] {
  return referralStatuses.filter((to) => moveSide(state, to) !== null);
}

export type TransitionRequest = {
  to: ReferralStatus;
  reasonCode?: ReasonCode | null;
  reasonText?: string | null;
  outcome?: Outcome | null;
};

export type TransitionProblem =
  | { kind: 'illegal'; message: string }
  | { kind: 'not_allowed'; message: string }
  | { kind: 'invalid'; issues: Array<{ path: string; message: string }> };

export type TransitionPlan = {
  status: ReferralStatus;
  heldFrom: ReferralStatus | null;
  reason: { code: ReasonCode; text: string | null } | null;
  outcome: Outcome | null;
};

const words: Record<ReferralStatus, { state: string; verb: string }> = {
  DRAFT: { state: 'a draft', verb: 'returned to draft' },
  SENT: { state: 'sent', verb: 'sent' },
  ACCEPTED: { state: 'accepted', verb: 'accepted' },
  REJECTED: { state: 'rejected', verb: 'rejected' },
  IN_PROGRESS: { state: 'in progress', verb: 'started' },
  ON_HOLD: { state: 'on hold', verb: 'put on hold' },
  COMPLETED: { state: 'completed', verb: 'completed' },
  FAILED: { state: 'closed as not helped', verb: 'closed as not helped' },
  CANCELLED: { state: 'cancelled', verb: 'cancelled' },
};

/** "accepted", "on hold": the state in words. */
export function describeStatus(status: ReferralStatus): string {
  return words[status].state;
}

/** "accepted", "put on hold": the move into a status, in words. */
export function describeMove(to: ReferralStatus): string {
  return words[to].verb;
}

/**
 * Checks a requested move against the lifecycle, the actor's sides and the reason and outcome
 * rules. Returns the resulting state, or the first problem: an illegal move, the wrong side, or
 * every invalid field at once.
 */
export function planTransition(
  state: LifecycleState,
  sides: readonly Side[],
  request: TransitionRequest,
): { ok: true; plan: TransitionPlan } | { ok: false; problem: TransitionProblem } {
  const { to } = request;
  const side = moveSide(state, to);
  if (side === null) {
    const resume =
      state.status === 'ON_HOLD' && state.heldFrom
        ? ` It can only be resumed to ${describeStatus(state.heldFrom)}.`
        : '';
    return {
      ok: false,
      problem: {
        kind: 'illegal',
        message:
          to === state.status
            ? `This referral is already ${describeStatus(to)}.`
            : `A referral that is ${describeStatus(state.status)} can't be ${describeMove(to)}.${resume}`,
      },
    };
  }
  if (!sides.includes(side)) {
    return {
      ok: false,
      problem: {
        kind: 'not_allowed',
        message:
          side === 'referring'
            ? `Only the referring organization's coordinators can mark this referral ${describeMove(to)}.`
            : `Only staff of the receiving agency can mark this referral ${describeMove(to)}.`,
      },
    };
  }

  const issues: Array<{ path: string; message: string }> = [];
  const needsReason = statusesNeedingReason.includes(to);
  const text = request.reasonText?.trim() ? request.reasonText.trim() : null;
  if (needsReason) {
    if (!request.reasonCode) {
      issues.push({
        path: 'reasonCode',
        message: `Give a reason code when a referral is ${describeMove(to)}.`,
      });
    } else if (request.reasonCode === 'OTHER' && !text) {
      issues.push({ path: 'reasonText', message: 'Describe the reason when the code is OTHER.' });
    }
    if (text && text.length > MAX_REASON_TEXT) {
      issues.push({
        path: 'reasonText',
        message: `The reason must be at most ${MAX_REASON_TEXT} characters.`,
      });
    }
  } else if (request.reasonCode || text) {
    issues.push({
      path: 'reasonCode',
      message: 'A reason is recorded only when a referral is rejected, failed, held or cancelled.',
    });
  }
  if (to === 'COMPLETED') {
    if (!request.outcome) {
      issues.push({ path: 'outcome', message: 'Record the outcome when completing a referral.' });
    }
  } else if (request.outcome) {
    issues.push({
      path: 'outcome',
      message: 'An outcome is recorded only when a referral is completed.',
    });
  }
  if (issues.length > 0) return { ok: false, problem: { kind: 'invalid', issues } };

  return {
    ok: true,
    plan: {
      status: to,
      heldFrom: to === 'ON_HOLD' ? state.status : null,
      reason: needsReason && request.reasonCode ? { code: request.reasonCode, text } : null,
      outcome: to === 'COMPLETED' ? (request.outcome ?? null) : null,
    },
  };
}
