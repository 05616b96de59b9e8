import './needs.css';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  AddNeedDocument,
  ChangeNeedStatusDocument,
  ClientNeedsDocument,
  type ClientNeedsQuery,
  type NeedDomain,
  type NeedStatus,
} from '../../generated/graphql';
import { formatDistance } from '../../lib/format';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/badge';
import { StatusMessage } from '../../ui/status-message';
import { AddToListButton } from '../lists/add-to-list-button';
import { useNeedsWords } from './internal/wording';
import { needDomains, useNeedWords } from './need-words';

type Need = ClientNeedsQuery['client']['needs'][number];

export type NeedsPanelProps = {
  clientId: string;
  /** Changes when the needs may have changed elsewhere (a screening was saved), to reload. */
  refreshKey?: number;
};

function message(error: unknown): string {
  return error instanceof GraphQLRequestError || error instanceof Error
    ? error.message
    : String(error);
}

const statusTone: Record<NeedStatus, 'warning' | 'good' | 'neutral'> = {
  OPEN: 'warning',
  ADDRESSED: 'good',
  DECLINED_BY_CLIENT: 'neutral',
};

/**
 * A client's needs: each with its status (change it in one click), and for open needs a few
 * eligible services near the client to add to a resource list or refer to. A coordinator can add
 * a need by hand. For a client page and the screening page.
 */
export function NeedsPanel({ clientId, refreshKey = 0 }: NeedsPanelProps) {
  const w = useNeedsWords();
  const id = useId();
  const query = useQuery(ClientNeedsDocument, { id: clientId });
  const needs = query.data?.client.needs ?? [];
  const seenKey = useRef(refreshKey);
  const { retry } = query;
  useEffect(
    function reloadOnRefresh() {
      if (seenKey.current === refreshKey) return;
      seenKey.current = refreshKey;
      retry();
    },
    [refreshKey, retry],
  );

  return (
    <section className="needs-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('needs.title')}</h2>
      {query.loading && !query.data ? <p role="status">{w('needs.loading')}</p> : null}
      {query.error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={query.retry}>
              {w('needs.retry')}
            </button>
          }
        >
          {w('needs.error', { message: query.error.message })}
        </StatusMessage>
      ) : null}
      {query.data && needs.length === 0 ? <p>{w('needs.empty')}</p> : null}
      {needs.length > 0 ? (
        <ul className="needs-list">
          {needs.map((need) => (
            <NeedItem key={need.id} need={need} clientId={clientId} onChanged={query.retry} />
          ))}
        </ul>
      ) : null}
      {query.data ? (
        <AddNeedForm
          clientId={clientId}
          openDomains={needs.filter((n) => n.status === 'OPEN').map((n) => n.domain)}
          onAdded={query.retry}
        />
      ) : null}
    </section>
  );
}

type NeedItemProps = { need: Need; clientId: string; onChanged: () => void };

function NeedItem({ need, clientId, onChanged }: NeedItemProps) {
  const w = useNeedsWords();
  const words = useNeedWords();
  const { locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const opened = new Date(need.openedAt).toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });

  async function change(status: NeedStatus) {
    setBusy(true);
    setFailure(null);
    try {
      await request(ChangeNeedStatusDocument, {
        input: { id: need.id, status, expectedVersion: need.version },
      });
      onChanged();
    } catch (error) {
      setFailure(w('needs.changeFailed', { message: message(error) }));
    } finally {
      setBusy(false);
    }
  }

  const domain = words.domain(need.domain);
  return (
    <li className="need-item">
      <div className="need-head">
        <h3>{domain}</h3>
        <Badge tone={statusTone[need.status]}>{words.status(need.status)}</Badge>
      </div>
      <p className="need-meta">
        {w(need.source === 'SCREENING' ? 'needs.fromScreening' : 'needs.byHand', { date: opened })}
        {need.note ? ` · ${need.note}` : ''}
      </p>
      <div className="need-actions">
        {need.status === 'OPEN' ? (
          <>
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() => change('ADDRESSED')}
              aria-label={`${w('needs.addressed')}: ${domain}`}
            >
              {w('needs.addressed')}
            </button>
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() => change('DECLINED_BY_CLIENT')}
              aria-label={`${w('needs.declined')}: ${domain}`}
            >
              {w('needs.declined')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => change('OPEN')}
            aria-label={`${w('needs.reopen')}: ${domain}`}
          >
            {w('needs.reopen')}
          </button>
        )}
      </div>
      {failure ? <StatusMessage tone="error">{failure}</StatusMessage> : null}
      {need.status === 'OPEN' ? <Suggestions need={need} clientId={clientId} /> : null}
    </li>
  );
}

function Suggestions({ need, clientId }: { need: Need; clientId: string }) {
  const w = useNeedsWords();
  const { locale } = useI18n();
  const edges = need.suggestions.edges;
  return (
    <div className="need-suggestions">
      <h4>{w('needs.suggestions')}</h4>
      {edges.length === 0 ? <p>{w('needs.noSuggestions')}</p> : null}
      <ul>
        {edges.map(({ node, distanceKm, eligibility }) => (
          <li key={node.id} className="need-suggestion">
            <div>
              <Link to={`/services/${encodeURIComponent(node.id)}`}>{node.name}</Link>
              <span className="need-suggestion-meta">
                {[
                  node.organization?.name,
                  distanceKm !== null ? formatDistance(distanceKm, locale) : null,
                  eligibility?.status === 'ELIGIBLE' ? w('needs.eligible') : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </div>
            <div className="need-suggestion-actions">
              <AddToListButton serviceId={node.id} serviceName={node.name} />
              {node.acceptsReferrals ? (
                <Link
                  className="button-secondary"
                  to={`/services/${encodeURIComponent(node.id)}/refer?clientId=${encodeURIComponent(clientId)}`}
                >
                  {w('needs.refer')}
                  <span className="visually-hidden">
                    {' '}
                    {w('needs.referTo', { name: node.name })}
                  </span>
                </Link>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

type AddNeedFormProps = { clientId: string; openDomains: NeedDomain[]; onAdded: () => void };

function AddNeedForm({ clientId, openDomains, onAdded }: AddNeedFormProps) {
  const w = useNeedsWords();
  const words = useNeedWords();
  const id = useId();
  const choices = needDomains.filter((d) => !openDomains.includes(d));
  const [domain, setDomain] = useState<NeedDomain | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!domain || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await request(AddNeedDocument, { input: { clientId, domain, note: note || null } });
      setDomain('');
      setNote('');
      onAdded();
    } catch (error) {
      setFailure(w('needs.addFailed', { message: message(error) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="need-add" onSubmit={handleSubmit}>
      <h3>{w('needs.add')}</h3>
      <div className="need-add-fields">
        <div className="field">
          <label htmlFor={`${id}-domain`}>{w('needs.domain')}</label>
          <select
            id={`${id}-domain`}
            value={domain}
            onChange={(event) => setDomain(event.target.value as NeedDomain | '')}
          >
            <option value="">—</option>
            {choices.map((d) => (
              <option key={d} value={d}>
                {words.domain(d)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{w('needs.note')}</label>
          <input
            id={`${id}-note`}
            value={note}
            maxLength={1000}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <button type="submit" className="button-secondary" disabled={busy || !domain}>
          {busy ? w('needs.adding') : w('needs.addButton')}
        </button>
      </div>
      {failure ? <StatusMessage tone="error">{failure}</StatusMessage> : null}
    </form>
  );
}
