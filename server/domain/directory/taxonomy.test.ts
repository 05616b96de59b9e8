import { describe, expect, it } from 'vitest';
import { isUuid } from './ids.ts';
import { needCategories, topLevelCodes } from './need-categories.ts';
import { taxonomySchema, taxonomyTermSchema } from './records.ts';
import {
  categoryName,
  isCategoryCode,
  synonymsFor,
  taxonomyRecords,
  topLevelCode,
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
    expect(categoryName('housing', 'es')).toBe('Vivienda');
    expect(categoryName('utilities', 'es')).toBe('Luz, agua y gas');
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
