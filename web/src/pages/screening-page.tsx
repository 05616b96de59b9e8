import '../features/screening/screening.css';
import { useState } from 'react';
import { NeedsPanel } from '../features/needs/needs-panel';
import { formatDay, screeningWords } from '../features/screening/internal/wording';
import { type ScreeningAnswerInput, ScreeningForm } from '../features/screening/screening-form';
import { ScreeningResult } from '../features/screening/screening-result';
import { canRefer } from '../features/session/session-provider';
import { useRequiredUser } from '../features/session/use-required-user';
import {
  ScreeningClientDocument,
  ScreeningInstrumentDocument,
  type ScreeningLanguage,
  SendScreeningLinkDocument,
  StartScreeningDocument,
  SubmitScreeningDocument,
} from '../generated/graphql';
import { request } from '../lib/graphql';
import { useI18n } from '../lib/i18n';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ScreeningPageProps = { clientId: string };

/**
 * `/clients/:id/screening`: a coordinator screens a client in person (or sends them a link), sees
 * the result, what changed since last time, and the client's needs with services that may help.
 */
export function ScreeningPage({ clientId }: ScreeningPageProps) {
  const { lang, locale } = useI18n();
  const w = screeningWords(lang);
  const user = useRequiredUser();
  const allowed = canRefer(user);
  const uiLanguage: ScreeningLanguage = lang === 'es' ? 'ES' : 'EN';
  const client = useQuery(
    ScreeningClientDocument,
    { id: clientId, language: uiLanguage },
    { skip: !allowed },
  );
  const record = client.data?.client;
  const [language, setLanguage] = useState<ScreeningLanguage | null>(null);
  const questionLanguage: ScreeningLanguage =
    language ?? (record?.preferredLanguage === 'es' ? 'ES' : 'EN');
  const instrument = useQuery(
    ScreeningInstrumentDocument,
    { language: questionLanguage },
    { skip: !allowed || !record },
  );
  const [saved, setSaved] = useState(0);
  const [linkState, setLinkState] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [sending, setSending] = useState(false);

  const screenings = record?.screenings ?? [];
  const latest = screenings.find((s) => s.status === 'SUBMITTED');
  const pending = screenings.filter((s) => s.status === 'STARTED' && s.method === 'LINK');
  const earlier = screenings.filter((s) => s.status === 'SUBMITTED' && s.id !== latest?.id);

  async function handleSubmit(answers: ScreeningAnswerInput[]) {
    const started = await request(StartScreeningDocument, {
      input: { clientId, language: questionLanguage },
    });
    await request(SubmitScreeningDocument, {
      input: { screeningId: started.startScreening.id, answers },
    });
    setSaved((n) => n + 1);
    client.retry();
    window.scrollTo(0, 0);
  }

  async function handleSend(channel: 'EMAIL' | 'SMS') {
    setSending(true);
    setLinkState(null);
    try {
      const data = await request(SendScreeningLinkDocument, { input: { clientId, channel } });
      const until = data.sendScreeningLink.linkExpiresAt;
      setLinkState({
        tone: 'info',
        text: w('screening.link.sent', { date: until ? formatDay(until, locale) : '' }),
      });
      client.retry();
    } catch (error) {
      setLinkState({
        tone: 'error',
        text: w('screening.link.failed', {
          message: error instanceof Error ? error.message : String(error),
        }),
      });
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="screening-page">
      <p className="back-link">
        <Link to="/">{w('screening.back')}</Link>
      </p>
      <h1>{record ? w('screening.for', { name: record.name }) : w('screening.title')}</h1>
      {user && !allowed ? (
        <StatusMessage tone="warning">{w('screening.onlyCoordinators')}</StatusMessage>
      ) : null}
      {client.loading && !record ? <p role="status">{w('screening.loading')}</p> : null}
      {client.error ? (
        <StatusMessage tone="error">
          {w('screening.error', { message: client.error.message })}
        </StatusMessage>
      ) : null}
      {saved > 0 ? <StatusMessage tone="info">{w('screening.saved')}</StatusMessage> : null}
      {latest ? <ScreeningResult screening={latest} w={w} /> : null}
      {record ? (
        <div className="screening-panel">
          <NeedsPanel clientId={clientId} refreshKey={saved} />
        </div>
      ) : null}
      {record ? (
        <section className="screening-panel" aria-labelledby="screening-link-title">
          <h2 id="screening-link-title">{w('screening.link.title')}</h2>
          <p>
            {w('screening.link.intro', {
              language: record.preferredLanguage === 'es' ? 'español' : 'English',
            })}
          </p>
          {pending.map((s) => (
            <p key={s.id} className="need-meta">
              {w('screening.pending', { date: formatDay(s.startedAt, locale) })}
            </p>
          ))}
          {record.phone || record.email ? (
            <div className="screening-link-actions">
              {record.phone ? (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={sending}
                  onClick={() => handleSend('SMS')}
                >
                  {sending ? w('screening.link.sending') : w('screening.link.sms')}
                </button>
              ) : null}
              {record.email ? (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={sending}
                  onClick={() => handleSend('EMAIL')}
                >
                  {sending ? w('screening.link.sending') : w('screening.link.email')}
                </button>
              ) : null}
            </div>
          ) : (
            <p>{w('screening.link.noContact')}</p>
          )}
          {linkState ? <StatusMessage tone={linkState.tone}>{linkState.text}</StatusMessage> : null}
        </section>
      ) : null}
      {record ? (
        <section className="screening-panel" aria-labelledby="screening-form-title">
          <h2 id="screening-form-title">{w('screening.inPerson')}</h2>
          <p>{w('screening.intro')}</p>
          <div className="field">
            <label htmlFor="screening-language">{w('screening.language')}</label>
            <select
              id="screening-language"
              value={questionLanguage}
              onChange={(event) => setLanguage(event.target.value === 'ES' ? 'ES' : 'EN')}
            >
              <option value="EN" lang="en">
                English
              </option>
              <option value="ES" lang="es">
                Español
              </option>
            </select>
          </div>
          {instrument.data ? (
            <ScreeningForm
              key={`${questionLanguage}-${saved}`}
              instrument={instrument.data.screeningInstrument}
              w={w}
              submitLabel={w('screening.submit')}
              busyLabel={w('screening.saving')}
              missingKey="screening.missing"
              onSubmit={(answers) =>
                handleSubmit(answers).catch((error: unknown) => {
                  throw new Error(
                    w('screening.failed', {
                      message: error instanceof Error ? error.message : String(error),
                    }),
                  );
                })
              }
            />
          ) : null}
        </section>
      ) : null}
      {earlier.length > 0 ? (
        <section className="screening-panel" aria-labelledby="screening-history-title">
          <h2 id="screening-history-title">{w('screening.history')}</h2>
          <ul className="screening-history">
            {earlier.map((s) => (
              <li key={s.id}>
                {w('screening.history.item', {
                  number: s.number,
                  date: formatDay(s.submittedAt ?? s.startedAt, locale),
                  method: w(`screening.method.${s.method}`),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
