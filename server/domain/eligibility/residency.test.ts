import { describe, expect, it } from 'vitest';
import {
  clientResidencyTokens,
  describeResidency,
  normalizeCounty,
  residencyTokens,
} from './residency.ts';

describe('residencyTokens', () => {
  it('turns a residency rule into search tokens', () => {
    expect(
      residencyTokens({ postal_codes: ['80202'], counties: ['Denver County, CO'], states: ['CO'] }),
    ).toEqual(['zip:80202', 'county:Denver County, CO', 'state:CO']);
  });

  it('means anyone when there is no rule', () => {
    expect(residencyTokens(null)).toEqual([]);
    expect(residencyTokens(undefined)).toEqual([]);
    expect(residencyTokens({ postal_codes: [], counties: [], states: [] })).toEqual([]);
  });

  it('spells counties the way client tokens do, and drops duplicates', () => {
    expect(
      residencyTokens({
        postal_codes: [],
        counties: ['Denver, CO', ' Denver  county , co', 'Denver County, CO'],
        states: [],
      }),
    ).toEqual(['county:Denver County, CO']);
    expect(normalizeCounty('Jefferson Parish, LA')).toBe('Jefferson Parish, LA');
    expect(normalizeCounty('Somewhere')).toBe('Somewhere');
  });
});

describe('clientResidencyTokens', () => {
  it('derives zip, county and state from the ZIP code', () => {
    expect(clientResidencyTokens('80202')).toEqual([
      'zip:80202',
      'county:Denver County, CO',
      'state:CO',
    ]);
    expect(clientResidencyTokens('80202-1234')).toEqual([
      'zip:80202',
      'county:Denver County, CO',
      'state:CO',
    ]);
  });

  it('matches a service written for the same county', () => {
    const service = residencyTokens({ postal_codes: [], counties: ['Denver, CO'], states: [] });
    const client = clientResidencyTokens('80202');
    expect(service.some((t) => client.includes(t))).toBe(true);
  });

  it('adds the Parish spelling for Louisiana parishes the table lists bare', () => {
    expect(clientResidencyTokens('70112')).toEqual([
      'zip:70112',
      'county:Orleans County, LA',
      'county:Orleans Parish, LA',
      'state:LA',
    ]);
  });

  it('is empty for an unknown ZIP code', () => {
    expect(clientResidencyTokens('00000')).toEqual([]);
    expect(clientResidencyTokens('abc')).toEqual([]);
  });
});

describe('describeResidency', () => {
  it('reads as a place', () => {
    expect(describeResidency(['county:Denver County, CO'])).toBe('Denver County, CO');
    expect(describeResidency(['zip:80202', 'zip:80203', 'state:CO'])).toBe(
      'ZIP codes 80202 or 80203 or Colorado',
    );
    expect(describeResidency(['zip:80202', 'county:Adams County, CO', 'state:WY'])).toBe(
      'ZIP code 80202, Adams County, CO or Wyoming',
    );
  });
});
