import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { fromDoc } from '../../server/db/documents.ts';
import type { Location, Organization } from '../../server/domain/directory/records.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import type { StoredService } from '../../server/domain/directory/stored.ts';
import { taxonomyTermId } from '../../server/domain/directory/taxonomy.ts';
import { exportDirectory } from '../../server/hsds/export.ts';
import { hsdsDateTime, hsdsEligibilityFields } from '../../server/hsds/serialize.ts';
import { importSource } from '../../server/importers/import-source.ts';
import { demoDataset } from '../../server/runtime.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
} from '../factories/directory.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Export → import: the HSDS JSON export of a known directory (factory records with every
 * extension, plus the demo seed) read back by our HSDS JSON reader gives the same records, field
 * by field; the tabular export gives the same core fields.
 */

let source: TestServer;
let fromJson: TestServer;
let fromTabular: TestServer;
let dir: string;

const org = buildOrganization({
  name: 'Round Trip Pantry',
  website: 'https://roundtrip.example.org',
  phones: [{ id: randomUUID(), number: '(303) 555-0100', type: 'voice' }],
});
const site = buildLocation({
  name: 'Round Trip Site',
  organization_id: org.id,
  coordinates_approximate: true,
  schedules: [
    {
      id: randomUUID(),
      freq: 'WEEKLY',
      byday: 'SA',
      opens_at: '10:00',
      closes_at: '12:00',
      description: 'Saturday mornings',
    },
  ],
});
const service = buildService(org, {
  name: 'Round Trip Groceries',
  attributes: [{ id: randomUUID(), taxonomy_term_id: taxonomyTermId('food.pantry') }],
  eligibility: {
    min_age: 18,
    max_age: 64,
    income_limit_fpl_percent: 200,
    residency: {
      postal_codes: ['80202', '80203'],
      counties: ['Denver County, CO'],
      states: ['CO'],
    },
    genders: ['female', 'nonbinary'],
    veteran_only: true,
    documents_required: ['Photo ID'],
    description: 'Adults 18 to 64 in Denver.',
  },
  schedules: [
    {
      id: randomUUID(),
      freq: 'WEEKLY',
      byday: 'MO,WE',
      opens_at: '09:00',
      closes_at: '17:00',
    },
    { id: randomUUID(), closed: true, valid_from: '2026-12-24', valid_to: '2026-12-26' },
    {
      id: randomUUID(),
      closed: true,
      valid_from: '2026-11-26',
      description: 'Closed for Thanksgiving',
    },
  ],
});
const link = {
  id: randomUUID(),
  service_id: service.id,
  location_id: site.id,
  description: 'Ask at the side door.',
  phones: [{ id: randomUUID(), number: '(303) 555-0199' }],
  schedules: [],
  contacts: [],
};
const lonelyOrg = buildOrganization({ name: 'Organization Without Services' });

async function all<T>(db: Database, name: 'Service' | 'Organization' | 'Location') {
  const out = new Map<string, T>();
  for await (const doc of db.models[name].collection.find({})) {
    const record = fromDoc<T & { id: string }>(doc);
    out.set(record.id, record);
  }
  return out;
}

/** A record without empty values and review flags: what "the same" means across a round trip. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || v === '' || k === 'review_flags') continue;
      out[k] = clean(v);
    }
    return out;
  }
  return value;
}

/** What the export promises for a service: HSDS's plain fields filled from our rules, closures described. */
function expectedService(s: StoredService): unknown {
  const closures = (list: StoredService['schedules']) =>
    list.map((x) =>
      x.closed
        ? {
            ...x,
            description: x.description?.trim() ? x.description : 'Closed.',
            valid_to: x.valid_to ?? x.valid_from,
          }
        : x,
    );
  return clean({
    ...s,
    ...hsdsEligibilityFields(s),
    last_modified: hsdsDateTime(s.last_modified),
    schedules: closures(s.schedules),
    service_at_locations: s.service_at_locations.map((l) => ({
      ...l,
      schedules: closures(l.schedules),
    })),
  });
}

beforeAll(async () => {
  source = await startTestServer();
  await importSource(source.runtime.deps, demoDataset);
  await storeBundle(
    source.runtime.deps,
    bundleOf({
      organizations: [org, lonelyOrg],
      locations: [site],
      services: [service],
      serviceAtLocations: [link],
    }),
  );
  dir = await mkdtemp(path.join(tmpdir(), 'wayfinder-export-'));
  await exportDirectory(source.runtime.deps.db, dir);
  fromJson = await startTestServer();
  await importSource(fromJson.runtime.deps, path.join(dir, 'services.json'));
  fromTabular = await startTestServer();
  await importSource(fromTabular.runtime.deps, path.join(dir, 'tabular'));
}, 600_000);

