import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPending } from '../../server/domain/directory/outbox-worker.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { applyServiceEdit } from '../../server/domain/listings/edit-service.ts';
import { readSource } from '../../server/importers/read-source.ts';
import { engineNames } from '../search/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/hsds/hsds3-json');

/** Searches until `found` holds for the hits' service ids, or fails after `timeoutMs`. */
async function searchUntil(
  server: TestServer,
  text: string,
  found: (serviceIds: string[]) => boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const result = await server.runtime.deps.search.search({
      text,
      sort: 'RELEVANCE',
      offset: 0,
      limit: 50,
    });
    if (found(result.hits.map((hit) => hit.document.serviceId))) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`"${text}" did not reach search in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(engineNames())(
  'a listing edit reaches search through the change feed (%s)',
  (engine) => {
    let server: TestServer;
    beforeAll(async () => {
      // A poll far beyond the test's waits: only the write's own wake-up can index it in time.
      server = await startTestServer({ engine, env: { FEED_POLL_MS: '60000' } });
    });
    afterAll(async () => {
      await server.close();
    });

    it('indexes a stored listing and then its edit without waiting for a poll', async () => {
      const bundle = (await readSource(fixture)).bundle;
      const deps = server.runtime.deps;
      await storeBundle(deps, bundle);
      const pantry = bundle.services.find((s) => s.name === 'Coastside Food Pantry');
      if (pantry === undefined) throw new Error('the fixture has no Coastside Food Pantry');
      await searchUntil(server, 'Coastside Food Pantry', (ids) => ids.includes(pantry.id));
      const sitesBefore = (
        await deps.search.search({ text: 'Coastside', sort: 'RELEVANCE', offset: 0, limit: 50 })
      ).hits.filter((hit) => hit.document.serviceId === pantry.id).length;

      // Renamed as an agency's edit writes it: validated, versioned, announced to the change feed.
      await applyServiceEdit(
        deps,
        { email: 'agency@example.org', userId: 'agency-user' },
        pantry.id,
        {
          serviceId: pantry.id,
          name: 'Coastside Harvest Market',
        },
      );
      await searchUntil(server, 'harvest market', (ids) => ids.includes(pantry.id));
      // The worker marks the entry applied once Meilisearch says its task is done.
      await server.runtime.worker.idle();
      expect(await countPending(deps)).toBe(0);

      // The edit replaced the service's documents: the old name is gone, no site lost or doubled.
      const old = await deps.search.search({
        text: 'Food Pantry',
        sort: 'RELEVANCE',
        offset: 0,
        limit: 50,
      });
      expect(old.hits.map((hit) => hit.document.name)).not.toContain('Coastside Food Pantry');
      const renamed = await deps.search.search({
        text: 'harvest market',
        sort: 'RELEVANCE',
        offset: 0,
        limit: 50,
      });
      expect(renamed.hits.filter((hit) => hit.document.serviceId === pantry.id)).toHaveLength(
        sitesBefore,
      );
    });
  },
);
