import { describe, expect, it } from 'vitest';
import { toSearchInput } from './search-input';
import { defaultSearchState } from './url-state';

describe('filters → searchServices input', () => {
  it('maps a ZIP search with a client profile and toggles', () => {
    expect(
      toSearchInput({
        ...defaultSearchState,
        text: '  food pantry ',
        categories: ['food'],
        postalCode: '80205',
        radiusKm: 8,
        age: 70,
        householdSize: 2,
        annualIncome: 25000,
        language: 'es',
        veteran: true,
        openNow: true,
        freeOnly: true,
        eligibleOnly: true,
      }),
    ).toEqual({
      first: 20,
      text: 'food pantry',
      categories: ['food'],
      postalCode: '80205',
      radiusKm: 8,
      client: {
        age: 70,
        householdSize: 2,
        annualIncome: 25000,
        languages: ['es'],
        veteran: true,
        postalCode: '80205',
      },
      languages: ['es'],
      costs: ['FREE'],
      openNow: true,
      eligibleOnly: true,
    });
  });

  it('asks only for services that take referrals when the coordinator wants to refer', () => {
    expect(toSearchInput({ ...defaultSearchState, referableOnly: true }).acceptsReferrals).toBe(
      true,
    );
    expect(toSearchInput(defaultSearchState)).not.toHaveProperty('acceptsReferrals');
  });

  it('asks for services that are not full, and for those with room first', () => {
    const input = toSearchInput({ ...defaultSearchState, notFull: true, availableFirst: true });
    expect(input.capacity).toEqual(['AVAILABLE', 'WAITLIST', 'ASSESSMENT_REQUIRED', 'UNKNOWN']);
    expect(input.sort).toBe('AVAILABLE_FIRST');
    expect(toSearchInput(defaultSearchState)).not.toHaveProperty('capacity');
    expect(toSearchInput(defaultSearchState)).not.toHaveProperty('sort');
  });

  it('searches around a point when there is no ZIP code', () => {
    const input = toSearchInput(
      { ...defaultSearchState, near: { lat: 39.7, lng: -105 }, nearSource: 'device' },
      { after: 'cursor-20' },
    );
    expect(input).toEqual({
      first: 20,
      after: 'cursor-20',
      near: { latitude: 39.7, longitude: -105 },
      radiusKm: defaultSearchState.radiusKm,
    });
  });

  it('sends a typed address or city as place, in place of a point', () => {
    const input = toSearchInput({
      ...defaultSearchState,
      place: '1437 Bannock St, Denver',
      near: { lat: 39.7, lng: -105 },
    });
    expect(input).toEqual({
      first: 20,
      place: '1437 Bannock St, Denver',
      radiusKm: defaultSearchState.radiusKm,
    });
  });

  it('leaves out the client, eligibleOnly and the English language filter when not useful', () => {
    const input = toSearchInput({
      ...defaultSearchState,
      categories: ['housing'],
      eligibleOnly: true,
    });
    expect(input).toEqual({ first: 20, categories: ['housing'] });
    const english = toSearchInput({ ...defaultSearchState, language: 'en' });
    expect(english.languages).toBeUndefined();
    expect(english.client).toEqual({ languages: ['en'] });
  });

  it('sends a saved client’s id instead of the quick screen, which the record replaces', () => {
    const input = toSearchInput({
      ...defaultSearchState,
      categories: ['food'],
      clientId: 'client-1',
      age: 66,
      language: 'es',
      eligibleOnly: true,
    });
    expect(input.clientId).toBe('client-1');
    expect(input.client).toBeUndefined();
    expect(input.eligibleOnly).toBe(true);
    expect(input.languages).toEqual(['es']);
  });
});
