import type { InputHTMLAttributes, ReactNode } from 'react';

export type FieldProps = {
  id: string;
  label: string;
  errors: Record<string, string[]>;
  children: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
};

/** A labelled input with its field-level errors next to it. */
export function Field({ id, label, errors, children }: FieldProps) {
  const messages = errors[id] ?? [];
  const errorId = `${id}-error`;
  return (
    <div className={messages.length > 0 ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(messages.length > 0 ? { 'aria-invalid': true, 'aria-describedby': errorId } : {}),
      })}
      {messages.length > 0 ? (
        <p id={errorId} className="field-error">
          {messages.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

export type TextFieldProps = Omit<FieldProps, 'children'> &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> & {
    value: string;
    onChange: (value: string) => void;
  };

/** The common Field: one text input, its value in and out as a string. */
export function TextField({ id, label, errors, value, onChange, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} errors={errors}>
      {(aria) => (
        <input {...input} {...aria} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** Issues no input shows, listed above the form. */
export function IssueSummary({
  title,
  messages,
}: {
  title: string;
  messages: ReadonlyArray<string>;
}) {
  if (messages.length === 0) return null;
  return (
    <div className="status-message status-error" role="alert">
      <p>{title}</p>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A copy of `list` with the item at `index` changed (form rows). */
export function replaceAt<T>(list: T[], index: number, change: Partial<T>): T[] {
  return list.map((item, i) => (i === index ? { ...item, ...change } : item));
}
