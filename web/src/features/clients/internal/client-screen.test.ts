import { describe, expect, it } from 'vitest';
import { ageOn, findInput, screenFromClient } from './client-screen';

const client = {
  id: 'c1',
  name: 'Ana Ruiz',
  dateOfBirth: '1960-06-15',
  householdSize: 3,
  annualIncome: 24_999.6,
  preferredLanguage: 'es',
  postalCode: '80205',
  email: null,
  phone: '+13035550100',
};

describe('a saved client on the quick screen', () => {
  it('counts age in whole years, turning on the birthday', () => {
    expect(ageOn('1960-06-15', new Date('2026-06-14T23:00:00Z'))).toBe(65);
    expect(ageOn('1960-06-15', new Date('2026-06-15T00:00:00Z'))).toBe(66);
    expect(ageOn('not a date', new Date())).toBeNull();
  });

  it('fills age, household, income and language, and keeps the client id', () => {
    expect(screenFromClient(client, new Date('2026-11-24T12:00:00Z'))).toEqual({
      clientId: 'c1',
      age: 66,
      householdSize: 3,
      annualIncome: 25_000,
      language: 'es',
    });
    expect(
      screenFromClient(
        { ...client, householdSize: null, annualIncome: null, preferredLanguage: null },
        new Date('2026-11-24T12:00:00Z'),
      ),
    ).toMatchObject({ householdSize: null, annualIncome: null, language: '' });
  });

  it('looks up by phone, or by name with a date of birth', () => {
    expect(findInput({ name: 'Ana', dateOfBirth: '', phone: ' 303 555 0100 ' })).toEqual({
      phone: '303 555 0100',
    });
    expect(findInput({ name: ' Ana Ruiz ', dateOfBirth: '1960-06-15', phone: '' })).toEqual({
      name: 'Ana Ruiz',
      dateOfBirth: '1960-06-15',
    });
    expect(findInput({ name: 'Ana Ruiz', dateOfBirth: '', phone: '' })).toBeNull();
  });
});
