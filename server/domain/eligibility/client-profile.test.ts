import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { resolveClientProfile } from './client-profile.ts';

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    resolveClientProfile(input, { year: 2025 });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    if (error instanceof InvalidInputError) return error.issues;
  }
  throw new Error('expected InvalidInputError');
}

describe('resolveClientProfile', () => {
  it('derives residency, state and FPL percent', () => {
    const profile = resolveClientProfile(
      {
        age: 34,
        householdSize: 3,
        annualIncome: 26_650,
        postalCode: '80202',
        gender: 'female',
        veteran: false,
        languages: ['ES', 'en', 'es'],
      },
      { year: 2025 },
    );
    expect(profile).toEqual({
      age: 34,
      householdSize: 3,
      annualIncome: 26_650,
      postalCode: '80202',
      state: 'CO',
      residency: ['zip:80202', 'county:Denver County, CO', 'state:CO'],
      fplPercent: 100,
      guidelineYear: 2025,
      gender: 'female',
      veteran: false,
      languages: ['es', 'en'],
    });
  });

  it('treats absent and null facts as unknown', () => {
    const expected = {
      age: null,
      householdSize: null,
      annualIncome: null,
      postalCode: null,
      state: null,
      residency: [],
      fplPercent: null,
      guidelineYear: 2025,
      gender: null,
      veteran: null,
      languages: [],
    };
    expect(resolveClientProfile({}, { year: 2025 })).toEqual(expected);
    expect(resolveClientProfile(undefined, { year: 2025 })).toEqual(expected);
    expect(
      resolveClientProfile(
        {
          age: null,
          householdSize: null,
          annualIncome: null,
          postalCode: null,
          gender: null,
          veteran: null,
          languages: null,
        },
        { year: 2025 },
      ),
    ).toEqual(expected);
  });

  it('leaves FPL percent unknown without both income and household size', () => {
    expect(resolveClientProfile({ annualIncome: 20_000 }, { year: 2025 }).fplPercent).toBeNull();
    expect(resolveClientProfile({ householdSize: 2 }, { year: 2025 }).fplPercent).toBeNull();
  });

  it('uses the Alaska and Hawaii tables from the ZIP code', () => {
    expect(
      resolveClientProfile(
        { householdSize: 1, annualIncome: 19_560, postalCode: '99501' },
        { year: 2025 },
      ).fplPercent,
    ).toBe(100);
    expect(
      resolveClientProfile(
        { householdSize: 1, annualIncome: 17_990, postalCode: '96813' },
        { year: 2025 },
      ).fplPercent,
    ).toBe(100);
  });

  it('uses the newest guideline year at or before the one asked for', () => {
    const profile = resolveClientProfile(
      { householdSize: 1, annualIncome: 15_060 },
      { year: 2024 },
    );
    expect(profile).toMatchObject({ fplPercent: 100, guidelineYear: 2024 });
    expect(resolveClientProfile({}, { year: 2030 }).guidelineYear).toBe(2025);
  });

  it('accepts ZIP+4 and stores the five-digit ZIP', () => {
    expect(resolveClientProfile({ postalCode: '80202-1234' }, { year: 2025 }).postalCode).toBe(
      '80202',
    );
  });

  it.each([
    [{ age: -1 }, 'age', 'Age must be a whole number between 0 and 120.'],
    [{ age: 121 }, 'age', 'Age must be a whole number between 0 and 120.'],
    [{ age: 30.5 }, 'age', 'Age must be a whole number between 0 and 120.'],
    [{ age: '30' }, 'age', 'Age must be a whole number between 0 and 120.'],
    [{ householdSize: 0 }, 'householdSize', 'Household size must be between 1 and 20.'],
    [{ householdSize: 21 }, 'householdSize', 'Household size must be between 1 and 20.'],
    [{ householdSize: 2.5 }, 'householdSize', 'Household size must be a whole number.'],
    [
      { annualIncome: -5 },
      'annualIncome',
      'Annual income must be an amount in dollars between 0 and 10,000,000.',
    ],
    [
      { annualIncome: 10_000_001 },
      'annualIncome',
      'Annual income must be an amount in dollars between 0 and 10,000,000.',
    ],
    [
      { postalCode: '8020' },
      'postalCode',
      'Postal code must be a 5-digit US ZIP code such as 80202.',
    ],
    [
      { postalCode: 80202 },
      'postalCode',
      'Postal code must be a 5-digit US ZIP code such as 80202.',
    ],
    [{ postalCode: '00000' }, 'postalCode', 'Postal code 00000 is not a known US ZIP code.'],
    [{ gender: 'other' }, 'gender', 'Gender must be female, male or nonbinary.'],
    [{ veteran: 'yes' }, 'veteran', 'Veteran must be true or false.'],
    [
      { languages: ['english'] },
      'languages.0',
      'Languages must be ISO 639 codes such as en or es.',
    ],
    [
      { languages: 'en' },
      'languages',
      'Languages must be a list of ISO 639 codes such as en or es.',
    ],
  ])('rejects %j with a message for %s', (input, path, message) => {
    expect(issuesOf(input)).toEqual([{ path, message }]);
  });

  it('reports every bad field at once, in one readable sentence', () => {
    try {
      resolveClientProfile({ age: 200, householdSize: 0 }, { year: 2025 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      if (!(error instanceof InvalidInputError)) return;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues.map((i) => i.path)).toEqual(['age', 'householdSize']);
      expect(error.message).toBe(
        'age: Age must be a whole number between 0 and 120. householdSize: Household size must be between 1 and 20.',
      );
    }
  });
});
