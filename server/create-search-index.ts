import { needSynonyms } from './domain/directory/need-words.ts';
import type { SearchIndex } from './search/engine.ts';
import { MeilisearchIndex } from './search/meilisearch.ts';
import { MemorySearchIndex } from './search/memory/memory-index.ts';

/**
 * Picks the engine: Meilisearch when a URL is configured, else the embedded in-process index;
 * either way with the need words' synonyms (English and Spanish) from the taxonomy data.
 */
export function createSearchIndex(opts: {
  meiliUrl?: string;
  meiliKey?: string;
  indexPrefix: string;
}): SearchIndex {
  const synonyms = needSynonyms();
  if (opts.meiliUrl !== undefined && opts.meiliUrl !== '') {
    return new MeilisearchIndex({
      url: opts.meiliUrl,
      apiKey: opts.meiliKey,
      indexPrefix: opts.indexPrefix,
      synonyms,
    });
  }
  return new MemorySearchIndex({ synonyms });
}
