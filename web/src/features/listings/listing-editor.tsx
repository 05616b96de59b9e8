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
import { Field, IssueSummary, replaceAt, TextField } from '../../ui/field';
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
        <IssueSummary title={w('edit.fix')} messages={issues.map((issue) => issue.message)} />

        <fieldset>
          <legend>{w('edit.service')}</legend>
          <TextField
            id="listing-name"
            label={w('edit.name')}
            errors={errors}
            value={form.name}
            onChange={(value) => update({ name: value })}
          />
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
          <TextField
            id="listing-languages"
            label={w('edit.languages')}
            errors={errors}
            value={form.languages}
            onChange={(value) => update({ languages: value })}
          />
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
              <TextField
                id={`listing-hours-${i}-opensAt`}
                label={w('edit.opens')}
                errors={errors}
                type="time"
                value={row.opensAt}
                onChange={(value) =>
                  update({
                    hours: replaceAt<HoursRow>(form.hours, i, { opensAt: value }),
                  })
                }
              />
              <TextField
                id={`listing-hours-${i}-closesAt`}
                label={w('edit.closes')}
                errors={errors}
                type="time"
                value={row.closesAt}
                onChange={(value) =>
                  update({
                    hours: replaceAt<HoursRow>(form.hours, i, { closesAt: value }),
                  })
                }
              />
              <TextField
                id={`listing-hours-${i}-note`}
                label={w('edit.hoursNote')}
                errors={errors}
                value={row.description}
                onChange={(value) =>
                  update({
                    hours: replaceAt<HoursRow>(form.hours, i, { description: value }),
                  })
                }
              />
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
              <TextField
                id={`listing-closure-${i}-from`}
                label={`${w('edit.closure', { n: i + 1 })}: ${w('edit.closedFrom')}`}
                errors={errors}
                type="date"
                value={row.validFrom}
                onChange={(value) =>
                  update({
                    closures: replaceAt<ClosureRow>(form.closures, i, {
                      validFrom: value,
                    }),
                  })
                }
              />
              <TextField
                id={`listing-closure-${i}-to`}
                label={w('edit.closedTo')}
                errors={errors}
                type="date"
                value={row.validTo}
                onChange={(value) =>
                  update({
                    closures: replaceAt<ClosureRow>(form.closures, i, {
                      validTo: value,
                    }),
                  })
                }
              />
              <TextField
                id={`listing-closure-${i}-reason`}
                label={w('edit.closureReason')}
                errors={errors}
                value={row.description}
                onChange={(value) =>
                  update({
                    closures: replaceAt<ClosureRow>(form.closures, i, {
                      description: value,
                    }),
                  })
                }
              />
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
            <TextField
              id="listing-min-age"
              label={w('edit.minAge')}
              errors={errors}
              inputMode="numeric"
              value={form.minAge}
              onChange={(value) => update({ minAge: value })}
            />
            <TextField
              id="listing-max-age"
              label={w('edit.maxAge')}
              errors={errors}
              inputMode="numeric"
              value={form.maxAge}
              onChange={(value) => update({ maxAge: value })}
            />
            <TextField
              id="listing-income-limit"
              label={w('edit.incomeLimit')}
              errors={errors}
              inputMode="decimal"
              value={form.incomeLimit}
              onChange={(value) => update({ incomeLimit: value })}
            />
          </div>
          <TextField
            id="listing-postal-codes"
            label={w('edit.postalCodes')}
            errors={errors}
            value={form.postalCodes}
            onChange={(value) => update({ postalCodes: value })}
          />
          <TextField
            id="listing-counties"
            label={w('edit.counties')}
            errors={errors}
            value={form.counties}
            onChange={(value) => update({ counties: value })}
          />
          <TextField
            id="listing-states"
            label={w('edit.states')}
            errors={errors}
            value={form.states}
            onChange={(value) => update({ states: value })}
          />
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
              <TextField
                id={`listing-cost-${i}-option`}
                label={`${w('edit.cost', { n: i + 1 })}: ${w('edit.costOption')}`}
                errors={errors}
                value={cost.option}
                onChange={(value) =>
                  update({
                    costs: replaceAt<CostRow>(form.costs, i, { option: value }),
                  })
                }
              />
              <TextField
                id={`listing-cost-${i}-amount`}
                label={w('edit.amount')}
                errors={errors}
                inputMode="decimal"
                value={cost.amount}
                onChange={(value) =>
                  update({
                    costs: replaceAt<CostRow>(form.costs, i, { amount: value }),
                  })
                }
              />
              <TextField
                id={`listing-cost-${i}-currency`}
                label={w('edit.currency')}
                errors={errors}
                value={cost.currency}
                maxLength={3}
                onChange={(value) =>
                  update({
                    costs: replaceAt<CostRow>(form.costs, i, { currency: value }),
                  })
                }
              />
              <TextField
                id={`listing-cost-${i}-description`}
                label={w('edit.amountDescription')}
                errors={errors}
                value={cost.amountDescription}
                onChange={(value) =>
                  update({
                    costs: replaceAt<CostRow>(form.costs, i, {
                      amountDescription: value,
                    }),
                  })
                }
              />
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
          <TextField
            id="capacity-count"
            label={w('edit.count')}
            errors={capacityErrors}
            inputMode="numeric"
            value={capacity.count}
            onChange={(value) => setCapacity((c) => ({ ...c, count: value }))}
          />
          <TextField
            id="capacity-unit"
            label={w('edit.unit')}
            errors={capacityErrors}
            value={capacity.unit}
            onChange={(value) => setCapacity((c) => ({ ...c, unit: value }))}
          />
        </div>
        <TextField
          id="capacity-note"
          label={w('edit.capacityNote')}
          errors={capacityErrors}
          value={capacity.note}
          onChange={(value) => setCapacity((c) => ({ ...c, note: value }))}
        />
        <button type="submit" className="button-secondary" disabled={busy !== null}>
          {w('edit.publish')}
        </button>
        {capacityDone ? <StatusMessage tone="info">{w('edit.published')}</StatusMessage> : null}
      </form>
    </div>
  );
}
