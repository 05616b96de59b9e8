import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchEngineError, type SearchQuery } from '../../server/search/engine.ts';
import { MeilisearchIndex, SETTINGS, servicesIndexUid } from '../../server/search/meilisearch.ts';
import {
  type MeiliServer,
  meilisearchBinary,
  startMeilisearch,
} from '../support/meilisearch-server.ts';
import { uniqueIndexPrefix } from './engines.ts';
import { buildSearchDocument } from './search-document-factory.ts';

const binary = meilisearchBinary();
const browse: SearchQuery = { sort: 'RELEVANCE', offset: 0, limit: 100 };

/** What only Meilisearch has: settings, index swaps, and an engine that can be down. */
describe.skipIf(binary === null)('the Meilisearch adapter', () => {
  // Its own server: one test stops it.
  let meili: MeiliServer;
  let admin: Meilisearch;
  const open = (indexPrefix = uniqueIndexPrefix('adapter'), apiKey = meili.key) =>
    new MeilisearchIndex({ url: meili.url, apiKey, indexPrefix });

  beforeAll(async () => {
    meili = await startMeilisearch(binary ?? '');
    admin = new Meilisearch({ host: meili.url, apiKey: meili.key });
  });
  afterAll(async () => {
    await meili?.dispose();
  });

  const settingsTasks = async (uid: string) =>
    (await admin.tasks.getTasks({ indexUids: [uid], types: ['settingsUpdate'] })).results.length;

  it('brings an index with other settings up to date at start, and leaves it alone after', async () => {
    const prefix = uniqueIndexPrefix('settings');
    const uid = servicesIndexUid(prefix);
    await admin.createIndex(uid, { primaryKey: 'id' }).waitTask();
    await admin
      .index(uid)
      .updateSettings({
        filterableAttributes: ['categories'],
        sortableAttributes: [],
        rankingRules: ['sort', 'words'],
        synonyms: { pantry: ['bank'] },
        typoTolerance: { minWordSizeForTypos: { oneTypo: 3, twoTypos: 6 } },
        pagination: { maxTotalHits: 1000 },
      })
      .waitTask();
    const before = await settingsTasks(uid);

    await open(prefix).init();
    const settings = await admin.index(uid).getSettings();
    expect(settings.filterableAttributes).toEqual(SETTINGS.filterableAttributes);
    expect(settings.facetSearch).toBe(false);
    expect([...(settings.sortableAttributes ?? [])].sort()).toEqual(
      [...SETTINGS.sortableAttributes].sort(),
    );
    expect(settings.rankingRules).toEqual(SETTINGS.rankingRules);
    expect(settings.searchableAttributes).toEqual(SETTINGS.searchableAttributes);
    expect(settings.synonyms).toEqual(SETTINGS.synonyms);
    expect(settings.typoTolerance?.minWordSizeForTypos).toEqual({ oneTypo: 5, twoTypos: 9 });
    expect(settings.pagination?.maxTotalHits).toBe(1_000_000);
    expect(await settingsTasks(uid)).toBe(before + 1);

    // Another instance starting on the same index changes nothing (no re-index).
    await open(prefix).init();
    await open(prefix).init();
    expect(await settingsTasks(uid)).toBe(before + 1);
  });

  it('rebuilds into a new index and swaps it in while searches keep answering', async () => {
    const index = open();
    await index.init();
    const old = Array.from({ length: 50 }, (_, i) =>
      buildSearchDocument({ id: `old-${i}`, name: `Old Listing ${i}` }),
    );
    await index.upsert(old);

    const seen: number[] = [];
    await index.rebuild(async (write) => {
      for (let batch = 0; batch < 4; batch++) {
        await write(
          Array.from({ length: 30 }, (_, i) =>
            buildSearchDocument({ id: `new-${batch}-${i}`, name: `New Listing ${batch} ${i}` }),
          ),
        );
        // Halfway through the build, the live index is still the old one, whole.
        seen.push((await index.search(browse)).total);
      }
    });
    expect(seen).toEqual([50, 50, 50, 50]);
    expect(await index.count()).toBe(120);
    expect((await index.search({ ...browse, text: 'old' })).total).toBe(0);
    // No build index is left behind.
    const { results } = await admin.getIndexes({ limit: 1000 });
    expect(results.filter((i) => i.uid.includes('_build_'))).toEqual([]);
  });

  it('names a wrong key, an unreachable server and a failed task', async () => {
    const good = open();
    await good.init();

    const wrongKey = open(uniqueIndexPrefix('adapter'), 'not-the-key');
    await expect(wrongKey.search(browse)).rejects.toThrow(SearchEngineError);
    await expect(wrongKey.ready()).rejects.toThrow(/refused the key \(invalid_api_key\)/);

    // A document id Meilisearch rejects makes the task fail; the write says so.
    await expect(good.upsert([buildSearchDocument({ id: 'not a valid id!' })])).rejects.toThrow(
      /Meilisearch addDocuments failed: .*not a valid id!/,
    );

    await meili.stop();
    try {
      await expect(good.search(browse)).rejects.toThrow(
        new RegExp(`Meilisearch at ${meili.url} is unreachable`),
      );
      await expect(good.ready()).rejects.toThrow(SearchEngineError);
    } finally {
      await meili.start();
    }
    await expect(good.ready()).resolves.toBeUndefined();
  });
});
