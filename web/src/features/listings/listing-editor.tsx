import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  ConfirmServiceAccurateDocument,
  type EditableServiceQuery,
  type ServiceStatus,
  UpdateServiceDocument,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Field, IssueSummary, TextField } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import { CapacityEditor } from './internal/capacity-editor';
import { CostFields } from './internal/cost-fields';
import { EligibilityFields } from './internal/eligibility-fields';
import { ClosureFields, HoursFields } from './internal/hours-fields';
import {
  type FieldIssue,
  issuesByField,
  type ListingForm,
  toListingForm,
  toUpdateInput,
} from './internal/listing-form';
import { PhoneRows } from './internal/phone-rows';
import { useListingWords } from './internal/wording';

type Editable = EditableServiceQuery['editableService'];

export type ListingEditorProps = {
  listing: Editable;
  /** Reads the listing again (after a save, a confirmation or a conflict). */
  onReload: () => void;
};

/** Which request is running; one at a time. */
type Busy = 'save' | 'confirm' | 'capacity';

const statuses: ServiceStatus[] = ['ACTIVE', 'TEMPORARILY_CLOSED', 'INACTIVE', 'DEFUNCT'];

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
  const [busy, setBusy] = useState<Busy | null>(null);
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

  /** Runs one request at a time; a conflict or failure is announced at the top. */
  async function run(
    kind: Busy,
    action: () => Promise<void>,
    setFieldIssues: (issues: FieldIssue[]) => void,
  ) {
    setBusy(kind);
    try {
      await action();
    } catch (error) {
      handleFailure(error, setFieldIssues);
    } finally {
      setBusy(null);
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
    await run(
      'save',
      async () => {
        await request(UpdateServiceDocument, { input });
        setOutcome({ kind: 'saved' });
        onReload();
      },
      setIssues,
    );
  }

  async function handleConfirm() {
    await run(
      'confirm',
      async () => {
        const data = await request(ConfirmServiceAccurateDocument, { serviceId: listing.id });
        const date = data.confirmServiceAccurate.freshness.assuredDate;
        setOutcome({ kind: 'confirmed', message: date ? formatDate(date, locale) : '' });
        onReload();
      },
      setIssues,
    );
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

        <HoursFields form={form} errors={errors} onChange={update} w={w} />
        <ClosureFields form={form} errors={errors} onChange={update} w={w} />
        <EligibilityFields form={form} errors={errors} onChange={update} w={w} />
        <CostFields form={form} errors={errors} onChange={update} w={w} />

        <button type="submit" className="button-primary" disabled={busy !== null}>
          {busy === 'save' ? w('edit.saving') : w('edit.save')}
        </button>
      </form>

      <CapacityEditor
        serviceId={listing.id}
        published={listing.capacity}
        disabled={busy !== null}
        onRequest={(action, setFieldIssues) => run('capacity', action, setFieldIssues)}
        w={w}
      />
    </div>
  );
}
