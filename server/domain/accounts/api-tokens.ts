import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { NotSignedInError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import type { Actor } from './actor.ts';
import { createSession } from './sessions.ts';
import { getUser } from './users.ts';

/**
 * Bearer tokens for integrations. The browser signs in with an HttpOnly cookie and never sees a
 * token, so script in the page cannot read one; a token is issued only when asked for here. Each
 * is a session of its own: signing out with it ends it, and a password change ends them all.
 */
const apiTokenSchema = (maxHours: number) =>
  z.object({
    hoursValid: z
      .number()
      .min(0.1, { error: `Choose between 0.1 and ${maxHours} hours.` })
      .max(maxHours, { error: `Choose between 0.1 and ${maxHours} hours.` })
      .nullish(),
  });

/**
 * Issues a bearer token for the actor, valid `hoursValid` (at most, and by default,
 * SESSION_TTL_HOURS); audited. Throws InvalidInputError, NotSignedInError.
 */
export async function createApiToken(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
  actor: Actor,
  input: unknown,
): Promise<{ token: string; expiresAt: Date }> {
  const maxHours = deps.settings.sessionTtlHours;
  const { hoursValid } = parseInput(apiTokenSchema(maxHours), input ?? {});
  const user = await getUser(deps, actor.userId);
  if (!user || user.disabled) throw new NotSignedInError();
  const { token, session } = await createSession(deps, user, {
    ttlHours: hoursValid ?? maxHours,
    ip: actor.ip,
  });
  await recordAudit(deps, actor, {
    action: 'user.api-token.create',
    subjectType: 'user',
    subjectId: user.id,
    detail: { expiresAt: session.expiresAt.toISOString() },
  });
  return { token, expiresAt: session.expiresAt };
}
