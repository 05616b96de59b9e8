import type { Actor } from '../accounts/actor.ts';
import { canRefer } from '../accounts/policy.ts';

/** Coordinators (and their org admins) keep resource lists for their clients. */
export function canKeepLists(actor: Actor): boolean {
  return canRefer(actor);
}

/** A list belongs to the coordinating organization that made it, and to nobody else. */
export function canReadList(actor: Actor, list: { organizationId: string }): boolean {
  return canKeepLists(actor) && actor.organizationId === list.organizationId;
}
