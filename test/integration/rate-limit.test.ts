import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit, refundRateLimit, resetRateLimit } from '../../server/domain/rate-limit.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

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
      const rule = { limit: 3, windowMs: 60_000 };
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
    const rule = { limit: 2, windowMs: 60_000 };
    const key = randomUUID();
    await hitRateLimit(deps, 'test', key, rule);
    const second = await hitRateLimit(deps, 'test', key, rule);
    expect((await hitRateLimit(deps, 'test', key, rule)).allowed).toBe(false);
    await refundRateLimit(deps, 'test', key, rule, second);
    expect(await hitRateLimit(deps, 'test', key, rule)).toMatchObject({ count: 2, allowed: true });
    await resetRateLimit(deps, 'test', key, rule);
    expect(await hitRateLimit(deps, 'test', key, rule)).toMatchObject({ count: 1, allowed: true });
  });
});
