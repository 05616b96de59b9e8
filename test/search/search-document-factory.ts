import type { SearchDocument } from '../../server/search/engine.ts';

let sequence = 0;

/** A valid search document with neutral defaults; `overrides` win. */
export function buildSearchDocument(overrides: Partial<SearchDocument> = {}): SearchDocument {
  sequence += 1;
  const n = String(sequence).padStart(5, '0');
  return {
    id: `sal-${n}`,
    serviceId: `svc-${n}`,
    organizationId: `org-${n}`,
    locationId: `loc-${n}`,
    name: `Listing ${n}`,
    description: 'A community listing.',
    organizationName: 'Community Organization',
    keywords: [],
    categories: [],
    languages: ['en'],
    costs: ['FREE'],
    latitude: 39.7392,
    longitude: -104.9903,
    minAge: null,
    maxAge: null,
    incomeLimitFplPercent: null,
    residency: [],
    genders: [],
    veteranOnly: false,
    acceptsReferrals: false,
    timezone: 'America/Denver',
    weeklyHours: [],
    hoursKnown: false,
    datedHours: [],
    closedDates: [],
    assuredAt: Date.UTC(2024, 0, 15),
    capacityStatus: null,
    capacityExpiresAt: null,
    payload: null,
    ...overrides,
  };
}

/** Minutes from Monday 00:00 for a weekday (0 = Monday) and local time. */
export function weekMinute(weekday: number, hour: number, minute = 0): number {
  return weekday * 1440 + hour * 60 + minute;
}
