import type { SearchDocument } from '../../search/engine.ts';
import type { ClientProfile } from './client-profile.ts';
import { fplPercent } from './poverty-guidelines.ts';
import { describeResidency, describeResidencyToken } from './residency.ts';
import { describeAges, describeGenders } from './wording.ts';

/** A service's eligibility rules, flattened as the search index stores them. */
export type EligibilityRules = Pick<
  SearchDocument,
  'minAge' | 'maxAge' | 'incomeLimitFplPercent' | 'residency' | 'genders' | 'veteranOnly'
>;

/** The client facts the rules read; a resolved ClientProfile has them all. */
export type EligibilityFacts = Pick<
  ClientProfile,
  'age' | 'householdSize' | 'annualIncome' | 'state' | 'residency' | 'gender' | 'veteran'
>;

export type EligibilityStatus = 'ELIGIBLE' | 'INELIGIBLE' | 'UNKNOWN';

export type EligibilityResult = { status: EligibilityStatus; reasons: string[] };

type Check = { outcome: 'pass' | 'fail' | 'missing'; reason: string };

/**
 * Checks a client against a service's rules; throws RangeError only for a year before the
 * poverty table. INELIGIBLE lists every failed rule; UNKNOWN lists what to ask; ELIGIBLE says
 * what matched. Reasons carry no client data beyond the age and household size they judge.
 */
export function evaluateEligibility(
  rules: EligibilityRules,
  client: EligibilityFacts,
  options: { year: number },
): EligibilityResult {
  const checks = [
    checkAge(rules, client),
    checkIncome(rules, client, options.year),
    checkResidency(rules, client),
    checkGender(rules, client),
    checkVeteran(rules, client),
  ].filter((c): c is Check => c !== null);

  if (checks.length === 0)
    return { status: 'ELIGIBLE', reasons: ['No eligibility restrictions listed.'] };
  const failed = checks.filter((c) => c.outcome === 'fail');
  if (failed.length > 0) return { status: 'INELIGIBLE', reasons: failed.map((c) => c.reason) };
  const missing = checks.filter((c) => c.outcome === 'missing');
  if (missing.length > 0) return { status: 'UNKNOWN', reasons: missing.map((c) => c.reason) };
  return { status: 'ELIGIBLE', reasons: checks.map((c) => c.reason) };
}

function checkAge(rules: EligibilityRules, client: EligibilityFacts): Check | null {
  if (rules.minAge === null && rules.maxAge === null) return null;
  const range = describeAges(rules.minAge, rules.maxAge);
  const { age } = client;
  if (age === null)
    return { outcome: 'missing', reason: `Ask the client's age: this service serves ${range}.` };
  const fits =
    (rules.minAge === null || age >= rules.minAge) &&
    (rules.maxAge === null || age <= rules.maxAge);
  return fits
    ? { outcome: 'pass', reason: `Serves ${range}; the client is ${age}.` }
    : { outcome: 'fail', reason: `Serves ${range}; the client is ${age}.` };
}

/**
 * Income without household size is judged as a household of one, the smallest guideline: if the
 * client is within the limit even then, they are within it for any size. Otherwise the size
 * decides, so it is asked for rather than assumed (assuming one would wrongly rule families out).
 * Without a ZIP code the 48-state table is used; Alaska and Hawaii have higher guidelines.
 */
function checkIncome(
  rules: EligibilityRules,
  client: EligibilityFacts,
  year: number,
): Check | null {
  const limit = rules.incomeLimitFplPercent;
  if (limit === null) return null;
  const about = `this service has an income limit of ${formatPercent(limit)}% of the federal poverty guideline.`;
  const { annualIncome, householdSize, state } = client;
  if (annualIncome === null) {
    const ask = householdSize === null ? 'annual income and household size' : 'annual income';
    return { outcome: 'missing', reason: `Ask the client's ${ask}: ${about}` };
  }
  if (householdSize === null) {
    return fplPercent(annualIncome, 1, state, year) <= limit
      ? {
          outcome: 'pass',
          reason: `Income is within the ${formatPercent(limit)}% poverty limit for any household size.`,
        }
      : { outcome: 'missing', reason: `Ask the client's household size: ${about}` };
  }
  const within = fplPercent(annualIncome, householdSize, state, year) <= limit;
  const words = `the ${formatPercent(limit)}% poverty limit for a household of ${householdSize}.`;
  return within
    ? { outcome: 'pass', reason: `Income is within ${words}` }
    : { outcome: 'fail', reason: `Income is above ${words}` };
}

function checkResidency(rules: EligibilityRules, client: EligibilityFacts): Check | null {
  if (rules.residency.length === 0) return null;
  const area = describeResidency(rules.residency);
  if (client.residency.length === 0) {
    return {
      outcome: 'missing',
      reason: `Ask the client's ZIP code: this service serves residents of ${area}.`,
    };
  }
  const match = rules.residency.find((token) => client.residency.includes(token));
  return match
    ? {
        outcome: 'pass',
        reason: `Serves residents of ${area}; the client lives in ${describeResidencyToken(match)}.`,
      }
    : { outcome: 'fail', reason: `Serves residents of ${area}.` };
}

function checkGender(rules: EligibilityRules, client: EligibilityFacts): Check | null {
  if (rules.genders.length === 0) return null;
  const who = describeGenders(rules.genders);
  if (client.gender === null) {
    return {
      outcome: 'missing',
      reason: `Ask the client's gender: this service serves ${who} only.`,
    };
  }
  return rules.genders.includes(client.gender)
    ? { outcome: 'pass', reason: `Serves ${who}.` }
    : { outcome: 'fail', reason: `Serves ${who} only.` };
}

function checkVeteran(rules: EligibilityRules, client: EligibilityFacts): Check | null {
  if (!rules.veteranOnly) return null;
  if (client.veteran === null) {
    return {
      outcome: 'missing',
      reason: 'Ask whether the client is a veteran: this service is for veterans only.',
    };
  }
  return client.veteran
    ? { outcome: 'pass', reason: 'For veterans; the client is a veteran.' }
    : { outcome: 'fail', reason: 'For veterans only.' };
}

function formatPercent(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}
