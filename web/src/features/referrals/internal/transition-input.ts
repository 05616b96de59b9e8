import type {
  ReferralOutcome,
  ReferralReasonCode,
  TransitionReferralInput,
} from '../../../generated/graphql';
import type { MessageKey } from '../../../lib/i18n';
import type { ReferralAction } from './actions';

export type ActionDraft = {
  reasonCode: ReferralReasonCode | '';
  reasonText: string;
  outcome: ReferralOutcome | '';
  note: string;
};

export type ActionErrors = Partial<Record<'reasonCode' | 'reasonText' | 'outcome', MessageKey>>;

/** What the API will ask for: a reason code (with text for OTHER), or an outcome to complete. */
export function validateActionDraft(action: ReferralAction, draft: ActionDraft): ActionErrors {
  const errors: ActionErrors = {};
  if (action.needs === 'reason') {
    if (!draft.reasonCode) errors.reasonCode = 'action.needReason';
    else if (draft.reasonCode === 'OTHER' && !draft.reasonText.trim()) {
      errors.reasonText = 'action.needReasonText';
    }
  }
  if (action.needs === 'outcome' && !draft.outcome) errors.outcome = 'action.needOutcome';
  return errors;
}

/** One move as transitionReferral's input: only the fields this move takes, trimmed. */
export function toTransitionInput(
  referralId: string,
  expectedVersion: number,
  action: ReferralAction,
  draft: ActionDraft,
): TransitionReferralInput {
  const note = draft.note.trim();
  const reasonText = draft.reasonText.trim();
  return {
    referralId,
    expectedVersion,
    to: action.to,
    reasonCode: action.needs === 'reason' && draft.reasonCode ? draft.reasonCode : null,
    reasonText: action.needs === 'reason' && reasonText ? reasonText : null,
    outcome: action.needs === 'outcome' && draft.outcome ? draft.outcome : null,
    note: note || null,
  };
}
