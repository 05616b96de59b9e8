/**
 * HHS poverty guidelines (the "federal poverty level" programs quote as a percentage). HHS
 * publishes one table a year with separate values for Alaska and Hawaii; every other state, DC,
 * Puerto Rico and the territories use the 48-state values. Each table is exactly linear in
 * household size: the value for one person plus a fixed amount for each additional person.
 * Source: aspe.hhs.gov/poverty-guidelines (Federal Register notice each January).
 */

/** Which of the three HHS tables applies. */
export type PovertyRegion = 'CONTIGUOUS' | 'ALASKA' | 'HAWAII';

/** Annual dollars for a household of one, and the amount added for each additional person. */
export type GuidelineRow = { base: number; perPerson: number };

/** The guidelines by year of publication. Add a year each January when HHS publishes it. */
export const povertyGuidelines: Readonly<
  Record<number, Readonly<Record<PovertyRegion, GuidelineRow>>>
> = Object.freeze({
  2023: {
    CONTIGUOUS: { base: 14_580, perPerson: 5_140 },
    ALASKA: { base: 18_210, perPerson: 6_430 },
    HAWAII: { base: 16_770, perPerson: 5_910 },
  },
  2024: {
    CONTIGUOUS: { base: 15_060, perPerson: 5_380 },
    ALASKA: { base: 18_810, perPerson: 6_730 },
    HAWAII: { base: 17_310, perPerson: 6_190 },
  },
  2025: {
    CONTIGUOUS: { base: 15_650, perPerson: 5_500 },
    ALASKA: { base: 19_560, perPerson: 6_880 },
    HAWAII: { base: 17_990, perPerson: 6_330 },
  },
});

const years = Object.keys(povertyGuidelines)
  .map(Number)
  .sort((a, b) => b - a);

/** The table for a two-letter state code; unknown or absent states use the 48-state values. */
export function povertyRegion(state: string | null | undefined): PovertyRegion {
  if (state === 'AK') return 'ALASKA';
  if (state === 'HI') return 'HAWAII';
  return 'CONTIGUOUS';
}

/** The newest guideline year at or before `year`; throws RangeError when `year` predates the table. */
export function guidelineYear(year: number): number {
  const found = years.find((y) => y <= year);
  if (found === undefined) {
    throw new RangeError(`No poverty guidelines for ${year}; the earliest is ${years.at(-1)}.`);
  }
  return found;
}

/** Annual poverty guideline in dollars; throws RangeError for a household size below 1 or an unknown year. */
export function povertyGuideline(args: {
  year: number;
  state?: string | null;
  householdSize: number;
}): number {
  const { year, state, householdSize } = args;
  if (!Number.isInteger(householdSize) || householdSize < 1) {
    throw new RangeError(
      `Household size must be a whole number of at least 1, not ${householdSize}.`,
    );
  }
  const table = povertyGuidelines[guidelineYear(year)];
  if (!table) throw new RangeError(`No poverty guidelines for ${year}.`);
  const row = table[povertyRegion(state)];
  return row.base + row.perPerson * (householdSize - 1);
}

/**
 * Income as a percentage of the poverty guideline (100 = at the guideline); throws RangeError like
 * povertyGuideline. Not rounded: integer incomes at an integer percentage come out exact, so a
 * client exactly at a limit compares equal to it.
 */
export function fplPercent(
  annualIncome: number,
  householdSize: number,
  state: string | null | undefined,
  year: number,
): number {
  return (annualIncome * 100) / povertyGuideline({ year, state, householdSize });
}
