import './review.css';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { SuggestListingEditDocument } from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { Field, replaceAt, TextField } from '../../ui/field';
import {
  draftFor,
  type HoursRow,
  issuesById,
  type PhoneRow,
  type ShownService,
  type SuggestableField,
  type SuggestionDraft,
  serviceStatuses,
  suggestableFields,
  toListingValue,
  weekdays,
} from './internal/suggestion-value';
import { useReviewWords } from './internal/wording';

export type SuggestEditFormProps = {
  service: ShownService & { id: string };
  onClose: () => void;
};

/** Suggests a correction to one field of a listing, for its agency to accept or reject. */
export function SuggestEditForm({ service, onClose }: SuggestEditFormProps) {
  const w = useReviewWords();
  const [draft, setDraft] = useState<SuggestionDraft>(() => draftFor('NAME', service));
  const [issues, setIssues] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [sentField, setSentField] = useState<SuggestableField | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const errors = issuesById(issues);

  useEffect(
    function announceOutcome() {
      if (sentField || failure || issues.length > 0) statusRef.current?.focus();
    },
    [sentField, failure, issues],
  );

  function update(patch: Partial<SuggestionDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
  }

  function handleFieldChange(field: SuggestableField) {
    setDraft((d) => ({ ...draftFor(field, service), note: d.note }));
    setIssues([]);
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setIssues([]);
    setFailure(null);
    try {
      await request(SuggestListingEditDocument, {
        input: {
          serviceId: service.id,
          field: draft.field,
          newValue: toListingValue(draft),
          note: draft.note.trim() || null,
        },
      });
      setSentField(draft.field);
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.issues.length > 0) {
        setIssues([...error.issues]);
      } else {
        setFailure(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  }

  if (sentField) {
    return (
      <section className="review-panel" aria-labelledby="suggest-title">
        <h2 id="suggest-title">{w('suggest.title')}</h2>
        <div ref={statusRef} tabIndex={-1} className="status-message status-info" role="status">
          <p>{w('suggest.sent', { field: w(`field.${sentField}`) })}</p>
        </div>
        <p className="review-actions">
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setSentField(null);
              setDraft(draftFor('NAME', service));
            }}
          >
            {w('suggest.another')}
          </button>
          <button type="button" className="button-link" onClick={onClose}>
            {w('suggest.cancel')}
          </button>
        </p>
      </section>
    );
  }

  const unplaced = errors[''] ?? [];

  return (
    <section className="review-panel" aria-labelledby="suggest-title">
      <h2 id="suggest-title">{w('suggest.title')}</h2>
      <p className="hint">{w('suggest.intro')}</p>
      <div ref={statusRef} tabIndex={-1}>
        {failure ? (
          <div className="status-message status-error" role="alert">
            <p>{w('suggest.failed', { message: failure })}</p>
          </div>
        ) : null}
        {issues.length > 0 ? (
          <div className="status-message status-error" role="alert">
            <p>{w('suggest.fix')}</p>
            {unplaced.length > 0 ? (
              <ul>
                {unplaced.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <form onSubmit={handleSubmit} noValidate className="review-form">
        <div className="field">
          <label htmlFor="suggest-field">{w('suggest.field')}</label>
          <select
            id="suggest-field"
            value={draft.field}
            onChange={(e) => {
              const field = suggestableFields.find((f) => f === e.target.value);
              if (field) handleFieldChange(field);
            }}
          >
            {suggestableFields.map((field) => (
              <option key={field} value={field}>
                {w(`field.${field}`)}
              </option>
            ))}
          </select>
        </div>

        {draft.field === 'NAME' ? (
          <TextField
            id="suggest-value"
            label={w('suggest.newName')}
            errors={errors}
            value={draft.text}
            onChange={(value) => update({ text: value })}
          />
        ) : null}
        {draft.field === 'DESCRIPTION' ? (
          <Field id="suggest-value" label={w('suggest.newDescription')} errors={errors}>
            {(aria) => (
              <textarea
                {...aria}
                rows={4}
                value={draft.text}
                onChange={(e) => update({ text: e.target.value })}
              />
            )}
          </Field>
        ) : null}
        {draft.field === 'STATUS' ? (
          <Field id="suggest-value" label={w('suggest.newStatus')} errors={errors}>
            {(aria) => (
              <select
                {...aria}
                value={draft.status}
                onChange={(e) => {
                  const status = serviceStatuses.find((s) => s === e.target.value);
                  if (status) update({ status });
                }}
              >
                {serviceStatuses.map((status) => (
                  <option key={status} value={status}>
                    {w(`status.${status}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {draft.field === 'LANGUAGES' || draft.field === 'REQUIRED_DOCUMENTS' ? (
          <Field
            id="suggest-value"
            label={draft.field === 'LANGUAGES' ? w('suggest.languages') : w('suggest.documents')}
            errors={errors}
          >
            {(aria) =>
              draft.field === 'LANGUAGES' ? (
                <input
                  {...aria}
                  value={draft.list}
                  onChange={(e) => update({ list: e.target.value })}
                />
              ) : (
                <textarea
                  {...aria}
                  rows={4}
                  value={draft.list}
                  onChange={(e) => update({ list: e.target.value })}
                />
              )
            }
          </Field>
        ) : null}

        {draft.field === 'PHONES' ? (
          <>
            {draft.phones.map((phone, i) => (
              <fieldset className="review-row" key={`phone-${i.toString()}`}>
                <legend>{w('suggest.phone', { n: i + 1 })}</legend>
                <TextField
                  id={`suggest-phone-${i}-number`}
                  label={w('suggest.phoneNumber')}
                  errors={errors}
                  type="tel"
                  value={phone.number}
                  onChange={(value) =>
                    update({
                      phones: replaceAt<PhoneRow>(draft.phones, i, { number: value }),
                    })
                  }
                />
                <TextField
                  id={`suggest-phone-${i}-description`}
                  label={w('suggest.phoneDescription')}
                  errors={errors}
                  value={phone.description}
                  onChange={(value) =>
                    update({
                      phones: replaceAt<PhoneRow>(draft.phones, i, {
                        description: value,
                      }),
                    })
                  }
                />
                <button
                  type="button"
                  className="button-link"
                  onClick={() => update({ phones: draft.phones.filter((_p, j) => j !== i) })}
                >
                  {w('suggest.remove')}
                  <span className="visually-hidden"> {w('suggest.phone', { n: i + 1 })}</span>
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              className="button-secondary"
              onClick={() => update({ phones: [...draft.phones, { number: '', description: '' }] })}
            >
              {w('suggest.addPhone')}
            </button>
          </>
        ) : null}

        {draft.field === 'SCHEDULES' ? (
          <>
            <p className="hint">{w('suggest.hoursIntro')}</p>
            {draft.hours.map((row, i) => {
              const dayErrors = errors[`suggest-hours-${i}-days`] ?? [];
              return (
                <fieldset className="review-row" key={`hours-${i.toString()}`}>
                  <legend>{w('suggest.hoursRow', { n: i + 1 })}</legend>
                  <fieldset
                    className="review-days"
                    id={`suggest-hours-${i}-days`}
                    aria-describedby={
                      dayErrors.length > 0 ? `suggest-hours-${i}-days-error` : undefined
                    }
                  >
                    <legend>{w('suggest.days')}</legend>
                    {weekdays.map((day) => (
                      <label key={day} className="check">
                        <input
                          type="checkbox"
                          checked={row.days.includes(day)}
                          onChange={(e) =>
                            update({
                              hours: replaceAt<HoursRow>(draft.hours, i, {
                                days: e.target.checked
                                  ? [...row.days, day]
                                  : row.days.filter((d) => d !== day),
                              }),
                            })
                          }
                        />
                        {w(`day.${day}`)}
                      </label>
                    ))}
                  </fieldset>
                  {dayErrors.length > 0 ? (
                    <p id={`suggest-hours-${i}-days-error`} className="field-error">
                      {dayErrors.join(' ')}
                    </p>
                  ) : null}
                  <TextField
                    id={`suggest-hours-${i}-opensAt`}
                    label={w('suggest.opens')}
                    errors={errors}
                    type="time"
                    value={row.opensAt}
                    onChange={(value) =>
                      update({
                        hours: replaceAt<HoursRow>(draft.hours, i, { opensAt: value }),
                      })
                    }
                  />
                  <TextField
                    id={`suggest-hours-${i}-closesAt`}
                    label={w('suggest.closes')}
                    errors={errors}
                    type="time"
                    value={row.closesAt}
                    onChange={(value) =>
                      update({
                        hours: replaceAt<HoursRow>(draft.hours, i, {
                          closesAt: value,
                        }),
                      })
                    }
                  />
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => update({ hours: draft.hours.filter((_h, j) => j !== i) })}
                  >
                    {w('suggest.remove')}
                    <span className="visually-hidden"> {w('suggest.hoursRow', { n: i + 1 })}</span>
                  </button>
                </fieldset>
              );
            })}
            <button
              type="button"
              className="button-secondary"
              onClick={() =>
                update({ hours: [...draft.hours, { days: [], opensAt: '', closesAt: '' }] })
              }
            >
              {w('suggest.addHours')}
            </button>
          </>
        ) : null}

        <Field id="suggest-note" label={w('suggest.note')} errors={errors}>
          {(aria) => (
            <textarea
              {...aria}
              rows={2}
              value={draft.note}
              onChange={(e) => update({ note: e.target.value })}
            />
          )}
        </Field>
        <p className="review-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? w('suggest.sending') : w('suggest.send')}
          </button>
          <button type="button" className="button-link" onClick={onClose}>
            {w('suggest.cancel')}
          </button>
        </p>
      </form>
    </section>
  );
}
