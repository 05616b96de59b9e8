import { taxonomyTermId as directoryTermId } from '../server/domain/directory/taxonomy.ts';
import { hashString } from './prng.ts';

/**
 * Ids for the demo dataset. Record ids come from a counter pushed through a bijective 32-bit
 * mixer, so they look random, are unique by construction and cost no hashing (the benchmark
 * generates millions). Taxonomy term ids are the directory's own, so a seeded term id equals the
 * id of the stored term.
 */

const termIds = new Map<string, string>();

/** The id of our taxonomy term for a need code (`food.pantry`), memoized for large runs. */
export function taxonomyTermId(code: string): string {
  let id = termIds.get(code);
  if (id === undefined) {
    id = directoryTermId(code);
    termIds.set(code, id);
  }
  return id;
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX_DIGITS = '0123456789abcdef';

// Writes the low `digits` hex digits of `value` into `out` from index `at`.
function writeHex(out: number[], at: number, value: number, digits: number): void {
  let rest = value;
  for (let i = digits - 1; i >= 0; i--) {
    out[at + i] = HEX_DIGITS.charCodeAt(rest & 0xf);
    rest >>>= 4;
  }
}

/** Returns a function that yields a fresh version-4-shaped UUID on each call, deterministic per seed. */
export function createIdFactory(seed: number): () => string {
  const k0 = hashString(`ids:${seed}:0`);
  const k1 = hashString(`ids:${seed}:1`);
  const k2 = hashString(`ids:${seed}:2`);
  const dash = '-'.charCodeAt(0);
  // Building from char codes gives one flat string per id, not a rope of concatenations.
  const chars: number[] = new Array<number>(36).fill(dash);
  let counter = 0;
  return () => {
    // `a` is a bijection of the counter, so ids cannot repeat within 2^32 calls.
    const a = fmix32((counter ^ k0) >>> 0);
    const b = fmix32((a + k1) >>> 0);
    const c = fmix32((b + k2) >>> 0);
    const d = fmix32((c + k0) >>> 0);
    counter += 1;
    writeHex(chars, 0, a, 8);
    writeHex(chars, 9, b >>> 16, 4);
    writeHex(chars, 14, 0x4000 | (b & 0x0fff), 4);
    writeHex(chars, 19, 0x8000 | (c >>> 18), 4);
    writeHex(chars, 24, c & 0xffff, 4);
    writeHex(chars, 28, d, 8);
    return String.fromCharCode(...chars);
  };
}
