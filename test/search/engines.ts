import { inject } from 'vitest';
import { needSynonyms } from '../../server/domain/directory/need-words.ts';
import type { SearchIndex } from '../../server/search/engine.ts';
import { MeilisearchIndex } from '../../server/search/meilisearch.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';

/** The search engines a test can run against. */
export type EngineName = 'memory' | 'meilisearch';

/** One engine the conformance suite runs against. */
export type EngineCase = { name: EngineName; create: () => SearchIndex };

/** A fresh index prefix, so test files sharing the run's Meilisearch never meet. */
export function uniqueIndexPrefix(label: string): string {
  return `wf_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Every engine available here: memory always, Meilisearch when the run has one (the global setup
 * starts it from ../shared/bin or MEILI_BIN, or uses MEILI_URL); each with the need words'
 * synonyms, as the app creates them.
 */
export function availableEngines(): EngineCase[] {
  const synonyms = needSynonyms();
  const engines: EngineCase[] = [
    { name: 'memory', create: () => new MemorySearchIndex({ synonyms }) },
  ];
  const meili = inject('meili');
  if (meili !== null) {
    const indexPrefix = uniqueIndexPrefix('conformance');
    engines.push({
      name: 'meilisearch',
      create: () =>
        new MeilisearchIndex({ url: meili.url, apiKey: meili.key, indexPrefix, synonyms }),
    });
  }
  return engines;
}

/** Names of the engines available here, for suites that start a whole server on each. */
export function engineNames(): EngineName[] {
  return availableEngines().map((e) => e.name);
}
