const SPECIAL_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const NON_ASCII = /[^ -~\t\n\r]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SPECIALS = /[ßæœøłđðþı]/g;
const WORD = /[a-z0-9]+/g;

/** Lowercases and folds accents and ligatures to ASCII (café → cafe, straße → strasse). */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(SPECIALS, (ch) => SPECIAL_FOLDS[ch] ?? ch);
}

/** Folds plural and a few inflected endings to a shared form (families → family, shelters → shelter). */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (word.endsWith('ies') && n > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  return word.slice(0, -1);
}

/** Splits text into folded, stemmed words. */
export function tokenize(text: string): string[] {
  const matches = foldText(text).match(WORD);
  if (matches === null) return [];
  for (let i = 0; i < matches.length; i++) matches[i] = stem(matches[i] ?? '');
  return matches;
}

/** Splits a query into folded words, keeping the raw (unstemmed) last word for prefix matching. */
export function tokenizeQuery(text: string): { words: string[]; lastRaw: string | null } {
  const raw = foldText(text).match(WORD) ?? [];
  const words = raw.map(stem);
  const endsWithSpace = /\s$/.test(text);
  const last = raw[raw.length - 1];
  return { words, lastRaw: endsWithSpace || last === undefined ? null : last };
}
