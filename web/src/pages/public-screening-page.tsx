import '../features/screening/screening.css';
import { useEffect, useState } from 'react';
import { formatDay, screeningWords } from '../features/screening/internal/wording';
import { type ScreeningAnswerInput, ScreeningForm } from '../features/screening/screening-form';
import { ScreeningLinkDocument, SubmitScreeningByLinkDocument } from '../generated/graphql';
import { GraphQLRequestError, request } from '../lib/graphql';
import { formatLocale, useI18n } from '../lib/i18n';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type PublicScreeningPageProps = { token: string };

/**
 * `/screening/:token`: the client answers the screening on their phone, with no account, in the
 * language their coordinator's link was sent in. The link works once.
 */
export function PublicScreeningPage({ token }: PublicScreeningPageProps) {
  const { lang: uiLang, setLang } = useI18n();
  const query = useQuery(ScreeningLinkDocument, { token });
  const view = query.data?.screeningLink;
  const lang = view ? (view.language === 'ES' ? 'es' : 'en') : uiLang;
  const w = screeningWords(lang);
  const locale = formatLocale(lang);
  const [done, setDone] = useState(false);

  useEffect(
    function speakTheLinksLanguage() {
      if (view) setLang(view.language === 'ES' ? 'es' : 'en');
    },
    [view, setLang],
  );

  async function handleSubmit(answers: ScreeningAnswerInput[]) {
    try {
      await request(SubmitScreeningByLinkDocument, { token, answers });
      setDone(true);
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.kind === 'api') {
        throw new Error(w('public.failed', { message: error.message }));
      }
      throw new Error(w('public.network'));
    }
  }

  return (
    <div className="screening-page" lang={lang}>
      <h1>{view?.instrument.title ?? w('public.title')}</h1>
      {query.loading && !view ? <p role="status">{w('public.loading')}</p> : null}
      {query.error ? (
        <StatusMessage tone="error">
          {query.error.kind === 'api' ? query.error.message : w('public.network')}
        </StatusMessage>
      ) : null}
      {view && done ? (
        <StatusMessage tone="info">
          {w('public.thanks', { org: view.organizationName })}
        </StatusMessage>
      ) : null}
      {view && !done ? (
        <>
          <p>{w('public.intro', { org: view.organizationName })}</p>
          <p className="need-meta">
            {w('public.expires', { date: formatDay(view.expiresAt, locale) })}
          </p>
          <p className="screening-attention">
            {w('public.safety')} <a href="tel:+18007997233">1-800-799-7233</a>
          </p>
          <ScreeningForm
            instrument={view.instrument}
            w={w}
            submitLabel={w('public.send')}
            busyLabel={w('public.sending')}
            missingKey="public.missing"
            onSubmit={handleSubmit}
          />
        </>
      ) : null}
    </div>
  );
}
