import { describe, expect, it } from 'vitest';
import { deriveCategories, enrichLocation } from './enrich.ts';
import { locationSchema, type TaxonomyTerm, taxonomyTermSchema } from './records.ts';

describe('enrichLocation', () => {
  const base = {
    id: 'loc-1',
    addresses: [
      {
        id: 'a1',
        address_1: '11347 SW 160th Street',
        city: 'Miami',
        state_province: 'FL',
        postal_code: '33157',
      },
    ],
  };

  it('fills coordinates from the ZIP code, flags them approximate and finds the time zone', () => {
    const { location, issues } = enrichLocation(locationSchema.parse(base));
    expect(issues).toEqual([]);
    expect(location.latitude).toBeCloseTo(25.6, 0);
    expect(location.longitude).toBeCloseTo(-80.35, 0);
    expect(location.coordinates_approximate).toBe(true);
    expect(location.timezone_name).toBe('America/New_York');
    expect(location.review_flags.map((f) => f.code)).toEqual(['APPROXIMATE_COORDINATES']);
    // Idempotent: enriching again adds nothing.
    expect(enrichLocation(location).location.review_flags).toHaveLength(1);
  });

  it('keeps real coordinates and only adds the time zone', () => {
    const { location } = enrichLocation(
      locationSchema.parse({ ...base, latitude: 39.74, longitude: -104.99 }),
    );
    expect(location.coordinates_approximate).toBe(false);
    expect(location.latitude).toBe(39.74);
    expect(location.timezone_name).toBe('America/Denver');
    expect(location.review_flags).toEqual([]);
  });

  it('reports a location it cannot place, but not a virtual one', () => {
    const lost = enrichLocation(
      locationSchema.parse({ id: 'x', addresses: [{ ...base.addresses[0], postal_code: '' }] }),
    );
    expect(lost.issues.map((i) => i.field)).toEqual(['latitude']);
    expect(lost.location.latitude).toBeUndefined();
    const virtual = enrichLocation(locationSchema.parse({ id: 'v', location_type: 'virtual' }));
    expect(virtual.issues).toEqual([]);
  });
});

describe('deriveCategories', () => {
  const term = (t: Partial<TaxonomyTerm> & { id: string; name: string }) =>
    taxonomyTermSchema.parse(t);
  const terms = new Map(
    [
      term({ id: 't1', code: 'BD-1800.2000', name: 'Food Pantries' }),
      term({ id: 't2', code: 'housing.shelter', name: 'Emergency shelter' }),
      term({ id: 't3', name: 'Legal aid clinic' }),
      term({ id: 't4', code: 'X-1', name: 'Whatever', category: 'immigration' }),
      term({ id: 't5', code: 'TJ-3000', name: 'Information and Referral' }),
    ].map((t) => [t.id, t]),
  );
  const attr = (id: string) => ({ id: `a-${id}`, taxonomy_term_id: id });

  it('merges term categories with valid existing ones, sorted and unique', () => {
    const service = {
      attributes: ['t1', 't2', 't3', 't4', 't5', 'missing', 't1'].map(attr),
      categories: ['family', 'food.pantry', 'not-ours'],
    };
    expect(deriveCategories(service, terms)).toEqual([
      'family',
      'food',
      'housing',
      'immigration',
      'legal',
    ]);
  });

  it('returns [] when nothing maps', () => {
    expect(deriveCategories({ attributes: [attr('t5')], categories: [] }, terms)).toEqual([]);
  });
});
