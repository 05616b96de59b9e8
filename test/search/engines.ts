import { needSynonyms } from '../../server/domain/directory/need-words.ts';
import type { SearchIndex } from '../../server/search/engine.ts';
import { MeilisearchIndex } from '../../server/search/meilisearch.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';

/** One engine the conformance suite runs against. */
export type EngineCase = { name: string; create: () => SearchIndex };

/**
 * Every engine available here: memory always, Meilisearch when MEILI_URL is set; each with the
 * need words' synonyms, as the app creates them.
 */
export function availableEngines(): EngineCase[] {
  const synonyms = needSynonyms();
  const engines: EngineCase[] = [
    { name: 'memory', create: () => new MemorySearchIndex({ synonyms }) },
  ];
  const url = process.env.MEILI_URL;
  if (url !== undefined && url !== '') {
    const prefix = `wf_conformance_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    engines.push({
      name: 'meilisearch',
      create: () =>
        new MeilisearchIndex({
          url,
          apiKey: process.env.MEILI_MASTER_KEY ?? process.env.MEILI_KEY,
          indexPrefix: prefix,
          synonyms,
        }),
    });
  }
  return engines;
}
