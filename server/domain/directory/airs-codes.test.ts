import { describe, expect, it } from 'vitest';
import { categoryForAirsCode } from './airs-codes.ts';

describe('categoryForAirsCode', () => {
  it.each([
    ['BD-1800.2000', 'food'],
    ['BD-5000.1500', 'food'],
    ['NL-6000.2000-220', 'food'],
    ['BH-1800.1500-100', 'housing'],
    ['BH-3800.7000', 'housing'],
    ['BT-4500.6500-500', 'transportation'],
    ['RP-1500', 'mental-health'],
    ['RX-8450', 'substance-use'],
    ['YF-8000', 'substance-use'],
    ['LV-1600', 'health'],
    ['FT-4500.1800', 'legal'],
    ['ND-6500', 'employment'],
    ['BV-8900.9300', 'utilities'],
    ['PH-1250.1400', 'family'],
    ['LR-1700', 'disability'],
    ['YF-6500', 'disability'],
    ['FT-3600', 'immigration'],
    ['YE-3300', 'immigration'],
    ['bd-1800', 'food'],
  ])('%s → %s', (code, expected) => {
    expect(categoryForAirsCode(code)).toBe(expected);
  });

  it('returns null for unmapped or non-AIRS codes', () => {
    expect(categoryForAirsCode('TJ-3000')).toBeNull();
    expect(categoryForAirsCode('H')).toBeNull();
    expect(categoryForAirsCode('YF-2000')).toBeNull(); // frail elderly: carved out of YF
    expect(categoryForAirsCode('food')).toBeNull();
    expect(categoryForAirsCode('')).toBeNull();
  });
});
