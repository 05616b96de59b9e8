import { Field, TextField } from '../../../ui/field';
import type { PhoneRow } from './listing-form';
import type { ListingTranslate } from './wording';

type PhoneRowsProps = {
  /** Prefix of the input ids: `${prefix}-phone-0-number`. */
  prefix: string;
  phones: PhoneRow[];
  errors: Record<string, string[]>;
  onChange: (phones: PhoneRow[]) => void;
  w: ListingTranslate;
};

/** Phone numbers with what each is for, added and removed one by one. */
export function PhoneRows({ prefix, phones, errors, onChange, w }: PhoneRowsProps) {
  function change(index: number, patch: Partial<PhoneRow>) {
    onChange(phones.map((phone, i) => (i === index ? { ...phone, ...patch } : phone)));
  }
  return (
    <fieldset>
      <legend>{w('edit.phones')}</legend>
      {phones.map((phone, i) => (
        <div className="listing-row" key={`${prefix}-phone-${i.toString()}`}>
          <TextField
            id={`${prefix}-phone-${i}-number`}
            label={`${w('edit.phone', { n: i + 1 })}: ${w('edit.phoneNumber')}`}
            errors={errors}
            type="tel"
            value={phone.number}
            onChange={(value) => change(i, { number: value })}
          />
          <TextField
            id={`${prefix}-phone-${i}-description`}
            label={w('edit.phoneDescription')}
            errors={errors}
            value={phone.description}
            onChange={(value) => change(i, { description: value })}
          />
          <button
            type="button"
            className="button-link"
            onClick={() => onChange(phones.filter((_p, j) => j !== i))}
          >
            {w('edit.remove')}{' '}
            <span className="visually-hidden">{w('edit.phone', { n: i + 1 })}</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button-secondary"
        onClick={() =>
          onChange([...phones, { number: '', description: '', type: '', extension: null }])
        }
      >
        {w('edit.addPhone')}
      </button>
    </fieldset>
  );
}
