import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hitRateLimit,
  hitRateLimitInBlocks,
  refundRateLimit,
  resetRateLimit,
} from '../../server/domain/rate-limit.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Windows start on multiples of their length: a minute's window rolls over inside a test now and
 * then, which splits its hits over two windows. A window no run can straddle keeps counts exact.
 */
const LONG_WINDOW_MS = 1_000 * 60 * 60 * 24 * 365 * 1_000;

describe('the database-backed rate limiter', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('holds across app instances: the count lives in the database', async () => {
    const other = await startTestServer({
      dbName: server.dbName,
      env: { GRAPHQL_RATE_LIMIT_PER_MINUTE: '5' },
    });
    try {
      const deps = server.runtime.deps;
      const rule = { limit: 3, windowMs: LONG_WINDOW_MS };
      const key = randomUUID();
      const hits = await Promise.all([
        hitRateLimit(deps, 'test', key, rule),
        hitRateLimit(other.runtime.deps, 'test', key, rule),
        hitRateLimit(deps, 'test', key, rule),
        hitRateLimit(other.runtime.deps, 'test', key, rule),
        hitRateLimit(deps, 'test', key, rule),
      ]);
      const allowed = hits.filter((h) => h.allowed).map((h) => h.count);
      expect(allowed.sort()).toEqual([1, 2, 3]);
      expect(hits.filter((h) => !h.allowed)).toHaveLength(2);
    } finally {
      await other.close({ keepDatabase: true });
    }
  });

  it('takes back a hit and clears a window', async () => {
    const deps = server.runtime.deps;
    const rule = { limit: 2, windowMs: LONG_WINDOW_MS };
    const key = randomUUID();
    await hitRateLimit(deps, 'test', key, rule);
    const second = await hitRateLimit(deps, 'test', key, rule);
    expect((await hitRateLimit(deps, 'test', key, rule)).allowed).toBe(false);
    await refundRateLimit(deps, 'test', key, rule, second);
    expect(await hitRateLimit(deps, 'test', key, rule)).toMatchObject({ count: 2, allowed: true });
    await resetRateLimit(deps, 'test', key, rule);
    expect(await hitRateLimit(deps, 'test', key, rule)).toMatchObject({ count: 1, allowed: true });
  });

  it('counts in blocks: never over the limit across instances, one insert for many hits', async () => {
    const other = await startTestServer({ dbName: server.dbName });
    try {
      const instances = [server.runtime.deps, other.runtime.deps];
      const rule = { limit: 100, windowMs: LONG_WINDOW_MS };
      const key = randomUUID();
      const hits = await Promise.all(
        Array.from({ length: 160 }, (_, i) =>
          hitRateLimitInBlocks(instances[i % 2] ?? server.runtime.deps, 'blocks', key, rule),
        ),
      );
      const allowed = hits.filter((h) => h.allowed).map((h) => h.count);
      // Each slot once; an instance may hold back what is left of its last block (5 at most).
      expect(new Set(allowed).size).toBe(allowed.length);
      expect(Math.max(...allowed)).toBeLessThanOrEqual(100);
      expect(allowed.length).toBeGreaterThanOrEqual(95);
      expect(hits.filter((h) => !h.allowed)).toHaveLength(160 - allowed.length);
      const blocks = await server.runtime.deps.db.models.RateLimit.collection
        .find({ _id: { $regex: '^blocks:' } as never })
        .toArray();
      // Blocks of 4, 5, 5 … per instance: about one insert per five hits, not one per hit.
      expect(blocks.length).toBeLessThanOrEqual(30);
      const slots = blocks
        .map((b) => ({ from: Number(String(b._id).split(':b').at(-1)), to: Number(b.to) }))
        .sort((a, b) => a.from - b.from);
      // The blocks follow each other: no slot is held twice.
      slots.forEach((block, i) => {
        expect(block.from).toBe(i === 0 ? 1 : (slots[i - 1]?.to ?? 0) + 1);
      });
      // What is left of an instance's last block still serves it (5 slots at most), then the
      // full window is refused; no slot is ever given twice.
      for (const deps of instances) {
        const more = [];
        for (let i = 0; i < 6; i++)
          more.push(await hitRateLimitInBlocks(deps, 'blocks', key, rule));
        expect(more.at(-1)?.allowed).toBe(false);
        allowed.push(...more.filter((h) => h.allowed).map((h) => h.count));
      }
      expect(new Set(allowed).size).toBe(allowed.length);
      expect(Math.max(...allowed)).toBeLessThanOrEqual(100);
    } finally {
      await other.close({ keepDatabase: true });
    }
  });
});
