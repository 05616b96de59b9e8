import type { Actor, Role } from './actor.ts';

/**
 * Authorization as pure predicates. The domain calls them before every read or change, and the
 * GraphQL scope loaders call the same ones, so one rule is written once.
 */

/** Coordinators (and their org admins) refer clients. */
export function canRefer(actor: Actor): boolean {
  return actor.role === 'coordinator' || actor.role === 'org_admin';
}

/** Agency staff (and their org admins) answer referrals addressed to their organization. */
export function canAnswerFor(actor: Actor, receivingOrganizationId: string): boolean {
  return (
    (actor.role === 'agency_staff' || actor.role === 'org_admin') &&
    actor.organizationId === receivingOrganizationId
  );
}

/**
 * An agency keeps its own listings true: its staff and org admins edit the services of the
 * organization they belong to (a member's id is its HSDS organization id).
 */
export function canEditListing(actor: Actor, service: { organization_id: string }): boolean {
  return canAnswerFor(actor, service.organization_id);
}

/** A listing's change log is read by the agency that owns it and by network admins. */
export function canReadListingChanges(actor: Actor, service: { organization_id: string }): boolean {
  return canEditListing(actor, service) || isNetworkAdmin(actor);
}

/** Whether the actor belongs to the organization. */
export function isMemberOf(actor: Actor, organizationId: string): boolean {
  return actor.organizationId === organizationId;
}

/** A referral is visible to its referring and its receiving organization, and to nobody else. */
export function canReadReferral(
  actor: Actor,
  referral: { referringOrganizationId: string; receivingOrganizationId: string },
): boolean {
  return (
    actor.organizationId === referral.referringOrganizationId ||
    actor.organizationId === referral.receivingOrganizationId
  );
}

/**
 * A client record belongs to the coordinating organization that created it: its coordinators and
 * org admins read it. Agency staff see only what a consent shares, and network admins (who run
 * the network, not casework) none of it.
 */
export function canReadClient(actor: Actor, client: { organizationId: string }): boolean {
  return actor.organizationId === client.organizationId && canRefer(actor);
}

/** Only network admins read the audit log and manage the network. */
export function isNetworkAdmin(actor: Actor): boolean {
  return actor.role === 'network_admin';
}

/** Whether a role is one of the given ones. */
export function hasRole(actor: Actor, ...allowed: Role[]): boolean {
  return allowed.includes(actor.role);
}
