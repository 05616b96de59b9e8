import { useId } from 'react';
import { useI18n } from '../../lib/i18n';
import { parseDay, type ReportGrouping, type ReportState } from './internal/report-url-state';

export type ReportControlsProps = {
  state: ReportState;
  /** Offer the agency / need grouping (the referral report only). */
  showGrouping: boolean;
  onChange: (next: ReportState) => void;
};

/** The period and grouping; every change goes to the URL at once. */
export function ReportControls({ state, showGrouping, onChange }: ReportControlsProps) {
  const { t } = useI18n();
  const id = useId();

  function handleDay(field: 'from' | 'to', value: string) {
    const day = parseDay(value);
    if (day) onChange({ ...state, [field]: day });
  }

  return (
    <form
      className="report-controls"
      aria-label={t('reports.controls')}
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('reports.from')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={state.from}
          max={state.to}
          onChange={(event) => handleDay('from', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('reports.to')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={state.to}
          min={state.from}
          onChange={(event) => handleDay('to', event.target.value)}
        />
      </div>
      {showGrouping ? (
        <div className="field">
          <label htmlFor={`${id}-by`}>{t('reports.groupBy')}</label>
          <select
            id={`${id}-by`}
            value={state.by}
            onChange={(event) =>
              onChange({ ...state, by: event.target.value === 'need' ? 'need' : 'agency' })
            }
          >
            {(['agency', 'need'] as ReportGrouping[]).map((by) => (
              <option key={by} value={by}>
                {t(by === 'agency' ? 'reports.byAgency' : 'reports.byNeed')}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </form>
  );
}
