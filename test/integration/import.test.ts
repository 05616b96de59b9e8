import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv5 } from '../../server/domain/directory/ids.ts';
import { countPending } from '../../server/domain/directory/outbox-worker.ts';
import { type ImportResult, importSource } from '../../server/importers/import-source.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const miamiDir = path.resolve(import.meta.dirname, '../../../shared/data/open211-miami-hsds1');
const tabularFixture = path.resolve(import.meta.dirname, '../fixtures/hsds/tabular-1x');
const miamiId = (type: string, id: string) => uuidv5(`open211-miami-hsds1:${type}:${id}`);
const tinyId = (type: string, id: string) => uuidv5(`tiny-1x:${type}:${id}`);

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      facets { languages { value count } }
      edges { node { id name organization { id name } categories { code } languages { code } } }
    }
  }
`;
type SearchData = {
  searchServices: {
    totalCount: number;
    facets: { languages: Array<{ value: string; count: number }> };
    edges: Array<{
      node: {
        id: string;
        name: string;
        organization: { id: string; name: string } | null;
        categories: Array<{ code: string }>;
        languages: Array<{ code: string }>;
      };
    }>;
  };
};

const SERVICE = /* GraphQL */ `
  query Service($id: ID!) {
    service(id: $id) {
      id name description status
      organization { name }
      phones { number }
      languages { code }
      categories { code }
      locations { name address { city postalCode } }
    }
  }
