import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUuid, uuidv5 } from '../domain/directory/ids.ts';
import { taxonomyTermId } from '../domain/directory/taxonomy.ts';
import { readSource } from './read-source.ts';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/hsds');
const tabularDir = path.join(fixtures, 'tabular-1x');
const jsonDir = path.join(fixtures, 'hsds3-json');
const tinyId = (type: string, id: string) => uuidv5(`tiny-1x:${type}:${id}`);

describe('readSource: HSDS 1.x tabular package', () => {
  it('detects the format and counts what it created and skipped', async () => {
    const r = await readSource(tabularDir);
    expect(r.format).toBe('hsds-tabular');
    expect(r.counts).toMatchObject({
      organizations: 1,
      services: 3,
      locations: 3,
      serviceAtLocations: 3,
      taxonomyTerms: 5,
    });
    // o2 (bad email), s3 (no name), sal4 (unknown service), a4 (unknown location), p2 (no number),
    // three schedule rows, one unjoinable eligibility row and one duplicate taxonomy id.
    expect(r.skipped).toBe(10);
    expect(r.issues.filter((i) => i.severity === 'error')).toHaveLength(10);
  });

  it('skips an invalid record whole and reports file, row and field', async () => {
    const r = await readSource(tabularDir);
    expect(r.bundle.organizations.map((o) => o.name)).toEqual(['Harbor Food Bank']);
    expect(r.issues).toContainEqual({
      file: 'data/organizations.csv',
      row: 2,
      field: 'email',
      reason: 'must be an email address',
      severity: 'error',
      recordType: 'organization',
      recordId: 'o2',
    });
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        file: 'data/services.csv',
        row: 3,
        field: 'name',
        recordId: 's3',
        severity: 'error',
      }),
    );
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        file: 'data/phones.csv',
        row: 2,
        field: 'number',
        recordType: 'phone',
        severity: 'error',
      }),
    );
    expect(r.issues).toContainEqual(
      expect.objectContaining({ file: 'programs.csv', severity: 'warning', recordType: 'program' }),
    );
  });

  it('converts a 1.x service to the HSDS 3 shape', async () => {
    const r = await readSource(tabularDir);
    const s1 = r.bundle.services.find((s) => s.id === tinyId('service', 's1'));
    expect(s1).toBeDefined();
    expect(s1?.organization_id).toBe(tinyId('organization', 'o1'));
    expect(s1?.status).toBe('active');
    expect(s1?.description).toBe('Free groceries.\n* Bring ID');
    expect(s1?.fees_description).toBe('Free');
    expect(s1?.categories).toEqual(['food']);
    expect(s1?.eligibility?.description).toBe('Miami-Dade residents.\nBring proof of address.');
    expect(s1?.languages.map((l) => [l.code, l.note])).toEqual([
      ['en', null],
      ['ht', 'Creole'],
      ['es', 'Spanish (limited)'],
    ]);
    expect(s1?.interpretation_services).toBe('Other languages available upon request');
    expect(s1?.phones).toEqual([
      expect.objectContaining({ number: '305-555-0100', extension: 12, type: 'voice' }),
    ]);
    expect(s1?.contacts.map((c) => c.phones.map((p) => p.number))).toEqual([['305-555-0101'], []]);
    const schedules = s1?.schedules ?? [];
    expect(
      schedules
        .filter((s) => s.freq === 'WEEKLY')
        .map((s) => [s.byday, s.opens_at, s.closes_at, s.notes]),
    ).toEqual([
      ['MO,TU,WE', '09:00', '17:00', null],
      ['SA', '08:30', '12:00', 'dispensing'],
    ]);
    expect(schedules.filter((s) => s.closed).map((s) => [s.valid_from, s.valid_to])).toEqual([
      ['2026-12-25', '2026-12-25'],
      ['2026-12-31', '2027-01-01'],
    ]);
    expect(r.bundle.organizations[0]?.description).toBe('Feeds Miami.\n\nSince 1980.');
    expect(r.bundle.organizations[0]?.website).toBe('www.harborfood.org');
  });

  it('keeps and flags records with missing references', async () => {
    const r = await readSource(tabularDir);
    const s2 = r.bundle.services.find((s) => s.id === tinyId('service', 's2'));
    expect(s2?.organization_id).toBe(tinyId('organization', 'o9'));
    expect(s2?.review_flags.map((f) => f.code).sort()).toEqual([
      'MISSING_REFERENCE',
      'UNMAPPED_VALUE',
    ]);
    expect(s2?.categories).toEqual(['immigration']);
    expect(r.bundle.organizations.some((o) => o.id === tinyId('organization', 'o9'))).toBe(false);
    const s4 = r.bundle.services.find((s) => s.id === tinyId('service', 's4'));
    expect(s4?.review_flags).toEqual([
      expect.objectContaining({
        code: 'MISSING_REFERENCE',
        field: 'service_at_locations.location_id',
      }),
    ]);
    expect(r.bundle.serviceAtLocations.map((s) => s.id)).not.toContain(
      tinyId('service_at_location', 'sal4'),
    );
  });

  it('enriches locations: ZIP coordinates flagged approximate, time zones, trimmed states, US default', async () => {
    const r = await readSource(tabularDir);
    const [l1, l2, l3] = ['l1', 'l2', 'l3'].map((id) =>
      r.bundle.locations.find((l) => l.id === tinyId('location', id)),
    );
    expect(l1).toMatchObject({
      latitude: 25.7743,
      coordinates_approximate: false,
      timezone_name: 'America/New_York',
      external_identifier: 'l1',
    });
    expect(l1?.organization_id).toBe(tinyId('organization', 'o1'));
    expect(l1?.addresses[0]).toMatchObject({
      state_province: 'FL',
      country: 'US',
      postal_code: '33132',
    });
    expect(l1?.accessibility).toEqual([
      expect.objectContaining({ description: 'Handicap accessible', details: 'Ramp at side door' }),
    ]);
    expect(l2?.coordinates_approximate).toBe(true);
    expect(l2?.latitude).toBeCloseTo(25.78, 1);
    expect(l2?.review_flags.map((f) => f.code)).toContain('APPROXIMATE_COORDINATES');
    expect(l3?.latitude ?? null).toBeNull();
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        recordType: 'location',
        recordId: 'l3',
        field: 'latitude',
        severity: 'warning',
      }),
    );
  });
});

