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
 * Who keeps a listing: the organization it is listed under (a member's id is its HSDS organization
 * id) and, once a network admin approved its claim on that organization, the claiming agency.
 */
export type ListingOwners = { organization_id: string; claimedBy?: string | null };

/**
 * An agency keeps its own listings true: its staff and org admins edit the services of the
 * organization they belong to, or of an organization their agency claimed.
 */
export function canEditListing(actor: Actor, listing: ListingOwners): boolean {
  return (
    canAnswerFor(actor, listing.organization_id) ||
    (listing.claimedBy != null && canAnswerFor(actor, listing.claimedBy))
  );
}

/** A listing's change log is read by the agency that owns it and by network admins. */
export function canReadListingChanges(actor: Actor, listing: ListingOwners): boolean {
  return canEditListing(actor, listing) || isNetworkAdmin(actor);
}

/** Agency staff and org admins claim imported organizations for their agency. */
export function canClaimOrganization(actor: Actor): boolean {
  return actor.role === 'agency_staff' || actor.role === 'org_admin';
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
