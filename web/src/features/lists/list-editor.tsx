import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type ListChannel,
  type ListLanguage,
  type ResourceListQuery,
  SendResourceListDocument,
  UpdateResourceListDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { IssueSummary } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import { setCurrentList, useCurrentList } from './current-list';
import {
  isDirty,
  type ListDraft,
  listFieldId,
  moveItem,
  toDraft,
  toUpdateInput,
} from './internal/list-draft';
import { useListWords } from './internal/wording';

type List = ResourceListQuery['resourceList'];
type Issue = { path: string; message: string };

export type ListEditorProps = { list: List; onReload: () => void };

function FieldError({ id, issues }: { id: string; issues: Record<string, string[]> }) {
  const messages = issues[id];
  if (!messages) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {messages.join(' ')}
    </p>
  );
}

function invalid(id: string, issues: Record<string, string[]>) {
  return issues[id] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}

/** Edits a list (notes, order, language) and hands it to the client: print, PDF or send. */
export function ListEditor({ list, onReload }: ListEditorProps) {
  const w = useListWords();
  const { locale } = useI18n();
  const current = useCurrentList();
  const [draft, setDraft] = useState<ListDraft>(() => toDraft(list));
  const [basedOn, setBasedOn] = useState(list.version);
  const [issues, setIssues] = useState<Issue[]>([]);
  const statusRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<{
    kind: 'saved' | 'conflict' | 'failed' | 'sent' | 'sendFailed';
    message?: string;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [channel, setChannel] = useState<ListChannel>('EMAIL');
  const [to, setTo] = useState('');
  if (list.version !== basedOn) {
    setBasedOn(list.version);
    setDraft(toDraft(list));
    if (status?.kind === 'conflict') setStatus(null);
  }
  const dirty = isDirty(draft, list);
  const byField: Record<string, string[]> = {};
  for (const issue of issues) {
    const id = listFieldId(issue.path);
    byField[id] = [...(byField[id] ?? []), issue.message];
  }
  const lastSend = list.sends.at(-1);

  function fail(error: unknown, kind: 'failed' | 'sendFailed') {
    if (error instanceof GraphQLRequestError && error.code === 'CONFLICT') {
      setStatus({ kind: 'conflict' });
    } else if (error instanceof GraphQLRequestError && error.issues.length > 0) {
      setIssues([...error.issues]);
      setStatus(null);
    } else {
      setStatus({ kind, message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setIssues([]);
    try {
      await request(UpdateResourceListDocument, { input: toUpdateInput(draft, list) });
      setStatus({ kind: 'saved' });
      if (current?.id === list.id) {
        setCurrentList({ id: list.id, serviceIds: draft.items.map((i) => i.serviceId) });
      }
      onReload();
    } catch (error) {
      fail(error, 'failed');
    } finally {
      setBusy(false);
    }
  }

  async function handleSend(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setIssues([]);
    try {
      await request(SendResourceListDocument, {
        input: { id: list.id, channel, to: to.trim() || null },
      });
      setStatus({ kind: 'sent' });
      onReload();
    } catch (error) {
      fail(error, 'sendFailed');
    } finally {
      setBusy(false);
    }
  }

  function setItemNote(index: number, note: string) {
    setDraft((d) => ({
      ...d,
      items: d.items.map((item, i) => (i === index ? { ...item, note } : item)),
    }));
  }

  useEffect(
    function showOutcome() {
      // The outcome is announced at the top; bring it into view after a save at the bottom.
      if (status !== null || issues.length > 0) statusRef.current?.focus();
    },
    [status, issues],
  );

  return (
    <div className="list-editor">
      <div ref={statusRef} tabIndex={-1} className="editor-status">
        {status?.kind === 'conflict' ? (
          <StatusMessage
            tone="error"
            action={
              <button type="button" className="button-secondary" onClick={onReload}>
                {w('list.reload')}
              </button>
            }
          >
            {w('list.conflict')}
          </StatusMessage>
        ) : null}
        {status?.kind === 'failed' ? (
          <StatusMessage tone="error">
            {w('list.failed', { message: status.message ?? '' })}
          </StatusMessage>
        ) : null}
        {status?.kind === 'sendFailed' ? (
          <StatusMessage tone="error">
            {w('list.sendFailed', { message: status.message ?? '' })}
          </StatusMessage>
        ) : null}
        {status?.kind === 'saved' && !dirty ? (
          <StatusMessage tone="info">{w('list.saved')}</StatusMessage>
        ) : null}
        {status?.kind === 'sent' ? (
          <StatusMessage tone="info">{w('list.sent')}</StatusMessage>
        ) : null}
        <IssueSummary title={w('list.fix')} messages={issues.map((issue) => issue.message)} />
      </div>

      <p className="hint">
        {current?.id === list.id ? (
          w('list.isCurrent')
        ) : (
          <button
            type="button"
            className="button-link"
            onClick={() =>
              setCurrentList({ id: list.id, serviceIds: list.items.map((i) => i.serviceId) })
            }
          >
            {w('list.makeCurrent')}
          </button>
        )}
        {list.clientId ? ` ${w('list.linkedClient')}` : ''}
      </p>

      <form onSubmit={handleSave} noValidate>
        <fieldset>
          <legend>{w('list.details')}</legend>
          <div className="field">
            <label htmlFor="list-title">{w('list.title')}</label>
            <input
              id="list-title"
              value={draft.title}
              onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
              {...invalid('list-title', byField)}
            />
            <FieldError id="list-title" issues={byField} />
          </div>
          <div className="field">
            <label htmlFor="list-note">{w('list.note')}</label>
            <textarea
              id="list-note"
              rows={3}
              value={draft.note}
              onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
              {...invalid('list-note', byField)}
            />
            <FieldError id="list-note" issues={byField} />
          </div>
          <div className="field">
            <label htmlFor="list-language">{w('list.language')}</label>
            <select
              id="list-language"
              value={draft.language}
              onChange={(e) => {
                const language: ListLanguage = e.target.value === 'ES' ? 'ES' : 'EN';
                setDraft((d) => ({ ...d, language }));
              }}
            >
              <option value="EN" lang="en">
                English
              </option>
              <option value="ES" lang="es">
                Español
              </option>
            </select>
          </div>
        </fieldset>

        <fieldset>
          <legend>{w('list.services')}</legend>
          {draft.items.length === 0 ? <p>{w('list.noServices')}</p> : null}
          <ol className="list-items">
            {draft.items.map((item, index) => (
              <li key={item.id} className="list-item" id={`list-item-${index}`}>
                <div className="list-item-head">
                  <strong>
                    {item.gone ? (
                      item.name
                    ) : (
                      <Link to={`/services/${encodeURIComponent(item.serviceId)}`}>
                        {item.name}
                      </Link>
                    )}
                  </strong>
                  <span className="list-item-actions">
                    <button
                      type="button"
                      className="button-link"
                      disabled={index === 0}
                      onClick={() =>
                        setDraft((d) => ({ ...d, items: moveItem(d.items, index, -1) }))
                      }
                    >
                      {w('list.up')}
                      <span className="visually-hidden"> {item.name}</span>
                    </button>
                    <button
                      type="button"
                      className="button-link"
                      disabled={index === draft.items.length - 1}
                      onClick={() =>
                        setDraft((d) => ({ ...d, items: moveItem(d.items, index, 1) }))
                      }
                    >
                      {w('list.down')}
                      <span className="visually-hidden"> {item.name}</span>
                    </button>
                    <button
                      type="button"
                      className="button-link"
                      onClick={() =>
                        setDraft((d) => ({ ...d, items: d.items.filter((_x, i) => i !== index) }))
                      }
                    >
                      {w('list.remove')}
                      <span className="visually-hidden"> {item.name}</span>
                    </button>
                  </span>
                </div>
                {item.gone ? <p className="hint">{w('list.gone')}</p> : null}
                <div className="field">
                  <label htmlFor={`list-item-${index}-note`}>
                    {w('list.itemNote', { name: item.name })}
                  </label>
                  <textarea
                    id={`list-item-${index}-note`}
                    rows={2}
                    value={item.note}
                    onChange={(e) => setItemNote(index, e.target.value)}
                    {...invalid(`list-item-${index}-note`, byField)}
                  />
                  <FieldError id={`list-item-${index}-note`} issues={byField} />
                </div>
              </li>
            ))}
          </ol>
        </fieldset>
        <button type="submit" className="button-primary" disabled={busy || !dirty}>
          {busy ? w('list.saving') : w('list.save')}
        </button>
      </form>

      <section className="list-share" aria-labelledby="list-share-title">
        <h2 id="list-share-title">{w('list.share')}</h2>
        {dirty ? <StatusMessage tone="warning">{w('list.unsaved')}</StatusMessage> : null}
        <p className="list-share-links">
          <Link
            to={`/lists/${encodeURIComponent(list.id)}/print?lang=${list.language.toLowerCase()}`}
            className="button-secondary"
          >
            {w('list.print')}
          </Link>
          <a href={list.pdfUrl} className="button-secondary" download>
            {w('list.pdf')}
          </a>
        </p>
        <form onSubmit={handleSend} noValidate className="list-send">
          <fieldset>
            <legend>{w('list.channel')}</legend>
            {(['EMAIL', 'SMS'] as const).map((value) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name="list-channel"
                  value={value}
                  checked={channel === value}
                  onChange={() => setChannel(value)}
                />
                {value === 'EMAIL' ? w('list.email') : w('list.sms')}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="list-send-to">{w('list.to')}</label>
            <input
              id="list-send-to"
              value={to}
              type={channel === 'SMS' ? 'tel' : 'email'}
              onChange={(e) => setTo(e.target.value)}
              aria-describedby={
                byField['list-send-to'] ? 'list-send-to-error' : 'list-send-to-hint'
              }
              aria-invalid={byField['list-send-to'] ? true : undefined}
            />
            {list.clientId ? (
              <p id="list-send-to-hint" className="hint">
                {w('list.toHint')}
              </p>
            ) : null}
            <FieldError id="list-send-to" issues={byField} />
          </div>
          <button type="submit" className="button-primary" disabled={busy || dirty}>
            {busy ? w('list.sending') : w('list.send')}
          </button>
          {lastSend ? (
            <p className="hint">
              {w('list.lastSent', {
                date: new Date(lastSend.at).toLocaleString(locale),
                channel: lastSend.channel === 'SMS' ? w('list.sms') : w('list.email'),
              })}
            </p>
          ) : null}
        </form>
      </section>
    </div>
  );
}
