import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../../server/search/engine.ts';
import { collectBits } from '../../server/search/memory/bitset.ts';
import { Columns } from '../../server/search/memory/columns.ts';
import { isOpenAt, OpenSets, zoneClocks } from '../../server/search/memory/open-at.ts';
import { generateSyntheticDocuments } from '../bench/synthetic-documents.ts';

/**
 * Open sites by week segment must be exactly the sites judged open one by one, at any instant:
 * across segment boundaries, on and around closed dates (an overnight opening running into a
 * holiday), on dated openings, in two time zones, and after the index changes.
 */
function directory(): SearchDocument[] {
  const docs = generateSyntheticDocuments(1200, 11);
  return docs.map((doc, i) => {
    const next = { ...doc };
    if (i % 3 === 0) next.timezone = 'America/New_York';
    if (i % 4 === 0) {
      // Overnight Friday into Saturday and a 24/7-style span written as one interval.
      next.weeklyHours = i % 8 === 0 ? [[4 * 1440 + 1320, 5 * 1440 + 120]] : [[0, 10080]];
      next.hoursKnown = true;
    }
    if (i % 5 === 0) next.closedDates = ['2024-07-04', '2024-07-05', '2024-12-25'];
    if (i % 11 === 0) next.datedHours = [['2024-07-04', 600, 840]];
    return next;
  });
}

function openSlots(cols: Columns, sets: OpenSets, generation: number, at: number): number[] {
  const all = cols.aliveBits.slice(0, (cols.size + 31) >>> 5);
  const clocks = zoneClocks(cols.timezones, at);
  const bits = sets.select(cols, generation, all, clocks);
  const out = new Int32Array(cols.size);
  return Array.from(out.subarray(0, collectBits(bits, out)));
}

function judgedOneByOne(cols: Columns, at: number): number[] {
  const clocks = zoneClocks(cols.timezones, at);
  const out: number[] = [];
  for (let slot = 0; slot < cols.size; slot++) {
    if (cols.alive[slot] === 1 && isOpenAt(cols, slot, clocks)) out.push(slot);
  }
  return out;
}

/** Every 47 minutes over the days around the closed and dated dates, and a plain week. */
const INSTANTS = [
  ...Array.from({ length: 200 }, (_, i) => Date.UTC(2024, 6, 2) + i * 47 * 60_000),
  ...Array.from({ length: 120 }, (_, i) => Date.UTC(2024, 11, 23) + i * 47 * 60_000),
  ...Array.from({ length: 220 }, (_, i) => Date.UTC(2026, 10, 2) + i * 47 * 60_000),
];

describe('opening hours by week segment', () => {
  it('opens exactly the sites judged open one by one', () => {
    const cols = new Columns();
    for (const doc of directory()) cols.add(doc);
    const sets = new OpenSets();
    for (const at of INSTANTS) {
      expect(openSlots(cols, sets, 1, at), new Date(at).toISOString()).toEqual(
        judgedOneByOne(cols, at),
      );
    }
  });

  it('follows a change to the index', () => {
    const cols = new Columns();
    const docs = directory();
    for (const doc of docs.slice(0, 600)) cols.add(doc);
    const sets = new OpenSets();
    const at = Date.UTC(2024, 6, 5, 3, 30);
    expect(openSlots(cols, sets, 1, at)).toEqual(judgedOneByOne(cols, at));
    for (const doc of docs.slice(600)) cols.add(doc);
    cols.remove(3);
    expect(openSlots(cols, sets, 2, at)).toEqual(judgedOneByOne(cols, at));
  });
});
