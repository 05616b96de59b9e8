import { describe, expect, it } from 'vitest';
import {
  distanceUnitFor,
  formatAgo,
  formatDistance,
  formatDuration,
  formatFreshness,
  formatOpenStatus,
} from './format';
import { translate } from './i18n';

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);
const tEs = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('es', key, params);

// A Tuesday, 10:00 in Denver (UTC−7).
const now = new Date('2026-03-03T17:00:00Z');

describe('distance', () => {
  it('uses miles in the US and kilometres elsewhere', () => {
    expect(distanceUnitFor('en-US')).toBe('mile');
    expect(distanceUnitFor('en')).toBe('mile');
    expect(distanceUnitFor('es-MX')).toBe('kilometer');
    expect(distanceUnitFor('de-DE')).toBe('kilometer');
  });

  it('rounds to one decimal under ten and whole numbers above', () => {
    expect(formatDistance(1.609344, 'en-US')).toBe('1 mi');
    expect(formatDistance(5, 'en-US')).toBe('3.1 mi');
    expect(formatDistance(40, 'en-US')).toBe('25 mi');
    expect(formatDistance(0.05, 'en-US')).toBe('< 0.1 mi');
    expect(formatDistance(12.34, 'de-DE')).toBe('12 km');
    expect(formatDistance(2.26, 'es-MX')).toBe('2.3 km');
  });
});

describe('open status', () => {
  const tz = 'America/Denver';
  it('says when an open service closes today', () => {
    expect(
      formatOpenStatus(
        { isOpen: true, nextChange: '2026-03-03T17:00:00-07:00' },
        now,
        'en-US',
        t,
        tz,
        tz,
      ),
    ).toEqual({ tone: 'open', label: 'Open', detail: 'closes 5:00 PM' });
  });

  it('names the weekday when a closed service opens later this week', () => {
    expect(
      formatOpenStatus(
        { isOpen: false, nextChange: '2026-03-05T09:00:00-07:00' },
        now,
        'en-US',
        t,
        tz,
        tz,
      ),
    ).toEqual({ tone: 'closed', label: 'Closed', detail: 'opens Thu 9:00 AM' });
    const es = formatOpenStatus(
      { isOpen: false, nextChange: '2026-03-05T09:00:00-07:00' },
      now,
      'es-US',
      tEs,
      tz,
      tz,
    );
    expect(es.label).toBe('Cerrado');
    expect(es.detail).toMatch(/^abre jue/);
  });

  it('falls back to a date beyond a week and to "hours unknown"', () => {
    expect(
      formatOpenStatus(
        { isOpen: false, nextChange: '2026-03-12T09:00:00-06:00' },
        now,
        'en-US',
        t,
        tz,
        tz,
      ).detail,
    ).toBe('opens Mar 12, 9:00 AM');
    // Closed with nothing within 14 days: the card says so instead of a bare "Closed".
    expect(formatOpenStatus({ isOpen: false, nextChange: null }, now, 'en-US', t)).toEqual({
      tone: 'closed',
      label: 'Closed',
      detail: 'no opening in the next 14 days',
    });
    expect(formatOpenStatus({ isOpen: null, nextChange: null }, now, 'en-US', t)).toEqual({
      tone: 'unknown',
      label: 'Hours unknown',
      detail: null,
    });
  });
});

describe('durations', () => {
  it('says how long a referral has waited', () => {
    const at = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    expect(formatDuration(at(0.5), now, 'en-US')).toBe('30 minutes');
    expect(formatDuration(at(5), now, 'en-US')).toBe('5 hours');
    expect(formatDuration(at(50), now, 'en-US')).toBe('2 days');
    expect(formatDuration(at(50), now, 'es-US')).toBe('2 días');
  });
});

describe('freshness', () => {
  it('says how long ago the listing was verified', () => {
    expect(formatAgo('2025-12-03', now, 'en-US')).toBe('3 months ago');
    expect(formatAgo('2026-03-02', now, 'en-US')).toBe('yesterday');
    expect(formatAgo('2026-02-17', now, 'en-US')).toBe('2 weeks ago');
    expect(formatAgo('2024-02-01', now, 'en-US')).toBe('2 years ago');
    expect(formatFreshness({ assuredDate: '2025-12-03', stale: false }, now, 'en-US', t)).toEqual({
      stale: false,
      label: 'Verified 3 months ago',
    });
  });

  it('flags stale and never-verified listings', () => {
    expect(formatFreshness({ assuredDate: '2024-02-01', stale: true }, now, 'en-US', t)).toEqual({
      stale: true,
      label: 'May be out of date · Verified 2 years ago',
    });
    expect(formatFreshness({ assuredDate: null, stale: true }, now, 'en-US', t).label).toBe(
      'May be out of date · Never verified',
    );
  });
});
