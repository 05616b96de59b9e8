import { describe, expect, it } from 'vitest';
import { hoursView } from './hours-view.ts';

// Tuesday 8 December 2026, 10:00 in Denver.
const NOW = new Date('2026-12-08T17:00:00Z');
const TZ = 'America/Denver';

describe('hoursView', () => {
  it('gives the regular week by weekday, Monday first, overnight spans marked', () => {
    const view = hoursView(
      {
        hoursKnown: true,
        weeklyHours: [
          [540, 1020],
          [4 * 1440 + 540, 4 * 1440 + 720],
          [5 * 1440 + 1200, 5 * 1440 + 1920],
        ],
        datedHours: [],
        closedDates: [],
      },
      TZ,
      NOW,
    );
    expect(view.weekly).toEqual([
      { weekday: 0, spans: [{ opens: '09:00', closes: '17:00', overnight: false }] },
      { weekday: 4, spans: [{ opens: '09:00', closes: '12:00', overnight: false }] },
      { weekday: 5, spans: [{ opens: '20:00', closes: '08:00', overnight: true }] },
    ]);
    expect(view.summary).toBe('Mon 9:00–17:00; Fri 9:00–12:00; Sat 20:00–8:00');
  });

  it('lists dated openings and closures of the next 14 days only, closures winning', () => {
    const view = hoursView(
      {
        hoursKnown: true,
        weeklyHours: [],
        datedHours: [
          ['2026-12-07', 600, 780],
          ['2026-12-10', 600, 780],
          ['2026-12-17', 600, 780],
          ['2026-12-21', 0, 1440],
          ['2026-12-22', 600, 780],
        ],
        closedDates: ['2026-12-10', '2027-01-01'],
      },
      TZ,
      NOW,
    );
    expect(view.upcoming).toEqual([
      { date: '2026-12-17', spans: [{ opens: '10:00', closes: '13:00', overnight: false }] },
      { date: '2026-12-21', spans: [{ opens: '00:00', closes: '24:00', overnight: false }] },
    ]);
    expect(view.closedDates).toEqual(['2026-12-10']);
    expect(view.summary).toBeNull();
    expect(
      hoursView({ hoursKnown: false, weeklyHours: [], datedHours: [], closedDates: [] }, TZ, NOW)
        .known,
    ).toBe(false);
  });
});
