import { describe, expect, it } from 'vitest';
import {
  holdableStatuses,
  isFinal,
  type LifecycleState,
  moveSide,
  nextStatuses,
  planTransition,
  type ReasonCode,
  type ReferralStatus,
  referralStatuses,
  type Side,
  type TransitionRequest,
} from './state-machine.ts';

/** The whole lifecycle, written out by hand: from → to → who. */
const legal: Record<string, Partial<Record<ReferralStatus, Side>>> = {
  DRAFT: { SENT: 'referring', CANCELLED: 'referring' },
  SENT: {
    ACCEPTED: 'receiving',
    REJECTED: 'receiving',
    ON_HOLD: 'receiving',
    CANCELLED: 'referring',
  },
  ACCEPTED: { IN_PROGRESS: 'receiving', ON_HOLD: 'receiving', CANCELLED: 'referring' },
  IN_PROGRESS: {
    COMPLETED: 'receiving',
    FAILED: 'receiving',
    ON_HOLD: 'receiving',
    CANCELLED: 'referring',
  },
  'ON_HOLD<SENT': { SENT: 'receiving', CANCELLED: 'referring' },
  'ON_HOLD<ACCEPTED': { ACCEPTED: 'receiving', CANCELLED: 'referring' },
  'ON_HOLD<IN_PROGRESS': { IN_PROGRESS: 'receiving', CANCELLED: 'referring' },
  REJECTED: {},
  COMPLETED: {},
  FAILED: {},
  CANCELLED: {},
};

function stateOf(key: string): LifecycleState {
  const [status, heldFrom] = key.split('<') as [ReferralStatus, ReferralStatus | undefined];
  return { status, heldFrom: heldFrom ?? null };
}

/** A request that satisfies the reason and outcome rules for `to`. */
function validRequest(to: ReferralStatus): TransitionRequest {
  if (to === 'COMPLETED') return { to, outcome: 'GOT_HELP' };
  if (['REJECTED', 'FAILED', 'ON_HOLD', 'CANCELLED'].includes(to)) {
    return { to, reasonCode: 'NO_CAPACITY', reasonText: 'Full this week.' };
  }
  return { to };
}

const cases = Object.entries(legal).flatMap(([from, moves]) =>
  referralStatuses.map((to) => [from, to, moves[to] ?? null] as const),
);

