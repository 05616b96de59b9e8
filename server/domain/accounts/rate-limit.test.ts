import { describe, expect, it } from 'vitest';
import { TooManyAttemptsError } from '../errors.ts';
import { createSignInLimiter } from './rate-limit.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 17, minutes));

describe('sign-in limiter', () => {
  it('blocks an email after 5 failures in 15 minutes and frees it as they age out', () => {
    const limiter = createSignInLimiter();
    for (let i = 0; i < 5; i++) limiter.recordFailure('A@example.org', null, at(i));
    expect(() => limiter.check('a@example.org', null, at(5))).toThrow(
      'Too many sign-in attempts. Try again in 10 minutes.',
    );
    // The first failure (minute 0) leaves the window at minute 15.
    expect(() => limiter.check('a@example.org', null, at(14))).toThrow(
      'Too many sign-in attempts. Try again in 1 minute.',
    );
    expect(() => limiter.check('a@example.org', null, at(15))).not.toThrow();
    expect(() => limiter.check('b@example.org', null, at(5))).not.toThrow();
  });

  it('blocks an address after 30 failures across emails', () => {
    const limiter = createSignInLimiter();
    for (let i = 0; i < 30; i++) limiter.recordFailure(`u${i}@example.org`, '198.51.100.4', at(0));
    const error = (() => {
      try {
        limiter.check('new@example.org', '198.51.100.4', at(1));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as TooManyAttemptsError).code).toBe('RATE_LIMITED');
    expect(() => limiter.check('new@example.org', '198.51.100.5', at(1))).not.toThrow();
  });

  it('reset clears an email after a successful sign-in', () => {
    const limiter = createSignInLimiter();
    for (let i = 0; i < 5; i++) limiter.recordFailure('a@example.org', null, at(0));
    limiter.reset('a@example.org');
    expect(() => limiter.check('a@example.org', null, at(1))).not.toThrow();
  });
});
