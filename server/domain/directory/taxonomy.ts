import { uuidv5 } from './ids.ts';
import {
  type NeedCategory,
  type NeedLanguage,
  needCategories,
  type TopLevelCode,
  topLevelCodes,
} from './need-categories.ts';
import type { Taxonomy, TaxonomyTerm } from './records.ts';

/**
 * Questions about need codes (is it ours, its top level, its name and words) and our need tree as
 * HSDS taxonomy records. The tree itself is data: need-categories.json.
 */

const byCode = new Map<string, NeedCategory>();
for (const top of needCategories) {
  byCode.set(top.code, top);
  for (const child of top.children) byCode.set(child.code, child);
}

/** True when `code` is one of our need codes (top level or child). */
export function isCategoryCode(code: string): boolean {
  return byCode.has(code);
}

/** True when `code` is one of the twelve top-level codes. */
export function isTopLevelCode(code: string): code is TopLevelCode {
  return (topLevelCodes as readonly string[]).includes(code);
}

/** The top-level code of a need code (`food.pantry` → `food`); null when it is not ours. */
export function topLevelCode(code: string): TopLevelCode | null {
  if (!byCode.has(code)) return null;
  const top = code.split('.')[0] ?? '';
  return isTopLevelCode(top) ? top : null;
}

/** The display name of a need code in `language` (English by default); null when it is not ours. */
export function categoryName(code: string, language: NeedLanguage = 'en'): string | null {
  return byCode.get(code)?.names[language] ?? null;
}

/** Synonyms of a need code; for a top level, also its children's names and synonyms. Unique, in tree order. */
export function synonymsFor(code: string): string[] {
  const node = byCode.get(code);
  if (!node) return [];
  const all = [...node.synonyms];
  for (const child of node.children) all.push(child.name, ...child.synonyms);
  const seen = new Set<string>();
  return all.filter((s) => {
    const key = s.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The name of our taxonomy as HSDS `taxonomy_term.taxonomy` / `taxonomy.name` carry it. */
export const WAYFINDER_TAXONOMY_NAME = 'wayfinder';

/** The id of our taxonomy record; fixed so every install and import agrees. */
export const wayfinderTaxonomyId = uuidv5('taxonomy:wayfinder');

/** The deterministic id of our taxonomy term for `code`. */
export function taxonomyTermId(code: string): string {
  return uuidv5(`taxonomy:wayfinder:term:${code}`);
}

/** Our need tree as HSDS taxonomy + taxonomy_term records with deterministic UUIDv5 ids. */
export function taxonomyRecords(): { taxonomy: Taxonomy; terms: TaxonomyTerm[] } {
  const taxonomy: Taxonomy = {
    id: wayfinderTaxonomyId,
    name: WAYFINDER_TAXONOMY_NAME,
    description: 'Wayfinder need categories: twelve top-level needs with more specific children.',
    uri: null,
    version: '1',
  };
  const terms: TaxonomyTerm[] = [];
  for (const top of needCategories) {
    const parentId = taxonomyTermId(top.code);
    terms.push(termRecord(top, null));
    for (const child of top.children) terms.push(termRecord(child, parentId, top.code));
  }
  return { taxonomy, terms };
}

function termRecord(node: NeedCategory, parentId: string | null, top = node.code): TaxonomyTerm {
  return {
    id: taxonomyTermId(node.code),
    code: node.code,
    name: node.name,
    description: node.synonyms.length > 0 ? `Also: ${node.synonyms.join(', ')}` : '',
    parent_id: parentId,
    taxonomy_id: wayfinderTaxonomyId,
    language: 'en',
    term_uri: null,
    category: top,
  };
}
