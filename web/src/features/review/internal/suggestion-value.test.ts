import { describe, expect, it } from 'vitest';
import { groupStaleListings } from './stale-groups';
import {
  describeValue,
  draftFor,
  issuesById,
  suggestionFieldId,
  toListingValue,
} from './suggestion-value';

const shown = {
  name: 'Eastside Pantry',
  description: 'Groceries.',
  status: 'temporarily closed',
  phones: [{ number: '303-555-0100', description: null }],
  languages: [{ code: 'en' }, { code: 'es' }],
  requiredDocuments: ['Photo ID', 'Proof of address'],
};

describe('suggestion form values', () => {
  it('starts each field from what the listing says now', () => {
    expect(draftFor('NAME', shown).text).toBe('Eastside Pantry');
    expect(draftFor('DESCRIPTION', shown).text).toBe('Groceries.');
    expect(draftFor('STATUS', shown).status).toBe('TEMPORARILY_CLOSED');
    expect(draftFor('PHONES', shown).phones).toEqual([{ number: '303-555-0100', description: '' }]);
    expect(draftFor('LANGUAGES', shown).list).toBe('en, es');
    expect(draftFor('REQUIRED_DOCUMENTS', shown).list).toBe('Photo ID\nProof of address');
  });

  it('sends only the chosen field, in ListingValueInput’s shape', () => {
    expect(toListingValue({ ...draftFor('NAME', shown), text: '  Eastside Food Bank ' })).toEqual({
      name: 'Eastside Food Bank',
    });
    expect(
      toListingValue({
        ...draftFor('PHONES', shown),
        phones: [
          { number: ' 303-555-0199 ', description: 'Front desk' },
          { number: '', description: 'blank rows are dropped' },
        ],
      }),
    ).toEqual({ phones: [{ number: '303-555-0199', description: 'Front desk' }] });
    expect(
      toListingValue({
        ...draftFor('SCHEDULES', shown),
        hours: [{ days: ['WE', 'MO'], opensAt: '09:00', closesAt: '' }],
      }),
    ).toEqual({
      schedules: [{ freq: 'WEEKLY', byday: 'MO,WE', opensAt: '09:00', closesAt: null }],
    });
    expect(toListingValue({ ...draftFor('LANGUAGES', shown), list: 'EN, vi es' })).toEqual({
      languages: ['en', 'vi', 'es'],
    });
    expect(toListingValue({ ...draftFor('STATUS', shown), status: 'ACTIVE' })).toEqual({
      status: 'ACTIVE',
    });
  });

  it('names the input an API issue belongs to', () => {
    expect(suggestionFieldId('newValue.name')).toBe('suggest-value');
    expect(suggestionFieldId('newValue.phones.1.number')).toBe('suggest-phone-1-number');
    expect(suggestionFieldId('newValue.schedules.0.closesAt')).toBe('suggest-hours-0-closesAt');
    expect(suggestionFieldId('newValue.schedules.2.byday')).toBe('suggest-hours-2-days');
    expect(suggestionFieldId('note')).toBe('suggest-note');
    expect(suggestionFieldId('serviceId')).toBe('');
    expect(
      issuesById([
        { path: 'newValue.phones.0.number', message: 'Enter a phone number.' },
        { path: 'serviceId', message: 'Unknown.' },
      ]),
    ).toEqual({ 'suggest-phone-0-number': ['Enter a phone number.'], '': ['Unknown.'] });
  });

  it('describes a suggested value in words', () => {
    expect(describeValue('"Eastside Food Bank"')).toBe('Eastside Food Bank');
    expect(describeValue('["en","es"]')).toBe('en; es');
    expect(
      describeValue('[{"number":"303-555-0199","description":"Front desk"},{"number":"303"}]'),
    ).toBe('303-555-0199 (Front desk); 303');
    expect(
      describeValue('[{"freq":"WEEKLY","byday":"MO,WE","opensAt":"09:00","closesAt":"17:00"}]'),
    ).toBe('MO,WE 09:00–17:00');
    expect(describeValue('not json')).toBe('not json');
  });
});

describe('stale listings by organization', () => {
  it('groups by organization in the order of each one’s oldest listing', () => {
    const row = (serviceId: string, organizationId: string) => ({
      serviceId,
      name: serviceId,
      organizationId,
      assuredDate: null,
    });
    const groups = groupStaleListings([row('a', 'o2'), row('b', 'o1'), row('c', 'o2')]);
    expect(groups.map((g) => [g.organizationId, g.listings.map((l) => l.serviceId)])).toEqual([
      ['o2', ['a', 'c']],
      ['o1', ['b']],
    ]);
  });
});
