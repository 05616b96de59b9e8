import { type FormEvent, useEffect, useId, useState } from 'react';
import {
  type FeedbackNeedMet,
  FeedbackSurveyDocument,
  SubmitFeedbackDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { isLang, useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { useFeedbackWords } from './internal/wording';

const ANSWERS: FeedbackNeedMet[] = ['YES', 'PARTLY', 'NO'];
const RATINGS = [1, 2, 3, 4, 5];

export type SurveyFormProps = { token: string };

/** The client's feedback survey, opened from their link: three questions, no account. */
export function SurveyForm({ token }: SurveyFormProps) {
  const w = useFeedbackWords();
  const { t, setLang } = useI18n();
  const id = useId();
  const query = useQuery(FeedbackSurveyDocument, { token });
  const survey = query.data?.feedbackSurvey;
  const [needMet, setNeedMet] = useState<FeedbackNeedMet | null>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    function speakTheClientsLanguage() {
      if (survey && isLang(survey.language)) setLang(survey.language);
    },
    [survey, setLang],
  );

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!needMet || !rating) {
      setError(w('survey.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await request(SubmitFeedbackDocument, {
        token,
        input: { needMet, rating, comment: comment.trim() || null },
      });
      setDone(true);
    } catch (failure) {
      if (failure instanceof GraphQLRequestError && failure.code === 'CONFLICT') {
        setError(w('survey.used'));
      } else {
        const message =
          failure instanceof GraphQLRequestError && failure.kind === 'api'
            ? failure.message
            : t('search.networkError');
        setError(w('survey.failed', { message }));
      }
    } finally {
      setBusy(false);
    }
  }

  if (query.error) {
    const used = query.error.code === 'CONFLICT';
    return (
      <StatusMessage tone={used ? 'info' : 'error'}>
        {used ? w('survey.used') : w('survey.invalid')}
      </StatusMessage>
    );
  }
  if (!survey) return query.loading ? <p role="status">{w('survey.loading')}</p> : null;
  if (done) {
    return (
      <div className="survey-done" role="status">
        <h1>{w('survey.thanks')}</h1>
      </div>
    );
  }
  return (
    <form className="survey-form" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{w('survey.title')}</h1>
      <p>{w('survey.intro', { agency: survey.agencyName, service: survey.serviceName })}</p>
      <p className="hint">{w('survey.private')}</p>
      {error ? <StatusMessage tone="error">{error}</StatusMessage> : null}
      <fieldset className="survey-choices">
        <legend>{w('survey.needMet')}</legend>
        {ANSWERS.map((answer) => (
          <label key={answer} className={needMet === answer ? 'choice is-chosen' : 'choice'}>
            <input
              type="radio"
              name={`${id}-needMet`}
              value={answer}
              checked={needMet === answer}
              onChange={() => setNeedMet(answer)}
            />
            {w(`survey.${answer}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="survey-choices survey-rating">
        <legend>{w('survey.rating')}</legend>
        <p className="hint" aria-hidden="true">
          1 = {w('survey.ratingLow')} · 5 = {w('survey.ratingHigh')}
        </p>
        {RATINGS.map((n) => (
          <label key={n} className={rating === n ? 'choice is-chosen' : 'choice'}>
            <input
              type="radio"
              name={`${id}-rating`}
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
            />
            <span aria-hidden="true">{n}</span>
            <span className="visually-hidden">
              {w('survey.star', { n })}
              {n === 1 ? ` (${w('survey.ratingLow')})` : ''}
              {n === 5 ? ` (${w('survey.ratingHigh')})` : ''}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{w('survey.comment')}</label>
        <textarea
          id={`${id}-comment`}
          rows={4}
          maxLength={1000}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      <button type="submit" className="button-primary survey-submit" disabled={busy}>
        {busy ? w('survey.sending') : w('survey.submit')}
      </button>
    </form>
  );
}
