import type { Schedule } from '../directory/records.ts';

/** A schedule with every optional field null, for tests. */
export function schedule(overrides: Partial<Schedule>): Schedule {
  return {
    id: 'schedule-1',
    valid_from: null,
    valid_to: null,
    dtstart: null,
    timezone: null,
    until: null,
    freq: null,
    interval: null,
    byday: null,
    bymonthday: null,
    opens_at: null,
    closes_at: null,
    description: null,
    attending_type: null,
    notes: null,
    closed: null,
    ...overrides,
  };
}

export const EVERY_DAY = 'MO,TU,WE,TH,FR,SA,SU';
