import { z } from 'zod';
import { claimOne, claimToken } from '../../db/leases.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotSignedInError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import type { Actor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { reserveSignInAttempt } from './rate-limit.ts';
import { createSession, revokeSession, type Session } from './sessions.ts';
import { getUser, passwordSchema, saveUser, type User } from './users.ts';

// How long a change claimed by a request that then died blocks the next one.
const CHANGE_CLAIM_MS = 30_000;

const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: 'Current password is required.' }).max(200),
  newPassword: passwordSchema,
});

/**
 * Changes the actor's password after checking the current one, signs them out everywhere else
 * and returns a fresh session for this browser. Throws InvalidInputError (including a wrong
 * current password), NotSignedInError, TooManyAttemptsError (as sign-in does) and ConflictError
 * (changed by another session at the same time).
 */
export async function changePassword(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
  actor: Actor,
  input: unknown,
): Promise<{ token: string; session: Session; user: User }> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const user = await getUser(deps, actor.userId);
  if (!user || user.disabled) throw new NotSignedInError();
  // The current password is a password check like sign-in's: throttled by the same counts, so a
  // borrowed session cannot be used to guess it.
  await reserveSignInAttempt(deps, user.email, actor.ip);
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new InvalidInputError([
      { path: 'currentPassword', message: 'The current password is not correct.' },
    ]);
  }
  if (currentPassword === newPassword) {
    throw new InvalidInputError([
      { path: 'newPassword', message: 'Choose a new password different from the current one.' },
    ]);
  }
  // Two sessions changing the password at once would both get a new session of the next
  // generation, and only one of the passwords would stay. FerretDB v1 refuses only a duplicate
  // `_id` atomically, so the next generation is claimed with a numbered claim record first.
  const claimed = await claimOne(
    deps.db.models.Claim.collection,
    `users:${user.id}`,
    user.sessionGeneration,
    { token: claimToken(), now: deps.clock.now(), leaseMs: CHANGE_CLAIM_MS },
  );
  if (claimed === null) {
    throw new ConflictError(
      'Your password was just changed in another session. Sign in with the new one.',
    );
  }
  const updated: User = {
    ...user,
    passwordHash: await hashPassword(newPassword),
    sessionGeneration: user.sessionGeneration + 1,
  };
  // One whole-document write: the new hash and the new generation (which ends every older
  // session, this one included) land together.
  await saveUser(deps, updated);
  await revokeSession(deps, actor.sessionId);
  const { token, session } = await createSession(deps, updated, {
    ttlHours: deps.settings.sessionTtlHours,
    ip: actor.ip,
  });
  await recordAudit(deps, actor, {
    action: 'user.change-password',
    subjectType: 'user',
    subjectId: user.id,
  });
  return { token, session, user: updated };
}
