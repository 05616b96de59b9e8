import { z } from 'zod';
import type { Gender } from '../directory/records.ts';
import { lookupPostalCode, normalizePostalCode } from '../geo/postal-codes.ts';
import { parseInput } from '../validate.ts';
import { fplPercent, guidelineYear } from './poverty-guidelines.ts';
import { clientResidencyTokens } from './residency.ts';

/**
 * What a coordinator tells us about a client to check eligibility. Every field is optional (and
 * may be null, as GraphQL sends it): a missing fact makes the rules that need it UNKNOWN, never
 * INELIGIBLE. Messages name the field in words so they read well on their own.
 */
export const clientProfileSchema = z.object({
  age: z
    .number({ error: 'Age must be a whole number between 0 and 120.' })
    .int({ error: 'Age must be a whole number between 0 and 120.' })
    .min(0, { error: 'Age must be a whole number between 0 and 120.' })
    .max(120, { error: 'Age must be a whole number between 0 and 120.' })
    .nullish(),
  householdSize: z
    .number({ error: 'Household size must be between 1 and 20.' })
    .int({ error: 'Household size must be a whole number.' })
    .min(1, { error: 'Household size must be between 1 and 20.' })
    .max(20, { error: 'Household size must be between 1 and 20.' })
    .nullish(),
  annualIncome: z
    .number({ error: 'Annual income must be an amount in dollars between 0 and 10,000,000.' })
    .min(0, { error: 'Annual income must be an amount in dollars between 0 and 10,000,000.' })
    .max(10_000_000, {
      error: 'Annual income must be an amount in dollars between 0 and 10,000,000.',
    })
    .nullish(),
  postalCode: z
    .string({ error: 'Postal code must be a 5-digit US ZIP code such as 80202.' })
    .transform((value, ctx) => {
      const zip = normalizePostalCode(value);
      if (!zip) {
        ctx.addIssue({
          code: 'custom',
          message: 'Postal code must be a 5-digit US ZIP code such as 80202.',
        });
        return z.NEVER;
      }
      if (!lookupPostalCode(zip)) {
        ctx.addIssue({ code: 'custom', message: `Postal code ${zip} is not a known US ZIP code.` });
        return z.NEVER;
      }
      return zip;
    })
    .nullish(),
  gender: z
    .enum(['female', 'male', 'nonbinary'], { error: 'Gender must be female, male or nonbinary.' })
    .nullish(),
  veteran: z.boolean({ error: 'Veteran must be true or false.' }).nullish(),
  languages: z
    .array(
      z
        .string({ error: 'Languages must be ISO 639 codes such as en or es.' })
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{2,3}$/, { error: 'Languages must be ISO 639 codes such as en or es.' }),
      { error: 'Languages must be a list of ISO 639 codes such as en or es.' },
    )
    .max(20, { error: 'List at most 20 languages.' })
    .nullish(),
});
export type ClientProfileInput = z.input<typeof clientProfileSchema>;

/** A validated client with the facts the rules need derived once. Null means "not known". */
export type ClientProfile = {
  age: number | null;
  householdSize: number | null;
  annualIncome: number | null;
  postalCode: string | null;
  /** Two-letter state from the ZIP code. */
  state: string | null;
  /** zip/county/state tokens from the ZIP code; [] when no ZIP was given. */
  residency: string[];
  /**
   * Income as a percentage of the poverty guideline for `guidelineYear`, known only with both
   * income and household size. Income alone is not turned into a percentage (see evaluate.ts).
   */
  fplPercent: number | null;
  /** The HHS table year behind fplPercent. */
  guidelineYear: number;
  gender: Gender | null;
  veteran: boolean | null;
  languages: string[];
};

/** Validates a client profile and derives residency and FPL percent; throws InvalidInputError by field. */
export function resolveClientProfile(input: unknown, options: { year: number }): ClientProfile {
  const parsed = parseInput(clientProfileSchema, input ?? {});
  const year = guidelineYear(options.year);
  const postalCode = parsed.postalCode ?? null;
  const state = postalCode ? (lookupPostalCode(postalCode)?.state ?? null) : null;
  const annualIncome = parsed.annualIncome ?? null;
  const householdSize = parsed.householdSize ?? null;
  return {
    age: parsed.age ?? null,
    householdSize,
    annualIncome,
    postalCode,
    state,
    residency: postalCode ? clientResidencyTokens(postalCode) : [],
    fplPercent:
      annualIncome !== null && householdSize !== null
        ? fplPercent(annualIncome, householdSize, state, year)
        : null,
    guidelineYear: year,
    gender: parsed.gender ?? null,
    veteran: parsed.veteran ?? null,
    languages: [...new Set(parsed.languages ?? [])],
  };
}
