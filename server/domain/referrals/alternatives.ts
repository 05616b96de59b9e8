import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import { clientSearchProfile, loadClientRecord } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import { type ServiceSearchEdge, searchServices } from '../directory/search-services.ts';
import { NotAllowedError } from '../errors.ts';
import { lookupPostalCode } from '../geo/postal-codes.ts';
import { sidesOf } from './access.ts';
import { readVisibleReferral } from './visible-referral.ts';

/**
 * When an agency rejects a referral or could not help, the next best services for the same
 * client: the same needs, eligible for the client (or not known to be ineligible), near the
 * client's postal code, and not from the agency that turned it down. Only the referring side
 * asks (it holds the client's facts); for other statuses the list is empty. Audited.
 * Throws NotFoundError, NotAllowedError.
 */
export async function findAlternatives(
  deps: DomainDeps,
  actor: Actor,
  referralId: string,
  options: { first?: number | null } = {},
): Promise<ServiceSearchEdge[]> {
  const referral = await readVisibleReferral(deps, actor, referralId);
  if (!sidesOf(actor, referral).includes('referring')) {
    throw new NotAllowedError('Only the referring coordinators can look for other services.');
  }
  if (referral.status !== 'REJECTED' && referral.status !== 'FAILED') return [];
  const first = Math.min(Math.max(options.first ?? 5, 1), 20);
  const client = await loadClientRecord(deps, referral.clientId);
  const profile = client ? clientSearchProfile(client, deps.clock.now()) : null;
  const postalCode =
    profile?.postalCode && lookupPostalCode(profile.postalCode) ? profile.postalCode : null;
  // Ask for a few more than needed: the rejecting agency's own services are dropped afterwards.
  const result = await searchServices(deps, {
    categories: referral.needs,
    ...(postalCode ? { postalCode, sort: 'DISTANCE' as const, radiusKm: 50 } : {}),
    ...(profile ? { client: profile } : {}),
    first: Math.min(100, first + 20),
  });
  const alternatives = result.edges
    .filter(
      (edge) =>
        edge.node.organization?.id !== referral.receivingOrganizationId &&
        edge.node.id !== referral.serviceId &&
        edge.eligibility?.status !== 'INELIGIBLE',
    )
    .slice(0, first);
  await recordAudit(deps, actor, {
    action: 'referral.alternatives',
    subjectType: 'referral',
    subjectId: referral.id,
    detail: { results: alternatives.length },
  });
  return alternatives;
}
