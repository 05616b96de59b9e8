import { type FormEvent, useState } from 'react';
import {
  type CapacityStatus,
  type EditableServiceQuery,
  SetServiceCapacityDocument,
} from '../../../generated/graphql';
import { request } from '../../../lib/graphql';
import { useI18n } from '../../../lib/i18n';
import { TextField } from '../../../ui/field';
import { StatusMessage } from '../../../ui/status-message';
import { type CapacityForm, type FieldIssue, toCapacityInput } from './listing-form';
import type { ListingTranslate } from './wording';

const capacityStatuses: CapacityStatus[] = [
  'AVAILABLE',
  'WAITLIST',
  'NO_CAPACITY',
  'ASSESSMENT_REQUIRED',
];

type CapacityEditorProps = {
  serviceId: string;
  /** The capacity published last, if any. */
  published: EditableServiceQuery['editableService']['capacity'];
  /** True while another request of the editor runs. */
  disabled: boolean;
  /** Runs the request; a conflict or failure is shown by the editor, field issues come back. */
  onRequest: (
    action: () => Promise<void>,
    setFieldIssues: (issues: FieldIssue[]) => void,
  ) => Promise<void>;
  w: ListingTranslate;
};

/** Publishes how much room the service has now (beds, appointments), apart from the listing. */
export function CapacityEditor({
  serviceId,
  published,
  disabled,
  onRequest,
  w,
}: CapacityEditorProps) {
  const { locale } = useI18n();
  const [capacity, setCapacity] = useState<CapacityForm>({
    status: published?.status ?? '',
    count: published?.count?.toString() ?? '',
    unit: published?.unit ?? '',
    note: published?.note ?? '',
  });
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [done, setDone] = useState(false);

  async function handlePublish(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const { input, issues: local } = toCapacityInput(capacity, serviceId);
    setIssues(local);
    if (!input) return;
    await onRequest(async () => {
      await request(SetServiceCapacityDocument, { input });
      setDone(true);
    }, setIssues);
  }

  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const id = `capacity-${issue.path === 'count' ? 'count' : issue.path === 'status' ? 'status' : 'note'}`;
    errors[id] = [...(errors[id] ?? []), issue.message];
  }

  return (
    <form className="listing-capacity" onSubmit={handlePublish} noValidate>
      <h2>{w('edit.capacity')}</h2>
      <p className="hint">{w('edit.capacityIntro')}</p>
      <p>
        {published
          ? w('edit.capacityCurrent', {
              date: new Date(published.updatedAt).toLocaleString(locale),
              status: w(`capacity.${published.status}`),
            })
          : w('edit.capacityNone')}
      </p>
      <fieldset
        id="capacity-status"
        aria-describedby={errors['capacity-status'] ? 'capacity-status-error' : undefined}
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
        {errors['capacity-status'] ? (
          <p id="capacity-status-error" className="field-error">
            {errors['capacity-status'].join(' ')}
          </p>
        ) : null}
      </fieldset>
      <div className="listing-row">
        <TextField
          id="capacity-count"
          label={w('edit.count')}
          errors={errors}
          inputMode="numeric"
          value={capacity.count}
          onChange={(value) => setCapacity((c) => ({ ...c, count: value }))}
        />
        <TextField
          id="capacity-unit"
          label={w('edit.unit')}
          errors={errors}
          value={capacity.unit}
          onChange={(value) => setCapacity((c) => ({ ...c, unit: value }))}
        />
      </div>
      <TextField
        id="capacity-note"
        label={w('edit.capacityNote')}
        errors={errors}
        value={capacity.note}
        onChange={(value) => setCapacity((c) => ({ ...c, note: value }))}
      />
      <button type="submit" className="button-secondary" disabled={disabled}>
        {w('edit.publish')}
      </button>
      {done ? <StatusMessage tone="info">{w('edit.published')}</StatusMessage> : null}
    </form>
  );
}
