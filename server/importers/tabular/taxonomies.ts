import { categoryForAirsCode, isAirsCode } from '../../domain/directory/airs-codes.ts';
import {
  isCategoryCode,
  taxonomyTermId,
  topLevelCode,
  WAYFINDER_TAXONOMY_NAME,
} from '../../domain/directory/taxonomy.ts';
import { draft, type Origin } from '../context.ts';
import { cleanText } from '../text.ts';
import type { TabularRead } from './joins.ts';
import { get, originOf } from './tables.ts';

/**
 * Reads taxonomies and their terms (first, so attributes can resolve term ids). Terms of our own
 * need taxonomy keep our ids. Returns our term id for each source term id.
 */
export function readTaxonomies({ ctx, table, drafts }: TabularRead): Map<string, string> {
  const taxonomyIdByName = new Map<string, string>();
  const taxonomyFor = (name: string, o: Origin): string => {
    let id = taxonomyIdByName.get(name);
    if (!id) {
      id = ctx.id('taxonomy', name);
      taxonomyIdByName.set(name, id);
      drafts.push(draft('taxonomy', { ...o, sourceId: name }, { id, name, description: '' }));
    }
    return id;
  };
  const taxonomies = table('taxonomies');
  taxonomies.rows.forEach((row, i) => {
    const o = originOf(taxonomies, i, row);
    const sourceId = get(row, 'id') ?? '';
    const id = ctx.id('taxonomy', sourceId);
    taxonomyIdByName.set(sourceId, id);
    drafts.push(
      draft('taxonomy', o, {
        id,
        name: get(row, 'name'),
        description: cleanText(row.description) ?? '',
        uri: get(row, 'uri'),
        version: get(row, 'version'),
      }),
    );
  });
  const termIdBySource = new Map<string, string>();
  const terms = table('taxonomyTerms');
  for (const row of terms.rows) {
    const sourceId = get(row, 'id');
    if (!sourceId) continue;
    const code = get(row, 'code') ?? sourceId;
    const vocabulary = get(row, 'taxonomy', 'vocabulary');
    const ours = vocabulary?.toLowerCase() === WAYFINDER_TAXONOMY_NAME || isCategoryCode(code);
    termIdBySource.set(sourceId, ours ? taxonomyTermId(code) : ctx.id('taxonomy_term', sourceId));
  }
  terms.rows.forEach((row, i) => {
    const o = originOf(terms, i, row);
    const sourceId = get(row, 'id');
    const code = get(row, 'code') ?? sourceId;
    if (sourceId && code && termIdBySource.get(sourceId) === taxonomyTermId(code)) return; // one of ours
    const vocabulary = get(row, 'taxonomy', 'vocabulary');
    const taxonomyId = get(row, 'taxonomy_id');
    const parent = get(row, 'parent_id');
    drafts.push(
      draft('taxonomy_term', o, {
        id: termIdBySource.get(sourceId ?? '') ?? sourceId,
        code,
        name: get(row, 'name') ?? '',
        description: cleanText(row.description) ?? '',
        parent_id: parent ? (termIdBySource.get(parent) ?? ctx.id('taxonomy_term', parent)) : null,
        taxonomy_id: taxonomyId
          ? (taxonomyIdByName.get(taxonomyId) ?? ctx.id('taxonomy', taxonomyId))
          : vocabulary
            ? taxonomyFor(vocabulary, o)
            : null,
        language: get(row, 'language'),
        term_uri: get(row, 'term_uri'),
        category: code ? (isAirsCode(code) ? categoryForAirsCode(code) : topLevelCode(code)) : null,
      }),
    );
  });

  return termIdBySource;
}
