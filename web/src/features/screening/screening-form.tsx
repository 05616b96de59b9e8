import { type FormEvent, useId, useRef, useState } from 'react';
import type { ScreeningInstrumentQuery } from '../../generated/graphql';
import { StatusMessage } from '../../ui/status-message';
import { type AnswerState, toAnswerInput, toggleAnswer, unanswered } from './internal/answers';
import type { ScreeningWords } from './internal/wording';

export type Instrument = ScreeningInstrumentQuery['screeningInstrument'];
export type ScreeningAnswerInput = { item: string; answers: string[] };

export type ScreeningFormProps = {
  instrument: Instrument;
  w: ScreeningWords;
  submitLabel: string;
  busyLabel: string;
  missingKey: 'screening.missing' | 'public.missing';
  /** Saves the answers; rejects with a message to show. */
  onSubmit: (answers: ScreeningAnswerInput[]) => Promise<void>;
};

/**
 * The screening questions as a form, one fieldset per question: radio buttons, or checkboxes for
 * the question that takes several answers. Every question must be answered before it submits;
 * the missing ones are named and marked.
 */
export function ScreeningForm({
  instrument,
  w,
  submitLabel,
  busyLabel,
  missingKey,
  onSubmit,
}: ScreeningFormProps) {
  const id = useId();
  const [answers, setAnswers] = useState<AnswerState>({});
  const [missing, setMissing] = useState<number[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const items = instrument.sections.flatMap((s) => s.items);

  function handleChange(item: (typeof items)[number], code: string) {
    const next = toggleAnswer(answers, item, code);
    setAnswers(next);
    if (missing) setMissing(unanswered(next, items));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const left = unanswered(answers, items);
    if (left.length > 0) {
      setMissing(left);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(toAnswerInput(answers, items));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const open = missing && missing.length > 0 ? missing : null;
  return (
    <form
      className="screening-form"
      onSubmit={handleSubmit}
      noValidate
      lang={instrument.language.toLowerCase()}
    >
      {open ? (
        <div ref={summaryRef} tabIndex={-1} className="screening-missing" role="alert">
          {w(missingKey, { numbers: open.join(', ') })}
        </div>
      ) : null}
      {instrument.sections.map((section) => (
        <section
          key={section.id}
          className="screening-section"
          aria-labelledby={`${id}-${section.id}`}
        >
          <h2 id={`${id}-${section.id}`}>{section.title}</h2>
          {section.items.map((item) => {
            const invalid = open?.includes(item.number) ?? false;
            const chosen = answers[item.loinc] ?? [];
            return (
              <fieldset
                key={item.loinc}
                className={invalid ? 'screening-item screening-item-invalid' : 'screening-item'}
                aria-invalid={invalid || undefined}
                aria-describedby={invalid ? `${id}-${item.number}-error` : undefined}
              >
                <legend>
                  <span className="screening-number">{item.number}.</span> {item.text}
                </legend>
                {invalid ? (
                  <p id={`${id}-${item.number}-error`} className="field-error">
                    {w('form.required')}
                  </p>
                ) : null}
                {item.answers.map((answer) => (
                  <label key={answer.code} className="screening-answer">
                    <input
                      type={item.multiple ? 'checkbox' : 'radio'}
                      name={`${id}-${item.loinc}`}
                      value={answer.code}
                      checked={chosen.includes(answer.code)}
                      onChange={() => handleChange(item, answer.code)}
                    />
                    <span>{answer.text}</span>
                  </label>
                ))}
              </fieldset>
            );
          })}
        </section>
      ))}
      {failure ? <StatusMessage tone="error">{failure}</StatusMessage> : null}
      <button type="submit" className="button-primary screening-submit" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
