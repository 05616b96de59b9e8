import type { Filter } from '../engine.ts';
import { type Bitset, createBitset } from './bitset.ts';
import { type Columns, EMPTY_TAG } from './columns.ts';
import { isOpenAt, type OpenSets, type ZoneClocks, zoneClocks } from './open-at.ts';

type NumericField = 'minAge' | 'maxAge' | 'incomeLimitFplPercent' | 'latitude';

function numericColumn(cols: Columns, field: NumericField): Float64Array {
  switch (field) {
    case 'minAge':
      return cols.minAge;
    case 'maxAge':
      return cols.maxAge;
    case 'incomeLimitFplPercent':
      return cols.incomeLimit;
    case 'latitude':
      return cols.latitude;
  }
}

/** Calls `test` for each set slot of `mask` and returns the slots where it held. */
function select(mask: Bitset, test: (slot: number) => boolean): Bitset {
  const out = new Uint32Array(mask.length);
  for (let w = 0; w < mask.length; w++) {
    let word = mask[w] ?? 0;
    let kept = 0;
    while (word !== 0) {
      const low = word & -word;
      if (test((w << 5) + 31 - Math.clz32(low))) kept |= low;
      word ^= low;
    }
    out[w] = kept;
  }
  return out;
}

/** Cheap leaves first, so costly ones (openAt) only look at slots that survived the rest. */
function cost(filter: Filter): number {
  if ('and' in filter) return filter.and.reduce((sum, f) => sum + cost(f), 0);
  if ('or' in filter) return filter.or.reduce((sum, f) => sum + cost(f), 0);
  if ('not' in filter) return cost(filter.not);
  if ('openAt' in filter) return 100;
  if ('anyOf' in filter) return 1;
  return 5;
}

/**
 * Full-index bit sets of filter leaves, kept while the index does not change. `seen` tells
 * whether a key was asked for before, so one-off leaves (an arbitrary openAt instant) are not
 * evaluated over the whole index for nothing.
 */
export type LeafCache = {
  get(key: string): Bitset | undefined;
  set(key: string, bits: Bitset): void;
  seen(key: string): boolean;
};

/** A filter without and, or, not. */
type Leaf = Exclude<Filter, { and: Filter[] } | { or: Filter[] } | { not: Filter }>;

function intersect(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(b.length);
  const n = Math.min(a.length, b.length);
  for (let w = 0; w < n; w++) out[w] = (a[w] ?? 0) & (b[w] ?? 0);
  return out;
}

/**
 * Evaluates a filter over the slots set in `mask` and returns the matching subset. Openings are
 * computed once per distinct time zone per instant. With a `cache`, a leaf's slots over the whole
 * index are kept, so the same leaf in a later search is one AND. With `open`, opening hours are
 * judged by week segment (OpenSets) for the index generation given.
 */
