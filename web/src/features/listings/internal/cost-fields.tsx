import { replaceAt, TextField } from '../../../ui/field';
import type { CostRow, ListingSectionProps } from './listing-form';

/** What the service costs: one row per cost option. */
export function CostFields({ form, errors, onChange: update, w }: ListingSectionProps) {
  return (
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
  );
}
