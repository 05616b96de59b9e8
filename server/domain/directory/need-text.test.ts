import { describe, expect, it } from 'vitest';
import { categoryForText } from './need-text.ts';

describe('categoryForText', () => {
  it.each([
    ['Food Pantry', 'food'],
    ['groceries', 'food'],
    ['Emergency Shelter', 'housing'],
    ['Eviction defense', 'legal'],
    ['Alcohol treatment', 'substance-use'],
    ['Counseling', 'mental-health'],
    ['ESL classes', 'immigration'],
    ['Child care', 'family'],
    ['Dental', 'health'],
    ['Job training', 'employment'],
    ['Bus pass', 'transportation'],
    ['LIHEAP', 'utilities'],
  ])('%s → %s', (name, expected) => {
    expect(categoryForText(name)).toBe(expected);
  });

  it('returns null when nothing matches', () => {
    expect(categoryForText('Arts festivals')).toBeNull();
    expect(categoryForText('  ')).toBeNull();
  });
});