export function evaluateFilter(
  filter: Filter,
  cols: Columns,
  mask: Bitset,
  cache?: LeafCache,
  open?: { sets: OpenSets; generation: number },
): Bitset {
  const clocks = new Map<number, ZoneClocks>();
  const clocksAt = (epochMs: number): ZoneClocks => {
    let c = clocks.get(epochMs);
    if (c === undefined) {
      c = zoneClocks(cols.timezones, epochMs);
      clocks.set(epochMs, c);
    }
    return c;
  };

  /** The leaf over the whole index from the cache (computed there when due), else over `within`. */
  const cachedLeaf = (node: Leaf, key: string, within: Bitset, always: boolean): Bitset => {
    if (cache === undefined) return leaf(node, within);
    let full = cache.get(key);
    if (full === undefined) {
      if (!always && !cache.seen(key)) return leaf(node, within);
      full = leaf(node, cols.aliveBits.slice(0, within.length));
      cache.set(key, full);
    }
    return intersect(full, within);
  };

  const evaluate = (node: Filter, within: Bitset): Bitset => {
    if ('and' in node) {
      let current = within;
      for (const child of [...node.and].sort((a, b) => cost(a) - cost(b))) {
        current = evaluate(child, current);
      }
      return current;
    }
    if ('or' in node) {
      const out = new Uint32Array(within.length);
      for (const child of node.or) {
        const part = evaluate(child, within);
        for (let w = 0; w < out.length; w++) out[w] = (out[w] ?? 0) | (part[w] ?? 0);
      }
      return out;
    }
    if ('not' in node) {
      const part = evaluate(node.not, within);
      const out = new Uint32Array(within.length);
      for (let w = 0; w < out.length; w++) out[w] = (within[w] ?? 0) & ~(part[w] ?? 0);
      return out;
    }
    if ('openAt' in node) {
      const c = clocksAt(node.openAt);
      // Instants with the same local clock in every zone open the same sites.
      return cachedLeaf(node, `openAt:${c.day.join(',')}:${c.minute.join(',')}`, within, false);
    }
    if ('capacityAt' in node) return leaf(node, within);
    return cachedLeaf(node, JSON.stringify(node), within, true);
  };

  /** A filter leaf evaluated over the slots of `within`. */
  const leaf = (node: Leaf, within: Bitset): Bitset => {
    if ('openAt' in node) {
      const c = clocksAt(node.openAt);
      if (open !== undefined) return open.sets.select(cols, open.generation, within, c);
      return select(within, (slot) => isOpenAt(cols, slot, c));
    }
    if ('capacityAt' in node) {
      const wanted = new Uint8Array(cols.capacityValues.length);
      wanted[0] = node.orUnknown ? 1 : 0;
      for (const status of node.statuses) {
        const ord = cols.capacityOrdinals.get(status);
        if (ord !== undefined) wanted[ord] = 1;
      }
      const at = node.capacityAt;
      const ords = cols.capacityOrd;
      const expires = cols.capacityExpiresAt;
      // NaN (none published) fails `>=`, so it reads as unknown like an expired one.
      return select(within, (slot) => {
        const ord = ords[slot] ?? 0;
        return wanted[(expires[slot] ?? Number.NaN) >= at ? ord : 0] === 1;
      });
    }
    if ('isEmpty' in node) return evaluate({ field: node.field, anyOf: [EMPTY_TAG] }, within);
    if ('anyOf' in node) {
      const column = cols.tags[node.field];
      const hits = createBitset(within.length * 32);
      for (const value of node.anyOf) {
        const ord = column.ordinals.get(value);
        if (ord === undefined) continue;
        const bits = column.bitsets?.[ord];
        if (bits !== undefined) {
          // A facet field keeps each value's slots as a bit set: one OR per word.
          const n = Math.min(bits.length, hits.length);
          for (let w = 0; w < n; w++) hits[w] = (hits[w] ?? 0) | (bits[w] ?? 0);
          continue;
        }
        const posting = column.postings[ord];
        if (posting === undefined) continue;
        const slots = posting.data;
        for (let i = 0; i < posting.length; i++) {
          const slot = slots[i] ?? 0;
          const w = slot >>> 5;
          if (w < hits.length) hits[w] = (hits[w] ?? 0) | (1 << (slot & 31));
        }
      }
      for (let w = 0; w < hits.length; w++) hits[w] = (hits[w] ?? 0) & (within[w] ?? 0);
      return hits;
    }
    if ('equals' in node) {
      const column = node.field === 'acceptsReferrals' ? cols.acceptsReferrals : cols.veteranOnly;
      const out = new Uint32Array(within.length);
      const want = node.equals ? 1 : 0;
      for (let w = 0; w < within.length; w++) {
        let word = within[w] ?? 0;
        let kept = 0;
        while (word !== 0) {
          const low = word & -word;
          if (column[(w << 5) + 31 - Math.clz32(low)] === want) kept |= low;
          word ^= low;
        }
        out[w] = kept;
      }
      return out;
    }
    const column = numericColumn(cols, node.field);
    const isNull = 'isNull' in node;
    // NaN (null) fails both comparisons, so null never matches a range.
    const gte = isNull ? Number.NEGATIVE_INFINITY : (node.gte ?? Number.NEGATIVE_INFINITY);
    const lte = isNull ? Number.POSITIVE_INFINITY : (node.lte ?? Number.POSITIVE_INFINITY);
    const out = new Uint32Array(within.length);
    for (let w = 0; w < within.length; w++) {
      let word = within[w] ?? 0;
      let kept = 0;
      while (word !== 0) {
        const low = word & -word;
        const v = column[(w << 5) + 31 - Math.clz32(low)] ?? Number.NaN;
        if (isNull ? Number.isNaN(v) : v >= gte && v <= lte) kept |= low;
        word ^= low;
      }
      out[w] = kept;
    }
    return out;
  };

  return evaluate(filter, mask);
}
