import { describe, expect, it } from 'vitest';
import { normalizeStreet, parsePlace } from './street-address.ts';

describe('normalizeStreet', () => {
  it('folds spellings, case and punctuation to one form', () => {
    expect(normalizeStreet('1500 East Colfax Avenue')).toBe('1500 e colfax ave');
    expect(normalizeStreet('1500 E. Colfax Ave.')).toBe('1500 e colfax ave');
    expect(normalizeStreet('200 W 14th St')).toBe(normalizeStreet('200 West 14 Street'));
  });
});

describe('parsePlace', () => {
  it('splits a full address', () => {
    expect(parsePlace('1500 E Colfax Ave, Denver, CO 80218')).toEqual({
      street: '1500 E Colfax Ave',
      houseNumber: '1500',
      city: 'Denver',
      state: 'CO',
      postalCode: '80218',
    });
  });

  it('reads a city with or without its state, and a bare ZIP code', () => {
    expect(parsePlace('Aurora, CO')).toMatchObject({ street: null, city: 'Aurora', state: 'CO' });
    expect(parsePlace('Aurora')).toMatchObject({ city: 'Aurora', state: null });
    expect(parsePlace('Commerce City CO')).toMatchObject({ city: 'Commerce City', state: 'CO' });
    expect(parsePlace('80205')).toMatchObject({ postalCode: '80205', city: null, street: null });
  });

  it('keeps a street typed without a city', () => {
    expect(parsePlace('2100 Downing St')).toMatchObject({
      street: '2100 Downing St',
      houseNumber: '2100',
      city: null,
    });
    expect(parsePlace('123 Main Ct')).toMatchObject({ street: '123 Main Ct', state: null });
  });
});
