import type { DomainDeps } from '../deps.ts';
import { TooManyAttemptsError } from '../errors.ts';
import {
  hitRateLimit,
  type RateHit,
  type RateWindow,
  refundRateLimit,
  resetRateLimit,
} from '../rate-limit.ts';

/**
 * Sign-in throttling, kept in the database so every app instance counts the same attempts: per
 * email (guessing one account's password) and per client address (one source trying many
 * accounts). An attempt is counted before its password is checked, so parallel guesses cannot
 * all slip in while the first is still being verified.
 */

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'settings'>;

/** A reserved attempt: its slot on the address, given back if the sign-in succeeds. */
export type SignInAttempt = { byAddress: RateHit | null };

function rules(deps: Deps): { email: RateWindow; address: RateWindow } {
  const { windowMinutes, perEmail, perAddress } = deps.settings.signInLimits;
  const windowMs = windowMinutes * 60_000;
  return { email: { limit: perEmail, windowMs }, address: { limit: perAddress, windowMs } };
}

const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * Counts one sign-in attempt against the email and the address. Throws TooManyAttemptsError when
 * either has used up its window.
 */
export async function reserveSignInAttempt(
  deps: Deps,
  email: string,
  ip: string | null,
): Promise<SignInAttempt> {
  const rule = rules(deps);
  const [byEmail, byAddress] = await Promise.all([
    hitRateLimit(deps, 'sign-in-email', emailKey(email), rule.email),
    ip ? hitRateLimit(deps, 'sign-in-address', ip, rule.address) : null,
  ]);
  const over = [byEmail, byAddress].filter((hit) => hit !== null && !hit.allowed);
  if (over.length === 0) return { byAddress };
  const until = Math.max(...over.map((hit) => hit?.resetAt.getTime() ?? 0));
  throw new TooManyAttemptsError((until - deps.clock.now().getTime()) / 60_000);
}

/** After a successful sign-in: clears the email's attempts and takes this one off the address. */
export async function signInSucceeded(
  deps: Deps,
  email: string,
  ip: string | null,
  attempt: SignInAttempt,
): Promise<void> {
  const rule = rules(deps);
  await Promise.all([
    resetRateLimit(deps, 'sign-in-email', emailKey(email), rule.email),
    ip && attempt.byAddress
      ? refundRateLimit(deps, 'sign-in-address', ip, rule.address, attempt.byAddress)
      : null,
  ]);
}
