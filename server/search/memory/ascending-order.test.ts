import { describe, expect, it } from 'vitest';
import { ascendingOrder } from './ascending-order.ts';

/** The same order by a plain comparator sort. */
function plainOrder(keys: number[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
}

describe('ascendingOrder', () => {
  it('orders positions by key, ties by position', () => {
    let state = 7;
    const random = () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647;
    };
    // Few distinct keys, so ties are many.
    const keys = Array.from({ length: 5_000 }, () => Math.floor(random() * 300));
    expect([...ascendingOrder(keys)]).toEqual(plainOrder(keys));
  });

  it('orders only the first n', () => {
    expect([...ascendingOrder([5, 1, 3, 0, 0], 3)]).toEqual([1, 2, 0]);
  });

  it('orders keys too large to pack with their positions', () => {
    // Packed, 2^52 at position 1 would lose the position (2^55 + 1 is not a double).
    const keys = [3, 2 ** 52, 2 ** 50 + 1, 3, 0];
    expect([...ascendingOrder(keys)]).toEqual(plainOrder(keys));
  });
});
