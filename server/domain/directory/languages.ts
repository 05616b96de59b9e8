/**
 * ISO 639 codes and English names for the languages US social services most often list.
 * ISO 639-1 where one exists, else ISO 639-3 (as HSDS `language.code` expects, lower case).
 */

/** Code → English name. */
export const languageNames: Readonly<Record<string, string>> = {
  en: 'English',
  es: 'Spanish',
  ht: 'Haitian Creole',
  fr: 'French',
  pt: 'Portuguese',
  zh: 'Chinese',
  cmn: 'Mandarin',
  yue: 'Cantonese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ko: 'Korean',
  ja: 'Japanese',
  ru: 'Russian',
  uk: 'Ukrainian',
  pl: 'Polish',
  ar: 'Arabic',
  he: 'Hebrew',
  yi: 'Yiddish',
  fa: 'Persian',
  prs: 'Dari',
  ps: 'Pashto',
  ur: 'Urdu',
  hi: 'Hindi',
  bn: 'Bengali',
  pa: 'Punjabi',
  gu: 'Gujarati',
  sd: 'Sindhi',
  ne: 'Nepali',
  ta: 'Tamil',
  te: 'Telugu',
  so: 'Somali',
  am: 'Amharic',
  ti: 'Tigrinya',
  om: 'Oromo',
  sw: 'Swahili',
  yo: 'Yoruba',
  ig: 'Igbo',
  ff: 'Fulah',
  rw: 'Kinyarwanda',
  hmn: 'Hmong',
  km: 'Khmer',
  lo: 'Lao',
  th: 'Thai',
  my: 'Burmese',
  kar: 'Karen',
  id: 'Indonesian',
  mh: 'Marshallese',
  chk: 'Chuukese',
  sm: 'Samoan',
  to: 'Tongan',
  haw: 'Hawaiian',
  ilo: 'Ilocano',
  ceb: 'Cebuano',
  nv: 'Navajo',
  de: 'German',
  it: 'Italian',
  el: 'Greek',
  ro: 'Romanian',
  hy: 'Armenian',
  sq: 'Albanian',
  bs: 'Bosnian',
  sr: 'Serbian',
  hr: 'Croatian',
  tr: 'Turkish',
  ku: 'Kurdish',
  nl: 'Dutch',
  da: 'Danish',
  sv: 'Swedish',
  no: 'Norwegian',
  is: 'Icelandic',
  fi: 'Finnish',
  hu: 'Hungarian',
  cs: 'Czech',
  quc: "K'iche'",
  mam: 'Mam',
  mr: 'Marathi',
  si: 'Sinhala',
  bo: 'Tibetan',
  mn: 'Mongolian',
  ha: 'Hausa',
  kri: 'Krio',
  fj: 'Fijian',
  mt: 'Maltese',
  lv: 'Latvian',
  lt: 'Lithuanian',
  ase: 'American Sign Language',
  sgn: 'Sign language',
};

/** Spellings seen in directories, normalized (lower case, punctuation → space), → code. */
const aliases: Readonly<Record<string, string>> = {
  espanol: 'es',
  castellano: 'es',
  creole: 'ht',
  'haitian creole': 'ht',
  haitian: 'ht',
  kreyol: 'ht',
  'kreyol ayisyen': 'ht',
  francais: 'fr',
  portugues: 'pt',
  'chinese mandarin': 'cmn',
  'mandarin chinese': 'cmn',
  putonghua: 'cmn',
  'chinese cantonese': 'yue',
  'cantonese chinese': 'yue',
  taiwanese: 'nan',
  'filipino tagalog': 'tl',
  filipino: 'tl',
  pilipino: 'tl',
  farsi: 'fa',
  'dari persian': 'prs',
  pushto: 'ps',
  panjabi: 'pa',
  burmese: 'my',
  cambodian: 'km',
  laotian: 'lo',
  tigrigna: 'ti',
  afaan: 'om',
  'afaan oromo': 'om',
  kiswahili: 'sw',
  fulani: 'ff',
  ilokano: 'ilo',
  visayan: 'ceb',
  bisaya: 'ceb',
  chuukese: 'chk',
  trukese: 'chk',
  asl: 'ase',
  'american sign language': 'ase',
  'sign language': 'sgn',
  'sign languages': 'sgn',
  sinhalese: 'si',
  ingles: 'en',
  // Mojibake seen in real exports: "Español"/"Inglés" decoded with the wrong code page.
  'espa ol': 'es',
  'ingl s': 'en',
  'serbo croatian': 'sh',
  quiche: 'quc',
  kiche: 'quc',
};

const extraNames: Readonly<Record<string, string>> = {
  nan: 'Taiwanese (Min Nan)',
  sh: 'Serbo-Croatian',
};

function normalize(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9']+/g, ' ')
    .replace(/'/g, '')
    .trim();
}

const byName = new Map<string, string>();
for (const [code, name] of Object.entries({ ...languageNames, ...extraNames }))
  byName.set(normalize(name), code);
for (const [alias, code] of Object.entries(aliases)) byName.set(normalize(alias), code);

/**
 * The ISO 639 code for a language name or code, tolerant of case, accents, hyphens and
 * parenthesised variants ("Chinese (Mandarin)", "Haitian-Creole", "Kreyòl"); null when unknown.
 */
export function languageCode(nameOrCode: string): string | null {
  const raw = nameOrCode.trim();
  if (!raw) return null;
  const lowerCode = raw.toLowerCase();
  if (/^[a-z]{2,3}$/.test(lowerCode) && (lowerCode in languageNames || lowerCode in extraNames))
    return lowerCode;
  const key = normalize(raw);
  const direct = byName.get(key);
  if (direct) return direct;
  // "Spanish (limited)" or "Chinese (Mandarin)": try the inside first (more specific), then the outside.
  const paren = /^(.*?)\s*\((.*)\)\s*$/.exec(raw);
  if (paren) {
    const combined = byName.get(normalize(`${paren[1] ?? ''} ${paren[2] ?? ''}`));
    if (combined) return combined;
    const inner = byName.get(normalize(paren[2] ?? ''));
    if (inner) return inner;
    const outer = byName.get(normalize(paren[1] ?? ''));
    if (outer) return outer;
  }
  // "Chinese - Mandarin", "Spanish language"
  const words = key.replace(/\blanguage\b/g, '').trim();
  return byName.get(words) ?? null;
}

/** The English name of an ISO 639 code; null when the code is not in our table. */
export function languageName(code: string): string | null {
  const lower = code.trim().toLowerCase();
  return languageNames[lower] ?? extraNames[lower] ?? null;
}

/** Every language name or alias we recognize inside a longer phrase, longest names first. */
const phraseNames = [...byName.keys()]
  .filter((n) => n.length >= 3)
  .sort((a, b) => b.length - a.length);

/**
 * Codes of every known language named in free text ("English and Spanish", "Creole\n\nTax Prep:
 * English"), in order of first mention, without duplicates. Matches whole words only.
 */
export function languageCodesInText(textValue: string): string[] {
  let rest = ` ${normalize(textValue)} `;
  const found: Array<{ at: number; code: string }> = [];
  for (const name of phraseNames) {
    const needle = ` ${name} `;
    let at = rest.indexOf(needle);
    while (at >= 0) {
      const code = byName.get(name);
      if (code) found.push({ at, code });
      // Blank the match out so "haitian creole" is not counted again as "creole".
      rest = rest.slice(0, at + 1) + ' '.repeat(name.length) + rest.slice(at + 1 + name.length);
      at = rest.indexOf(needle);
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.code))];
}
