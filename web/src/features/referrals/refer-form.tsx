import { type FormEvent, type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import {
  CreateClientDocument,
  CreateReferralDocument,
  FindClientsDocument,
  type FindClientsQuery,
  RecordConsentDocument,
  type ReferServiceInfoQuery,
  TransitionReferralDocument,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { Chip } from '../../ui/chip';
import { StatusMessage } from '../../ui/status-message';
import { CapacityWarningNotice } from './capacity-warning';
import { capacityWarning } from './internal/capacity-warning';
import {
  type ClientSearch,
  consentFields,
  consentGivers,
  consentMethods,
  emptyReferForm,
  localToday,
  newIdempotencyKey,
  type ReferFormErrors,
  type ReferFormState,
  toCreateClientInput,
  toCreateReferralInput,
  toFindClientsInput,
  toRecordConsentInput,
  urgencies,
  validateReferForm,
} from './internal/refer-input';

type Info = ReferServiceInfoQuery;
type FoundClient = FindClientsQuery['findClients'][number];

const clientLanguages = ['en', 'es', 'vi', 'zh', 'ar', 'ru', 'so', 'am', 'ne', 'fr', 'ko'];

function languageName(code: string, uiLang: string): string {
  try {
    return new Intl.DisplayNames([uiLang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function apiMessage(error: unknown, fallback: string): string {
  return error instanceof GraphQLRequestError && error.kind === 'api' ? error.message : fallback;
}

export type ReferFormProps = {
  service: Info['service'];
  taxonomy: Info['taxonomy'];
  /** A saved client to refer, chosen already (from their needs). */
  client?: FoundClient | null;
};

/**
 * Refers a client to one service: a saved or new client, their consent to share with the
 * service's agency, the needs and urgency. Each step's result is kept, so a retry after a failure
 * neither saves the client twice nor records consent twice, and createReferral always carries the
 * form's one idempotency key.
 */
export function ReferForm({ service, taxonomy, client }: ReferFormProps) {
  const { t, lang, locale, categoryName } = useI18n();
  const id = useId();
  const agency = service.organization;
  const [state, setState] = useState<ReferFormState>(() => ({
    ...emptyReferForm(service.categories.map((c) => c.code)),
    existingClientId: client?.id ?? null,
  }));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const saved = useRef<{
    client?: { key: string; id: string };
    consent?: { key: string; id: string };
  }>({});
  const [search, setSearch] = useState<ClientSearch>({ phone: '', name: '', dateOfBirth: '' });
  const [matches, setMatches] = useState<FoundClient[] | null>(client ? [client] : null);
  const [finding, setFinding] = useState(false);
  const [findError, setFindError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState<{ id: string } | null>(null);
  const [unsent, setUnsent] = useState<{ id: string; message: string } | null>(null);
  const busyRef = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const now = useMemo(() => new Date(), []);

  const errors: ReferFormErrors = showErrors ? validateReferForm(state, now) : {};
  const needChoices = useMemo(() => {
    const seen = new Set<string>();
    const choices: Array<{ code: string; name: string }> = [];
    for (const c of [...service.categories, ...taxonomy]) {
      if (seen.has(c.code)) continue;
      seen.add(c.code);
      choices.push(c);
    }
    return choices;
  }, [service.categories, taxonomy]);

  function update(patch: Partial<ReferFormState>) {
    setState((previous) => ({ ...previous, ...patch }));
  }

  async function handleFind() {
    const input = toFindClientsInput(search);
    if (!input) {
      setFindError(t('refer.error.find'));
      return;
    }
    setFinding(true);
    setFindError(null);
    try {
      const data = await request(FindClientsDocument, { input });
      setMatches(data.findClients);
      if (data.findClients.length === 1 && data.findClients[0]) {
        update({ existingClientId: data.findClients[0].id });
      }
    } catch (error) {
      setFindError(apiMessage(error, t('search.networkError')));
    } finally {
      setFinding(false);
    }
  }

  function handleFindKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void handleFind();
    }
  }

  async function clientId(): Promise<string> {
    if (state.clientMode === 'existing' && state.existingClientId) return state.existingClientId;
    const input = toCreateClientInput(state.newClient);
    const key = JSON.stringify(input);
    if (saved.current.client?.key === key) return saved.current.client.id;
    const data = await request(CreateClientDocument, { input });
    saved.current.client = { key, id: data.createClient.id };
    return data.createClient.id;
  }

  async function consentId(forClient: string, agencyId: string): Promise<string> {
    const input = toRecordConsentInput(forClient, agencyId, state.consent);
    const key = JSON.stringify(input);
    if (saved.current.consent?.key === key) return saved.current.consent.id;
    const data = await request(RecordConsentDocument, { input });
    saved.current.consent = { key, id: data.recordConsent.id };
    return data.recordConsent.id;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busyRef.current || !agency) return;
    const problems = validateReferForm(state, now);
    if (Object.keys(problems).length > 0) {
      setShowErrors(true);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    setUnsent(null);
    try {
      const client = await clientId();
      const consent = await consentId(client, agency.id);
      const data = await request(CreateReferralDocument, {
        input: toCreateReferralInput({
          clientId: client,
          consentId: consent,
          serviceId: service.id,
          idempotencyKey,
          referral: state.referral,
        }),
      });
      const draft = data.createReferral;
      if (draft.status === 'DRAFT') {
        try {
          await request(TransitionReferralDocument, {
            input: { referralId: draft.id, expectedVersion: draft.version, to: 'SENT' },
          });
        } catch (error) {
          setUnsent({
            id: draft.id,
            message: apiMessage(error, t('search.networkError')),
          });
          return;
        }
      }
      setSent({ id: draft.id });
    } catch (error) {
      setFailure(t('refer.failed', { message: apiMessage(error, t('search.networkError')) }));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  if (!agency) return <StatusMessage tone="error">{t('refer.inactive')}</StatusMessage>;

  if (sent) {
    return (
      <div className="refer-done">
        <StatusMessage tone="info">
          <strong>{t('refer.sent', { agency: agency.name })}</strong>
        </StatusMessage>
        <p className="refer-done-links">
          <Link to={`/referrals/${encodeURIComponent(sent.id)}`} className="button-primary">
            {t('refer.viewReferral')}
          </Link>
          <Link to="/referrals" className="button-secondary">
            {t('refer.toDashboard')}
          </Link>
        </p>
      </div>
    );
  }

  const fieldError = (key: keyof ReferFormErrors) => {
    const message = errors[key];
    return message ? (
      <p className="field-error" id={`${id}-${key}-error`}>
        {t(message)}
      </p>
    ) : null;
  };
  const invalid = (key: keyof ReferFormErrors) => (errors[key] ? true : undefined);
  const describedBy = (key: keyof ReferFormErrors, hint?: string) =>
    [errors[key] ? `${id}-${key}-error` : null, hint].filter(Boolean).join(' ') || undefined;
  const errorTargets: Record<keyof ReferFormErrors, string> = {
    client: `${id}-find-phone`,
    name: `${id}-name`,
    dateOfBirth: `${id}-dob`,
    method: `${id}-method-${consentMethods[0]}`,
    fields: `${id}-field-${consentFields[0]}`,
    expiresOn: `${id}-expires`,
    needs: `${id}-needs`,
  };
  const errorList = Object.entries(errors) as Array<[keyof ReferFormErrors, MessageKey]>;

  return (
    <form className="refer-form" onSubmit={handleSubmit} noValidate>
      {errorList.length > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>{t('refer.errorSummary')}</p>
          <ul>
            {errorList.map(([key, message]) => (
              <li key={key}>
                <a href={`#${errorTargets[key]}`}>{t(message)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <CapacityWarningNotice
        id={`${id}-capacity`}
        agency={agency.name}
        capacity={service.capacity}
        now={now}
      />

      <section className="refer-step" aria-labelledby={`${id}-client-step`}>
        <h2 id={`${id}-client-step`}>{t('refer.clientStep')}</h2>
        <fieldset className="radio-row">
          <legend>{t('refer.clientMode')}</legend>
          {(['existing', 'new'] as const).map((mode) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name={`${id}-mode`}
                value={mode}
                checked={state.clientMode === mode}
                onChange={() => update({ clientMode: mode })}
              />
              {mode === 'existing' ? t('refer.existingClient') : t('refer.newClient')}
            </label>
          ))}
        </fieldset>

        {state.clientMode === 'existing' ? (
          <div className="client-find">
            <p className="hint" id={`${id}-find-hint`}>
              {t('refer.findHint')}
            </p>
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-find-phone`}>{t('refer.searchPhone')}</label>
                <input
                  id={`${id}-find-phone`}
                  type="tel"
                  autoComplete="off"
                  value={search.phone}
                  aria-describedby={describedBy('client', `${id}-find-hint`)}
                  aria-invalid={invalid('client')}
                  onChange={(event) => setSearch({ ...search, phone: event.target.value })}
                  onKeyDown={handleFindKey}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-find-name`}>{t('refer.searchName')}</label>
                <input
                  id={`${id}-find-name`}
                  autoComplete="off"
                  value={search.name}
                  onChange={(event) => setSearch({ ...search, name: event.target.value })}
                  onKeyDown={handleFindKey}
                />
              </div>
              <div className="field field-date">
                <label htmlFor={`${id}-find-dob`}>{t('refer.searchDob')}</label>
                <input
                  id={`${id}-find-dob`}
                  type="date"
                  value={search.dateOfBirth}
                  onChange={(event) => setSearch({ ...search, dateOfBirth: event.target.value })}
                  onKeyDown={handleFindKey}
                />
              </div>
              <button
                type="button"
                className="button-secondary"
                onClick={handleFind}
                disabled={finding}
              >
                {finding ? t('refer.finding') : t('refer.find')}
              </button>
            </div>
            {fieldError('client')}
            {findError ? <StatusMessage tone="error">{findError}</StatusMessage> : null}
            {matches && matches.length === 0 ? <p role="status">{t('refer.noMatches')}</p> : null}
            {matches && matches.length > 0 ? (
              <fieldset className="client-matches">
                <legend>{t('refer.matches')}</legend>
                {matches.map((client) => (
                  <label key={client.id} className="radio client-match">
                    <input
                      type="radio"
                      name={`${id}-client`}
                      value={client.id}
                      checked={state.existingClientId === client.id}
                      onChange={() => update({ existingClientId: client.id })}
                    />
                    <span>
                      <strong>{client.name}</strong>,{' '}
                      {t('refer.born', { date: formatDate(client.dateOfBirth, locale) })}
                      {client.phone ? ` · ${client.phone}` : ''}
                    </span>
                  </label>
                ))}
              </fieldset>
            ) : null}
          </div>
        ) : (
          <div className="field-grid">
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('refer.clientName')}</label>
              <input
                id={`${id}-name`}
                autoComplete="off"
                required
                value={state.newClient.name}
                aria-invalid={invalid('name')}
                aria-describedby={describedBy('name')}
                onChange={(event) =>
                  update({ newClient: { ...state.newClient, name: event.target.value } })
                }
              />
              {fieldError('name')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-dob`}>{t('refer.clientDob')}</label>
              <input
                id={`${id}-dob`}
                type="date"
                required
                max={localToday(now)}
                value={state.newClient.dateOfBirth}
                aria-invalid={invalid('dateOfBirth')}
                aria-describedby={describedBy('dateOfBirth')}
                onChange={(event) =>
                  update({ newClient: { ...state.newClient, dateOfBirth: event.target.value } })
                }
              />
              {fieldError('dateOfBirth')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-phone`}>{t('refer.clientPhone')}</label>
              <input
                id={`${id}-phone`}
                type="tel"
                autoComplete="off"
                value={state.newClient.phone}
                onChange={(event) =>
                  update({ newClient: { ...state.newClient, phone: event.target.value } })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-email`}>{t('refer.clientEmail')}</label>
              <input
                id={`${id}-email`}
                type="email"
                autoComplete="off"
                value={state.newClient.email}
                onChange={(event) =>
                  update({ newClient: { ...state.newClient, email: event.target.value } })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-zip`}>{t('refer.clientZip')}</label>
              <input
                id={`${id}-zip`}
                inputMode="numeric"
                autoComplete="off"
                maxLength={10}
                value={state.newClient.postalCode}
                onChange={(event) =>
                  update({ newClient: { ...state.newClient, postalCode: event.target.value } })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-address`}>{t('place.clientAddress')}</label>
              <input
                id={`${id}-address`}
                autoComplete="off"
                maxLength={300}
                value={state.newClient.address}
                onChange={(event) =>
                  update({ newClient: { ...state.newClient, address: event.target.value } })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-language`}>{t('refer.clientLanguage')}</label>
              <select
                id={`${id}-language`}
                value={state.newClient.preferredLanguage}
                onChange={(event) =>
                  update({
                    newClient: { ...state.newClient, preferredLanguage: event.target.value },
                  })
                }
              >
                <option value="">—</option>
                {clientLanguages.map((code) => (
                  <option key={code} value={code}>
                    {languageName(code, lang)}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
      </section>

      <section className="refer-step" aria-labelledby={`${id}-consent-step`}>
        <h2 id={`${id}-consent-step`}>{t('refer.consentStep')}</h2>
        <p className="hint">{t('refer.consentIntro', { agency: agency.name })}</p>
        <fieldset className="radio-row" aria-describedby={describedBy('method')}>
          <legend>{t('refer.method')}</legend>
          {consentMethods.map((method) => (
            <label key={method} className="radio">
              <input
                id={`${id}-method-${method}`}
                type="radio"
                name={`${id}-method`}
                value={method}
                checked={state.consent.method === method}
                onChange={() => update({ consent: { ...state.consent, method } })}
              />
              {t(`consentMethod.${method}` as MessageKey)}
            </label>
          ))}
          {fieldError('method')}
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-given-by`}>{t('refer.givenBy')}</label>
            <select
              id={`${id}-given-by`}
              value={state.consent.givenBy}
              onChange={(event) =>
                update({ consent: { ...state.consent, givenBy: event.target.value } })
              }
            >
              {consentGivers.map((giver) => (
                <option key={giver} value={giver}>
                  {t(`givenBy.${giver}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-expires`}>{t('refer.expires')}</label>
            <input
              id={`${id}-expires`}
              type="date"
              min={localToday(new Date(now.getTime() + 86_400_000))}
              value={state.consent.expiresOn}
              aria-invalid={invalid('expiresOn')}
              aria-describedby={describedBy('expiresOn', `${id}-expires-hint`)}
              onChange={(event) =>
                update({ consent: { ...state.consent, expiresOn: event.target.value } })
              }
            />
            <span className="hint" id={`${id}-expires-hint`}>
              {t('refer.expiresHint')}
            </span>
            {fieldError('expiresOn')}
          </div>
        </div>
        <fieldset className="checkbox-grid" aria-describedby={describedBy('fields')}>
          <legend>{t('refer.fields')}</legend>
          {consentFields.map((field) => (
            <label key={field} className="checkbox">
              <input
                id={`${id}-field-${field}`}
                type="checkbox"
                checked={state.consent.fields.includes(field)}
                onChange={(event) =>
                  update({
                    consent: {
                      ...state.consent,
                      fields: event.target.checked
                        ? [...state.consent.fields, field]
                        : state.consent.fields.filter((f) => f !== field),
                    },
                  })
                }
              />
              {t(`consentField.${field}` as MessageKey)}
            </label>
          ))}
          {fieldError('fields')}
        </fieldset>
      </section>

      <section className="refer-step" aria-labelledby={`${id}-details-step`}>
        <h2 id={`${id}-details-step`}>{t('refer.detailsStep')}</h2>
        <fieldset
          className="chips"
          id={`${id}-needs`}
          tabIndex={-1}
          aria-describedby={describedBy('needs')}
        >
          <legend className="chips-label">{t('refer.needs')}</legend>
          {needChoices.map((category) => (
            <Chip
              key={category.code}
              label={categoryName(category.code, category.name)}
              pressed={state.referral.needs.includes(category.code)}
              onToggle={() =>
                update({
                  referral: {
                    ...state.referral,
                    needs: state.referral.needs.includes(category.code)
                      ? state.referral.needs.filter((c) => c !== category.code)
                      : [...state.referral.needs, category.code],
                  },
                })
              }
            />
          ))}
        </fieldset>
        {fieldError('needs')}
        <fieldset className="radio-row">
          <legend>{t('refer.urgency')}</legend>
          {urgencies.map((urgency) => (
            <label key={urgency} className="radio">
              <input
                type="radio"
                name={`${id}-urgency`}
                value={urgency}
                checked={state.referral.urgency === urgency}
                onChange={() => update({ referral: { ...state.referral, urgency } })}
              />
              {t(`urgency.${urgency}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('refer.note')}</label>
          <textarea
            id={`${id}-note`}
            rows={3}
            maxLength={2000}
            value={state.referral.note}
            aria-describedby={`${id}-note-hint`}
            onChange={(event) =>
              update({ referral: { ...state.referral, note: event.target.value } })
            }
          />
          <span className="hint" id={`${id}-note-hint`}>
            {t('refer.noteHint')}
          </span>
        </div>
      </section>

      {failure ? <StatusMessage tone="error">{failure}</StatusMessage> : null}
      {unsent ? (
        <StatusMessage
          tone="error"
          action={
            <Link to={`/referrals/${encodeURIComponent(unsent.id)}`} className="button-secondary">
              {t('refer.openDraft')}
            </Link>
          }
        >
          {t('refer.savedNotSent', { message: unsent.message })}
        </StatusMessage>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button-primary"
          disabled={busy}
          aria-busy={busy}
          aria-describedby={capacityWarning(service.capacity) ? `${id}-capacity` : undefined}
        >
          {busy ? t('refer.sending') : t('refer.submit')}
        </button>
      </div>
    </form>
  );
}
