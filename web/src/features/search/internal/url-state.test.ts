import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RADIUS_KM,
  decodeSearchState,
  defaultSearchState,
  encodeSearchState,
  isSearchable,
  placeFields,
  type SearchState,
  widerRadius,
} from './url-state';

const full: SearchState = {
  text: 'food pantry',
  categories: ['food', 'housing'],
  postalCode: '80205',
  place: '',
  near: null,
  nearSource: null,
  radiusKm: 8,
  age: 70,
  householdSize: 2,
  annualIncome: 25000,
  language: 'es',
  veteran: false,
  openNow: true,
  freeOnly: true,
  notFull: true,
  referableOnly: true,
  eligibleOnly: true,
  availableFirst: true,
  clientId: 'client-1',
};

describe('search URL state', () => {
  it('round-trips every field', () => {
    expect(decodeSearchState(encodeSearchState(full))).toEqual(full);
    const near: SearchState = {
      ...defaultSearchState,
      near: { lat: 39.74721, lng: -104.99251 },
      nearSource: 'map',
      radiusKm: 3.4,
      veteran: true,
    };
    expect(decodeSearchState(encodeSearchState(near))).toEqual(near);
  });

  it('writes nothing for the default state and readable keys otherwise', () => {
    expect(encodeSearchState(defaultSearchState)).toBe('');
    expect(encodeSearchState(full)).toBe(
      '?q=food+pantry&need=food,housing&zip=80205&r=8&age=70&hh=2&income=25000&lang=es&vet=0&open=1&free=1&room=1&refer=1&elig=1&avail=1&client=client-1',
    );
  });

  it('prefers the ZIP code over a point and rounds points to 5 decimals', () => {
    const both = { ...full, near: { lat: 1, lng: 2 }, nearSource: 'device' as const };
    expect(encodeSearchState(both)).not.toContain('near=');
    const point = { ...defaultSearchState, near: { lat: 39.123456789, lng: -104.98765432 } };
    expect(encodeSearchState(point)).toBe('?near=39.12346,-104.98765');
  });

  it('ignores bad values instead of failing', () => {
    const state = decodeSearchState(
      '?zip=8020x5&r=9999&age=-3&hh=abc&near=999,1&need=food,,Bad Code,food&lang=spanish&vet=maybe',
    );
    expect(state).toEqual({
      ...defaultSearchState,
      postalCode: '80205',
      categories: ['food'],
    });
    expect(state.radiusKm).toBe(DEFAULT_RADIUS_KM);
  });

  it('is searchable with a need, text or place', () => {
    expect(isSearchable(defaultSearchState)).toBe(false);
    expect(isSearchable({ ...defaultSearchState, postalCode: '80205' })).toBe(true);
    expect(isSearchable({ ...defaultSearchState, postalCode: '802' })).toBe(false);
    expect(isSearchable({ ...defaultSearchState, categories: ['food'] })).toBe(true);
    expect(isSearchable({ ...defaultSearchState, place: 'Aurora, CO' })).toBe(true);
    expect(isSearchable({ ...defaultSearchState, clientId: 'client-1' })).toBe(true);
  });

  it('keeps a typed address or city in `at`, and five digits as a ZIP code', () => {
    expect(placeFields(' 80205 ')).toEqual({ postalCode: '80205', place: '' });
    expect(placeFields('80205-1234')).toEqual({ postalCode: '80205', place: '' });
    expect(placeFields('1437  Bannock St, Denver')).toEqual({
      postalCode: '',
      place: '1437 Bannock St, Denver',
    });
    const state = { ...defaultSearchState, place: '1437 Bannock St, Denver' };
    expect(encodeSearchState(state)).toBe('?at=1437+Bannock+St,+Denver');
    expect(decodeSearchState(encodeSearchState(state))).toEqual(state);
  });

  it('suggests the next wider radius', () => {
    expect(widerRadius(8)).toBe(16.1);
    expect(widerRadius(20)).toBe(40.2);
    expect(widerRadius(80.5)).toBeNull();
  });
});
