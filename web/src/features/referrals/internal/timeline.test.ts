import { describe, expect, it } from 'vitest';
import type { ReferralQuery } from '../../../generated/graphql';
import { translate } from '../../../lib/i18n';
import { formatTimeline } from './timeline';

type Event = ReferralQuery['referral']['history'][number];
const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);
const tEs = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('es', key, params);

const base = {
  note: null,
  outcome: null,
  reason: null,
  from: null,
} satisfies Partial<Event>;
const coord = { id: 'coord', name: 'Denver Health Navigators' };
const agency = { id: 'agency', name: 'Food Bank' };

const history: Event[] = [
  {
    ...base,
    version: 3,
    kind: 'TRANSITION',
    at: '2026-03-03T17:05:00Z',
    from: 'SENT',
    to: 'ON_HOLD',
    by: agency,
    reason: { code: 'NO_CAPACITY', text: 'Full until Monday' },
  },
  {
    ...base,
    version: 1,
    kind: 'CREATED',
    at: '2026-03-03T16:00:00Z',
    to: 'SENT',
    by: coord,
    note: null,
  },
  {
    ...base,
    version: 2,
    kind: 'RECEIVED',
    at: '2026-03-03T17:00:00Z',
    from: 'SENT',
    to: 'SENT',
    by: agency,
  },
  {
    ...base,
    version: 4,
    kind: 'TRANSITION',
    at: '2026-03-04T15:00:00Z',
    from: 'ON_HOLD',
    to: 'SENT',
    by: agency,
  },
  {
    ...base,
    version: 5,
    kind: 'TRANSITION',
    at: '2026-03-05T15:00:00Z',
    from: 'IN_PROGRESS',
    to: 'COMPLETED',
    by: agency,
    outcome: 'GOT_HELP',
    note: 'Picked up a box',
  },
] as Event[];

describe('timeline', () => {
  it('lists events in version order with who, when and why', () => {
    const entries = formatTimeline(history, t, 'en-US', 'America/Denver');
    expect(entries.map((e) => e.title)).toEqual([
      'Referral sent',
      'Opened by the agency',
      'On hold',
      'Resumed: Sent',
      'Completed',
    ]);
    expect(entries[0]).toMatchObject({
      by: 'by Denver Health Navigators',
      when: 'Mar 3, 2026, 9:00 AM',
    });
    expect(entries[2]?.details).toEqual(['Reason: No capacity — Full until Monday']);
    expect(entries[4]?.details).toEqual(['Outcome: Got help', 'Picked up a box']);
  });

  it('speaks Spanish', () => {
    const entries = formatTimeline(history, tEs, 'es-US', 'America/Denver');
    expect(entries[0]?.title).toBe('Referencia enviada');
    expect(entries[2]?.details[0]).toBe('Motivo: Sin cupo — Full until Monday');
    expect(entries[4]?.by).toBe('por Food Bank');
  });
});
