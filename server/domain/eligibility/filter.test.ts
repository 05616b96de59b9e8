import { describe, expect, it } from 'vitest';
import { type ClientProfile, resolveClientProfile } from './client-profile.ts';
import { type EligibilityRules, evaluateEligibility } from './evaluate.ts';
import { type EligibilityFilter, eligibilityFilter } from './filter.ts';

/** A reference evaluator of the Filter AST over a document's eligibility fields. */
function matches(filter: EligibilityFilter | undefined, doc: EligibilityRules): boolean {
  if (filter === undefined) return true;
  if ('and' in filter) return filter.and.every((f) => matches(f, doc));
  if ('or' in filter) return filter.or.some((f) => matches(f, doc));
  if ('not' in filter) return !matches(filter.not, doc);
  if ('openAt' in filter) throw new Error('openAt is not an eligibility condition');
  if ('capacityAt' in filter) throw new Error('capacity is not an eligibility condition');
  if ('isEmpty' in filter) return doc[filter.field].length === 0;
  if ('anyOf' in filter) {
    if (filter.field !== 'residency' && filter.field !== 'genders')
      throw new Error(`unexpected ${filter.field}`);
    return doc[filter.field].some((v) => filter.anyOf.includes(v));
  }
  if ('equals' in filter) {
    if (filter.field !== 'veteranOnly') throw new Error(`unexpected ${filter.field}`);
    return doc[filter.field] === filter.equals;
  }
  if ('isNull' in filter) {
    if (filter.field === 'latitude') throw new Error('unexpected latitude');
    return doc[filter.field] === null;
  }
  const value = doc[filter.field];
  if (value === null) return false;
  return (
    (filter.gte === undefined || value >= filter.gte) &&
    (filter.lte === undefined || value <= filter.lte)
  );
}

/** mulberry32: small, seeded, good enough to spread cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zips = ['80202', '80203', '80010', '10001', '99501', '96813', '70112'];
const tokenPool = [
  'zip:80202',
  'zip:10001',
  'zip:99501',
  'county:Denver County, CO',
  'county:Arapahoe County, CO',
  'county:Orleans Parish, LA',
  'county:New York County, NY',
  'state:CO',
  'state:NY',
  'state:HI',
  'state:AK',
];
const genders = ['female', 'male', 'nonbinary'] as const;

function generate(random: () => number) {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const maybe = <T>(p: number, f: () => T): T | null => (random() < p ? f() : null);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('empty pool');
    return item;
  };
  const subset = <T>(items: readonly T[], p: number) => items.filter(() => random() < p);

  const minAge = maybe(0.4, () => int(0, 70));
  const rules: EligibilityRules = {
    minAge,
    maxAge: maybe(0.4, () => int(minAge !== null && random() < 0.9 ? minAge : 0, 120)),
    incomeLimitFplPercent: maybe(0.4, () =>
      pick([100, 133, 138, 150, 185, 200, 250, 300, 137.5, 400]),
    ),
    residency: random() < 0.5 ? subset(tokenPool, 0.2) : [],
    genders: random() < 0.3 ? subset(genders, 0.5) : [],
    veteranOnly: random() < 0.2,
  };
  const input = {
    age: maybe(0.7, () => int(0, 120)),
    householdSize: maybe(0.6, () => int(1, 20)),
    // Whole-percent incomes land exactly on limits often, which is where off-by-ones hide.
    annualIncome: maybe(0.6, () =>
      random() < 0.3 ? int(0, 40) * 5_500 + 15_650 : int(0, 150_000),
    ),
    postalCode: maybe(0.7, () => pick(zips)),
    gender: maybe(0.6, () => pick(genders)),
    veteran: maybe(0.6, () => random() < 0.5),
  };
  return { rules, client: resolveClientProfile(input, { year: 2025 }) };
}

describe('eligibilityFilter', () => {
  it('matches exactly the documents that are not INELIGIBLE (10,000 seeded cases)', () => {
    const random = prng(20_250_101);
    const seen = { ELIGIBLE: 0, INELIGIBLE: 0, UNKNOWN: 0 };
    for (let i = 0; i < 10_000; i++) {
      const { rules, client } = generate(random);
      const { status } = evaluateEligibility(rules, client, { year: 2025 });
      seen[status]++;
      const kept = matches(eligibilityFilter(client), rules);
      if (kept !== (status !== 'INELIGIBLE')) {
        expect({ rules, client, status, kept }).toBeUndefined();
      }
    }
    // The generator must exercise every outcome for the agreement to mean something.
    expect(seen.ELIGIBLE).toBeGreaterThan(500);
    expect(seen.INELIGIBLE).toBeGreaterThan(500);
    expect(seen.UNKNOWN).toBeGreaterThan(500);
  });

  it('is undefined when no known fact can rule a service out', () => {
    const unknown = resolveClientProfile({ veteran: true, annualIncome: 20_000 }, { year: 2025 });
    expect(eligibilityFilter(unknown)).toBeUndefined();
  });

  it('builds the expected conditions for a fully known client', () => {
    const client: ClientProfile = resolveClientProfile(
      {
        age: 30,
        householdSize: 1,
        annualIncome: 15_650,
        postalCode: '80202',
        gender: 'female',
        veteran: false,
      },
      { year: 2025 },
    );
    expect(eligibilityFilter(client)).toEqual({
      and: [
        {
          or: [
            { field: 'minAge', isNull: true },
            { field: 'minAge', lte: 30 },
          ],
        },
        {
          or: [
            { field: 'maxAge', isNull: true },
            { field: 'maxAge', gte: 30 },
          ],
        },
        {
          or: [
            { field: 'incomeLimitFplPercent', isNull: true },
            { field: 'incomeLimitFplPercent', gte: 100 },
          ],
        },
        {
          or: [
            { field: 'residency', isEmpty: true },
            { field: 'residency', anyOf: ['zip:80202', 'county:Denver County, CO', 'state:CO'] },
          ],
        },
        {
          or: [
            { not: { field: 'genders', anyOf: ['female', 'male', 'nonbinary'] } },
            { field: 'genders', anyOf: ['female'] },
          ],
        },
        { field: 'veteranOnly', equals: false },
      ],
    });
  });

  it('returns a lone condition without wrapping it', () => {
    const client = resolveClientProfile({ veteran: false }, { year: 2025 });
    expect(eligibilityFilter(client)).toEqual({ field: 'veteranOnly', equals: false });
  });
});
