import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from '../../../test/search/search-document-factory.ts';
import type { SearchDocument } from '../engine.ts';
import { DocumentStore } from './document-store.ts';

const UUID = '3dec1f60-ebc4-4ff5-a8b1-359ae2efb4bd';

/** A document as the directory builds them: nested payload, repeated long strings, UUIDs. */
function listing(overrides: Partial<SearchDocument> = {}): SearchDocument {
  const description = 'Extra beds, cots and blankets open during the winter months (32°F).';
  return buildSearchDocument({
    id: 'e35069f7-0628-41e2-b3d5-ec0c3e7171ad',
    serviceId: '59f26874-2457-4aa1-8f16-41e5c701f1d2',
    organizationId: UUID,
    name: 'Winter Overflow Shelter',
    description,
    keywords: ['Emergency shelter', 'homeless', 'section 8', ''],
    categories: ['housing'],
    languages: ['en', 'es'],
    minAge: 18,
    incomeLimitFplPercent: 187.5,
    weeklyHours: [[1140, 1860]],
    hoursKnown: true,
    datedHours: [['2026-11-02', 1140, 1860]],
    closedDates: ['2026-12-25'],
    assuredAt: 1792454400000,
    capacityStatus: 'WAITLIST',
    capacityExpiresAt: 1792454400123,
    payload: {
      service: { id: '59f26874-2457-4aa1-8f16-41e5c701f1d2', description, email: null },
      organization: { id: UUID, name: 'Harbor Light', phones: undefined },
      locations: [{ latitude: 39.364424, longitude: -104.905818, tags: [[1, [2, {}]], []] }],
    },
    siteCount: 2,
    firstSite: true,
    ...overrides,
  });
}

describe('DocumentStore', () => {
  it('reads back every document equal to what was stored, a fresh object each time', () => {
    const store = new DocumentStore();
    const docs = [
      listing(),
      listing({ id: 'b270f52b-d519-4c1e-8163-6c893d1596aa', firstSite: false, latitude: null }),
      listing({
        name: 'Café “Niños” 🍎 día',
        description: `${'ünïcödé '.repeat(20)}漢字`,
        organizationName: 'ABCDEF01-ebc4-4ff5-a8b1-359ae2efb4bd',
        keywords: [
          'x'.repeat(36),
          'y'.repeat(41),
          'y'.repeat(41),
          '3dec1f60-EBC4-4ff5-a8b1-359ae2efb4bd',
          '3dec1f60-ebc4-4ff5-a8b1-359ae2efb4b0',
          '123456789012345678901234567890123456',
          '(303) 555-0112',
        ],
        datedHours: [
          ['2026-11-02', 1, 2],
          ['2026-11-02', 3, 4],
        ],
        closedDates: [
          '2026-02-30',
          '0050-01-01',
          '1969-12-31',
          '2026-1-01',
          '9999-12-31',
          '2026-03-01',
        ],
        minAge: -0,
        maxAge: -17,
        incomeLimitFplPercent: Number.NaN,
        assuredAt: 2 ** 53 + 2,
        capacityExpiresAt: Number.POSITIVE_INFINITY,
        payload: { nested: { deeper: [null, true, false, undefined, 0.1, -1e-300, 2 ** 52 - 1] } },
      }),
    ];
    docs.forEach((doc, slot) => store.add(slot, doc, 0));
    docs.forEach((doc, slot) => {
      const read = store.get(slot);
      expect(read).toStrictEqual(doc);
      expect(read).not.toBe(store.get(slot));
      expect(store.id(slot)).toBe(doc.id);
      expect(store.name(slot)).toBe(doc.name);
    });
    expect(Object.is(store.get(2)?.minAge, -0)).toBe(true);
    expect(Object.keys(store.get(0)?.payload as object)).toEqual([
      'service',
      'organization',
      'locations',
    ]);
  });

  it('writes the part a service’s documents share once, and keeps a changed one apart', () => {
    const store = new DocumentStore();
    const first = listing();
    const second = { ...first, id: 'site-2', latitude: 40, firstSite: false };
    const changed = { ...first, id: 'site-3', description: 'Another description entirely.' };
    store.add(0, first, 7);
    const one = store.bytes;
    store.add(1, second, 7);
    const two = store.bytes;
    store.add(2, changed, 7);
    expect(two - one).toBeLessThan(one / 2);
    expect(store.bytes - two).toBeGreaterThan(one / 2);
    expect(store.get(0)).toStrictEqual(first);
    expect(store.get(1)).toStrictEqual(second);
    expect(store.get(2)).toStrictEqual(changed);
  });

  it('reuses a sibling’s shared record by identity only within one batch', () => {
    const store = new DocumentStore();
    const first = listing();
    store.add(0, first, 3);
    store.add(1, { ...first, id: 'site-2', firstSite: false }, 3);
    store.settle();
    (first.keywords as string[]).push('changed since');
    store.add(2, { ...first, id: 'site-3', firstSite: false }, 3);
    expect(store.get(1)?.keywords).not.toContain('changed since');
    expect(store.get(2)?.keywords).toContain('changed since');
    expect(store.get(2)?.id).toBe('site-3');
  });

  it('keeps a document holding more than JSON-like values as the object itself', () => {
    const store = new DocumentStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const dated = listing({ payload: { at: new Date(0) } });
    const looped = listing({ payload: cyclic });
    store.add(0, dated, 0);
    store.add(1, looped, 1);
    expect(store.get(0)).toStrictEqual(dated);
    expect(store.get(0)?.payload).toStrictEqual({ at: new Date(0) });
    expect(store.get(1)?.payload).toBe(cyclic);
  });

  it('keeps a list of short strings once, and tells apart lists that join alike', () => {
    const store = new DocumentStore();
    const a = listing({ keywords: ['a\u0001b', 'c', 'd', 'e'] });
    const b = listing({ keywords: ['a', 'b\u0001c', 'd', 'e'] });
    const c = listing({ keywords: ['a', 'b\u0001c', 'd', 'e'] });
    store.add(0, a, 0);
    store.add(1, b, 1);
    store.add(2, c, 2);
    expect(store.get(0)?.keywords).toEqual(a.keywords);
    expect(store.get(1)?.keywords).toEqual(b.keywords);
    expect(store.get(2)?.keywords).toEqual(c.keywords);
    const read = store.get(2)?.keywords as string[];
    read.push('mine');
    expect(store.get(2)?.keywords).toEqual(c.keywords);
  });

  it('keeps an own `__proto__` key as a key', () => {
    const store = new DocumentStore();
    const payload = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    store.add(0, listing({ payload }), 0);
    const read = store.get(0)?.payload as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('forgets a removed document', () => {
    const store = new DocumentStore();
    store.add(0, listing(), 0);
    store.add(1, listing({ id: 'other' }), 0);
    store.remove(0);
    expect(store.get(0)).toBeUndefined();
    expect(store.id(0)).toBeUndefined();
    expect(store.get(1)?.id).toBe('other');
  });
});
