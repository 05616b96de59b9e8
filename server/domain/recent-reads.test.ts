import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { recentRead } from './recent-reads.ts';

describe('recentRead', () => {
  function setup() {
    const db = {} as Database;
    let time = 1_000_000;
    let loads = 0;
    let next = 'first';
    const read = () =>
      recentRead(
        db,
        'key',
        1_000,
        async () => {
          loads += 1;
          return next;
        },
        () => time,
      );
    return {
      read,
      advance: (ms: number) => {
        time += ms;
      },
      setNext: (value: string) => {
        next = value;
      },
      loads: () => loads,
    };
  }

  it('reads once within the time to live', async () => {
    const memo = setup();
    expect(await memo.read()).toBe('first');
    memo.advance(999);
    memo.setNext('second');
    expect(await memo.read()).toBe('first');
    expect(memo.loads()).toBe(1);
  });

  it('answers a just-expired value at once and reads the fresh one behind it', async () => {
    const memo = setup();
    await memo.read();
    memo.advance(1_500);
    memo.setNext('second');
    expect(await memo.read()).toBe('first');
    expect(await memo.read()).toBe('second');
    expect(memo.loads()).toBe(2);
  });

  it('waits for a fresh read when the value is long expired', async () => {
    const memo = setup();
    await memo.read();
    memo.advance(4_001);
    memo.setNext('second');
    expect(await memo.read()).toBe('second');
    expect(memo.loads()).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const db = {} as Database;
    let calls = 0;
    const load = async () => {
      calls += 1;
      if (calls === 1) throw new Error('database away');
      return 'back';
    };
    await expect(recentRead(db, 'k', 1_000, load)).rejects.toThrow('database away');
    expect(await recentRead(db, 'k', 1_000, load)).toBe('back');
  });
});
