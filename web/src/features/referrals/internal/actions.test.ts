import { describe, expect, it } from 'vitest';
import { availableActions, groupByStatus, sidesFor } from './actions';
import { decodeBoardFilter, encodeBoardFilter } from './board-filter';

const referral = {
  referringOrganization: { id: 'coord' },
  receivingOrganization: { id: 'agency' },
};

const keys = (
  status: Parameters<typeof availableActions>[0]['status'],
  sides: Array<'referring' | 'receiving'>,
  heldFrom = null as never,
) => availableActions({ status, heldFrom }, sides).map((a) => a.key);

describe('sides by role and organization', () => {
  it('gives coordinators the referring side and agency staff the receiving side', () => {
    expect(sidesFor({ role: 'COORDINATOR', organization: { id: 'coord' } }, referral)).toEqual([
      'referring',
    ]);
    expect(sidesFor({ role: 'AGENCY_STAFF', organization: { id: 'agency' } }, referral)).toEqual([
      'receiving',
    ]);
    expect(sidesFor({ role: 'AGENCY_STAFF', organization: { id: 'coord' } }, referral)).toEqual([]);
    expect(sidesFor({ role: 'NETWORK_ADMIN', organization: { id: 'agency' } }, referral)).toEqual(
      [],
    );
    expect(
      sidesFor(
        { role: 'ORG_ADMIN', organization: { id: 'both' } },
        { referringOrganization: { id: 'both' }, receivingOrganization: { id: 'both' } },
      ),
    ).toEqual(['referring', 'receiving']);
    expect(sidesFor(null, referral)).toEqual([]);
  });
});

describe('actions per state and side', () => {
  it('lets the agency accept, reject or hold a sent referral', () => {
    expect(keys('SENT', ['receiving'])).toEqual(['accept', 'reject', 'hold']);
    expect(keys('ACCEPTED', ['receiving'])).toEqual(['start', 'hold']);
    expect(keys('IN_PROGRESS', ['receiving'])).toEqual(['complete', 'fail', 'hold']);
  });

  it('resumes a held referral to where it was held from', () => {
    const [resume] = availableActions({ status: 'ON_HOLD', heldFrom: 'ACCEPTED' }, ['receiving']);
    expect(resume).toEqual({ key: 'resume', to: 'ACCEPTED', needs: null, side: 'receiving' });
  });

  it('asks for a reason or an outcome where the API requires one', () => {
    const needs = Object.fromEntries(
      availableActions({ status: 'IN_PROGRESS', heldFrom: null }, ['receiving', 'referring']).map(
        (a) => [a.key, a.needs],
      ),
    );
    expect(needs).toEqual({
      complete: 'outcome',
      fail: 'reason',
      hold: 'reason',
      cancel: 'reason',
    });
  });

  it('lets the referring side send a draft or cancel, and nobody act on a final referral', () => {
    expect(keys('SENT', ['referring'])).toEqual(['cancel']);
    expect(keys('DRAFT', ['referring'])).toEqual(['send', 'cancel']);
    expect(keys('DRAFT', ['receiving'])).toEqual([]);
    expect(keys('COMPLETED', ['referring', 'receiving'])).toEqual([]);
    expect(keys('REJECTED', ['receiving'])).toEqual([]);
    expect(keys('SENT', [])).toEqual([]);
  });
});

describe('the board', () => {
  it('groups by status, what needs attention first, overdue first within a group', () => {
    const groups = groupByStatus([
      { id: 'a', status: 'COMPLETED' as const, overdue: false },
      { id: 'b', status: 'SENT' as const, overdue: false },
      { id: 'c', status: 'SENT' as const, overdue: true },
      { id: 'd', status: 'ACCEPTED' as const, overdue: false },
    ]);
    expect(groups.map((g) => [g.status, g.items.map((i) => i.id)])).toEqual([
      ['SENT', ['c', 'b']],
      ['ACCEPTED', ['d']],
      ['COMPLETED', ['a']],
    ]);
  });

  it('keeps its filters in the query string', () => {
    expect(decodeBoardFilter('?status=SENT&overdue=1')).toEqual({
      status: 'SENT',
      overdueOnly: true,
    });
    expect(decodeBoardFilter('?status=BOGUS')).toEqual({ status: null, overdueOnly: false });
    expect(encodeBoardFilter({ status: 'ON_HOLD', overdueOnly: false })).toBe('?status=ON_HOLD');
    expect(encodeBoardFilter({ status: null, overdueOnly: false })).toBe('');
  });
});
