import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Readiness } from '../../server/http/readiness.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import {
  type MeiliServer,
  meilisearchBinary,
  startMeilisearch,
} from '../support/meilisearch-server.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { buildAgency } from './referral-fixture.ts';

const SEARCH = /* GraphQL */ `
  query Search($text: String) {
    searchServices(input: { text: $text, first: 10 }) { totalCount edges { node { name } } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateServiceInput!) { updateService(input: $input) { id name } }
`;

type SearchData = {
  searchServices: { totalCount: number; edges: Array<{ node: { name: string } }> };
};

const binary = meilisearchBinary();

/** Meilisearch down or refusing the key: clear errors, and listing edits that wait it out. */
describe.skipIf(binary === null)('search while Meilisearch is down', () => {
  // Its own Meilisearch, stopped and started again on the same port and data.
  let meili: MeiliServer;
  let server: TestServer;
  let staff: TestActor;
  let serviceId: string;

  const readyz = async (target = server) => {
    const res = await fetch(target.url.replace(/\/graphql$/, '/readyz'));
    return { status: res.status, body: (await res.json()) as Readiness };
  };
  const names = async (text: string) => {
    const res = await server.gql<SearchData>(SEARCH, { text });
    expect(res.errors).toBeUndefined();
    return res.data?.searchServices.edges.map((e) => e.node.name) ?? [];
  };

  beforeAll(async () => {
    meili = await startMeilisearch(binary ?? '');
    server = await startTestServer({ env: { MEILI_URL: meili.url, MEILI_KEY: meili.key } });
    const agency = await buildAgency(server, {
      name: 'Cottonwood Aid',
      serviceName: 'Cottonwood Pantry',
    });
    staff = agency.staff;
    serviceId = agency.service.id;
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  });
  afterAll(async () => {
    await server?.close();
    await meili?.dispose();
  });

  it('is ready while Meilisearch answers', async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: { ready: true, database: 'ok', search: 'ok', indexing: 'ok' },
    });
    expect(await names('cottonwood')).toEqual(['Cottonwood Pantry']);
  });

  it('answers SEARCH_UNAVAILABLE and 503, keeps edits, and indexes them once it is back', async () => {
    await meili.stop();
    try {
      const res = await server.gql(SEARCH, { text: 'cottonwood' });
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'Search is unavailable right now. Please try again in a minute.',
          extensions: { code: 'SEARCH_UNAVAILABLE' },
        }),
      ]);
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, database: 'ok' });
      expect(down.body.search).toContain(`Meilisearch at ${meili.url} is unreachable`);

      // The edit commits; its index update waits in the durable change feed.
      const saved = await staff.gql(UPDATE, { input: { serviceId, name: 'Cottonwood Market' } });
      expect(saved.errors).toBeUndefined();
      server.runtime.worker.kick();
      await server.runtime.worker.idle();
      // The change feed keeps applied entries too (until they age out): look at the waiting one.
      const pending = await server.runtime.deps.db.models.Outbox.collection
        .find({ appliedAt: null })
        .toArray();
      expect(pending.flatMap((e) => e.keys)).toContain(serviceId);
      expect(pending[0]?.lastError).toContain('is unreachable');
      expect((await readyz()).body.indexing).toMatch(
        /^1 listing change waits for the search index; the last attempt failed: Meilisearch at .* is unreachable/,
      );
    } finally {
      await meili.start();
    }

    expect((await readyz()).status).toBe(200);
    // The worker's next poll after the entry's back-off (a second after one failure) applies it.
    const until = Date.now() + 20_000;
    let found: string[] = [];
    while (Date.now() < until) {
      found = await names('market');
      if (found.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual(['Cottonwood Market']);
    // The entry is marked applied right after its documents are written.
    await expect.poll(async () => (await readyz()).body.indexing, { timeout: 5000 }).toBe('ok');
    expect(await names('cottonwood')).toEqual(['Cottonwood Market']);
  });

  it('indexes an edit made while Meilisearch was down once both it and the app are back', async () => {
    await meili.stop();
    let restarted = false;
    try {
      const saved = await staff.gql(UPDATE, { input: { serviceId, name: 'Cottonwood Grocer' } });
      expect(saved.errors).toBeUndefined();
      // The app stops with the change still waiting in the feed (it cannot reach Meilisearch).
      const pending = await server.runtime.deps.db.models.Outbox.collection
        .find({ appliedAt: null })
        .toArray();
      expect(pending.flatMap((e) => e.keys)).toContain(serviceId);
      await server.close({ keepDatabase: true });
      await meili.start();
      restarted = true;
      server = await startTestServer({
        dbName: server.dbName,
        env: { MEILI_URL: meili.url, MEILI_KEY: meili.key },
      });
    } finally {
      if (!restarted) await meili.start();
    }
    // The new process's worker applies what the old one could not.
    await expect
      .poll(() => names('grocer'), { timeout: 20_000, interval: 200 })
      .toEqual(['Cottonwood Grocer']);
    await expect.poll(async () => (await readyz()).body.indexing, { timeout: 5000 }).toBe('ok');
    expect(await names('cottonwood')).toEqual(['Cottonwood Grocer']);
  });

  it('does not start with a key Meilisearch refuses, and says why', async () => {
    const refused = await startTestServer({
      env: { MEILI_URL: meili.url, MEILI_KEY: 'not-the-key' },
    }).then(
      () => 'started',
      (error: unknown) => String(error),
    );
    expect(refused).toContain(
      `Meilisearch at ${meili.url} refused the key (invalid_api_key); check MEILI_KEY.`,
    );
  });
});
