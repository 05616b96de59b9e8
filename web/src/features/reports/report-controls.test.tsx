// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../lib/i18n';
import { ChartFigure, DataTable } from './chart-figure';
import type { ReportState } from './internal/report-url-state';
import { ReportControls } from './report-controls';

const state: ReportState = {
  from: '2025-01-01',
  to: '2025-06-30',
  by: 'agency',
  view: 'referrals',
};

afterEach(cleanup);

describe('report controls', () => {
  it('hands every valid change on, and ignores a cleared date', () => {
    const handleChange = vi.fn();
    render(
      <I18nProvider initial="en">
        <ReportControls state={state} showGrouping onChange={handleChange} />
      </I18nProvider>,
    );
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-02-01' } });
    expect(handleChange).toHaveBeenLastCalledWith({ ...state, from: '2025-02-01' });
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'need' } });
    expect(handleChange).toHaveBeenLastCalledWith({ ...state, by: 'need' });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '' } });
    expect(handleChange).toHaveBeenCalledTimes(2);
  });

  it('offers grouping only where it applies', () => {
    render(
      <I18nProvider initial="es">
        <ReportControls state={state} showGrouping={false} onChange={() => {}} />
      </I18nProvider>,
    );
    expect(screen.getByLabelText('Desde')).toBeTruthy();
    expect(screen.queryByLabelText('Agrupar por')).toBeNull();
  });
});

describe('chart figure', () => {
  it('names the chart image by its title and keeps the figures in a table', () => {
    render(
      <I18nProvider initial="en">
        <ChartFigure
          title="Rejection reasons"
          chart={<svg />}
          table={
            <DataTable
              caption="Rejection reasons"
              columns={['Reason', 'Referrals']}
              rows={[{ key: 'NO_CAPACITY', cells: ['No capacity', 2] }]}
            />
          }
        />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Rejection reasons' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Rejection reasons' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Rejection reasons', hidden: true });
    expect(table.querySelector('tbody th')?.textContent).toBe('No capacity');
    expect(table.querySelector('td.is-number')?.textContent).toBe('2');
  });

  it('says so when there is nothing to chart', () => {
    render(
      <I18nProvider initial="en">
        <ChartFigure title="Rejection reasons" chart={<svg />} table={null} empty="None." />
      </I18nProvider>,
    );
    expect(screen.getByText('None.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });
});
