import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSource } from './read-source.ts';
import type { ImportReading } from './types.ts';

/** The 2013 San Mateo County Ohana export (flat NDJSON, 1,703 records); skipped when absent. */
const file = path.resolve(
  import.meta.dirname,
  '../../../shared/data/smc-ohana-2013/organizations.json',
);

describe.skipIf(!existsSync(file))('San Mateo Ohana 2013 export', () => {
  let r: ImportReading;
  beforeAll(async () => {
    r = await readSource(file);
  }, 120_000);

  it('reads every record as a service, skipping the three with a malformed email', () => {
    expect(r.format).toBe('ohana-ndjson');
    expect(r.counts.services).toBe(1700);
    const serviceErrors = r.issues.filter(
      (i) => i.severity === 'error' && i.recordType === 'service',
    );
    expect(serviceErrors).toHaveLength(3);
    expect(serviceErrors.every((i) => i.field === 'email' && i.row !== null)).toBe(true);
    // One organization per distinct agency, or per record without one.
    expect(r.counts.organizations).toBeGreaterThan(302);
  });

  it('reads coordinates in GeoJSON [longitude, latitude] order', () => {
    const first = r.bundle.locations.find((l) =>
      l.name?.startsWith('Operations Division., Area Office of Emergency Services'),
    );
    expect(first).toMatchObject({
      latitude: 37.488701,
      longitude: -122.230148,
      timezone_name: 'America/Los_Angeles',
    });
    expect(first?.addresses[0]).toMatchObject({
      address_1: '555 County Center, 4th Floor',
      city: 'Redwood City',
      postal_code: '94063',
    });
  });

  it('flattens phones, maps spoken languages and keywords', () => {
    const codes = new Set(r.bundle.services.flatMap((s) => s.languages.map((l) => l.code)));
    for (const code of ['es', 'tl', 'cmn', 'yue', 'vi']) expect(codes).toContain(code);
    expect(r.counts.phones).toBeGreaterThan(1600);
    const categories = new Set(r.bundle.services.flatMap((s) => s.categories));
    expect(categories.size).toBe(12);
  });
});
