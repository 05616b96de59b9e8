import { describe, expect, it } from 'vitest';
import { compileHours } from './compile.ts';
import { describeWeeklyHours, formatMinutes } from './describe.ts';
import { EVERY_DAY, schedule } from './test-schedules.ts';

const weekly = (...rules: Array<[byday: string, opens: string, closes: string]>) =>
  compileHours({
    schedules: rules.map(([byday, opens_at, closes_at], i) =>
      schedule({ id: `s${i}`, freq: 'WEEKLY', byday, opens_at, closes_at }),
    ),
    timezone: 'America/Denver',
    today: '2025-01-01',
  }).weeklyHours;

describe('describeWeeklyHours', () => {
  it('groups days with the same hours', () => {
    expect(
      describeWeeklyHours(weekly(['MO,TU,WE,TH,FR', '09:00', '17:00'], ['SA', '10:00', '14:00'])),
    ).toBe('Mon–Fri 9:00–17:00; Sat 10:00–14:00');
  });
  it('lists split days and gaps', () => {
    expect(
      describeWeeklyHours(
        weekly(
          ['MO,TU,WE,FR', '09:00', '12:00'],
          ['MO,TU,WE,FR', '13:00', '17:30'],
          ['TH', '12:00', '20:00'],
        ),
      ),
    ).toBe('Mon–Wed, Fri 9:00–12:00, 13:00–17:30; Thu 12:00–20:00');
  });
  it('describes overnight, daily and round-the-clock hours', () => {
    expect(describeWeeklyHours(weekly([EVERY_DAY, '20:00', '08:00']))).toBe('Daily 20:00–8:00');
    expect(describeWeeklyHours(weekly([EVERY_DAY, '00:00', '24:00']))).toBe(
      'Open 24 hours, 7 days a week',
    );
    expect(describeWeeklyHours(weekly(['SA,SU', '00:00', '24:00']))).toBe('Sat–Sun open 24 hours');
  });
  it('is empty without weekly hours', () => {
    expect(describeWeeklyHours([])).toBe('');
  });
});

describe('formatMinutes', () => {
  it('formats minutes after midnight', () => {
    expect(formatMinutes(0)).toBe('0:00');
    expect(formatMinutes(545)).toBe('9:05');
    expect(formatMinutes(1440)).toBe('24:00');
    expect(formatMinutes(1920)).toBe('8:00');
  });
});