afterAll(async () => {
  await Promise.all([source?.close(), fromJson?.close(), fromTabular?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HSDS JSON export round trip', () => {
  it('brings back every service field by field, extensions included', async () => {
    const before = await all<StoredService>(source.runtime.deps.db, 'Service');
    const after = await all<StoredService>(fromJson.runtime.deps.db, 'Service');
    expect(before.size).toBe(2001);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, original] of before) {
      expect(clean(after.get(id)), id).toEqual(expectedService(original));
    }
    const ours = after.get(service.id);
    expect(ours?.eligibility).toEqual(service.eligibility);
    expect(ours?.categories).toEqual(['food']);
    expect(ours?.schedules.filter((s) => s.closed).map((s) => s.valid_from)).toEqual([
      '2026-12-24',
      '2026-11-26',
    ]);
    expect(ours).toMatchObject({ minimum_age: 18, maximum_age: 64 });
  });

  it('brings back organizations and locations field by field', async () => {
    const orgsBefore = await all<Organization>(source.runtime.deps.db, 'Organization');
    const orgsAfter = await all<Organization>(fromJson.runtime.deps.db, 'Organization');
    expect([...orgsAfter.keys()].sort()).toEqual([...orgsBefore.keys()].sort());
    for (const [id, o] of orgsBefore) expect(clean(orgsAfter.get(id)), id).toEqual(clean(o));
    const locationsBefore = await all<Location>(source.runtime.deps.db, 'Location');
    const locationsAfter = await all<Location>(fromJson.runtime.deps.db, 'Location');
    expect([...locationsAfter.keys()].sort()).toEqual([...locationsBefore.keys()].sort());
    for (const [id, l] of locationsBefore) {
      const expected = clean({
        ...l,
        schedules: l.schedules.map((x) =>
          x.closed ? { ...x, valid_to: x.valid_to ?? x.valid_from } : x,
        ),
      });
      expect(clean(locationsAfter.get(id)), id).toEqual(expected);
    }
    expect(locationsAfter.get(site.id)).toMatchObject({
      coordinates_approximate: true,
      timezone_name: 'America/Denver',
    });
  });

  it('writes the extensions in plain HSDS terms too', async () => {
    const text = await readFile(path.join(dir, 'services.json'), 'utf8');
    const services = JSON.parse(text) as Array<Record<string, unknown>>;
    const ours = services.find((s) => s.id === service.id) as Record<string, unknown>;
    expect(ours.eligibility_description).toBe('Adults 18 to 64 in Denver.');
    const attributes = ours.attributes as Array<Record<string, unknown>>;
    expect(
      attributes.filter((a) => a.link_type === 'eligibility').map((a) => [a.label, a.value]),
    ).toContainEqual(['Income limit (% of federal poverty guideline)', '200']);
    const closure = (ours.schedules as Array<Record<string, unknown>>).find(
      (s) => s.valid_from === '2026-12-24',
    );
    expect(closure).toMatchObject({ closed: true, description: 'Closed.', valid_to: '2026-12-26' });
    expect(closure?.freq).toBeUndefined();
  });
});

describe('HSDS tabular export round trip', () => {
  it('brings back the core fields of every service, organization and location', async () => {
    const before = await all<StoredService>(source.runtime.deps.db, 'Service');
    const after = await all<StoredService>(fromTabular.runtime.deps.db, 'Service');
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const core = (s: StoredService | undefined) =>
      s && {
        name: s.name,
        organization_id: s.organization_id,
        status: s.status,
        description: s.description,
        url: s.url ?? null,
        email: s.email ?? null,
        fees_description: s.fees_description ?? null,
        minimum_age: hsdsEligibilityFields(s).minimum_age,
        phones: s.phones.map((p) => p.number),
        languages: s.languages.map((l) => l.code).sort(),
        attributes: s.attributes.map((a) => a.taxonomy_term_id).sort(),
        categories: s.categories,
        links: s.service_at_locations.map((l) => [l.id, l.location_id]).sort(),
        // Tabular HSDS 3 has no closure flag: a closure comes back as a schedule without freq.
        openSchedules: s.schedules
          .filter((x) => x.freq)
          .map((x) => [x.byday, x.opens_at, x.closes_at]),
      };
    for (const [id, original] of before) expect(core(after.get(id)), id).toEqual(core(original));

    const orgsBefore = await all<Organization>(source.runtime.deps.db, 'Organization');
    const orgsAfter = await all<Organization>(fromTabular.runtime.deps.db, 'Organization');
    expect([...orgsAfter.keys()].sort()).toEqual([...orgsBefore.keys()].sort());
    for (const [id, o] of orgsBefore)
      expect(orgsAfter.get(id), id).toMatchObject({ name: o.name, description: o.description });

    const locationsBefore = await all<Location>(source.runtime.deps.db, 'Location');
    const locationsAfter = await all<Location>(fromTabular.runtime.deps.db, 'Location');
    for (const [id, l] of locationsBefore) {
      expect(locationsAfter.get(id), id).toMatchObject({
        latitude: l.latitude,
        longitude: l.longitude,
        addresses: l.addresses.map((a) => expect.objectContaining({ postal_code: a.postal_code })),
      });
    }
  });
});