`;

async function search(server: TestServer, input: Record<string, unknown>) {
  const res = await server.gql<SearchData>(SEARCH, { input });
  expect(res.errors).toBeUndefined();
  const result = res.data?.searchServices;
  if (!result) throw new Error('no search result');
  return result;
}

async function drain(server: TestServer, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
    if ((await countPending(server.runtime.deps)) === 0) return;
    if (Date.now() > until) throw new Error('the outbox did not drain');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!existsSync(miamiDir))('importing the Open211 Miami package', () => {
  let server: TestServer;
  let first: ImportResult;
  beforeAll(async () => {
    server = await startTestServer();
    first = await importSource(server.runtime.deps, miamiDir);
    await drain(server);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('stores every valid record and makes every listed service searchable', async () => {
    expect(first.stored.created).toMatchObject({
      organizations: 1074,
      services: 4089,
      locations: 4089,
    });
    const { Service } = server.runtime.deps.db.models;
    expect(await Service.collection.countDocuments({})).toBe(4089);
    const listed = await Service.collection.countDocuments({
      status: { $nin: ['inactive', 'defunct'] },
    });
    expect(listed).toBeGreaterThan(4000);
    expect((await search(server, { first: 1 })).totalCount).toBe(listed);
  });

  it('keeps the 447 services whose organization is missing, flagged and searchable', async () => {
    const { Service } = server.runtime.deps.db.models;
    // FerretDB v1 has no $elemMatch on documents: filter the flags here.
    const flagged = (
      await Service.collection.find({}).project({ status: 1, review_flags: 1 }).toArray()
    ).filter((s) =>
      (s.review_flags as Array<{ code: string; field: string }>).some(
        (f) => f.code === 'MISSING_REFERENCE' && f.field === 'organization_id',
      ),
    );
    expect(flagged).toHaveLength(447);
    const listedIds = flagged
      .filter((s) => !['inactive', 'defunct'].includes(String(s.status)))
      .map((s) => String(s._id));
    const indexed = await server.runtime.deps.search.search({
      filter: { field: 'serviceId', anyOf: listedIds },
      distinctService: true,
      sort: 'RELEVANCE',
      offset: 0,
      limit: 1,
    });
    expect(indexed.total).toBe(listedIds.length);

    const orphan = (await search(server, { text: 'immigration assistance', first: 50 })).edges.find(
      (e) => e.node.id === miamiId('service', '6562'),
    );
    expect(orphan?.node).toMatchObject({ name: 'IMMIGRATION ASSISTANCE', organization: null });
    expect(orphan?.node.categories.map((c) => c.code)).toContain('immigration');
  });

  it('finds the Salvation Army by text, with categories derived from its AIRS codes', async () => {
    const result = await search(server, { text: 'Salvation Army', first: 10 });
    const hit = result.edges.find((e) => e.node.id === miamiId('service', '149'));
    expect(hit?.node.name).toBe('SALVATION ARMY');
    expect(hit?.node.organization?.id).toBe(miamiId('organization', '149'));
    expect(hit?.node.categories.map((c) => c.code)).toEqual(
      expect.arrayContaining(['housing', 'mental-health', 'substance-use', 'employment']),
    );
    expect(hit?.node.languages.map((l) => l.code)).toEqual(['en', 'es', 'ht']);
  });

  it('facets and filters by Haitian Creole (ht)', async () => {
    const all = await search(server, { first: 1 });
    const ht = all.facets.languages.find((f) => f.value === 'ht');
    expect(ht?.count).toBeGreaterThanOrEqual(1401);
    const creole = await search(server, { languages: ['ht'], first: 20 });
    expect(creole.totalCount).toBe(ht?.count);
    expect(creole.edges.every((e) => e.node.languages.some((l) => l.code === 'ht'))).toBe(true);
  });

  it('is idempotent: importing again creates nothing and updates every record', async () => {
    const again = await importSource(server.runtime.deps, miamiDir);
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(again.stored.created)).toBe(0);
    expect(again.stored.updated).toEqual(
      Object.fromEntries(
        Object.entries(first.stored.created).map(([k, v]) => [
          k,
          v + (first.stored.updated[k] ?? 0),
        ]),
      ),
    );
    expect(await server.runtime.deps.db.models.Service.collection.countDocuments({})).toBe(4089);
  }, 180_000);
});

describe('importing a package with bad rows', () => {
  let server: TestServer;
  let result: ImportResult;
  beforeAll(async () => {
    server = await startTestServer();
    result = await importSource(server.runtime.deps, tabularFixture);
    await drain(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports each bad row with file, row, field and reason, and does not store it', async () => {
    expect(result.reading.issues).toContainEqual({
      file: 'data/organizations.csv',
      row: 2,
      field: 'email',
      reason: 'must be an email address',
      severity: 'error',
      recordType: 'organization',
      recordId: 'o2',
    });
    expect(result.reading.issues).toContainEqual(
      expect.objectContaining({
        file: 'data/services.csv',
        row: 3,
        field: 'name',
        severity: 'error',
        recordId: 's3',
      }),
    );
    expect(result.reading.skipped).toBe(10);
    const { Organization, Service } = server.runtime.deps.db.models;
    expect(
      await Organization.collection.findOne({ _id: tinyId('organization', 'o2') as never }),
    ).toBeNull();
    expect(await Service.collection.findOne({ _id: tinyId('service', 's3') as never })).toBeNull();
    const res = await server.gql(SERVICE, { id: tinyId('service', 's3') });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.stored.created).toMatchObject({ organizations: 1, services: 3, locations: 3 });
  });

  it('stores valid records whole, children included, and makes them searchable', async () => {
    const res = await server.gql<{ service: Record<string, unknown> }>(SERVICE, {
      id: tinyId('service', 's1'),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.service).toMatchObject({
      name: 'Emergency Food Pantry',
      description: 'Free groceries.\n* Bring ID',
      organization: { name: 'Harbor Food Bank' },
      phones: [{ number: '305-555-0100' }],
      languages: [{ code: 'en' }, { code: 'es' }, { code: 'ht' }],
      categories: [{ code: 'food' }],
    });
    const hits = await search(server, { text: 'emergency food pantry', first: 10 });
    expect(hits.edges.map((e) => e.node.id)).toContain(tinyId('service', 's1'));
  });

  it('updates in place when imported again', async () => {
    const again = await importSource(server.runtime.deps, tabularFixture);
    expect(again.stored.created).toMatchObject({ organizations: 0, services: 0, locations: 0 });
    expect(again.stored.updated).toMatchObject({ organizations: 1, services: 3, locations: 3 });
  });
});
