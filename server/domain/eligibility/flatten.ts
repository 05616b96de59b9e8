import type { Eligibility, Gender, Service } from '../directory/records.ts';
import type { EligibilityRules } from './evaluate.ts';
import { describeResidency, residencyTokens } from './residency.ts';
import { describeAges, describeGenders } from './wording.ts';

const allGenders: readonly Gender[] = ['female', 'male', 'nonbinary'];

/**
 * A service's eligibility as flat rules for search and evaluation; throws nothing. HSDS
 * minimum_age/maximum_age and our extension's min_age/max_age both count, and the stricter wins
 * (a min above the max is kept as is: nobody qualifies, which a reviewer should see).
 */
export function flattenEligibility(
  service: Pick<Service, 'minimum_age' | 'maximum_age' | 'eligibility'>,
): EligibilityRules {
  const e = service.eligibility;
  const mins = [service.minimum_age, e?.min_age].filter((v): v is number => v != null);
  const maxes = [service.maximum_age, e?.max_age].filter((v): v is number => v != null);
  const genders = [...new Set(e?.genders ?? [])];
  return {
    minAge: mins.length > 0 ? Math.max(...mins) : null,
    maxAge: maxes.length > 0 ? Math.min(...maxes) : null,
    incomeLimitFplPercent: e?.income_limit_fpl_percent ?? null,
    residency: residencyTokens(e?.residency),
    // Listing every gender restricts nothing; keeping it would make "ask the gender" noise.
    genders: allGenders.every((g) => genders.includes(g)) ? [] : genders,
    veteranOnly: e?.veteran_only ?? false,
  };
}

/** One HSDS attribute's label and value, as export writes it. */
export type EligibilityAttribute = { label: string; value: string };

/** The HSDS 3 fields an export writes for our structured eligibility. */
export type HsdsEligibility = {
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  attributes: EligibilityAttribute[];
};

/**
 * Our eligibility extension in plain HSDS terms, for export; throws nothing. The description is
 * the record's own when it has one, otherwise a sentence per rule so the rules survive the trip.
 */
export function eligibilityToHsds(eligibility: Eligibility | null | undefined): HsdsEligibility {
  if (!eligibility)
    return { eligibility_description: null, minimum_age: null, maximum_age: null, attributes: [] };
  const e = eligibility;
  const tokens = residencyTokens(e.residency);
  const genders = e.genders ?? [];
  const attributes: EligibilityAttribute[] = [];
  const sentences: string[] = [];

  const ages = describeAges(e.min_age ?? null, e.max_age ?? null);
  if (ages) sentences.push(`Serves ${ages}.`);
  if (e.min_age != null) attributes.push({ label: 'Minimum age', value: String(e.min_age) });
  if (e.max_age != null) attributes.push({ label: 'Maximum age', value: String(e.max_age) });

  if (e.income_limit_fpl_percent != null) {
    sentences.push(
      `Household income at or below ${e.income_limit_fpl_percent}% of the federal poverty guideline.`,
    );
    attributes.push({
      label: 'Income limit (% of federal poverty guideline)',
      value: String(e.income_limit_fpl_percent),
    });
  }
  if (tokens.length > 0) {
    sentences.push(`Serves residents of ${describeResidency(tokens)}.`);
    for (const token of tokens) {
      const [kind, ...rest] = token.split(':');
      const label =
        kind === 'zip'
          ? 'Residency: ZIP code'
          : kind === 'county'
            ? 'Residency: county'
            : 'Residency: state';
      attributes.push({ label, value: rest.join(':') });
    }
  }
  if (genders.length > 0) {
    sentences.push(`Serves ${describeGenders(genders)} only.`);
    for (const g of genders) attributes.push({ label: 'Gender', value: g });
  }
  if (e.veteran_only) {
    sentences.push('For veterans only.');
    attributes.push({ label: 'Veterans only', value: 'true' });
  }
  for (const doc of e.documents_required ?? [])
    attributes.push({ label: 'Required document', value: doc });
  if ((e.documents_required ?? []).length > 0) {
    sentences.push(`Bring: ${(e.documents_required ?? []).join('; ')}.`);
  }

  const description = e.description?.trim() ? e.description.trim() : sentences.join(' ');
  return {
    eligibility_description: description || null,
    minimum_age: e.min_age ?? null,
    maximum_age: e.max_age ?? null,
    attributes,
  };
}
