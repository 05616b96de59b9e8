import { describe, expect, it } from 'vitest';
import { resolveClientProfile } from './client-profile.ts';
import { type EligibilityRules, evaluateEligibility } from './evaluate.ts';

const none: EligibilityRules = {
  minAge: null,
  maxAge: null,
  incomeLimitFplPercent: null,
  residency: [],
  genders: [],
  veteranOnly: false,
};
const rules = (overrides: Partial<EligibilityRules>): EligibilityRules => ({
  ...none,
  ...overrides,
});
const client = (input: Record<string, unknown>) => resolveClientProfile(input, { year: 2025 });
const year = { year: 2025 };

describe('evaluateEligibility', () => {
  it('is ELIGIBLE with no restrictions, whatever is known', () => {
    expect(evaluateEligibility(none, client({}), year)).toEqual({
      status: 'ELIGIBLE',
      reasons: ['No eligibility restrictions listed.'],
    });
  });

  describe('age', () => {
    const adults = rules({ minAge: 18, maxAge: 64 });
    it('fails outside the range, naming the range and the age', () => {
      expect(evaluateEligibility(adults, client({ age: 70 }), year)).toEqual({
        status: 'INELIGIBLE',
        reasons: ['Serves ages 18–64; the client is 70.'],
      });
      expect(evaluateEligibility(adults, client({ age: 17 }), year).status).toBe('INELIGIBLE');
    });
    it('passes at both ends of the range', () => {
      expect(evaluateEligibility(adults, client({ age: 18 }), year).status).toBe('ELIGIBLE');
      expect(evaluateEligibility(adults, client({ age: 64 }), year)).toEqual({
        status: 'ELIGIBLE',
        reasons: ['Serves ages 18–64; the client is 64.'],
      });
    });
    it('asks for the age when it is missing', () => {
      expect(evaluateEligibility(adults, client({}), year)).toEqual({
        status: 'UNKNOWN',
        reasons: ["Ask the client's age: this service serves ages 18–64."],
      });
    });
    it('words open-ended ranges', () => {
      expect(evaluateEligibility(rules({ minAge: 60 }), client({ age: 59 }), year).reasons).toEqual(
        ['Serves ages 60 and over; the client is 59.'],
      );
      expect(evaluateEligibility(rules({ maxAge: 24 }), client({}), year).reasons).toEqual([
        "Ask the client's age: this service serves ages 24 and under.",
      ]);
    });
  });

  describe('income', () => {
    const limit200 = rules({ incomeLimitFplPercent: 200 });
    it('fails above the limit for the household size', () => {
      // 200% for 3 people in 2025 is $53,300.
      expect(
        evaluateEligibility(limit200, client({ annualIncome: 53_301, householdSize: 3 }), year),
      ).toEqual({
        status: 'INELIGIBLE',
        reasons: ['Income is above the 200% poverty limit for a household of 3.'],
      });
    });
    it('passes exactly at the limit', () => {
      expect(
        evaluateEligibility(limit200, client({ annualIncome: 53_300, householdSize: 3 }), year),
      ).toEqual({
        status: 'ELIGIBLE',
        reasons: ['Income is within the 200% poverty limit for a household of 3.'],
      });
    });
    it('uses the Alaska guideline for an Alaska ZIP', () => {
      const alaskan = client({ annualIncome: 60_000, householdSize: 3, postalCode: '99501' });
      const coloradan = client({ annualIncome: 60_000, householdSize: 3, postalCode: '80202' });
      expect(evaluateEligibility(limit200, alaskan, year).status).toBe('ELIGIBLE');
      expect(evaluateEligibility(limit200, coloradan, year).status).toBe('INELIGIBLE');
    });
    it('asks for what is missing', () => {
      expect(evaluateEligibility(limit200, client({}), year).reasons).toEqual([
        "Ask the client's annual income and household size: this service has an income limit of 200% of the federal poverty guideline.",
      ]);
      expect(evaluateEligibility(limit200, client({ householdSize: 2 }), year)).toEqual({
        status: 'UNKNOWN',
        reasons: [
          "Ask the client's annual income: this service has an income limit of 200% of the federal poverty guideline.",
        ],
      });
    });
    it('needs no household size when income is within the limit even for one person', () => {
      expect(evaluateEligibility(limit200, client({ annualIncome: 31_300 }), year)).toEqual({
        status: 'ELIGIBLE',
        reasons: ['Income is within the 200% poverty limit for any household size.'],
      });
    });
    it('asks for household size when income alone cannot decide', () => {
      expect(evaluateEligibility(limit200, client({ annualIncome: 31_301 }), year)).toEqual({
        status: 'UNKNOWN',
        reasons: [
          "Ask the client's household size: this service has an income limit of 200% of the federal poverty guideline.",
        ],
      });
    });
    it('judges by the guideline year it is given', () => {
      const c = client({ annualIncome: 15_500, householdSize: 1 });
      const limit100 = rules({ incomeLimitFplPercent: 100 });
      expect(evaluateEligibility(limit100, c, { year: 2025 }).status).toBe('ELIGIBLE');
      expect(evaluateEligibility(limit100, c, { year: 2024 }).status).toBe('INELIGIBLE');
    });
    it('words a fractional limit', () => {
      expect(
        evaluateEligibility(
          rules({ incomeLimitFplPercent: 137.5 }),
          client({ annualIncome: 99_999, householdSize: 1 }),
          year,
        ).reasons,
      ).toEqual(['Income is above the 137.5% poverty limit for a household of 1.']);
    });
  });

  describe('residency', () => {
    const denver = rules({ residency: ['county:Denver County, CO'] });
    it('fails for a client living elsewhere, without naming where', () => {
      expect(evaluateEligibility(denver, client({ postalCode: '10001' }), year)).toEqual({
        status: 'INELIGIBLE',
        reasons: ['Serves residents of Denver County, CO.'],
      });
    });
    it('passes for a resident', () => {
      expect(evaluateEligibility(denver, client({ postalCode: '80202' }), year)).toEqual({
        status: 'ELIGIBLE',
        reasons: ['Serves residents of Denver County, CO; the client lives in Denver County, CO.'],
      });
    });
    it('matches on any token: ZIP, county or state', () => {
      const mixed = rules({ residency: ['zip:10001', 'state:CO'] });
      expect(evaluateEligibility(mixed, client({ postalCode: '80202' }), year).status).toBe(
        'ELIGIBLE',
      );
      expect(evaluateEligibility(mixed, client({ postalCode: '10001' }), year).status).toBe(
        'ELIGIBLE',
      );
      expect(evaluateEligibility(mixed, client({ postalCode: '99501' }), year).reasons).toEqual([
        'Serves residents of ZIP code 10001 or Colorado.',
      ]);
    });
    it('asks for the ZIP code', () => {
      expect(evaluateEligibility(denver, client({}), year)).toEqual({
        status: 'UNKNOWN',
        reasons: ["Ask the client's ZIP code: this service serves residents of Denver County, CO."],
      });
    });
  });

  describe('gender and veteran status', () => {
    it('serves women only', () => {
      const women = rules({ genders: ['female'] });
      expect(evaluateEligibility(women, client({ gender: 'male' }), year)).toEqual({
        status: 'INELIGIBLE',
        reasons: ['Serves women only.'],
      });
      expect(evaluateEligibility(women, client({ gender: 'female' }), year).status).toBe(
        'ELIGIBLE',
      );
      expect(evaluateEligibility(women, client({}), year).reasons).toEqual([
        "Ask the client's gender: this service serves women only.",
      ]);
    });
    it('words several genders', () => {
      expect(
        evaluateEligibility(
          rules({ genders: ['female', 'nonbinary'] }),
          client({ gender: 'male' }),
          year,
        ).reasons,
      ).toEqual(['Serves women and nonbinary people only.']);
    });
    it('is for veterans only', () => {
      const vets = rules({ veteranOnly: true });
      expect(evaluateEligibility(vets, client({ veteran: false }), year)).toEqual({
        status: 'INELIGIBLE',
        reasons: ['For veterans only.'],
      });
      expect(evaluateEligibility(vets, client({ veteran: true }), year).status).toBe('ELIGIBLE');
      expect(evaluateEligibility(vets, client({}), year).reasons).toEqual([
        'Ask whether the client is a veteran: this service is for veterans only.',
      ]);
    });
  });

  describe('combined rules', () => {
    const strict = rules({
      minAge: 18,
      maxAge: 64,
      incomeLimitFplPercent: 200,
      residency: ['county:Denver County, CO'],
      genders: ['female'],
      veteranOnly: true,
    });
    it('lists every failed rule, and failures outrank missing facts', () => {
      expect(
        evaluateEligibility(strict, client({ age: 70, gender: 'male', postalCode: '10001' }), year),
      ).toEqual({
        status: 'INELIGIBLE',
        reasons: [
          'Serves ages 18–64; the client is 70.',
          'Serves residents of Denver County, CO.',
          'Serves women only.',
        ],
      });
    });
    it('lists every question when nothing failed but facts are missing', () => {
      expect(
        evaluateEligibility(strict, client({ age: 30, postalCode: '80202' }), year).reasons,
      ).toEqual([
        "Ask the client's annual income and household size: this service has an income limit of 200% of the federal poverty guideline.",
        "Ask the client's gender: this service serves women only.",
        'Ask whether the client is a veteran: this service is for veterans only.',
      ]);
    });
    it('states every match when eligible', () => {
      const c = client({
        age: 30,
        annualIncome: 20_000,
        householdSize: 2,
        postalCode: '80202',
        gender: 'female',
        veteran: true,
      });
      expect(evaluateEligibility(strict, c, year)).toEqual({
        status: 'ELIGIBLE',
        reasons: [
          'Serves ages 18–64; the client is 30.',
          'Income is within the 200% poverty limit for a household of 2.',
          'Serves residents of Denver County, CO; the client lives in Denver County, CO.',
          'Serves women.',
          'For veterans; the client is a veteran.',
        ],
      });
    });
    it('never puts the income or ZIP code in a reason', () => {
      const c = client({
        age: 30,
        annualIncome: 123_457,
        householdSize: 2,
        postalCode: '10001',
        gender: 'female',
        veteran: true,
      });
      const text = evaluateEligibility(strict, c, year).reasons.join(' ');
      expect(text).not.toContain('123');
      expect(text).not.toContain('10001');
    });
  });
});
