import { useId, useState } from 'react';
import {
  ReferralFeedbackStatusDocument,
  SendFeedbackSurveyDocument,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { useFeedbackWords } from './internal/wording';

const ASKABLE = ['ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED'];

export type FeedbackRequestProps = { referralId: string };

/** For the referring coordinator: whether the client was asked for feedback, and a button to ask. */
export function FeedbackRequest({ referralId }: FeedbackRequestProps) {
  const w = useFeedbackWords();
  const { t, locale } = useI18n();
  const id = useId();
  const query = useQuery(ReferralFeedbackStatusDocument, { id: referralId });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const referral = query.data?.referral;
  if (!referral) return null;
  const feedback = referral.feedback;
  const askable = ASKABLE.includes(referral.status) && !feedback?.answered;

  async function handleAsk() {
    setBusy(true);
    setNotice(null);
    try {
      await request(SendFeedbackSurveyDocument, { referralId });
      setNotice({ tone: 'info', text: w('request.sent') });
      query.retry();
    } catch (failure) {
      const message =
        failure instanceof GraphQLRequestError && failure.kind === 'api'
          ? failure.message
          : t('search.networkError');
      setNotice({ tone: 'error', text: w('request.notSent', { message }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('request.title')}</h2>
      {notice ? <StatusMessage tone={notice.tone}>{notice.text}</StatusMessage> : null}
      {feedback ? (
        <p>
          {w('request.status', { date: formatDate(feedback.requestedAt.slice(0, 10), locale) })}{' '}
          {feedback.answered ? w('request.answered') : w('request.waiting')}
        </p>
      ) : (
        <p className="hint">{w('request.none')}</p>
      )}
      {askable ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={handleAsk}>
          {busy ? w('request.asking') : feedback ? w('request.askAgain') : w('request.ask')}
        </button>
      ) : null}
    </section>
  );
}
