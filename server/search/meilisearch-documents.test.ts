import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from '../../test/search/search-document-factory.ts';
import {
  availableAtFilter,
  capacityFilter,
  freshFilter,
  fromMeiliDocument,
  MATCH_ALL,
  MATCH_NONE,
  openAtFilter,
  quote,
  sortName,
  toMeiliDocument,
  toMeiliFilter,
} from './meilisearch-documents.ts';

describe('toMeiliFilter', () => {
  it('escapes quotes and backslashes in values', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(toMeiliFilter({ field: 'residency', anyOf: ['county:Denver "County", CO'] }, [])).toBe(
      'residency IN ["county:Denver \\"County\\", CO"]',
    );
  });

  it('translates every node kind', () => {
    expect(
      toMeiliFilter(
        {
          and: [
            {
              or: [
                { field: 'minAge', isNull: true },
                { field: 'minAge', lte: 30 },
              ],
            },
            { not: { field: 'veteranOnly', equals: true } },
            { field: 'incomeLimitFplPercent', gte: 100, lte: 200 },
          ],
        },
        [],
      ),
    ).toBe(
      '((minAge IS NULL OR minAge <= 30) AND (NOT veteranOnly = true) AND (incomeLimitFplPercent >= 100 AND incomeLimitFplPercent <= 200))',
    );
    expect(toMeiliFilter({ and: [] }, [])).toBe(MATCH_ALL);
    expect(toMeiliFilter({ or: [] }, [])).toBe(MATCH_NONE);
    expect(toMeiliFilter({ field: 'costs', anyOf: [] }, [])).toBe(MATCH_NONE);
  });

  it('rejects non-finite numbers', () => {
    expect(() => toMeiliFilter({ field: 'maxAge', gte: Number.NaN }, [])).toThrow(RangeError);
  });

  it('builds one openAt clause per time zone from its local clock', () => {
    // 2024-06-10T14:00Z is Monday 10:00 in New York (EDT): week slot 40, day 19884.
    const f = openAtFilter(Date.parse('2024-06-10T14:00:00Z'), ['America/New_York']);
    expect(f).toContain('timezone = "America/New_York"');
    // The slot, or its hour (10:00–11:00 on Monday, hour 10 of the week) when wholly open.
    expect(f).toContain('openSlots IN [40, 1010] AND NOT closedDays = 19884');
    expect(f).toContain('spillSlots IN [40, 1010] AND NOT closedDays = 19883');
    expect(f).toContain('datedSlots IN [19884040, 19884510]');
    expect(openAtFilter(0, [])).toBe(MATCH_NONE);
  });
});

describe('capacity filters', () => {
  it('keeps a status only while current, and counts missing, null and expired as unknown', () => {
    expect(
      toMeiliFilter({ capacityAt: 1000, statuses: ['AVAILABLE', 'WAITLIST'], orUnknown: true }, []),
    ).toBe(
      '((capacityStatus IN ["AVAILABLE", "WAITLIST"] AND capacityExpiresAt >= 1000) OR ' +
        '(capacityStatus NOT EXISTS OR capacityStatus IS NULL OR capacityExpiresAt < 1000))',
    );
    expect(capacityFilter({ capacityAt: 5, statuses: [], orUnknown: true })).toBe(
      '(capacityStatus NOT EXISTS OR capacityStatus IS NULL OR capacityExpiresAt < 5)',
    );
    expect(capacityFilter({ capacityAt: 5, statuses: [], orUnknown: false })).toBe(MATCH_NONE);
    expect(availableAtFilter(7)).toBe(
      '(capacityStatus IN ["AVAILABLE"] AND capacityExpiresAt >= 7)',
    );
    expect(() => availableAtFilter(Number.NaN)).toThrow(RangeError);
  });

  it('stores capacity as given and reads documents stored without it as none', () => {
    const doc = buildSearchDocument({ capacityStatus: 'WAITLIST', capacityExpiresAt: 99 });
    const stored = toMeiliDocument(doc);
    expect(stored.capacityStatus).toBe('WAITLIST');
    expect(stored.capacityExpiresAt).toBe(99);
    expect(fromMeiliDocument(stored)).toEqual(doc);
    const { capacityStatus: _s, capacityExpiresAt: _e, ...older } = stored;
    expect(fromMeiliDocument(older as typeof stored)).toMatchObject({
      capacityStatus: null,
      capacityExpiresAt: null,
    });
  });
});

describe('toMeiliDocument', () => {
  it('derives geo, hour slots and keeps the document recoverable', () => {
    const doc = buildSearchDocument({
      weeklyHours: [
        [540, 600],
        [6 * 1440 + 1380, 6 * 1440 + 1440 + 60],
        [2 * 1440 + 600, 2 * 1440 + 645],
      ],
      datedHours: [['2024-06-15', 1410, 1470]],
      closedDates: ['2024-07-04'],
      assuredAt: null,
      payload: { a: [1, 2] },
    });
    const stored = toMeiliDocument(doc);
    expect(stored._geo).toEqual({ lat: doc.latitude, lng: doc.longitude });
    expect(stored.assuredSort).toBeUndefined();
    // Wholly open hours are one value each (1000 + hour of the week), the rest 15-minute slots.
    expect(stored.openSlots).toEqual([232, 233, 234, 1009, 1167]);
    expect(stored.spillSlots).toEqual([1000]);
    const day = Date.UTC(2024, 5, 15) / 86_400_000;
    expect(stored.datedSlots).toEqual([day * 1000 + 94, day * 1000 + 95]);
    expect(stored.datedSpill).toEqual([(day + 1) * 1000, (day + 1) * 1000 + 1]);
    expect(fromMeiliDocument(stored)).toEqual(doc);
    expect(
      toMeiliDocument(buildSearchDocument({ latitude: null, longitude: null }))._geo,
    ).toBeUndefined();
  });

  it('sorts by name, then id, like the embedded engine', () => {
    const a = toMeiliDocument(buildSearchDocument({ id: 'b-2', name: 'Food Bank' }));
    const b = toMeiliDocument(buildSearchDocument({ id: 'a-9', name: 'food bank' }));
    const c = toMeiliDocument(buildSearchDocument({ id: 'a-1', name: 'Food Bank East' }));
    expect([a, b, c].map((d) => d.nameSort).sort()).toEqual([
      sortName(b),
      sortName(a),
      sortName(c),
    ]);
    expect(freshFilter(Date.UTC(2023, 0, 1))).toBe(`assuredSort >= ${Date.UTC(2023, 0, 1)}`);
    expect(() => freshFilter(Number.NaN)).toThrow(RangeError);
  });
});
