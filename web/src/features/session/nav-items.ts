import type { Role } from '../../generated/graphql';

export type NavItem = 'search' | 'referrals' | 'inbox';

export const navPaths: Record<NavItem, string> = {
  search: '/',
  referrals: '/referrals',
  inbox: '/inbox',
};

/** Header links by role: coordinators search and refer, agency staff answer, org admins both. */
export function navItemsFor(role: Role | null | undefined): NavItem[] {
  switch (role) {
    case 'COORDINATOR':
      return ['search', 'referrals'];
    case 'AGENCY_STAFF':
      return ['inbox', 'search'];
    case 'ORG_ADMIN':
      return ['search', 'referrals', 'inbox'];
    default:
      return [];
  }
}
