import { describe, expect, it } from 'vitest';
import type { ReferralAction } from './actions';
import { toTransitionInput, validateActionDraft } from './transition-input';

const reject: ReferralAction = {
  key: 'reject',
  to: 'REJECTED',
  needs: 'reason',
  side: 'receiving',
};
const complete: ReferralAction = {
  key: 'complete',
  to: 'COMPLETED',
  needs: 'outcome',
  side: 'receiving',
};
const accept: ReferralAction = { key: 'accept', to: 'ACCEPTED', needs: null, side: 'receiving' };
const empty = { reasonCode: '', reasonText: '', outcome: '', note: '' } as const;

describe('transition input', () => {
  it('sends the version the person saw and only the fields the move takes', () => {
    expect(
      toTransitionInput('r1', 4, accept, { ...empty, reasonCode: 'OTHER', note: ' ok ' }),
    ).toEqual({
      referralId: 'r1',
      expectedVersion: 4,
      to: 'ACCEPTED',
      reasonCode: null,
      reasonText: null,
      outcome: null,
      note: 'ok',
    });
    expect(
      toTransitionInput('r1', 2, reject, {
        ...empty,
        reasonCode: 'NO_CAPACITY',
        reasonText: ' full ',
      }),
    ).toMatchObject({ to: 'REJECTED', reasonCode: 'NO_CAPACITY', reasonText: 'full', note: null });
    expect(toTransitionInput('r1', 7, complete, { ...empty, outcome: 'PARTIALLY' })).toMatchObject({
      to: 'COMPLETED',
      outcome: 'PARTIALLY',
      reasonCode: null,
    });
  });

  it('asks for a reason (with text for Other) and an outcome', () => {
    expect(validateActionDraft(reject, { ...empty })).toEqual({ reasonCode: 'action.needReason' });
    expect(validateActionDraft(reject, { ...empty, reasonCode: 'OTHER', reasonText: ' ' })).toEqual(
      {
        reasonText: 'action.needReasonText',
      },
    );
    expect(validateActionDraft(complete, { ...empty })).toEqual({ outcome: 'action.needOutcome' });
    expect(validateActionDraft(accept, { ...empty })).toEqual({});
  });
});