describe('readSource: HSDS 3 JSON directory', () => {
  it('reads nested services and organizations, JSON and NDJSON', async () => {
    const r = await readSource(jsonDir);
    expect(r.format).toBe('hsds3-json');
    expect(r.bundle.services.map((s) => s.name).sort()).toEqual([
      'Coastside Food Pantry',
      'Lost Service',
      'Rides to Clinic',
    ]);
    expect(r.bundle.organizations.map((o) => o.name).sort()).toEqual([
      'Coastside Community Services',
      'Valley Rides',
    ]);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ file: 'organizations.ndjson', row: 2, severity: 'error' }),
    );
    expect(r.issues).toContainEqual(
      expect.objectContaining({ recordId: 'svc-2', field: 'email', severity: 'error' }),
    );
    expect(r.skipped).toBe(3);
  });

  it('keeps UUIDs, maps other ids, and links our taxonomy by code', async () => {
    const r = await readSource(jsonDir);
    const pantry = r.bundle.services.find((s) => s.name === 'Coastside Food Pantry');
    expect(pantry?.id).toBe('9f1c6a52-3b1e-4d7e-8a11-0c2f4e5d6a01');
    expect(pantry?.attributes.map((a) => a.taxonomy_term_id)).toContain(
      taxonomyTermId('food.pantry'),
    );
    expect(pantry?.categories).toEqual(['food', 'housing']);
    expect(pantry?.phones.map((p) => p.number)).toEqual(['650-555-0100']);
    expect(pantry?.languages.map((l) => l.code)).toEqual(['es', 'ht']);
    const rides = r.bundle.services.find((s) => s.name === 'Rides to Clinic');
    expect(rides?.id).toBe(uuidv5('hsds3-json:service:svc-3'));
    expect(rides?.organization_id).toBe(uuidv5('hsds3-json:organization:org-2'));
    expect(rides?.categories).toEqual(['transportation']);
    expect(r.bundle.taxonomies.map((t) => t.name).sort()).toEqual(['AIRS', 'wayfinder']);
    const hall = r.bundle.locations.find((l) => l.name === 'Coastside Hall');
    expect(hall).toMatchObject({
      coordinates_approximate: true,
      timezone_name: 'America/Los_Angeles',
      organization_id: '2a4b6c8d-1e3f-4a5b-9c7d-8e9f0a1b2c01',
    });
    const depot = r.bundle.locations.find((l) => l.name === 'Valley Depot');
    expect(depot).toMatchObject({ external_identifier: 'loc-3', timezone_name: 'America/Denver' });
    const lost = r.bundle.services.find((s) => s.name === 'Lost Service');
    expect(lost?.review_flags.map((f) => f.code)).toEqual(['MISSING_REFERENCE']);
  });

  it('reads a single NDJSON file', async () => {
    const r = await readSource(path.join(jsonDir, 'organizations.ndjson'));
    expect(r.format).toBe('hsds3-json');
    expect(r.bundle.services.map((s) => s.id)).toContain(uuidv5('organizations:service:svc-3'));
  });
});

describe('readSource: idempotency', () => {
  it.each([tabularDir, jsonDir])(
    'gives identical ids and records when read twice (%s)',
    async (dir) => {
      const a = await readSource(dir);
      const b = await readSource(dir);
      expect(b.bundle).toEqual(a.bundle);
      const ids = [...a.bundle.services, ...a.bundle.locations, ...a.bundle.organizations].map(
        (x) => x.id,
      );
      expect(ids.every(isUuid)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );
});

describe('readSource: progress', () => {
  it('reports progress ending at the total', async () => {
    const calls: Array<[number, number]> = [];
    await readSource(tabularDir, { onProgress: (done, total) => calls.push([done, total]) });
    const last = calls.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
  });
});
