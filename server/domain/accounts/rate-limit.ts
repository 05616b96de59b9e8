import type { DomainDeps } from '../deps.ts';
import { TooManyAttemptsError } from '../errors.ts';

/**
 * Sign-in throttling: a sliding window of recent failures per email and per IP address, kept in
 * this process's memory. It slows guessing against one account (5 failures per email) and one
 * source spraying many accounts (30 per address). Several server processes would each keep their
 * own window, which multiplies the allowance by the process count; that is the accepted trade for
 * not writing on every failed sign-in.
 */
export type RateLimitRules = {
  windowMs: number;
  perEmail: number;
  perIp: number;
};

export const defaultSignInRules: RateLimitRules = {
  windowMs: 15 * 60_000,
  perEmail: 5,
  perIp: 30,
};

// Keys idle for a full window are dropped once the map grows past this, bounding memory when
// someone sprays random emails.
const MAX_KEYS = 50_000;

export type SignInLimiter = {
  /** Throws TooManyAttemptsError while the email or the address is over its limit. */
  check(email: string, ip: string | null, now: Date): void;
  /** Counts one failed attempt against the email and the address. */
  recordFailure(email: string, ip: string | null, now: Date): void;
  /** Clears an email's failures after it signs in. */
  reset(email: string): void;
};

/** An in-process sliding-window limiter. */
export function createSignInLimiter(rules: RateLimitRules = defaultSignInRules): SignInLimiter {
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((t) => t > now - rules.windowMs);
    if (kept.length > 0) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };

  const blockedFor = (key: string, limit: number, now: number): number => {
    const times = recent(key, now);
    if (times.length < limit) return 0;
    // Allowed again when the oldest failure that keeps the count at the limit leaves the window.
    const oldest = times[times.length - limit] ?? now;
    return oldest + rules.windowMs - now;
  };

  const prune = (now: number) => {
    if (failures.size <= MAX_KEYS) return;
    for (const key of [...failures.keys()]) recent(key, now);
  };

  return {
    check(email, ip, now) {
      const at = now.getTime();
      const wait = Math.max(
        blockedFor(`e:${email.trim().toLowerCase()}`, rules.perEmail, at),
        ip ? blockedFor(`i:${ip}`, rules.perIp, at) : 0,
      );
      if (wait > 0) throw new TooManyAttemptsError(wait / 60_000);
    },
    recordFailure(email, ip, now) {
      const at = now.getTime();
      prune(at);
      const keys = [`e:${email.trim().toLowerCase()}`, ...(ip ? [`i:${ip}`] : [])];
      for (const key of keys) {
        const limit = key.startsWith('e:') ? rules.perEmail : rules.perIp;
        failures.set(key, [...recent(key, at), at].slice(-limit));
      }
    },
    reset(email) {
      failures.delete(`e:${email.trim().toLowerCase()}`);
    },
  };
}

// One limiter per running server (its DomainDeps), so separate servers in one process, as in
// tests, do not share counts.
const limiters = new WeakMap<object, SignInLimiter>();

/** The sign-in limiter of this server. */
export function signInLimiter(deps: Pick<DomainDeps, 'db'>): SignInLimiter {
  let limiter = limiters.get(deps.db);
  if (!limiter) {
    limiter = createSignInLimiter();
    limiters.set(deps.db, limiter);
  }
  return limiter;
}
