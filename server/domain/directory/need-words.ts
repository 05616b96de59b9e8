import { tokenize } from '../../lib/tokenize.ts';
import type { Synonyms } from '../../search/engine.ts';
import {
  needCategories,
  needLanguages,
  needWordGroups,
  type TopLevelCode,
  topLevelCodes,
} from './need-categories.ts';

/**
 * The words people use for needs, in English and Spanish, as search sees them: synonyms for the
 * engines, and the needs a query names when its words find nothing.
 */

function add(map: Map<string, Set<string>>, from: string, to: readonly string[]): void {
  const key = from.toLowerCase();
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  for (const word of to) if (word.toLowerCase() !== key) set.add(word.toLowerCase());
}

/**
 * Search synonyms (word → words it also finds): each need word group both ways ("renta" ↔
 * "rent"), and every Spanish name and word of a need to its English name and its top level's
 * code, which every listing of that need carries among its searchable words ("guardería" →
 * "family and children", "family").
 */
export function needSynonyms(): Synonyms {
  const map = new Map<string, Set<string>>();
  for (const group of needWordGroups) for (const word of group) add(map, word, group);
  for (const top of needCategories) {
    const codeWords = top.code.replace(/-/g, ' ');
    for (const node of [top, ...top.children]) {
      for (const word of [node.names.es, ...node.words.es]) {
        add(map, word, [node.names.en, codeWords]);
      }
    }
  }
  const out: Record<string, string[]> = {};
  for (const [key, set] of [...map].sort(([a], [b]) => a.localeCompare(b))) {
    if (set.size > 0) out[key] = [...set];
  }
  return out;
}

type Phrase = { tokens: string[]; top: TopLevelCode; order: number };

const phrases: Phrase[] = needCategories.flatMap((top, order) => {
  const code = topLevelCodes[order];
  if (code === undefined || code !== top.code) return [];
  const nodes = [top, ...top.children];
  const texts = nodes.flatMap((n) =>
    needLanguages.flatMap((lang) => [n.names[lang], ...n.words[lang]]),
  );
  return texts.map((text) => ({ tokens: tokenize(text), top: code, order }));
});

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((token, j) => haystack[i + j] === token)) return true;
  }
  return false;
}

/**
 * The top-level needs a free-text query names in English or Spanish ("comida" → food,
 * "salud mental" → mental-health then health), best match first, at most `limit`.
 */
export function needsNamedIn(text: string, limit = 3): TopLevelCode[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const best = new Map<TopLevelCode, { length: number; order: number }>();
  for (const phrase of phrases) {
    if (!containsRun(tokens, phrase.tokens)) continue;
    const seen = best.get(phrase.top);
    if (seen === undefined || phrase.tokens.length > seen.length) {
      best.set(phrase.top, { length: phrase.tokens.length, order: phrase.order });
    }
  }
  return [...best]
    .sort(([, a], [, b]) => b.length - a.length || a.order - b.order)
    .slice(0, limit)
    .map(([code]) => code);
}
