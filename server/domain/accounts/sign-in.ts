import { z } from 'zod';
import type { DomainDeps } from '../deps.ts';
import { NotSignedInError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { verifyPassword } from './passwords.ts';
import { reserveSignInAttempt, signInSucceeded } from './rate-limit.ts';
import { createSession, type Session } from './sessions.ts';
import { findUserByEmail, type User } from './users.ts';

const signInSchema = z.object({
  email: z.string().trim().min(1, { error: 'Email is required.' }).max(200),
  password: z.string().min(1, { error: 'Password is required.' }).max(200),
});

// Verifying against a real hash when the user is unknown keeps the timing of both paths alike.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Checks email and password and starts a session. Throws InvalidInputError for a malformed
 * request, NotSignedInError (one message for every failure, so accounts can't be probed) and
 * TooManyAttemptsError after repeated failures for the email or from the address.
 */
export async function signIn(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
  input: unknown,
  ip: string | null,
): Promise<{ token: string; session: Session; user: User }> {
  const { email, password } = parseInput(signInSchema, input);
  // Counted before anything is awaited, so parallel attempts cannot all pass a check made before
  // any of them failed.
  const attempt = await reserveSignInAttempt(deps, email, ip);
  const user = await findUserByEmail(deps, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    throw new NotSignedInError('That email and password do not match an account.');
  }
  await signInSucceeded(deps, email, ip, attempt);
  const { token, session } = await createSession(deps, user, {
    ttlHours: deps.settings.sessionTtlHours,
    ip,
  });
  return { token, session, user };
}
