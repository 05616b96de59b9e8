import type { Filter } from '../engine.ts';
import type { Bitset } from './bitset.ts';
import { type Columns, EMPTY_TAG, type RangeField } from './columns.ts';
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

function rangeField(field: NumericField): RangeField | null {
  switch (field) {
    case 'minAge':
    case 'maxAge':
      return field;
    case 'incomeLimitFplPercent':
      return 'incomeLimit';
    case 'latitude':
      return null;
  }
}

/** Keeps in `bits` the set slots for which `test` holds. */
function keep(bits: Bitset, test: (slot: number) => boolean): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w] ?? 0;
    if (word === 0) continue;
    let kept = 0;
    while (word !== 0) {
      const low = word & -word;
      if (test((w << 5) + 31 - Math.clz32(low))) kept |= low;
      word ^= low;
    }
    bits[w] = kept;
  }
}

/** `bits &= other`, word by word. */
function andInto(bits: Bitset, other: Bitset): void {
  const n = Math.min(bits.length, other.length);
  for (let w = 0; w < n; w++) bits[w] = (bits[w] ?? 0) & (other[w] ?? 0);
  if (n < bits.length) bits.fill(0, n);
}

/** How many values of the ascending `values` fail `test` before the first that passes. */
function firstPassing(values: Float64Array, test: (v: number) => boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(values[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether evaluating `filter` over a slot is costly (opening hours), for ordering an AND. */
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

/**
 * Narrows `mask` in place to the slots matching `filter` and returns it. Openings are computed
 * once per distinct time zone per instant. With a `cache`, the slots of a leaf, or of an OR or
 * NOT made of such leaves, over the whole index are kept, so the same part in a later search is
 * one AND per word: a range bound is first moved to the nearest value the column holds, so ranges
 * that differ only between two values (ages, income limits) share one entry. With `open`,
 * opening hours are judged by week segment (OpenSets) for the index generation given.
 */
export function evaluateFilter(
  filter: Filter,
  cols: Columns,
  mask: Bitset,
  cache?: LeafCache,
  open?: {
    sets: OpenSets;
    generation: number;
    /** The local clocks in every time zone of `cols` at an instant (the caller keeps them). */
    clocksAt: (epochMs: number) => ZoneClocks;
  },
): Bitset {
  const clocksAt = open?.clocksAt ?? ((epochMs: number) => zoneClocks(cols.timezones, epochMs));

  /**
   * The key under which the whole-index slots of `node` are cached; null for what is judged at
   * an instant (opening hours, capacity) and anything containing it.
   */
  const keyOf = (node: Filter): string | null => {
    if ('and' in node || 'or' in node) {
      const children = 'and' in node ? node.and : node.or;
      const keys: string[] = [];
      for (const child of children) {
        const key = keyOf(child);
        if (key === null) return null;
        keys.push(key);
      }
      return `${'and' in node ? 'and' : 'or'}(${keys.join('|')})`;
    }
    if ('not' in node) {
      const key = keyOf(node.not);
      return key === null ? null : `not(${key})`;
    }
    if ('openAt' in node || 'capacityAt' in node) return null;
    if ('field' in node && ('gte' in node || 'lte' in node)) {
      const field = rangeField(node.field);
      if (field !== null) {
        // The slots in range are those holding a value between the bounds: the key is which of
        // the column's distinct values that is.
        const values = cols.rangeValues[field].values();
        const gte = node.gte ?? Number.NEGATIVE_INFINITY;
        const lte = node.lte ?? Number.POSITIVE_INFINITY;
        const lo = Number.isNaN(gte) ? values.length : firstPassing(values, (v) => v >= gte);
        const hi = Number.isNaN(lte) ? 0 : firstPassing(values, (v) => v > lte);
        return `range:${node.field}:${lo}:${hi}`;
      }
    }
    return JSON.stringify(node);
  };

  /** The slots of `node` over the whole index, from the cache or computed and kept there. */
  const whole = (node: Filter, key: string, words: number): Bitset => {
    let full = cache?.get(key);
    if (full === undefined) {
      full = cols.aliveBits.slice(0, words);
      narrowOwn(node, full);
      cache?.set(key, full);
    }
    return full;
  };

  /** Narrows `bits` to `node`, through the cache when there is one. */
  const narrow = (node: Filter, bits: Bitset): void => {
    if ('and' in node) {
      const children = node.and.map((child) => ({
        child,
        cost: cache !== undefined && keyOf(child) !== null ? 0 : cost(child),
      }));
      children.sort((a, b) => a.cost - b.cost);
      for (const { child } of children) narrow(child, bits);
      return;
    }
    if (cache !== undefined) {
      if ('openAt' in node) {
        const c = clocksAt(node.openAt);
        // Instants with the same local clock in every zone open the same sites.
        const key = `openAt:${c.day.join(',')}:${c.minute.join(',')}`;
        // One-off instants are judged over the candidates only.
        if (cache.get(key) !== undefined || cache.seen(key))
          andInto(bits, whole(node, key, bits.length));
        else narrowOwn(node, bits);
        return;
      }
      const key = keyOf(node);
      if (key !== null) {
        andInto(bits, whole(node, key, bits.length));
        return;
      }
    }
    narrowOwn(node, bits);
  };

  /** Narrows `bits` to `node` by evaluating the node itself (its children through `narrow`). */
  const narrowOwn = (node: Filter, bits: Bitset): void => {
    if ('and' in node) {
      narrow(node, bits);
      return;
    }
    if ('or' in node) {
      const union = new Uint32Array(bits.length);
      for (const child of node.or) {
        const part = bits.slice();
        narrow(child, part);
        for (let w = 0; w < union.length; w++) union[w] = (union[w] ?? 0) | (part[w] ?? 0);
      }
      bits.set(union);
      return;
    }
    if ('not' in node) {
      const part = bits.slice();
      narrow(node.not, part);
      for (let w = 0; w < bits.length; w++) bits[w] = (bits[w] ?? 0) & ~(part[w] ?? 0);
      return;
    }
    narrowLeaf(node, bits);
  };

  /** Narrows `bits` to a filter leaf, slot by slot or by the leaf's own bit sets. */
  const narrowLeaf = (node: Leaf, bits: Bitset): void => {
    if ('openAt' in node) {
      const c = clocksAt(node.openAt);
      if (open !== undefined) open.sets.select(cols, open.generation, bits, c, bits);
      else keep(bits, (slot) => isOpenAt(cols, slot, c));
      return;
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
      keep(bits, (slot) => {
        const ord = ords[slot] ?? 0;
        return wanted[(expires[slot] ?? Number.NaN) >= at ? ord : 0] === 1;
      });
      return;
    }
    if ('isEmpty' in node) {
      narrowLeaf({ field: node.field, anyOf: [EMPTY_TAG] }, bits);
      return;
    }
    if ('anyOf' in node) {
      const column = cols.tags[node.field];
      const hits = new Uint32Array(bits.length);
      for (const value of node.anyOf) {
        const ord = column.ordinals.get(value);
        if (ord === undefined) continue;
        const valueBits = column.bitsets?.[ord];
        if (valueBits !== undefined) {
          // A facet field keeps each value's slots as a bit set: one OR per word.
          const n = Math.min(valueBits.length, hits.length);
          for (let w = 0; w < n; w++) hits[w] = (hits[w] ?? 0) | (valueBits[w] ?? 0);
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
      andInto(bits, hits);
      return;
    }
    if ('equals' in node) {
      const column = node.field === 'acceptsReferrals' ? cols.acceptsReferrals : cols.veteranOnly;
      const want = node.equals ? 1 : 0;
      keep(bits, (slot) => column[slot] === want);
      return;
    }
    const column = numericColumn(cols, node.field);
    if ('isNull' in node) {
      keep(bits, (slot) => Number.isNaN(column[slot] ?? Number.NaN));
      return;
    }
    // NaN (null) fails both comparisons, so null never matches a range.
    const gte = node.gte ?? Number.NEGATIVE_INFINITY;
    const lte = node.lte ?? Number.POSITIVE_INFINITY;
    keep(bits, (slot) => {
      const v = column[slot] ?? Number.NaN;
      return v >= gte && v <= lte;
    });
  };

  narrow(filter, mask);
  return mask;
}
