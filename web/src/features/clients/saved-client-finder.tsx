import './clients.css';
import { type KeyboardEvent, useId, useState } from 'react';
import { FindSavedClientsDocument } from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { findInput, type SavedClient } from './internal/client-screen';
import { useClientWords } from './internal/wording';

export type SavedClientFinderProps = {
  onPick: (client: SavedClient) => void;
  onCancel: () => void;
};

/** Finds the organization's saved clients by exact phone, or name and date of birth. */
export function SavedClientFinder({ onPick, onCancel }: SavedClientFinderProps) {
  const w = useClientWords();
  const { locale } = useI18n();
  const id = useId();
  const [form, setForm] = useState({ name: '', dateOfBirth: '', phone: '' });
  const [found, setFound] = useState<SavedClient[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The finder sits inside other forms (forms cannot nest): Enter finds instead of submitting.
  function handleKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    void handleFind();
  }

  async function handleFind() {
    const input = findInput(form);
    if (!input) {
      setMessage(w('find.incomplete'));
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const data = await request(FindSavedClientsDocument, { input });
      setFound(data.findClients);
    } catch (error) {
      setFound(null);
      setMessage(w('find.failed', { message: error instanceof Error ? error.message : '' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="saved-client-finder" onKeyDown={handleKeyDown}>
      <legend>{w('find.title')}</legend>
      <p className="hint">{w('find.hint')}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-phone`}>{w('find.phone')}</label>
          <input
            id={`${id}-phone`}
            type="tel"
            autoComplete="off"
            value={form.phone}
            onChange={(e) => setForm({ ...form, phone: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{w('find.name')}</label>
          <input
            id={`${id}-name`}
            autoComplete="off"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-dob`}>{w('find.dateOfBirth')}</label>
          <input
            id={`${id}-dob`}
            type="date"
            value={form.dateOfBirth}
            onChange={(e) => setForm({ ...form, dateOfBirth: e.target.value })}
          />
        </div>
      </div>
      <p className="saved-client-actions">
        <button type="button" className="button-secondary" disabled={busy} onClick={handleFind}>
          {busy ? w('find.searching') : w('find.submit')}
        </button>
        <button type="button" className="button-link" onClick={onCancel}>
          {w('find.cancel')}
        </button>
      </p>
      <div role="status">
        {message ? <p className="field-error">{message}</p> : null}
        {found && found.length === 0 ? <p>{w('find.none')}</p> : null}
      </div>
      {found && found.length > 0 ? (
        <ul className="plain-list saved-client-results">
          {found.map((client) => (
            <li key={client.id}>
              <button type="button" className="button-link" onClick={() => onPick(client)}>
                {w('find.use', { name: client.name })}
              </button>{' '}
              <span className="hint">
                {w('find.born', { date: formatDate(client.dateOfBirth, locale) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
