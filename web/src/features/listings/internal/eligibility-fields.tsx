import { Field, TextField } from '../../../ui/field';
import type { ListingSectionProps } from './listing-form';

/** Who may use the service: ages, income, residence, veterans, and what to bring. */
export function EligibilityFields({ form, errors, onChange: update, w }: ListingSectionProps) {
  return (
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
  );
}
