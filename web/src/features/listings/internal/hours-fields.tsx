import { replaceAt, TextField } from '../../../ui/field';
import { type ClosureRow, type HoursRow, type ListingSectionProps, weekdays } from './listing-form';

/** Weekly opening hours, one row per set of days with the same hours. */
export function HoursFields({ form, errors, onChange: update, w }: ListingSectionProps) {
  return (
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
        <p className="hint">{w('edit.otherSchedules', { count: form.otherSchedules.length })}</p>
      ) : null}
    </fieldset>
  );
}

/** Dates the service is closed (holidays, repairs), each with a reason. */
export function ClosureFields({ form, errors, onChange: update, w }: ListingSectionProps) {
  return (
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
  );
}
