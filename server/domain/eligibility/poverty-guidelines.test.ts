import { describe, expect, it } from 'vitest';
import {
  fplPercent,
  guidelineYear,
  povertyGuideline,
  povertyRegion,
} from './poverty-guidelines.ts';

describe('povertyGuideline', () => {
  it.each([
    [2025, 'CO', 1, 15_650],
    [2025, 'CO', 4, 32_150],
    [2025, 'AK', 1, 19_560],
    [2025, 'AK', 4, 40_200],
    [2025, 'HI', 1, 17_990],
    [2025, 'HI', 4, 36_980],
    [2024, 'NY', 1, 15_060],
    [2024, 'NY', 4, 31_200],
    [2024, 'AK', 4, 39_000],
    [2024, 'HI', 4, 35_880],
    [2025, 'DC', 2, 21_150],
    [2025, 'PR', 3, 26_650],
    [2025, null, 8, 54_150],
  ])('%i %s household of %i is $%i', (year, state, householdSize, expected) => {
    expect(povertyGuideline({ year, state, householdSize })).toBe(expected);
  });

  it('uses the newest published year at or before the one asked for', () => {
    expect(guidelineYear(2025)).toBe(2025);
    expect(guidelineYear(2031)).toBe(2025);
    expect(povertyGuideline({ year: 2027, state: 'CO', householdSize: 1 })).toBe(15_650);
    expect(povertyGuideline({ year: 2024, state: 'CO', householdSize: 1 })).toBe(15_060);
  });

  it('refuses years before the table and household sizes below one', () => {
    expect(() => guidelineYear(1999)).toThrow(RangeError);
    expect(() => povertyGuideline({ year: 2025, householdSize: 0 })).toThrow(RangeError);
    expect(() => povertyGuideline({ year: 2025, householdSize: 2.5 })).toThrow(RangeError);
  });

  it('maps states to the three HHS tables', () => {
    expect(povertyRegion('AK')).toBe('ALASKA');
    expect(povertyRegion('HI')).toBe('HAWAII');
    expect(povertyRegion('TX')).toBe('CONTIGUOUS');
    expect(povertyRegion(undefined)).toBe('CONTIGUOUS');
  });
});

describe('fplPercent', () => {
  it('is income over the guideline, in percent', () => {
    expect(fplPercent(15_650, 1, 'CO', 2025)).toBe(100);
    expect(fplPercent(0, 3, 'CO', 2025)).toBe(0);
    expect(fplPercent(64_300, 4, 'CO', 2025)).toBe(200);
    expect(fplPercent(40_200, 4, 'AK', 2025)).toBe(100);
  });

  it('is exact at whole-percent limits, so a client at the limit is not pushed over it', () => {
    for (let size = 1; size <= 20; size++) {
      for (const pct of [100, 133, 138, 150, 185, 200, 250, 300, 400]) {
        const guideline = povertyGuideline({ year: 2025, state: 'CO', householdSize: size });
        const income = (guideline * pct) / 100;
        if (!Number.isInteger(income)) continue;
        expect(fplPercent(income, size, 'CO', 2025)).toBe(pct);
      }
    }
  });
});
