import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { InvalidInputError, NotSignedInError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import type { Actor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { reserveSignInAttempt } from './rate-limit.ts';
import { createSession, revokeSession, type Session } from './sessions.ts';
import { getUser, passwordSchema, saveUser, type User } from './users.ts';

const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: 'Current password is required.' }).max(200),
  newPassword: passwordSchema,
});

/**
 * Changes the actor's password after checking the current one, signs them out everywhere else
 * and returns a fresh session for this browser. Throws InvalidInputError (including a wrong
 * current password), NotSignedInError and TooManyAttemptsError (as sign-in does).
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
