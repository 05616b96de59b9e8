import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import {
  countPending,
  drainOutbox,
  FEED_RETENTION_MS,
} from '../../server/domain/directory/outbox-worker.ts';
import type { DirectoryBundle } from '../../server/domain/directory/records.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { importSource } from '../../server/importers/import-source.ts';
import { readSource } from '../../server/importers/read-source.ts';
import type { SearchDocument, SearchIndex } from '../../server/search/engine.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/hsds/hsds3-json');

const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      edges { node { id name description } }
    }
  }
`;
type SearchData = {
  searchServices: {
    totalCount: number;
    edges: Array<{ node: { id: string; name: string; description: string } }>;
  };
};

async function searchNames(server: TestServer, text: string): Promise<string[]> {
  const res = await server.gql<SearchData>(SEARCH, { input: { text, first: 50 } });
  expect(res.errors).toBeUndefined();
  return res.data?.searchServices.edges.map((e) => e.node.name) ?? [];
}

async function outboxCount(server: TestServer): Promise<number> {
  return server.runtime.deps.db.models.Outbox.collection.countDocuments({});
}

async function fixtureBundle(): Promise<DirectoryBundle> {
  return (await readSource(fixture)).bundle;
}

/** The real engine, whose first `failures` writes throw (an index that is briefly down). */
class FlakySearchIndex implements SearchIndex {
  calls = 0;
  constructor(
    private readonly inner: SearchIndex,
    private failures: number,
    /** Another kind than `memory` makes the worker treat it as one index shared by processes. */
    readonly kind = inner.kind,
  ) {}
  init() {
    return this.inner.init();
  }
  ready() {
    return this.inner.ready();
  }
  rebuild(fill: Parameters<SearchIndex['rebuild']>[0]) {
    return this.inner.rebuild(fill);
  }
  private attempt() {
    this.calls += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('search index unavailable');
    }
  }
  async upsert(docs: SearchDocument[]) {
    this.attempt();
    return this.inner.upsert(docs);
  }
  removeServices(ids: string[]) {
    return this.inner.removeServices(ids);
  }
  async replaceServices(ids: string[], docs: SearchDocument[]) {
    this.attempt();
    return this.inner.replaceServices(ids, docs);
  }
  clear() {
    return this.inner.clear();
  }
  search(query: Parameters<SearchIndex['search']>[0]) {
    return this.inner.search(query);
  }
  count() {
    return this.inner.count();
  }
  close() {
    return this.inner.close();
  }
}

describe('the search outbox', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0).reverse()) await s.close();
  });

  it('loses nothing when the process dies between the write and the index update', async () => {
    const first = await startTestServer();
    servers.push(first);
    // "Crash" before the index hears of it: no worker runs while the write lands.
    await first.runtime.worker.stop();
    await storeBundle(first.runtime.deps, await fixtureBundle());
    expect(await searchNames(first, 'Coastside pantry')).toEqual([]);
    const pending = await first.runtime.deps.db.models.Outbox.collection.find({}).toArray();
    expect(pending.flatMap((e) => e.keys)).toHaveLength(3);
    expect(pending.every((e) => e.availableAt <= new Date())).toBe(true);

    // The announcement alone is enough to bring a fresh, empty index up to date.
    const fresh = new MemorySearchIndex();
    await drainOutbox({ ...first.runtime.deps, search: fresh });
    expect(await fresh.count()).toBe(3);
    // The feed keeps its entries for other readers; this index has read them.
    expect(await outboxCount(first)).toBe(pending.length);
    expect(await drainOutbox({ ...first.runtime.deps, search: fresh })).toBe(0);
    expect(await countPending({ ...first.runtime.deps, search: fresh })).toBe(0);

    // And a new process on the same database serves the stored records.
    await first.close({ keepDatabase: true });
    servers.pop();
    const second = await startTestServer({ dbName: first.dbName });
    servers.push(second);
    expect(await searchNames(second, 'Coastside pantry')).toContain('Coastside Food Pantry');
    expect(await searchNames(second, 'Rides to Clinic')).toContain('Rides to Clinic');
  });

  it('keeps the feed for every reader and prunes it by age alone', async () => {
    const server = await startTestServer();
    servers.push(server);
    await server.runtime.worker.stop();
    await storeBundle(server.runtime.deps, await fixtureBundle());
    const entries = await outboxCount(server);
    expect(entries).toBeGreaterThan(0);
    // Two processes' own indexes: each reads every entry, and reading removes nothing.
    const first = new MemorySearchIndex();
    const second = new MemorySearchIndex();
    await drainOutbox({ ...server.runtime.deps, search: first });
    expect(await outboxCount(server)).toBe(entries);
    await drainOutbox({ ...server.runtime.deps, search: second });
    expect([await first.count(), await second.count()]).toEqual([3, 3]);
    expect(await outboxCount(server)).toBe(entries);
    // Past the retention, any reader prunes what aged out.
    const later: Clock = { now: () => new Date(Date.now() + FEED_RETENTION_MS + 120_000) };
    await drainOutbox({ ...server.runtime.deps, search: first, clock: later });
    expect(await outboxCount(server)).toBe(0);
  });

  it('retries a failed entry of a shared index with back-off and marks it once applied', async () => {
    const server = await startTestServer();
    servers.push(server);
    await server.runtime.worker.stop();
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    const flaky = new FlakySearchIndex(server.runtime.deps.search, 2, 'shared');
    const deps = { ...server.runtime.deps, search: flaky, clock };
    const { Outbox } = deps.db.models;

    await importSource(deps, fixture);
    expect(await drainOutbox(deps)).toBe(0);
    let [entry] = await Outbox.collection.find({}).toArray();
    expect(entry).toMatchObject({ attempts: 1, lastError: 'search index unavailable' });
    expect(entry?.availableAt.getTime()).toBe(now + 1000);
    // Not due yet: nothing is tried.
    expect(await drainOutbox(deps)).toBe(0);
    expect(flaky.calls).toBe(1);

    now += 1000;
    expect(await drainOutbox(deps)).toBe(0);
    [entry] = await Outbox.collection.find({}).toArray();
    expect(entry).toMatchObject({ attempts: 2 });
    expect(entry?.availableAt.getTime()).toBe(now + 2000);
    expect(await searchNames(server, 'Coastside pantry')).toEqual([]);

    now += 2000;
    expect(await drainOutbox(deps)).toBe(1);
    expect(flaky.calls).toBe(3);
    [entry] = await Outbox.collection.find({}).toArray();
    expect(entry?.appliedAt).toBeInstanceOf(Date);
    expect(entry?.leaseOwner).toBeNull();
    expect(await countPending(deps)).toBe(0);
    // Applied once: a second pass finds nothing to do.
    expect(await drainOutbox(deps)).toBe(0);
    expect(flaky.calls).toBe(3);
    expect(await searchNames(server, 'Coastside pantry')).toContain('Coastside Food Pantry');
  });

  it('carries a changed listing to search through the worker', async () => {
    const server = await startTestServer();
    servers.push(server);
    const bundle = await fixtureBundle();
    await storeBundle(server.runtime.deps, bundle);
    server.runtime.worker.kick();
    await waitForEmptyOutbox(server);
    expect(await searchNames(server, 'Coastside pantry')).toContain('Coastside Food Pantry');

    const changed: DirectoryBundle = {
      ...bundle,
      services: bundle.services.map((s) =>
        s.name === 'Coastside Food Pantry'
          ? { ...s, name: 'Coastside Harvest Market', description: 'Fresh produce on Mondays.' }
          : s,
      ),
    };
    const summary = await storeBundle(server.runtime.deps, changed);
    expect(summary.created.services).toBe(0);
    expect(summary.updated.services).toBe(3);
    server.runtime.worker.kick();
    await waitForEmptyOutbox(server);
    expect(await searchNames(server, 'harvest market')).toEqual(['Coastside Harvest Market']);
    expect(await searchNames(server, 'Coastside Food Pantry')).not.toContain(
      'Coastside Food Pantry',
    );
  });
});

async function waitForEmptyOutbox(server: TestServer, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await server.runtime.worker.idle();
    if ((await countPending(server.runtime.deps)) === 0) return;
    if (Date.now() > until) throw new Error('the outbox did not drain');
    server.runtime.worker.kick();
    await new Promise((r) => setTimeout(r, 100));
  }
}
