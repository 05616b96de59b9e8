import type { Actor } from '../accounts/actor.ts';
import { canReadClient, canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError, NotFoundError } from '../errors.ts';
import { clientOwner } from './clients.ts';

/**
 * Checks that the actor keeps this client's care (a coordinator or org admin of the client's
 * coordinating organization) and returns the organization. Another organization's client is not
 * found, like a made-up id (audited as `<what>.denied`). Throws NotAllowedError for a role that
 * keeps no clients, NotFoundError.
 */
export async function assertKeepsClient(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  clientId: string,
  what: string,
): Promise<{ organizationId: string }> {
  if (!canRefer(actor)) throw new NotAllowedError('Only coordinators can see a client’s care.');
  const owner = clientId ? await clientOwner(deps, clientId) : null;
  if (!owner) throw new NotFoundError('client', clientId);
  if (!canReadClient(actor, owner)) {
    await recordAudit(deps, actor, {
      action: `${what}.denied`,
      subjectType: 'client',
      subjectId: clientId,
    });
    throw new NotFoundError('client', clientId);
  }
  return owner;
}
