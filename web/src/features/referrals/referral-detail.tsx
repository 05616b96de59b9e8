import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import {
  PostReferralMessageDocument,
  ReferralAlternativesDocument,
  type ReferralQuery,
} from '../../generated/graphql';
import { formatDate, formatDistance } from '../../lib/format';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/badge';
import { StatusMessage } from '../../ui/status-message';
import { AppointmentsPanel } from '../appointments/appointments-panel';
import { FeedbackRequest } from '../feedback/feedback-request';
import type { SessionUser } from '../session/session-provider';
import { availableActions, sidesFor } from './internal/actions';
import { formatInstant, formatTimeline } from './internal/timeline';
import { StatusBadge } from './status-badge';
import { TransitionPanel } from './transition-panel';

type Referral = ReferralQuery['referral'];

export type ReferralDetailProps = {
  referral: Referral;
  viewer: SessionUser;
  onChanged: () => void;
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One referral: summary, the client as the viewer may see them, actions, history and messages. */
export function ReferralDetail({ referral, viewer, onChanged }: ReferralDetailProps) {
  const { t, locale, lang, categoryName } = useI18n();
  const id = useId();
  const sides = sidesFor(viewer, referral);
  const actions = availableActions(referral, sides);
  const receivingOnly = sides.length === 1 && sides[0] === 'receiving';
  const timeline = useMemo(
    () => formatTimeline(referral.history, t, locale),
    [referral.history, t, locale],
  );
  const showAlternatives =
    sides.includes('referring') && (referral.status === 'REJECTED' || referral.status === 'FAILED');
  const serviceName = referral.service?.name ?? t('referrals.serviceGone');

  return (
    <article className="referral-detail" aria-labelledby={`${id}-title`}>
      <header className="referral-header">
        <h1 id={`${id}-title`}>{t('referral.title', { service: serviceName })}</h1>
        <p className="referral-badges">
          <StatusBadge status={referral.status} />
          {referral.overdue ? <Badge tone="bad">{t('referrals.overdue')}</Badge> : null}
          {referral.urgency !== 'ROUTINE' ? (
            <Badge tone="warning">{t(`urgency.${referral.urgency}` as MessageKey)}</Badge>
          ) : null}
        </p>
      </header>

      <div className="referral-columns">
        <div className="referral-main">
          <section className="panel" aria-labelledby={`${id}-summary`}>
            <h2 id={`${id}-summary`}>{t('referral.summary')}</h2>
            <dl className="facts">
              <Fact label={t('referral.status')}>
                {t(`status.${referral.status}` as MessageKey)}
                {referral.status === 'ON_HOLD' && referral.heldFrom
                  ? ` (${t('referral.heldFrom', { status: t(`status.${referral.heldFrom}` as MessageKey) })})`
                  : ''}
              </Fact>
              {referral.reason ? (
                <Fact label={t('referral.reason')}>
                  {t(`reason.${referral.reason.code}` as MessageKey)}
                  {referral.reason.text ? ` — ${referral.reason.text}` : ''}
                </Fact>
              ) : null}
              {referral.outcome ? (
                <Fact label={t('referral.outcome')}>
                  {t(`outcome.${referral.outcome}` as MessageKey)}
                </Fact>
              ) : null}
              <Fact label={t('referral.urgency')}>
                {t(`urgency.${referral.urgency}` as MessageKey)}
              </Fact>
              <Fact label={t('referral.needs')}>
                {referral.needs.map((n) => categoryName(n.code, n.name)).join(', ') || '—'}
              </Fact>
              <Fact label={t('referral.service')}>
                {referral.service ? (
                  <Link to={`/services/${encodeURIComponent(referral.service.id)}`}>
                    {referral.service.name}
                  </Link>
                ) : (
                  serviceName
                )}
              </Fact>
              <Fact label={t('referral.from')}>{referral.referringOrganization.name}</Fact>
              <Fact label={t('referral.to')}>{referral.receivingOrganization.name}</Fact>
              {referral.sentAt ? (
                <Fact label={t('referral.sent')}>
                  <time dateTime={referral.sentAt}>{formatInstant(referral.sentAt, locale)}</time>
                </Fact>
              ) : null}
              {referral.respondBy ? (
                <Fact label={t('referral.respondBy')}>
                  <time dateTime={referral.respondBy}>
                    {formatInstant(referral.respondBy, locale)}
                  </time>
                </Fact>
              ) : null}
              {referral.note ? <Fact label={t('referral.note')}>{referral.note}</Fact> : null}
            </dl>
          </section>

          <TransitionPanel
            referralId={referral.id}
            version={referral.version}
            actions={actions}
            onChanged={onChanged}
          />

          <AppointmentsPanel
            referralId={referral.id}
            referring={sides.includes('referring')}
            receiving={sides.includes('receiving')}
          />

          {sides.includes('referring') ? <FeedbackRequest referralId={referral.id} /> : null}

          <ClientCard client={referral.client} shared={receivingOnly} locale={locale} lang={lang} />

          {showAlternatives ? <Alternatives referralId={referral.id} /> : null}
        </div>

        <div className="referral-side">
          <section className="panel" aria-labelledby={`${id}-history`}>
            <h2 id={`${id}-history`}>{t('referral.history')}</h2>
            <ol className="timeline">
              {timeline.map((entry) => (
                <li key={entry.key}>
                  <p className="timeline-title">
                    <strong>{entry.title}</strong> <span className="hint">{entry.by}</span>
                  </p>
                  <p className="timeline-when">
                    <time dateTime={entry.at}>{entry.when}</time>
                  </p>
                  {entry.details.map((detail) => (
                    <p key={detail} className="timeline-detail">
                      {detail}
                    </p>
                  ))}
                </li>
              ))}
            </ol>
          </section>

          <MessageThread referral={referral} viewer={viewer} onPosted={onChanged} />
        </div>
      </div>
    </article>
  );
}

type ClientCardProps = {
  client: Referral['client'];
  /** The agency's view: missing fields were not shared. */
  shared: boolean;
  locale: string;
  lang: string;
};

function ClientCard({ client, shared, locale, lang }: ClientCardProps) {
  const { t } = useI18n();
  const id = useId();
  const missing = shared ? t('referral.notShared') : '—';
  const value = (v: string | number | null | undefined, format?: (v: never) => string) =>
    v === null || v === undefined || v === '' ? (
      <span className="hint">{missing}</span>
    ) : format ? (
      format(v as never)
    ) : (
      String(v)
    );
  const languageName = (code: string) => {
    try {
      return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-client`}>
      <h2 id={`${id}-client`}>{t('referral.client')}</h2>
      {client && !shared ? (
        <p>
          <Link to={`/clients/${encodeURIComponent(client.id)}`}>{t('referral.clientPage')}</Link>
        </p>
      ) : null}
      {client ? (
        <dl className="facts">
          <Fact label={t('consentField.NAME')}>{value(client.name)}</Fact>
          <Fact label={t('consentField.DATE_OF_BIRTH')}>
            {value(client.dateOfBirth, (d: string) => formatDate(d, locale))}
          </Fact>
          <Fact label={t('consentField.PHONE')}>
            {client.phone ? <a href={`tel:${client.phone}`}>{client.phone}</a> : value(null)}
          </Fact>
          <Fact label={t('consentField.EMAIL')}>
            {client.email ? <a href={`mailto:${client.email}`}>{client.email}</a> : value(null)}
          </Fact>
          <Fact label={t('consentField.POSTAL_CODE')}>{value(client.postalCode)}</Fact>
          <Fact label={t('consentField.PREFERRED_LANGUAGE')}>
            {value(client.preferredLanguage, languageName)}
          </Fact>
          <Fact label={t('consentField.HOUSEHOLD_SIZE')}>{value(client.householdSize)}</Fact>
          <Fact label={t('consentField.ANNUAL_INCOME')}>
            {value(client.annualIncome, (n: number) =>
              new Intl.NumberFormat(locale, {
                style: 'currency',
                currency: 'USD',
                maximumFractionDigits: 0,
              }).format(n),
            )}
          </Fact>
        </dl>
      ) : (
        <p className="hint">{t('referral.clientGone')}</p>
      )}
    </section>
  );
}

/** Other services for the same needs (the referring side only; the API asks a coordinator). */
function Alternatives({ referralId }: { referralId: string }) {
  const { t, locale } = useI18n();
  const id = useId();
  const query = useQuery(ReferralAlternativesDocument, { id: referralId });
  const alternatives = query.data?.referral.alternatives ?? [];
  return (
    <section className="panel alternatives" aria-labelledby={`${id}-alternatives`}>
      <h2 id={`${id}-alternatives`}>{t('referral.alternatives')}</h2>
      {query.loading ? <p role="status">{t('referral.loading')}</p> : null}
      {query.error ? <StatusMessage tone="error">{query.error.message}</StatusMessage> : null}
      {query.data && alternatives.length === 0 ? (
        <p className="hint">{t('referral.noAlternatives')}</p>
      ) : alternatives.length === 0 ? null : (
        <ul className="alternative-list">
          {alternatives.map((alternative) => {
            const service = alternative.service;
            return (
              <li key={service.id}>
                <div>
                  <Link to={`/services/${encodeURIComponent(service.id)}`}>{service.name}</Link>
                  <span className="hint">
                    {service.organization ? ` · ${service.organization.name}` : ''}
                    {alternative.distanceKm !== null
                      ? ` · ${t('result.distance', { distance: formatDistance(alternative.distanceKm, locale) })}`
                      : ''}
                  </span>
                </div>
                <Link
                  to={`/services/${encodeURIComponent(service.id)}/refer`}
                  className="button-secondary"
                >
                  {t('referral.referAgain')}
                  <span className="visually-hidden">: {service.name}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

type MessageThreadProps = {
  referral: Referral;
  viewer: SessionUser;
  onPosted: () => void;
};

function MessageThread({ referral, viewer, onPosted }: MessageThreadProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const other =
    viewer.organization.id === referral.receivingOrganization.id &&
    viewer.organization.id !== referral.referringOrganization.id
      ? referral.referringOrganization
      : referral.receivingOrganization;
  const messages = referral.messages.edges.map((e) => e.node);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = body.trim();
    if (!text || busy) return;
    setBusy(true);
    setError(null);
    try {
      await request(PostReferralMessageDocument, {
        input: { referralId: referral.id, body: text },
      });
      setBody('');
      onPosted();
    } catch (failure) {
      setError(
        failure instanceof GraphQLRequestError && failure.kind === 'api'
          ? failure.message
          : t('search.networkError'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-messages`}>
      <h2 id={`${id}-messages`}>{t('referral.messages')}</h2>
      {messages.length === 0 ? (
        <p className="hint">{t('referral.noMessages')}</p>
      ) : (
        <ol className="message-list">
          {messages.map((message) => (
            <li
              key={message.id}
              className={
                message.author.id === viewer.organization.id ? 'message is-mine' : 'message'
              }
            >
              <p className="message-meta">
                <strong>{message.author.name}</strong>{' '}
                <time dateTime={message.createdAt} className="hint">
                  {formatInstant(message.createdAt, locale)}
                </time>
              </p>
              <p className="message-body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="message-form" onSubmit={handleSubmit}>
        {error ? <StatusMessage tone="error">{error}</StatusMessage> : null}
        <div className="field">
          <label htmlFor={`${id}-body`}>{t('referral.messageTo', { org: other.name })}</label>
          <textarea
            id={`${id}-body`}
            rows={3}
            maxLength={4000}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy || !body.trim()}>
          {busy ? t('referral.sendingMessage') : t('referral.sendMessage')}
        </button>
      </form>
    </section>
  );
}
