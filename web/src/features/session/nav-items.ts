import type { Role } from '../../generated/graphql';

export type NavItem =
  | 'search'
  | 'caseload'
  | 'referrals'
  | 'inbox'
  | 'reports'
  | 'lists'
  | 'listings'
  | 'network';

export const navPaths: Record<NavItem, string> = {
  search: '/',
  caseload: '/caseload',
  referrals: '/referrals',
  inbox: '/inbox',
  lists: '/lists',
  listings: '/listings',
  reports: '/reports',
  network: '/network',
};

/**
 * Header links by role: coordinators search and refer, agency staff answer, org admins both;
 * everyone signed in sees reports on their organization (network admins: the whole network), and
 * network admins review claims, stale listings and suggested edits.
 */
export function navItemsFor(role: Role | null | undefined): NavItem[] {
  switch (role) {
    case 'COORDINATOR':
      return ['caseload', 'search', 'referrals', 'lists', 'reports'];
    case 'AGENCY_STAFF':
      return ['inbox', 'listings', 'search', 'reports'];
    case 'ORG_ADMIN':
      return ['caseload', 'search', 'referrals', 'lists', 'inbox', 'listings', 'reports'];
    case 'NETWORK_ADMIN':
      return ['network', 'reports'];
    default:
      return [];
  }
}
