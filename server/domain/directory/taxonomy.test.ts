import { describe, expect, it } from 'vitest';
import { isUuid } from './ids.ts';
import { taxonomySchema, taxonomyTermSchema } from './records.ts';
import {
  categoryForAirsCode,
  categoryForText,
  categoryName,
  isCategoryCode,
  needCategories,
  synonymsFor,
  taxonomyRecords,
  topLevelCode,
  topLevelCodes,
} from './taxonomy.ts';

describe('need taxonomy', () => {
  it('has exactly the twelve public top-level codes, each with 3–8 children', () => {
    expect(needCategories.map((c) => c.code)).toEqual([
      'food',
      'housing',
      'transportation',
      'mental-health',
      'substance-use',
      'health',
      'legal',
      'employment',
      'utilities',
      'family',
      'disability',
      'immigration',
    ]);
    expect(topLevelCodes).toEqual(needCategories.map((c) => c.code));
    for (const top of needCategories) {
      expect(top.children.length).toBeGreaterThanOrEqual(3);
      expect(top.children.length).toBeLessThanOrEqual(8);
      for (const child of top.children) expect(child.code.startsWith(`${top.code}.`)).toBe(true);
    }
  });

  it('answers code questions', () => {
    expect(isCategoryCode('food')).toBe(true);
    expect(isCategoryCode('food.pantry')).toBe(true);
    expect(isCategoryCode('food.caviar')).toBe(false);
    expect(topLevelCode('food.pantry')).toBe('food');
    expect(topLevelCode('legal.eviction-defense')).toBe('legal');
    expect(topLevelCode('nope')).toBeNull();
    expect(categoryName('housing.rent-assistance')).toBe('Rent assistance');
    expect(categoryName('nope')).toBeNull();
  });

  it('lists synonyms, with children for a top level', () => {
    const food = synonymsFor('food');
    for (const s of ['groceries', 'pantry', 'meals', 'SNAP', 'Food pantries', 'soup kitchen'])
      expect(food).toContain(s);
    expect(synonymsFor('housing')).toEqual(expect.arrayContaining(['shelter', 'rent', 'eviction']));
    expect(synonymsFor('legal')).toContain('eviction');
    expect(synonymsFor('transportation')).toEqual(expect.arrayContaining(['bus pass', 'rides']));
    expect(synonymsFor('mental-health')).toEqual(
      expect.arrayContaining(['counseling', 'therapy', 'crisis']),
    );
    expect(new Set(food.map((s) => s.toLowerCase())).size).toBe(food.length);
    expect(synonymsFor('food.pantry')).toContain('food bank');
    expect(synonymsFor('nope')).toEqual([]);
  });

  it('builds valid HSDS taxonomy records with stable UUIDs', () => {
    const a = taxonomyRecords();
    const b = taxonomyRecords();
    expect(taxonomySchema.parse(a.taxonomy)).toBeTruthy();
    for (const t of a.terms) taxonomyTermSchema.parse(t);
    expect(a.terms.map((t) => t.id)).toEqual(b.terms.map((t) => t.id));
    expect(a.terms.every((t) => isUuid(t.id))).toBe(true);
    const pantry = a.terms.find((t) => t.code === 'food.pantry');
    const food = a.terms.find((t) => t.code === 'food');
    expect(pantry?.parent_id).toBe(food?.id);
    expect(pantry?.category).toBe('food');
    expect(food?.parent_id).toBeNull();
  });
});

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
