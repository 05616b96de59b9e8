import { type FormEvent, useId, useState } from 'react';
import { AddCaseNoteDocument, type ClientCareQuery } from '../../generated/graphql';
import { request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useCareWords } from './internal/wording';

type Entry = NonNullable<ClientCareQuery['client']>['timeline'][number];

export type ClientTimelineProps = { clientId: string; entries: Entry[]; onChanged: () => void };

/** Everything that happened around the client, newest first, with a form to add a note. */
export function ClientTimeline({ clientId, entries, onChanged }: ClientTimelineProps) {
  const { locale } = useI18n();
  const { w } = useCareWords();
  const id = useId();
  const [text, setText] = useState('');
  const [contact, setContact] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request(AddCaseNoteDocument, { input: { clientId, text, contact } });
      setText('');
      setContact(false);
      onChanged();
    } catch (e) {
      setError(w('note.failed', { message: e instanceof Error ? e.message : '' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel client-timeline" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('timeline.title')}</h2>
      <form className="new-note no-print" onSubmit={handleSubmit} aria-labelledby={`${id}-add`}>
        <h3 id={`${id}-add`} className="visually-hidden">
          {w('note.add')}
        </h3>
        <div className="field">
          <label htmlFor={`${id}-note`}>{w('note.text')}</label>
          <textarea
            id={`${id}-note`}
            required
            rows={2}
            maxLength={5000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={contact} onChange={(e) => setContact(e.target.checked)} />
          {w('note.contact')}
        </label>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button-secondary" disabled={busy}>
          {w('note.save')}
        </button>
      </form>
      {entries.length === 0 ? <p className="hint">{w('timeline.empty')}</p> : null}
      <ol className="timeline">
        {entries.map((entry, index) => (
          <li
            key={`${entry.at}-${entry.kind}-${entry.refId ?? index}`}
            className={`timeline-entry timeline-${entry.kind.split('.')[0]}`}
          >
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString(locale)}</time>
            <span className="timeline-title">
              {entry.kind.startsWith('referral.') && entry.refId ? (
                <Link to={`/referrals/${encodeURIComponent(entry.refId)}`}>{entry.title}</Link>
              ) : (
                entry.title
              )}
            </span>
            {entry.detail ? <span className="timeline-detail">{entry.detail}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
