import { describe, expect, it } from 'vitest';
import {
  decodeReportState,
  defaultReportState,
  encodeReportState,
  parseDay,
  periodOf,
} from './report-url-state';

const today = new Date('2026-03-14T18:30:00Z');

describe('report URL state', () => {
  it('defaults to the last six calendar months by agency', () => {
    expect(defaultReportState(today)).toEqual({
      from: '2025-10-01',
      to: '2026-03-14',
      by: 'agency',
      view: 'referrals',
    });
    expect(decodeReportState('', today)).toEqual(defaultReportState(today));
    expect(encodeReportState(defaultReportState(today), today)).toBe('');
  });

  it('round-trips a period, grouping and view, with only non-defaults in the URL', () => {
    const state = { from: '2025-01-01', to: '2025-06-30', by: 'need', view: 'unmet' } as const;
    const search = encodeReportState(state, today);
    expect(search).toBe('?view=unmet&from=2025-01-01&to=2025-06-30&by=need');
    expect(decodeReportState(search, today)).toEqual(state);
    expect(encodeReportState({ ...defaultReportState(today), by: 'need' }, today)).toBe('?by=need');
  });

  it('ignores malformed or impossible values', () => {
    expect(decodeReportState('?from=2025-02-30&to=yesterday&by=month&view=x', today)).toEqual(
      defaultReportState(today),
    );
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2025-1-01')).toBeNull();
    expect(parseDay(null)).toBeNull();
  });

  it('asks the API for whole UTC days, the last one included', () => {
    expect(periodOf({ from: '2025-01-01', to: '2025-06-30' })).toEqual({
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-07-01T00:00:00.000Z',
    });
  });
});
