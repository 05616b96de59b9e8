import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUuid, uuidv5 } from '../domain/directory/ids.ts';
import type { Service } from '../domain/directory/records.ts';
import { readSource } from './read-source.ts';
import type { ImportReading } from './types.ts';

/**
 * The real Open211 Miami HSDS 1.x package (2019): 1,074 organizations, 4,089 services and
 * locations, with the quirks its SOURCE.md documents. Skipped when the data is not checked out.
 */
const dir = path.resolve(import.meta.dirname, '../../../shared/data/open211-miami-hsds1');
// The package's `name` is the HSDS template default, so ids are scoped by the directory name.
const miamiId = (type: string, id: string) => uuidv5(`open211-miami-hsds1:${type}:${id}`);

describe.skipIf(!existsSync(dir))('Open211 Miami HSDS 1.x package', () => {
  let r: ImportReading;
  let byId: Map<string, Service>;
  beforeAll(async () => {
    r = await readSource(dir);
    byId = new Map(r.bundle.services.map((s) => [s.id, s]));
  }, 120_000);
  const service = (sourceId: string): Service => {
    const s = byId.get(miamiId('service', sourceId));
    if (!s) throw new Error(`service ${sourceId} missing`);
    return s;
  };

  it('imports every organization, service, location and link', () => {
    expect(r.format).toBe('hsds-tabular');
    expect(r.counts).toMatchObject({
      organizations: 1074,
      services: 4089,
      locations: 4089,
      serviceAtLocations: 4089,
      taxonomies: 1,
    });
    // taxonomy.csv has 1,994 rows; three ids (J among them) appear twice, and the second is skipped.
    expect(r.counts.taxonomyTerms).toBe(1991);
    expect(
      r.issues.filter((i) => i.field === 'id' && i.recordType === 'taxonomy_term'),
    ).toHaveLength(3);
  });

  it('accounts for every skipped row', () => {
    const errors = r.issues.filter((i) => i.severity === 'error');
    const byType = (t: string) => errors.filter((i) => i.recordType === t);
    // No primary record (organization, service, location, link) fails validation.
    for (const t of ['organization', 'service', 'location', 'service_at_location'])
      expect(byType(t)).toEqual([]);
    // 22 phone rows have no number (SOURCE.md: 4,067 of 4,089 have one).
    expect(byType('phone')).toHaveLength(22);
    expect(r.counts.phones).toBe(4067);
    // Every eligibility row has an empty service_id (quirk 2): one summary issue for 2,244 rows.
    expect(byType('eligibility')).toEqual([
      expect.objectContaining({
        reason: '2244 eligibility rows name no service and were dropped.',
      }),
    ]);
    // Schedule rows with an empty or garbled time (e.g. "6:300pm") are dropped one by one.
    const scheduleErrors = byType('schedule');
    expect(scheduleErrors.length).toBe(137);
    expect(
      scheduleErrors.every((i) => i.file === 'data/regular_schedules.csv' && i.row !== null),
    ).toBe(true);
    expect(r.skipped).toBe(22 + 2244 + 137 + 3);
  });

  it('flags the 447 services whose organization is not in the package, creating nothing', () => {
    const flagged = r.bundle.services.filter((s) =>
      s.review_flags.some((f) => f.code === 'MISSING_REFERENCE' && f.field === 'organization_id'),
    );
    expect(flagged).toHaveLength(447);
    const orgIds = new Set(r.bundle.organizations.map((o) => o.id));
    expect(flagged.every((s) => !orgIds.has(s.organization_id))).toBe(true);
    expect(
      r.issues.filter(
        (i) =>
          i.recordType === 'service' && i.field === 'organization_id' && i.severity === 'warning',
      ),
    ).toHaveLength(447);
    const orphan = service('6562');
    expect(orphan.name).toBe('IMMIGRATION ASSISTANCE');
    expect(orphan.organization_id).toBe(miamiId('organization', '6253'));
    expect(orphan.categories).toContain('immigration');
  });

  it('fills the 1,829 locations without coordinates from ZIP codes or reports them', () => {
    const approximate = r.bundle.locations.filter((l) => l.coordinates_approximate);
    const unplaced = r.bundle.locations.filter((l) => l.latitude == null);
    expect(approximate.length + unplaced.length).toBe(1829);
    expect(approximate.length).toBe(1798);
    expect(r.counts.locationsGeocodedFromPostalCode).toBe(1798);
    expect(
      approximate.every((l) => l.review_flags.some((f) => f.code === 'APPROXIMATE_COORDINATES')),
    ).toBe(true);
    const reported = r.issues.filter((i) => i.recordType === 'location' && i.field === 'latitude');
    expect(reported).toHaveLength(unplaced.length);
    expect(r.bundle.locations.filter((l) => l.latitude != null).every((l) => l.timezone_name)).toBe(
      true,
    );
    expect(r.bundle.locations.every((l) => isUuid(l.id) && l.external_identifier)).toBe(true);
  });

  it('maps language names to ISO codes (Creole → ht)', () => {
    const withCode = (code: string) =>
      r.bundle.services.filter((s) => s.languages.some((l) => l.code === code)).length;
    expect(withCode('en')).toBeGreaterThanOrEqual(4000);
    expect(withCode('es')).toBeGreaterThanOrEqual(3216);
    expect(withCode('ht')).toBeGreaterThanOrEqual(1401);
    expect(withCode('ase')).toBeGreaterThan(0);
    const unmapped = r.issues.filter((i) => i.recordType === 'language');
    expect(unmapped.length).toBeLessThan(20);
    expect(
      r.bundle.services.filter((s) => s.review_flags.some((f) => f.code === 'UNMAPPED_VALUE')),
    ).toHaveLength(new Set(unmapped.map((i) => i.recordId)).size);
  });

  it('lands AIRS codes in our top levels', () => {
    const term = r.bundle.taxonomyTerms.find((t) => t.code === 'BD-1800.2000-640');
    expect(term?.category).toBe('food');
    expect(service('3603').categories).toContain('food'); // BD-1800.2000
    expect(service('2760').categories).toContain('substance-use'); // RX-8450
    expect(service('3244').categories).toContain('immigration'); // FT-3600
    expect(service('6619').categories).toContain('utilities'); // BV-8900
    expect(service('6816').categories).toContain('transportation'); // BT-4500
    expect(service('1991').categories).toContain('employment'); // ND-6500
    expect(service('2271').categories).toContain('family'); // PH-1250
    expect(service('2236').categories).toContain('disability'); // LR-1700
    expect(service('2866').categories).toContain('mental-health'); // RP-1500
    expect(service('6862').categories).toContain('health'); // LV-1600
    expect(service('6726').categories).toContain('housing'); // BH-1800
    const used = new Set(r.bundle.services.flatMap((s) => s.categories));
    expect(used.size).toBe(12);
  });

  it('converts the Salvation Army record (id 149) field by field', () => {
    const s = service('149');
    expect(s).toMatchObject({
      name: 'SALVATION ARMY',
      status: 'active',
      url: 'www.salvationarmymiami.com',
      application_process: 'Contact the Social Services Department for intake requirements',
      organization_id: miamiId('organization', '149'),
    });
    expect(
      s.description.startsWith('The Salvation Army has been serving Miami-Dade since 1913'),
    ).toBe(true);
    expect(s.description).not.toMatch(/\\n|###/);
    expect(s.phones.map((p) => p.number)).toEqual(['305-637-6700']);
    expect(s.languages.map((l) => l.code)).toEqual(['en', 'es', 'ht']);
    expect(s.schedules).toEqual([
      expect.objectContaining({
        freq: 'WEEKLY',
        byday: 'MO,TU,WE,TH,FR',
        opens_at: '08:30',
        closes_at: '16:30',
        description: '8:30am-4:30pm, Mon-Fri',
      }),
    ]);
    // The contact's phone_number column holds only "6700": no dialable number survives.
    expect(s.contacts).toEqual([
      expect.objectContaining({
        name: 'Captain Enrique Azuaje',
        title: 'Area Commander',
        email: 'enrique.azuaje@uss.salvationarmy.org',
        phones: [],
      }),
    ]);
    expect(s.categories).toEqual(
      expect.arrayContaining(['housing', 'mental-health', 'substance-use', 'employment']),
    );
    const loc = r.bundle.locations.find((l) => l.id === miamiId('location', '149'));
    expect(loc).toMatchObject({
      external_identifier: '149',
      coordinates_approximate: true,
      timezone_name: 'America/New_York',
      organization_id: miamiId('organization', '149'),
    });
    expect(loc?.addresses).toEqual([
      expect.objectContaining({
        address_1: '1907 NW 38th Street',
        city: 'Miami',
        state_province: 'FL',
        postal_code: '33142',
        country: 'US',
      }),
    ]);
    expect(loc?.accessibility.map((a) => a.description)).toEqual(['Handicap accessible']);
    const sal = r.bundle.serviceAtLocations.find(
      (x) => x.id === miamiId('service_at_location', '149'),
    );
    expect(sal).toMatchObject({ service_id: s.id, location_id: loc?.id });
  });

  it('keeps real coordinates as given (location 150)', () => {
    const loc = r.bundle.locations.find((l) => l.id === miamiId('location', '150'));
    expect(loc).toMatchObject({
      latitude: 25.7991167460233,
      longitude: -80.1967001873212,
      coordinates_approximate: false,
    });
  });

  it('gives identical ids when read twice', async () => {
    const again = await readSource(dir);
    expect(again.bundle.services.map((s) => s.id)).toEqual(r.bundle.services.map((s) => s.id));
    expect(again.bundle.services.flatMap((s) => s.schedules.map((x) => x.id))).toEqual(
      r.bundle.services.flatMap((s) => s.schedules.map((x) => x.id)),
    );
    expect(again.bundle.locations.map((l) => l.id)).toEqual(r.bundle.locations.map((l) => l.id));
    expect(again.bundle.taxonomyTerms.map((t) => t.id)).toEqual(
      r.bundle.taxonomyTerms.map((t) => t.id),
    );
  }, 120_000);
});
