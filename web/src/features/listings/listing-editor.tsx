import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type CapacityStatus,
  ConfirmServiceAccurateDocument,
  type EditableServiceQuery,
  type ServiceStatus,
  SetServiceCapacityDocument,
  UpdateServiceDocument,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Field, replaceAt } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import {
  type CapacityForm,
  type ClosureRow,
  type CostRow,
  type FieldIssue,
  type HoursRow,
  issuesByField,
  type ListingForm,
  toCapacityInput,
  toListingForm,
  toUpdateInput,
  weekdays,
} from './internal/listing-form';
import { PhoneRows } from './internal/phone-rows';
import { useListingWords } from './internal/wording';

type Editable = EditableServiceQuery['editableService'];

export type ListingEditorProps = {
  listing: Editable;
  /** Reads the listing again (after a save, a confirmation or a conflict). */
  onReload: () => void;
};

const statuses: ServiceStatus[] = ['ACTIVE', 'TEMPORARILY_CLOSED', 'INACTIVE', 'DEFUNCT'];
const capacityStatuses: CapacityStatus[] = [
  'AVAILABLE',
  'WAITLIST',
  'NO_CAPACITY',
  'ASSESSMENT_REQUIRED',
];

/** The agency's editor for one listing: fields, hours and closures, capacity, "still accurate". */
export function ListingEditor({ listing, onReload }: ListingEditorProps) {
  const w = useListingWords();
  const { locale } = useI18n();
  const [form, setForm] = useState<ListingForm>(() => toListingForm(listing));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const statusRef = useRef<HTMLDivElement>(null);
  const [outcome, setOutcome] = useState<{
    kind: 'saved' | 'conflict' | 'failed' | 'confirmed';
    message?: string;
  } | null>(null);
  const [busy, setBusy] = useState<'save' | 'confirm' | 'capacity' | null>(null);
  const [capacity, setCapacity] = useState<CapacityForm>({
    status: listing.capacity?.status ?? '',
    count: listing.capacity?.count?.toString() ?? '',
    unit: listing.capacity?.unit ?? '',
    note: listing.capacity?.note ?? '',
  });
  const [capacityIssues, setCapacityIssues] = useState<FieldIssue[]>([]);
  const [capacityDone, setCapacityDone] = useState(false);
  const [basedOn, setBasedOn] = useState(listing.lastModified);
  if (listing.lastModified !== basedOn) {
    // A newer version arrived (after a save, a confirmation or a reload): edit that one.
    setBasedOn(listing.lastModified);
    setForm(toListingForm(listing));
    setIssues([]);
    if (outcome?.kind === 'conflict') setOutcome(null);
  }
  const errors = issuesByField(issues, form);

  function update(change: Partial<ListingForm>) {
    setForm((previous) => ({ ...previous, ...change }));
  }

  function handleFailure(error: unknown, setFieldIssues: (issues: FieldIssue[]) => void) {
    if (error instanceof GraphQLRequestError && error.code === 'CONFLICT') {
      setOutcome({ kind: 'conflict' });
    } else if (error instanceof GraphQLRequestError && error.issues.length > 0) {
      setFieldIssues([...error.issues]);
      setOutcome(null);
    } else {
      setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : '' });
    }
  }

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    const { input, issues: local } = toUpdateInput(form, listing.id, listing.lastModified);
    setIssues(local);
    if (local.length > 0) {
      setOutcome(null);
      return;
    }
    setBusy('save');
    try {
      await request(UpdateServiceDocument, { input });
      setOutcome({ kind: 'saved' });
      onReload();
    } catch (error) {
      handleFailure(error, setIssues);
    } finally {
      setBusy(null);
    }
  }

  async function handleConfirm() {
    setBusy('confirm');
    try {
      const data = await request(ConfirmServiceAccurateDocument, { serviceId: listing.id });
      const date = data.confirmServiceAccurate.freshness.assuredDate;
      setOutcome({ kind: 'confirmed', message: date ? formatDate(date, locale) : '' });
      onReload();
    } catch (error) {
      handleFailure(error, setIssues);
    } finally {
      setBusy(null);
    }
  }

  async function handlePublishCapacity(event: FormEvent) {
    event.preventDefault();
    setCapacityDone(false);
    const { input, issues: local } = toCapacityInput(capacity, listing.id);
    setCapacityIssues(local);
    if (!input) return;
    setBusy('capacity');
    try {
      await request(SetServiceCapacityDocument, { input });
      setCapacityDone(true);
    } catch (error) {
      handleFailure(error, setCapacityIssues);
    } finally {
      setBusy(null);
    }
  }

  const capacityErrors: Record<string, string[]> = {};
  for (const issue of capacityIssues) {
    const id = `capacity-${issue.path === 'count' ? 'count' : issue.path === 'status' ? 'status' : 'note'}`;
    capacityErrors[id] = [...(capacityErrors[id] ?? []), issue.message];
  }

  useEffect(
    function showOutcome() {
      // The outcome is announced at the top; bring it into view after a save at the bottom.
      if (outcome !== null || issues.length > 0) statusRef.current?.focus();
    },
    [outcome, issues],
  );

  return (
    <div className="listing-editor">
      <div ref={statusRef} tabIndex={-1} className="editor-status">
        {outcome?.kind === 'conflict' ? (
          <StatusMessage
            tone="error"
            action={
              <button type="button" className="button-secondary" onClick={onReload}>
                {w('edit.reload')}
              </button>
            }
          >
            {w('edit.conflict')}
          </StatusMessage>
        ) : null}
        {outcome?.kind === 'failed' ? (
          <StatusMessage tone="error">
            {w('edit.failed', { message: outcome.message ?? '' })}
          </StatusMessage>
        ) : null}
        {outcome?.kind === 'saved' ? (
          <StatusMessage tone="info">{w('edit.saved')}</StatusMessage>
        ) : null}
        {outcome?.kind === 'confirmed' ? (
          <StatusMessage tone="info">
            {w('edit.confirmed', { date: outcome.message ?? '' })}
          </StatusMessage>
        ) : null}
      </div>

      <section className="listing-accurate" aria-labelledby="listing-accurate-title">
        <h2 id="listing-accurate-title">{w('edit.accurateTitle')}</h2>
        <p>
          {listing.assuredDate
            ? w('edit.accurateIntro', { date: formatDate(listing.assuredDate, locale) })
            : w('edit.accurateNever')}
        </p>
        <button
          type="button"
          className="button-primary"
          onClick={handleConfirm}
          disabled={busy !== null}
        >
          {w('edit.accurate')}
        </button>
      </section>

      <form className="listing-form" onSubmit={handleSave} noValidate>
        {issues.length > 0 ? (
          <div className="status-message status-error" role="alert">
            <p>{w('edit.fix')}</p>
            <ul>
              {issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          </div>
        ) : null}

        <fieldset>
          <legend>{w('edit.service')}</legend>
          <Field id="listing-name" label={w('edit.name')} errors={errors}>
            {(aria) => (
              <input
                {...aria}
                value={form.name}
                onChange={(e) => update({ name: e.target.value })}
              />
            )}
          </Field>
          <Field id="listing-description" label={w('edit.description')} errors={errors}>
            {(aria) => (
              <textarea
                {...aria}
                rows={4}
                value={form.description}
                onChange={(e) => update({ description: e.target.value })}
              />
            )}
          </Field>
          <Field id="listing-status" label={w('edit.status')} errors={errors}>
            {(aria) => (
              <select
                {...aria}
                value={form.status}
                onChange={(e) => {
                  const next = statuses.find((s) => s === e.target.value);
                  if (next) update({ status: next });
                }}
              >
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {w(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="listing-languages" label={w('edit.languages')} errors={errors}>
            {(aria) => (
              <input
                {...aria}
                value={form.languages}
                onChange={(e) => update({ languages: e.target.value })}
              />
            )}
          </Field>
        </fieldset>

        <PhoneRows
          prefix="listing"
          phones={form.phones}
          errors={errors}
          onChange={(phones) => update({ phones })}
          w={w}
        />

        <fieldset>
          <legend>{w('edit.hours')}</legend>
          {form.hours.map((row, i) => (
            <fieldset className="listing-row" key={`hours-${i.toString()}`}>
              <legend>{w('edit.hoursRow', { n: i + 1 })}</legend>
              <div
                className="day-picker"
                id={`listing-hours-${i}-days`}
                role="group"
                aria-label={w('edit.days')}
              >
                {weekdays.map((day) => (
                  <label key={day} className="day-choice">
                    <input
                      type="checkbox"
                      checked={row.days.includes(day)}
                      onChange={(e) =>
                        update({
                          hours: replaceAt<HoursRow>(form.hours, i, {
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
              </div>
              {(errors[`listing-hours-${i}-days`] ?? []).length > 0 ? (
                <p className="field-error">{errors[`listing-hours-${i}-days`]?.join(' ')}</p>
              ) : null}
              <Field id={`listing-hours-${i}-opensAt`} label={w('edit.opens')} errors={errors}>
                {(aria) => (
                  <input
                    {...aria}
                    type="time"
                    value={row.opensAt}
                    onChange={(e) =>
                      update({
                        hours: replaceAt<HoursRow>(form.hours, i, { opensAt: e.target.value }),
                      })
                    }
                  />
                )}
              </Field>
              <Field id={`listing-hours-${i}-closesAt`} label={w('edit.closes')} errors={errors}>
                {(aria) => (
                  <input
                    {...aria}
                    type="time"
                    value={row.closesAt}
                    onChange={(e) =>
                      update({
                        hours: replaceAt<HoursRow>(form.hours, i, { closesAt: e.target.value }),
                      })
                    }
                  />
                )}
              </Field>
              <Field id={`listing-hours-${i}-note`} label={w('edit.hoursNote')} errors={errors}>
                {(aria) => (
                  <input
                    {...aria}
                    value={row.description}
                    onChange={(e) =>
                      update({
                        hours: replaceAt<HoursRow>(form.hours, i, { description: e.target.value }),
                      })
                    }
                  />
                )}
              </Field>
              <button
                type="button"
                className="button-link"
                onClick={() => update({ hours: form.hours.filter((_h, j) => j !== i) })}
              >
                {w('edit.remove')}{' '}
                <span className="visually-hidden">{w('edit.hoursRow', { n: i + 1 })}</span>
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              update({
                hours: [
                  ...form.hours,
                  {
                    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
                    opensAt: '09:00',
                    closesAt: '17:00',
                    description: '',
                    validFrom: '',
                    validTo: '',
                  },
                ],
              })
            }
          >
            {w('edit.addHours')}
          </button>
          {form.otherSchedules.length > 0 ? (
            <p className="hint">
              {w('edit.otherSchedules', { count: form.otherSchedules.length })}
            </p>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>{w('edit.closures')}</legend>
          {form.closures.map((row, i) => (
            <div className="listing-row" key={`closure-${i.toString()}`}>
              <Field
                id={`listing-closure-${i}-from`}
                label={`${w('edit.closure', { n: i + 1 })}: ${w('edit.closedFrom')}`}
                errors={errors}
              >
                {(aria) => (
                  <input
                    {...aria}
                    type="date"
                    value={row.validFrom}
                    onChange={(e) =>
                      update({
                        closures: replaceAt<ClosureRow>(form.closures, i, {
                          validFrom: e.target.value,
                        }),
                      })
                    }
                  />
                )}
              </Field>
              <Field id={`listing-closure-${i}-to`} label={w('edit.closedTo')} errors={errors}>
                {(aria) => (
                  <input
                    {...aria}
                    type="date"
                    value={row.validTo}
                    onChange={(e) =>
                      update({
                        closures: replaceAt<ClosureRow>(form.closures, i, {
                          validTo: e.target.value,
                        }),
                      })
                    }
                  />
                )}
              </Field>
              <Field
                id={`listing-closure-${i}-reason`}
                label={w('edit.closureReason')}
                errors={errors}
              >
                {(aria) => (
                  <input
                    {...aria}
                    value={row.description}
                    onChange={(e) =>
                      update({
                        closures: replaceAt<ClosureRow>(form.closures, i, {
                          description: e.target.value,
                        }),
                      })
                    }
                  />
                )}
              </Field>
              <button
                type="button"
                className="button-link"
                onClick={() => update({ closures: form.closures.filter((_c, j) => j !== i) })}
              >
                {w('edit.remove')}{' '}
                <span className="visually-hidden">{w('edit.closure', { n: i + 1 })}</span>
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              update({
                closures: [...form.closures, { validFrom: '', validTo: '', description: '' }],
              })
            }
          >
            {w('edit.addClosure')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{w('edit.eligibility')}</legend>
          <div className="listing-row">
            <Field id="listing-min-age" label={w('edit.minAge')} errors={errors}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="numeric"
                  value={form.minAge}
                  onChange={(e) => update({ minAge: e.target.value })}
                />
              )}
            </Field>
            <Field id="listing-max-age" label={w('edit.maxAge')} errors={errors}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="numeric"
                  value={form.maxAge}
                  onChange={(e) => update({ maxAge: e.target.value })}
                />
              )}
            </Field>
            <Field id="listing-income-limit" label={w('edit.incomeLimit')} errors={errors}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  value={form.incomeLimit}
                  onChange={(e) => update({ incomeLimit: e.target.value })}
                />
              )}
            </Field>
          </div>
          <Field id="listing-postal-codes" label={w('edit.postalCodes')} errors={errors}>
            {(aria) => (
              <input
                {...aria}
                value={form.postalCodes}
                onChange={(e) => update({ postalCodes: e.target.value })}
              />
            )}
          </Field>
          <Field id="listing-counties" label={w('edit.counties')} errors={errors}>
            {(aria) => (
              <input
                {...aria}
                value={form.counties}
                onChange={(e) => update({ counties: e.target.value })}
              />
            )}
          </Field>
          <Field id="listing-states" label={w('edit.states')} errors={errors}>
            {(aria) => (
              <input
                {...aria}
                value={form.states}
                onChange={(e) => update({ states: e.target.value })}
              />
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={form.veteranOnly}
              onChange={(e) => update({ veteranOnly: e.target.checked })}
            />
            {w('edit.veteranOnly')}
          </label>
          <Field
            id="listing-eligibility-description"
            label={w('edit.eligibilityDescription')}
            errors={errors}
          >
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={form.eligibilityDescription}
                onChange={(e) => update({ eligibilityDescription: e.target.value })}
              />
            )}
          </Field>
          <Field id="listing-requiredDocuments" label={w('edit.documents')} errors={errors}>
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={form.requiredDocuments}
                onChange={(e) => update({ requiredDocuments: e.target.value })}
              />
            )}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{w('edit.costs')}</legend>
          {form.costs.map((cost, i) => (
            <div className="listing-row" key={`cost-${i.toString()}`}>
              <Field
                id={`listing-cost-${i}-option`}
                label={`${w('edit.cost', { n: i + 1 })}: ${w('edit.costOption')}`}
                errors={errors}
              >
                {(aria) => (
                  <input
                    {...aria}
                    value={cost.option}
                    onChange={(e) =>
                      update({
                        costs: replaceAt<CostRow>(form.costs, i, { option: e.target.value }),
                      })
                    }
                  />
                )}
              </Field>
              <Field id={`listing-cost-${i}-amount`} label={w('edit.amount')} errors={errors}>
                {(aria) => (
                  <input
                    {...aria}
                    inputMode="decimal"
                    value={cost.amount}
                    onChange={(e) =>
                      update({
                        costs: replaceAt<CostRow>(form.costs, i, { amount: e.target.value }),
                      })
                    }
                  />
                )}
              </Field>
              <Field id={`listing-cost-${i}-currency`} label={w('edit.currency')} errors={errors}>
                {(aria) => (
                  <input
                    {...aria}
                    value={cost.currency}
                    maxLength={3}
                    onChange={(e) =>
                      update({
                        costs: replaceAt<CostRow>(form.costs, i, { currency: e.target.value }),
                      })
                    }
                  />
                )}
              </Field>
              <Field
                id={`listing-cost-${i}-description`}
                label={w('edit.amountDescription')}
                errors={errors}
              >
                {(aria) => (
                  <input
                    {...aria}
                    value={cost.amountDescription}
                    onChange={(e) =>
                      update({
                        costs: replaceAt<CostRow>(form.costs, i, {
                          amountDescription: e.target.value,
                        }),
                      })
                    }
                  />
                )}
              </Field>
              <button
                type="button"
                className="button-link"
                onClick={() => update({ costs: form.costs.filter((_c, j) => j !== i) })}
              >
                {w('edit.remove')}{' '}
                <span className="visually-hidden">{w('edit.cost', { n: i + 1 })}</span>
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              update({
                costs: [
                  ...form.costs,
                  {
                    option: '',
                    amount: '',
                    currency: 'USD',
                    amountDescription: '',
                    validFrom: null,
                    validTo: null,
                  },
                ],
              })
            }
          >
            {w('edit.addCost')}
          </button>
        </fieldset>

        <button type="submit" className="button-primary" disabled={busy !== null}>
          {busy === 'save' ? w('edit.saving') : w('edit.save')}
        </button>
      </form>

      <form className="listing-capacity" onSubmit={handlePublishCapacity} noValidate>
        <h2>{w('edit.capacity')}</h2>
        <p className="hint">{w('edit.capacityIntro')}</p>
        <p>
          {listing.capacity
            ? w('edit.capacityCurrent', {
                date: new Date(listing.capacity.updatedAt).toLocaleString(locale),
                status: w(`capacity.${listing.capacity.status}`),
              })
            : w('edit.capacityNone')}
        </p>
        <fieldset
          id="capacity-status"
          aria-describedby={capacityErrors['capacity-status'] ? 'capacity-status-error' : undefined}
        >
          <legend>{w('edit.capacityStatus')}</legend>
          {capacityStatuses.map((status) => (
            <label key={status} className="check">
              <input
                type="radio"
                name="capacity-status"
                value={status}
                checked={capacity.status === status}
                onChange={() => setCapacity((c) => ({ ...c, status }))}
              />
              {w(`capacity.${status}`)}
            </label>
          ))}
          {capacityErrors['capacity-status'] ? (
            <p id="capacity-status-error" className="field-error">
              {capacityErrors['capacity-status'].join(' ')}
            </p>
          ) : null}
        </fieldset>
        <div className="listing-row">
          <Field id="capacity-count" label={w('edit.count')} errors={capacityErrors}>
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={capacity.count}
                onChange={(e) => setCapacity((c) => ({ ...c, count: e.target.value }))}
              />
            )}
          </Field>
          <Field id="capacity-unit" label={w('edit.unit')} errors={capacityErrors}>
            {(aria) => (
              <input
                {...aria}
                value={capacity.unit}
                onChange={(e) => setCapacity((c) => ({ ...c, unit: e.target.value }))}
              />
            )}
          </Field>
        </div>
        <Field id="capacity-note" label={w('edit.capacityNote')} errors={capacityErrors}>
          {(aria) => (
            <input
              {...aria}
              value={capacity.note}
              onChange={(e) => setCapacity((c) => ({ ...c, note: e.target.value }))}
            />
          )}
        </Field>
        <button type="submit" className="button-secondary" disabled={busy !== null}>
          {w('edit.publish')}
        </button>
        {capacityDone ? <StatusMessage tone="info">{w('edit.published')}</StatusMessage> : null}
      </form>
    </div>
  );
}
