import { afterEach, describe, expect, it } from 'vitest';
import { formatOpenStatus } from './format';
import { translate } from './i18n';
import {
  formatSiteTime,
  sameClock,
  viewerTimeZone,
  zoneAbbreviation,
  zoneSuffix,
} from './site-time';

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);

const DENVER = 'America/Denver';
const PHOENIX = 'America/Phoenix';
const NEW_YORK = 'America/New_York';
const winter = new Date('2026-01-13T17:00:00Z');
const summer = new Date('2026-07-14T16:00:00Z');

describe('zones', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = savedTz;
  });

  it('reads the viewer’s zone from the runtime', () => {
    process.env.TZ = NEW_YORK;
    expect(viewerTimeZone()).toBe(NEW_YORK);
    process.env.TZ = 'UTC';
    expect(viewerTimeZone()).toBe('UTC');
  });

  it('names the zone as it is on that date (standard or daylight time)', () => {
    expect(zoneAbbreviation(DENVER, winter, 'en-US')).toBe('MST');
    expect(zoneAbbreviation(DENVER, summer, 'en-US')).toBe('MDT');
    expect(zoneAbbreviation(PHOENIX, summer, 'en-US')).toBe('MST');
  });

  it('compares clocks, not zone names: Phoenix matches Denver in winter only', () => {
    expect(sameClock(DENVER, 'America/Boise', summer)).toBe(true);
    expect(sameClock(DENVER, PHOENIX, winter)).toBe(true);
    expect(sameClock(DENVER, PHOENIX, summer)).toBe(false);
    expect(zoneSuffix(PHOENIX, DENVER, winter, 'en-US')).toBe('');
    expect(zoneSuffix(PHOENIX, DENVER, summer, 'en-US')).toBe(' MST');
    expect(zoneSuffix(undefined, DENVER, summer, 'en-US')).toBe('');
  });
});

describe('times on the site’s clock', () => {
  // Tuesday 24 November 2026, 10:00 in Denver.
  const now = new Date('2026-11-24T17:00:00Z');

  it('shows a closing time in the site’s zone, named for a viewer elsewhere', () => {
    const closes = new Date('2026-11-25T00:00:00Z');
    expect(formatSiteTime(closes, now, 'en-US', DENVER, DENVER)).toBe('5:00 PM');
    expect(formatSiteTime(closes, now, 'en-US', DENVER, NEW_YORK)).toBe('5:00 PM MST');
    expect(formatSiteTime(closes, now, 'en-US', DENVER, 'UTC')).toBe('5:00 PM MST');
  });

  it('uses the viewer’s own zone when none is given (TZ=UTC here)', () => {
    const status = { isOpen: true, nextChange: '2026-11-25T00:00:00Z', timeZone: DENVER };
    expect(formatOpenStatus(status, now, 'en-US', t).detail).toBe('closes 5:00 PM MST');
    expect(formatOpenStatus(status, now, 'en-US', t, undefined, DENVER).detail).toBe(
      'closes 5:00 PM',
    );
  });

  it('names the site’s weekday for an overnight span ending tomorrow morning', () => {
    // Monday 21:00 in Denver is already Tuesday in UTC: the site's day decides.
    const evening = new Date('2026-11-24T04:00:00Z');
    const morning = new Date('2026-11-24T15:00:00Z');
    expect(formatSiteTime(morning, evening, 'en-US', DENVER, 'UTC')).toBe('Tue 8:00 AM MST');
    expect(formatSiteTime(morning, evening, 'en-US', DENVER, DENVER)).toBe('Tue 8:00 AM');
  });

  it('keeps 9:00 local across the spring-forward weekend', () => {
    // Saturday 7 March 2026 10:00 MST; clocks move Sunday; Monday opens 9:00 MDT (15:00 UTC).
    const saturday = new Date('2026-03-07T17:00:00Z');
    const monday = new Date('2026-03-09T15:00:00Z');
    expect(formatSiteTime(monday, saturday, 'en-US', DENVER, DENVER)).toBe('Mon 9:00 AM');
    expect(formatSiteTime(monday, saturday, 'en-US', DENVER, NEW_YORK)).toBe('Mon 9:00 AM MDT');
    // Phoenix keeps MST: the same instant is 8:00 there, and the viewer in Denver is told so.
    expect(formatSiteTime(monday, saturday, 'en-US', PHOENIX, DENVER)).toBe('Mon 8:00 AM MST');
  });

  it('gives a date beyond the week', () => {
    const later = new Date('2026-12-03T16:00:00Z');
    expect(formatSiteTime(later, now, 'en-US', DENVER, DENVER)).toBe('Dec 3, 9:00 AM');
  });
});
