/**
 * A token bucket per client address, in process: `capacity` requests at once, refilled at
 * `perSecond`. Buckets idle long enough to be full again are forgotten, so memory stays bounded
 * by the number of recently active clients.
 */
export type RateLimiter = {
  /** Takes a token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, now?: number): number;
};

/** Creates a token-bucket limiter. */
export function createRateLimiter(options: { capacity: number; perSecond: number }): RateLimiter {
  const { capacity, perSecond } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweptAt = 0;
  const fullAfterMs = (capacity / perSecond) * 1000;
  return {
    take(key, now = Date.now()) {
      if (now - sweptAt > fullAfterMs) {
        for (const [k, b] of buckets) if (now - b.at > fullAfterMs) buckets.delete(k);
        sweptAt = now;
      }
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
  };
}
