import { describe, expect, it } from 'vitest';
import { eligibilityToHsds, flattenEligibility } from './flatten.ts';

describe('flattenEligibility', () => {
  it('is unrestricted for a service with no rules', () => {
    expect(flattenEligibility({ minimum_age: null, maximum_age: null, eligibility: null })).toEqual(
      {
        minAge: null,
        maxAge: null,
        incomeLimitFplPercent: null,
        residency: [],
        genders: [],
        veteranOnly: false,
      },
    );
  });

  it('merges HSDS ages with the extension; the stricter wins', () => {
    expect(
      flattenEligibility({
        minimum_age: 16,
        maximum_age: 70,
        eligibility: { min_age: 18, max_age: 80 },
      }),
    ).toMatchObject({ minAge: 18, maxAge: 70 });
    expect(
      flattenEligibility({ minimum_age: 21, maximum_age: null, eligibility: { max_age: 64 } }),
    ).toMatchObject({
      minAge: 21,
      maxAge: 64,
    });
    expect(
      flattenEligibility({ minimum_age: null, maximum_age: 17, eligibility: null }),
    ).toMatchObject({
      minAge: null,
      maxAge: 17,
    });
  });

  it('carries income, residency, gender and veteran rules', () => {
    expect(
      flattenEligibility({
        minimum_age: null,
        maximum_age: null,
        eligibility: {
          income_limit_fpl_percent: 250,
          residency: { postal_codes: ['80202'], counties: ['Denver, CO'], states: [] },
          genders: ['female', 'female', 'nonbinary'],
          veteran_only: true,
        },
      }),
    ).toEqual({
      minAge: null,
      maxAge: null,
      incomeLimitFplPercent: 250,
      residency: ['zip:80202', 'county:Denver County, CO'],
      genders: ['female', 'nonbinary'],
      veteranOnly: true,
    });
  });

  it('treats a list of every gender as no restriction', () => {
    expect(
      flattenEligibility({
        minimum_age: null,
        maximum_age: null,
        eligibility: { genders: ['male', 'female', 'nonbinary'] },
      }).genders,
    ).toEqual([]);
  });
});

describe('eligibilityToHsds', () => {
  it('is empty for no eligibility', () => {
    expect(eligibilityToHsds(null)).toEqual({
      eligibility_description: null,
      minimum_age: null,
      maximum_age: null,
      attributes: [],
    });
  });

  it('writes ages, a generated description and attributes', () => {
    expect(
      eligibilityToHsds({
        min_age: 18,
        max_age: 64,
        income_limit_fpl_percent: 200,
        residency: { postal_codes: [], counties: ['Denver County, CO'], states: ['CO'] },
        genders: ['female'],
        veteran_only: true,
        documents_required: ['Photo ID'],
      }),
    ).toEqual({
      eligibility_description:
        'Serves ages 18–64. Household income at or below 200% of the federal poverty guideline. ' +
        'Serves residents of Denver County, CO or Colorado. Serves women only. For veterans only. Bring: Photo ID.',
      minimum_age: 18,
      maximum_age: 64,
      attributes: [
        { label: 'Minimum age', value: '18' },
        { label: 'Maximum age', value: '64' },
        { label: 'Income limit (% of federal poverty guideline)', value: '200' },
        { label: 'Residency: county', value: 'Denver County, CO' },
        { label: 'Residency: state', value: 'CO' },
        { label: 'Gender', value: 'female' },
        { label: 'Veterans only', value: 'true' },
        { label: 'Required document', value: 'Photo ID' },
      ],
    });
  });

  it("keeps the record's own description", () => {
    expect(
      eligibilityToHsds({ description: ' Open to all Denver residents. ', min_age: 5 })
        .eligibility_description,
    ).toBe('Open to all Denver residents.');
  });
});
