import type { FormEvent } from 'react';
import { Field } from '../../../ui/field';

export type NoteFormProps = {
  id: string;
  label: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
  /** The server's word on the note, shown under it. */
  error: string | null;
  busy: boolean;
  submitLabel: string;
  cancelLabel: string;
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
};

/** A note to send with a decision or a request (a claim, a rejection), with send and cancel. */
export function NoteForm(props: NoteFormProps) {
  const { id, label, rows, value, onChange, error, busy } = props;
  return (
    <form onSubmit={props.onSubmit} noValidate className="review-form">
      <Field id={id} label={label} errors={error ? { [id]: [error] } : {}}>
        {(aria) => (
          <textarea
            {...aria}
            rows={rows}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </Field>
      <p className="review-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" className="button-link" onClick={props.onCancel}>
          {props.cancelLabel}
        </button>
      </p>
    </form>
  );
}