describe('referral state machine', () => {
  it.each(cases)('%s → %s is made by %s', (from, to, side) => {
    const state = stateOf(from);
    expect(moveSide(state, to)).toBe(side);
    for (const who of ['referring', 'receiving'] as const) {
      const result = planTransition(state, [who], validRequest(to));
      if (side === who) {
        expect(result.ok).toBe(true);
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problem.kind).toBe(side ? 'not_allowed' : 'illegal');
      }
    }
  });

  it('lists the next statuses and treats final states as final', () => {
    expect(nextStatuses({ status: 'SENT', heldFrom: null })).toEqual([
      'ACCEPTED',
      'REJECTED',
      'ON_HOLD',
      'CANCELLED',
    ]);
    for (const status of ['REJECTED', 'COMPLETED', 'FAILED', 'CANCELLED'] as const) {
      expect(isFinal(status)).toBe(true);
      expect(nextStatuses({ status, heldFrom: null })).toEqual([]);
    }
    expect(isFinal('ON_HOLD')).toBe(false);
  });

  it.each(holdableStatuses)('holds from %s and resumes to it', (from) => {
    const held = planTransition({ status: from, heldFrom: null }, ['receiving'], {
      to: 'ON_HOLD',
      reasonCode: 'COULD_NOT_CONTACT',
    });
    expect(held).toEqual({
      ok: true,
      plan: {
        status: 'ON_HOLD',
        heldFrom: from,
        reason: { code: 'COULD_NOT_CONTACT', text: null },
        outcome: null,
      },
    });
    const resumed = planTransition({ status: 'ON_HOLD', heldFrom: from }, ['receiving'], {
      to: from,
    });
    expect(resumed).toEqual({
      ok: true,
      plan: { status: from, heldFrom: null, reason: null, outcome: null },
    });
  });

  it('names the state a held referral can resume to', () => {
    const result = planTransition({ status: 'ON_HOLD', heldFrom: 'ACCEPTED' }, ['receiving'], {
      to: 'IN_PROGRESS',
    });
    expect(result).toEqual({
      ok: false,
      problem: {
        kind: 'illegal',
        message: "A referral that is on hold can't be started. It can only be resumed to accepted.",
      },
    });
  });

  it('says so when the referral is already in the requested state', () => {
    expect(
      planTransition(
        { status: 'ACCEPTED', heldFrom: null },
        ['receiving'],
        validRequest('ACCEPTED'),
      ),
    ).toEqual({
      ok: false,
      problem: { kind: 'illegal', message: 'This referral is already accepted.' },
    });
  });

  it('names the side that may make a move', () => {
    expect(
      planTransition({ status: 'SENT', heldFrom: null }, ['referring'], { to: 'ACCEPTED' }),
    ).toEqual({
      ok: false,
      problem: {
        kind: 'not_allowed',
        message: 'Only staff of the receiving agency can mark this referral accepted.',
      },
    });
    expect(
      planTransition({ status: 'SENT', heldFrom: null }, ['receiving'], validRequest('CANCELLED')),
    ).toEqual({
      ok: false,
      problem: {
        kind: 'not_allowed',
        message: "Only the referring organization's coordinators can mark this referral cancelled.",
      },
    });
    // One organization that both refers and serves acts for both sides.
    expect(
      planTransition({ status: 'SENT', heldFrom: null }, ['referring', 'receiving'], {
        to: 'ACCEPTED',
      }).ok,
    ).toBe(true);
  });

  it.each(['REJECTED', 'FAILED', 'ON_HOLD', 'CANCELLED'] as const)(
    '%s needs a reason code, and text for OTHER',
    (to) => {
      const from: LifecycleState =
        to === 'FAILED'
          ? { status: 'IN_PROGRESS', heldFrom: null }
          : { status: 'SENT', heldFrom: null };
      const side: Side = to === 'CANCELLED' ? 'referring' : 'receiving';
      expect(planTransition(from, [side], { to })).toMatchObject({
        ok: false,
        problem: { kind: 'invalid', issues: [{ path: 'reasonCode' }] },
      });
      expect(planTransition(from, [side], { to, reasonCode: 'OTHER', reasonText: '   ' })).toEqual({
        ok: false,
        problem: {
          kind: 'invalid',
          issues: [{ path: 'reasonText', message: 'Describe the reason when the code is OTHER.' }],
        },
      });
      const other = planTransition(from, [side], {
        to,
        reasonCode: 'OTHER',
        reasonText: '  Moved out of state. ',
      });
      expect(other.ok && other.plan.reason).toEqual({ code: 'OTHER', text: 'Moved out of state.' });
      for (const code of ['NO_CAPACITY', 'NOT_ELIGIBLE', 'CLIENT_DECLINED'] as ReasonCode[]) {
        expect(planTransition(from, [side], { to, reasonCode: code }).ok).toBe(true);
      }
      expect(
        planTransition(from, [side], {
          to,
          reasonCode: 'NO_CAPACITY',
          reasonText: 'x'.repeat(501),
        }),
      ).toMatchObject({
        ok: false,
        problem: { kind: 'invalid', issues: [{ path: 'reasonText' }] },
      });
    },
  );

  it('refuses reasons and outcomes on moves that do not record them', () => {
    expect(
      planTransition({ status: 'SENT', heldFrom: null }, ['receiving'], {
        to: 'ACCEPTED',
        reasonCode: 'OTHER',
        outcome: 'GOT_HELP',
      }),
    ).toEqual({
      ok: false,
      problem: {
        kind: 'invalid',
        issues: [
          {
            path: 'reasonCode',
            message:
              'A reason is recorded only when a referral is rejected, failed, held or cancelled.',
          },
          { path: 'outcome', message: 'An outcome is recorded only when a referral is completed.' },
        ],
      },
    });
  });

  it('needs an outcome to complete', () => {
    const state: LifecycleState = { status: 'IN_PROGRESS', heldFrom: null };
    expect(planTransition(state, ['receiving'], { to: 'COMPLETED' })).toEqual({
      ok: false,
      problem: {
        kind: 'invalid',
        issues: [{ path: 'outcome', message: 'Record the outcome when completing a referral.' }],
      },
    });
    for (const outcome of ['GOT_HELP', 'PARTIALLY', 'OTHER'] as const) {
      expect(planTransition(state, ['receiving'], { to: 'COMPLETED', outcome })).toEqual({
        ok: true,
        plan: { status: 'COMPLETED', heldFrom: null, reason: null, outcome },
      });
    }
  });

  it('lets nobody act without a side', () => {
    expect(planTransition({ status: 'SENT', heldFrom: null }, [], { to: 'ACCEPTED' }).ok).toBe(
      false,
    );
  });
});
