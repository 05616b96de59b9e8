import './review.css';
import { type FormEvent, useState } from 'react';
import {
  AcceptListingSuggestionDocument,
  ListingSuggestionsDocument,
  type ListingSuggestionsQuery,
  RejectListingSuggestionDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { NoteForm } from './internal/note-form';
import { describeValue } from './internal/suggestion-value';
import { useReviewWords } from './internal/wording';

type Suggestion = ListingSuggestionsQuery['listingSuggestions'][number];

export type SuggestionInboxProps = {
  /** Leave out suggestions this person made: they are not theirs to decide. */
  viewerEmail: string;
  intro?: string;
};

const pending = { status: 'PENDING' as const, first: 50 };

type CardProps = {
  suggestion: Suggestion;
  onDecided: (message: string) => void;
};

function SuggestionCard({ suggestion, onDecided }: CardProps) {
  const w = useReviewWords();
  const { locale } = useI18n();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = w(`field.${suggestion.field}`);
  const names = { field, service: suggestion.serviceName };
  const idBase = `suggestion-${suggestion.id}`;

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setFailure(null);
    setNoteError(null);
    try {
      await action();
      onDecided(done);
    } catch (error) {
      const issue =
        error instanceof GraphQLRequestError ? error.issues.find((i) => i.path === 'note') : null;
      if (issue) setNoteError(issue.message);
      else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  function handleAccept() {
    void run(
      () => request(AcceptListingSuggestionDocument, { suggestionId: suggestion.id }),
      w('inbox.accepted', names),
    );
  }

  function handleReject(event: FormEvent) {
    event.preventDefault();
    void run(
      () =>
        request(RejectListingSuggestionDocument, {
          input: { suggestionId: suggestion.id, note },
        }),
      w('inbox.rejected', names),
    );
  }

  return (
    <li className="review-card">
      <h3>
        <Link to={`/services/${encodeURIComponent(suggestion.serviceId)}`}>
          {w('inbox.suggestion', names)}
        </Link>
      </h3>
      <dl>
        <dt>{w('inbox.newValue')}</dt>
        <dd>{describeValue(suggestion.newValue)}</dd>
        {suggestion.note ? (
          <>
            <dt>{w('inbox.note')}</dt>
            <dd>{suggestion.note}</dd>
          </>
        ) : null}
      </dl>
      <p className="hint">
        {w('inbox.by', {
          email: suggestion.suggestedByEmail,
          date: new Date(suggestion.createdAt).toLocaleDateString(locale),
        })}
      </p>
      {failure ? (
        <StatusMessage tone="error">{w('inbox.failed', { message: failure })}</StatusMessage>
      ) : null}
      {rejecting ? (
        <NoteForm
          id={`${idBase}-note`}
          label={w('inbox.rejectNote', { email: suggestion.suggestedByEmail })}
          rows={2}
          value={note}
          onChange={setNote}
          error={noteError}
          busy={busy}
          submitLabel={w('inbox.confirmReject')}
          cancelLabel={w('suggest.cancel')}
          onSubmit={handleReject}
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <p className="review-actions">
          <button type="button" className="button-primary" disabled={busy} onClick={handleAccept}>
            {w('inbox.accept')}
            <span className="visually-hidden"> {w('inbox.suggestion', names)}</span>
          </button>
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => setRejecting(true)}
          >
            {w('inbox.reject')}
            <span className="visually-hidden"> {w('inbox.suggestion', names)}</span>
          </button>
        </p>
      )}
    </li>
  );
}

/** Pending suggested edits the viewer may decide on, each accepted or rejected with a note. */
export function SuggestionInbox({ viewerEmail, intro }: SuggestionInboxProps) {
  const w = useReviewWords();
  const { data, error, loading, retry } = useQuery(ListingSuggestionsDocument, pending);
  const [outcome, setOutcome] = useState<string | null>(null);
  const suggestions = (data?.listingSuggestions ?? []).filter(
    (s) => s.suggestedByEmail !== viewerEmail,
  );

  function handleDecided(message: string) {
    setOutcome(message);
    retry();
  }

  return (
    <section className="review-section" aria-labelledby="suggestion-inbox-title">
      <h2 id="suggestion-inbox-title">{w('inbox.title')}</h2>
      {intro ? <p className="hint">{intro}</p> : null}
      {outcome ? <StatusMessage tone="info">{outcome}</StatusMessage> : null}
      {loading && !data ? <p role="status">{w('inbox.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">{w('inbox.error', { message: error.message })}</StatusMessage>
      ) : null}
      {data && suggestions.length === 0 ? <p>{w('inbox.empty')}</p> : null}
      {suggestions.length > 0 ? (
        <ul className="review-cards">
          {suggestions.map((s) => (
            <SuggestionCard key={s.id} suggestion={s} onDecided={handleDecided} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
