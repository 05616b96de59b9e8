import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../lib/router';
import { navItemsFor, navPaths } from './nav-items';

describe('navigation by role', () => {
  it('shows coordinators their caseload, Search and Referrals, agency staff Inbox and Search, org admins all, network admins Review', () => {
    expect(navItemsFor('COORDINATOR')).toEqual([
      'caseload',
      'search',
      'referrals',
      'lists',
      'reports',
    ]);
    expect(navItemsFor('AGENCY_STAFF')).toEqual(['inbox', 'listings', 'search', 'reports']);
    expect(navItemsFor('ORG_ADMIN')).toEqual([
      'caseload',
      'search',
      'referrals',
      'lists',
      'inbox',
      'listings',
      'reports',
    ]);
    expect(navItemsFor('NETWORK_ADMIN')).toEqual(['network', 'reports']);
    expect(navItemsFor(null)).toEqual([]);
  });

  it('links to routes the app knows', () => {
    expect(matchRoute(navPaths.referrals)).toEqual({ name: 'referrals' });
    expect(matchRoute(navPaths.inbox)).toEqual({ name: 'inbox' });
    expect(matchRoute(navPaths.lists)).toEqual({ name: 'lists' });
    expect(matchRoute(navPaths.listings)).toEqual({ name: 'listings' });
    expect(matchRoute('/lists/l1')).toEqual({ name: 'list', id: 'l1' });
    expect(matchRoute('/lists/l1/print')).toEqual({ name: 'list-print', id: 'l1' });
    expect(matchRoute('/listings/s%201')).toEqual({ name: 'listing', id: 's 1' });
    expect(matchRoute(navPaths.reports)).toEqual({ name: 'reports' });
    expect(matchRoute(navPaths.network)).toEqual({ name: 'network' });
    expect(matchRoute(navPaths.caseload)).toEqual({ name: 'caseload' });
    expect(matchRoute('/clients/c%201')).toEqual({ name: 'client', id: 'c 1' });
    expect(matchRoute('/clients/c1/screening')).toEqual({ name: 'screening', clientId: 'c1' });
    expect(matchRoute('/referrals/r%201')).toEqual({ name: 'referral', id: 'r 1' });
    expect(matchRoute('/services/s1/refer')).toEqual({ name: 'refer', serviceId: 's1' });
    expect(matchRoute('/services/s1')).toEqual({ name: 'service', id: 's1' });
  });
});
