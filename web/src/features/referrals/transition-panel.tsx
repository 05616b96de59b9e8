import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  type ReferralOutcome,
  type ReferralReasonCode,
  type ReferralStatus,
  TransitionReferralDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { StatusMessage } from '../../ui/status-message';
import type { ReferralAction } from './internal/actions';
import {
  type ActionDraft,
  toTransitionInput,
  validateActionDraft,
} from './internal/transition-input';

const reasonCodes: ReferralReasonCode[] = [
  'NO_CAPACITY',
  'NOT_ELIGIBLE',
  'COULD_NOT_CONTACT',
  'CLIENT_DECLINED',
  'REFERRED_ELSEWHERE',
  'OTHER',
];
const outcomes: ReferralOutcome[] = ['GOT_HELP', 'PARTIALLY', 'OTHER'];

export type TransitionPanelProps = {
  referralId: string;
  version: number;
  actions: ReferralAction[];
  /** Reads the referral again (after a change, or when someone else changed it first). */
  onChanged: () => void;
};

type Notice = { tone: 'info' | 'error'; text: string } | null;

/** The moves the viewer may make, each one transitionReferral with the version they saw. */
export function TransitionPanel({ referralId, version, actions, onChanged }: TransitionPanelProps) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState<ReferralAction | null>(null);
  const [draft, setDraft] = useState<ActionDraft>({
    reasonCode: '',
    reasonText: '',
    outcome: '',
    note: '',
  });
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const firstField = useRef<HTMLSelectElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  useEffect(
    function focusActionForm() {
      if (open) firstField.current?.focus();
    },
    [open],
  );

  async function run(action: ReferralAction, values: ActionDraft) {
    setBusy(true);
    setNotice(null);
    try {
      const data = await request(TransitionReferralDocument, {
        input: toTransitionInput(referralId, version, action, values),
      });
      setOpen(null);
      setNotice({
        tone: 'info',
        text: t('referral.updated', {
          status: t(`status.${data.transitionReferral.status as ReferralStatus}` as MessageKey),
        }),
      });
      onChanged();
    } catch (error) {
      const message =
        error instanceof GraphQLRequestError && error.kind === 'api'
          ? error.message
          : t('search.networkError');
      if (error instanceof GraphQLRequestError && error.code === 'CONFLICT') {
        setOpen(null);
        setNotice({ tone: 'error', text: t('referral.conflict', { message }) });
        onChanged();
      } else {
        setNotice({ tone: 'error', text: t('referral.actionFailed', { message }) });
      }
    } finally {
      setBusy(false);
    }
  }

  function handleAction(action: ReferralAction, button: HTMLButtonElement) {
    const empty: ActionDraft = { reasonCode: '', reasonText: '', outcome: '', note: '' };
    if (action.needs === null) {
      void run(action, empty);
      return;
    }
    opener.current = button;
    setDraft(empty);
    setShowErrors(false);
    setNotice(null);
    setOpen(action);
  }

  function handleClose() {
    setOpen(null);
    opener.current?.focus();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!open || busy) return;
    if (Object.keys(validateActionDraft(open, draft)).length > 0) {
      setShowErrors(true);
      return;
    }
    void run(open, draft);
  }

  if (actions.length === 0 && !notice) return null;
  const errors = open && showErrors ? validateActionDraft(open, draft) : {};

  return (
    <section className="referral-actions panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('referral.actions')}</h2>
      {notice ? <StatusMessage tone={notice.tone}>{notice.text}</StatusMessage> : null}
      {open ? (
        <form className="action-form" onSubmit={handleSubmit} noValidate>
          <h3>{t(`action.${open.key}` as MessageKey)}</h3>
          {open.needs === 'reason' ? (
            <>
              <div className="field">
                <label htmlFor={`${id}-reason`}>{t('action.reasonCode')}</label>
                <select
                  id={`${id}-reason`}
                  ref={firstField}
                  value={draft.reasonCode}
                  aria-invalid={errors.reasonCode ? true : undefined}
                  aria-describedby={errors.reasonCode ? `${id}-reason-error` : undefined}
                  onChange={(event) =>
                    setDraft({ ...draft, reasonCode: event.target.value as ReferralReasonCode })
                  }
                >
                  <option value="">{t('action.chooseReason')}</option>
                  {reasonCodes.map((code) => (
                    <option key={code} value={code}>
                      {t(`reason.${code}` as MessageKey)}
                    </option>
                  ))}
                </select>
                {errors.reasonCode ? (
                  <p className="field-error" id={`${id}-reason-error`}>
                    {t(errors.reasonCode)}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={`${id}-reason-text`}>
                  {draft.reasonCode === 'OTHER'
                    ? t('action.reasonTextRequired')
                    : t('action.reasonText')}
                </label>
                <textarea
                  id={`${id}-reason-text`}
                  rows={2}
                  maxLength={500}
                  value={draft.reasonText}
                  aria-invalid={errors.reasonText ? true : undefined}
                  aria-describedby={errors.reasonText ? `${id}-reason-text-error` : undefined}
                  onChange={(event) => setDraft({ ...draft, reasonText: event.target.value })}
                />
                {errors.reasonText ? (
                  <p className="field-error" id={`${id}-reason-text-error`}>
                    {t(errors.reasonText)}
                  </p>
                ) : null}
              </div>
            </>
          ) : null}
          {open.needs === 'outcome' ? (
            <div className="field">
              <label htmlFor={`${id}-outcome`}>{t('action.outcome')}</label>
              <select
                id={`${id}-outcome`}
                ref={firstField}
                value={draft.outcome}
                aria-invalid={errors.outcome ? true : undefined}
                aria-describedby={errors.outcome ? `${id}-outcome-error` : undefined}
                onChange={(event) =>
                  setDraft({ ...draft, outcome: event.target.value as ReferralOutcome })
                }
              >
                <option value="">{t('action.chooseOutcome')}</option>
                {outcomes.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {t(`outcome.${outcome}` as MessageKey)}
                  </option>
                ))}
              </select>
              {errors.outcome ? (
                <p className="field-error" id={`${id}-outcome-error`}>
                  {t(errors.outcome)}
                </p>
              ) : null}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('action.note')}</label>
            <textarea
              id={`${id}-note`}
              rows={2}
              maxLength={2000}
              value={draft.note}
              onChange={(event) => setDraft({ ...draft, note: event.target.value })}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy
                ? t('action.working')
                : t('action.confirm', { action: t(`action.${open.key}` as MessageKey) })}
            </button>
            <button type="button" className="button-secondary" onClick={handleClose}>
              {t('action.back')}
            </button>
          </div>
        </form>
      ) : (
        <div className="action-buttons">
          {actions.map((action) => (
            <button
              key={action.key}
              type="button"
              className={
                action.key === 'reject' || action.key === 'fail' || action.key === 'cancel'
                  ? 'button-secondary is-danger'
                  : action.needs === null || action.key === 'complete'
                    ? 'button-primary'
                    : 'button-secondary'
              }
              disabled={busy}
              onClick={(event) => handleAction(action, event.currentTarget)}
            >
              {t(`action.${action.key}` as MessageKey)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
