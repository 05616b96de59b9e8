/** A fixed-size bit set over document slots. */
export type Bitset = Uint32Array;

/** An empty bit set able to hold `size` slots. */
export function createBitset(size: number): Bitset {
  return new Uint32Array((size + 31) >>> 5);
}

/** Whether `slot` is set. */
export function hasBit(bits: Bitset, slot: number): boolean {
  return (((bits[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 1;
}

/** Sets `slot`. */
export function setBit(bits: Bitset, slot: number): void {
  const w = slot >>> 5;
  bits[w] = (bits[w] ?? 0) | (1 << (slot & 31));
}

/** Clears `slot`. */
export function clearBit(bits: Bitset, slot: number): void {
  const w = slot >>> 5;
  bits[w] = (bits[w] ?? 0) & ~(1 << (slot & 31));
}

/** Calls `visit` for every set slot in ascending order. */
export function forEachBit(bits: Bitset, visit: (slot: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      visit((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

/** Writes the set slots into `out` and returns how many there are. */
export function collectBits(bits: Bitset, out: Int32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      out[n++] = (w << 5) + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return n;
}

/** Number of bits set in a 32-bit word. */
function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of slots set. */
export function countBits(bits: Bitset): number {
  let total = 0;
  for (let w = 0; w < bits.length; w++) {
    const x = bits[w] ?? 0;
    if (x !== 0) total += popcount(x);
  }
  return total;
}

/** Number of slots set in both `a` and `b`. */
export function intersectionCount(a: Bitset, b: Bitset): number {
  const n = Math.min(a.length, b.length);
  let total = 0;
  for (let w = 0; w < n; w++) {
    const x = (a[w] ?? 0) & (b[w] ?? 0);
    if (x !== 0) total += popcount(x);
  }
  return total;
}
