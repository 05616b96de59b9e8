import { describe, expect, it } from 'vitest';
import { exampleListing as listing } from './listing-fixture';
import { issuesByField, toCapacityInput, toListingForm, toUpdateInput } from './listing-form';

describe('the listing form', () => {
  it('splits weekly hours, holiday closures and schedules it does not edit', () => {
    const form = toListingForm(listing);
    expect(form.status).toBe('TEMPORARILY_CLOSED');
    expect(form.hours).toEqual([
      {
        days: ['MO', 'WE'],
        opensAt: '09:00',
        closesAt: '17:00',
        description: '',
        validFrom: '',
        validTo: '',
      },
    ]);
    expect(form.closures).toEqual([
      { validFrom: '2026-12-25', validTo: '2026-12-25', description: 'Christmas' },
    ]);
    expect(form.otherSchedules).toHaveLength(1);
    expect(form.postalCodes).toBe('80205, 80206');
  });

  it('builds the update with every list whole, hours first, then closures', () => {
    const form = toListingForm(listing);
    form.closures.push({ validFrom: '2027-01-01', validTo: '', description: '' });
    form.languages = 'en, ES, vi';
    const { input, issues } = toUpdateInput(form, 's1', listing.lastModified);
    expect(issues).toEqual([]);
    expect(input.expectedLastModified).toBe('2026-11-24T12:00:00.000Z');
    expect(
      input.schedules?.map((s) => [s.freq ?? null, s.byday ?? null, s.closed ?? null]),
    ).toEqual([
      ['WEEKLY', 'MO,WE', null],
      [null, null, true],
      [null, null, true],
      ['MONTHLY', '1SA', false],
    ]);
    expect(input.schedules?.[2]).toMatchObject({ validFrom: '2027-01-01', validTo: '2027-01-01' });
    expect(input.languages).toEqual(['en', 'es', 'vi']);
    expect(input.eligibility).toMatchObject({
      minAge: 18,
      incomeLimitFplPercent: 200,
      residency: { postalCodes: ['80205', '80206'], counties: [], states: [] },
    });
    expect(input.requiredDocuments).toEqual(['Photo ID']);
  });

  it('reports numbers it cannot read, and places API issues next to their inputs', () => {
    const form = { ...toListingForm(listing), minAge: 'eighteen' };
    expect(toUpdateInput(form, 's1', null).issues).toEqual([
      { path: 'eligibility.minAge', message: 'Enter a whole number.' },
    ]);
    expect(
      issuesByField(
        [
          { path: 'schedules.0.closesAt', message: 'must be a time' },
          { path: 'schedules.1.validFrom', message: 'is required for a closure' },
          { path: 'languages.0', message: 'Unknown language' },
          { path: 'eligibility.maxAge', message: 'must not be below min_age' },
          { path: 'categories.0', message: 'Unknown category' },
        ],
        form,
      ),
    ).toEqual({
      'listing-hours-0-closesAt': ['must be a time'],
      'listing-closure-0-from': ['is required for a closure'],
      'listing-languages': ['Unknown language'],
      'listing-max-age': ['must not be below min_age'],
      '': ['Unknown category'],
    });
  });

  it('publishes capacity only with a status and a whole count', () => {
    expect(toCapacityInput({ status: '', count: '', unit: '', note: '' }, 's1').issues).toEqual([
      { path: 'status', message: 'Choose what you can offer now.' },
    ]);
    expect(
      toCapacityInput({ status: 'WAITLIST', count: '12', unit: ' beds ', note: '' }, 's1').input,
    ).toEqual({ serviceId: 's1', status: 'WAITLIST', count: 12, unit: 'beds', note: null });
  });
});
