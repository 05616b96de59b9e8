import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Wayfinder's need taxonomy, loaded from `need-categories.json`: twelve top-level needs (a public
 * API contract, never rename a code) with a few children each, every one named in English and
 * Spanish with the words people use for it. Codes are dotted (`food.pantry`).
 */

/** The top-level need codes; part of the public API. */
export const topLevelCodes = [
  'food',
  'housing',
  'transportation',
  'mental-health',
  'substance-use',
  'health',
  'legal',
  'employment',
  'utilities',
  'family',
  'disability',
  'immigration',
] as const;
/** A top-level need code such as `food`. */
export type TopLevelCode = (typeof topLevelCodes)[number];

/** The languages need names and words are given in. */
export const needLanguages = ['en', 'es'] as const;
export type NeedLanguage = (typeof needLanguages)[number];

/** One node of the need tree; `name` and `synonyms` are the English ones. */
export type NeedCategory = {
  code: string;
  name: string;
  synonyms: readonly string[];
  names: Readonly<Record<NeedLanguage, string>>;
  words: Readonly<Record<NeedLanguage, readonly string[]>>;
  children: readonly NeedCategory[];
};

const words = z.array(z.string().min(1));
const nodeSchema = z.object({
  code: z.string().regex(/^[a-z-]+(\.[a-z-]+)?$/),
  name: z.object({ en: z.string().min(1), es: z.string().min(1) }),
  synonyms: z.object({ en: words, es: words }),
});
const fileSchema = z.object({
  needs: z.array(nodeSchema.extend({ children: z.array(nodeSchema) })),
  /** Common need words, each group one meaning in both languages ("rent", "renta", "alquiler"). */
  words: z.array(words.min(2)),
});

function node(raw: z.infer<typeof nodeSchema>, children: NeedCategory[]): NeedCategory {
  return {
    code: raw.code,
    name: raw.name.en,
    synonyms: raw.synonyms.en,
    names: raw.name,
    words: raw.synonyms,
    children,
  };
}

const file = fileSchema.parse(
  JSON.parse(readFileSync(new URL('./need-categories.json', import.meta.url), 'utf8')),
);
const loadedCodes = file.needs.map((n) => n.code).join(',');
if (loadedCodes !== topLevelCodes.join(',')) {
  throw new Error(`need-categories.json lists ${loadedCodes}, not the twelve public top levels.`);
}

/** The need tree, top levels in display order. */
export const needCategories: readonly NeedCategory[] = file.needs.map((top) =>
  node(
    top,
    top.children.map((child) => node(child, [])),
  ),
);

/** Groups of need words that mean the same in English and Spanish. */
export const needWordGroups: ReadonlyArray<readonly string[]> = file.words;
