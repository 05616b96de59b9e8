import { describe, expect, it } from 'vitest';
import { formatHours, formatHourTick, formatMonth, formatPercent } from './report-format';
import { groupSeries, monthSeries, monthsBetween, toPercent, unmetByCategory } from './series';

const figures = (sent: number, closedLoop: number, rate: number | null) => ({
  sent,
  closedLoop,
  closedLoopRate: rate,
  medianHoursToAcceptance: sent > 0 ? 3 : null,
  medianHoursToCompletion: null,
});

describe('report series', () => {
  it('lists every month a period touches, across years', () => {
    expect(monthsBetween('2024-11-15', '2025-02-01')).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    expect(monthsBetween('2025-03-01', '2025-03-31')).toEqual(['2025-03']);
    expect(monthsBetween('2025-04-01', '2025-03-01')).toEqual([]);
    expect(monthsBetween('bad', '2025-03-01')).toEqual([]);
  });

  it('fills months without referrals so the closed-loop line keeps its time axis', () => {
    const series = monthSeries(
      [
        { key: '2025-03', figures: figures(3, 1, 0.3333) },
        { key: '2025-01', figures: figures(2, 2, 1) },
      ],
      '2025-01-01',
      '2025-03-31',
    );
    expect(series).toEqual([
      {
        month: '2025-01',
        sent: 2,
        closedLoop: 2,
        ratePercent: 100,
        acceptanceHours: 3,
        completionHours: null,
      },
      {
        month: '2025-02',
        sent: 0,
        closedLoop: 0,
        ratePercent: null,
        acceptanceHours: null,
        completionHours: null,
      },
      {
        month: '2025-03',
        sent: 3,
        closedLoop: 1,
        ratePercent: 33.3,
        acceptanceHours: 3,
        completionHours: null,
      },
    ]);
  });

  it('labels groups and keeps the API order', () => {
    const outcome = { rejected: 1, completed: 1, failed: 0, cancelled: 0, open: 1 };
    const series = groupSeries(
      [
        { key: 'a1', label: 'Eastside Pantry', figures: { ...figures(3, 2, 0.6667), ...outcome } },
        { key: 'a2', label: null, figures: { ...figures(1, 0, 0), ...outcome } },
      ],
      (group) => group.label ?? `(${group.key})`,
    );
    expect(series.map((g) => [g.label, g.sent, g.ratePercent, g.completed, g.open])).toEqual([
      ['Eastside Pantry', 3, 66.7, 1, 1],
      ['(a2)', 1, 0, 1, 1],
    ]);
    expect(toPercent(null)).toBeNull();
  });

  it('sums unmet needs by category, with the areas they came from', () => {
    expect(
      unmetByCategory([
        { category: 'legal', area: '802', count: 2, noResults: 2, noneEligible: 0 },
        { category: 'housing', area: '801', count: 1, noResults: 0, noneEligible: 1 },
        { category: 'legal', area: null, count: 1, noResults: 1, noneEligible: 0 },
        { category: 'legal', area: '804', count: 3, noResults: 1, noneEligible: 2 },
      ]),
    ).toEqual([
      { category: 'legal', count: 6, noResults: 4, noneEligible: 2, areas: ['804', '802'] },
      { category: 'housing', count: 1, noResults: 0, noneEligible: 1, areas: ['801'] },
    ]);
  });
});

describe('report formatting', () => {
  it('writes months, durations and rates for people', () => {
    expect(formatMonth('2025-01', 'en-US')).toBe('Jan 2025');
    expect(formatMonth('2025-01', 'es-US')).toMatch(/ene/i);
    expect(formatHours(3, 'en-US', '–')).toBe('3 hr');
    expect(formatHours(2.25, 'en-US', '–')).toBe('2.3 hr');
    expect(formatHours(26.4, 'en-US', '–')).toBe('26 hr');
    expect(formatHours(60, 'en-US', '–')).toBe('2.5 days');
    expect(formatHours(null, 'en-US', '–')).toBe('–');
    expect(formatPercent(66.7, 'en-US', '–')).toBe('66.7%');
    expect(formatHourTick(45, 'en-US')).toBe('45 hr');
    expect(formatPercent(null, 'en-US', '–')).toBe('–');
  });
});
