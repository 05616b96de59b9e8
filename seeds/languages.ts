import { extraLanguages, type OrgKind } from './catalog.ts';
import type { MetroName } from './places.ts';
import type { Rng } from './prng.ts';
import type { HsdsLanguage } from './types.ts';

const languageNames: Readonly<Record<string, string>> = {
  en: 'English',
  es: 'Spanish',
  ...Object.fromEntries(extraLanguages.map((l) => [l.code, l.name])),
};

/** The languages an organization's staff speak: English, often Spanish, sometimes more. */
export function pickLanguages(rng: Rng, kind: OrgKind, metro: MetroName): string[] {
  const codes = ['en'];
  const spanishChance = metro === 'salt-lake-city' ? 0.45 : 0.55;
  if (rng.chance(kind.kind === 'immigrant-services' ? 0.9 : spanishChance)) codes.push('es');
  if (rng.chance(kind.multilingual)) {
    const count = kind.kind === 'immigrant-services' ? rng.int(2, 5) : rng.int(1, 2);
    while (codes.length < count + 2) {
      const code = rng.weighted(extraLanguages.map((l) => [l.code, l.weight] as const));
      if (!codes.includes(code)) codes.push(code);
      else if (rng.chance(0.3)) break;
    }
  }
  return codes;
}

/** HSDS language records for ISO 639 codes. */
export function languageRecords(nextId: () => string, codes: readonly string[]): HsdsLanguage[] {
  return codes.map((code) => ({ id: nextId(), code, name: languageNames[code] ?? code }));
}

/** The sentence on interpretation for a service whose staff speak `codes`, if there is one. */
export function interpretationText(rng: Rng, codes: readonly string[]): string | undefined {
  const extras = codes.filter((c) => c !== 'en' && c !== 'es').map((c) => languageNames[c] ?? c);
  if (extras.length > 0) {
    const spoken = codes.includes('es') ? ['Spanish', ...extras] : extras;
    const list =
      spoken.length > 1
        ? `${spoken.slice(0, -1).join(', ')} and ${spoken[spoken.length - 1]}`
        : spoken[0];
    return `Staff speak ${list}; phone interpreters for other languages.`;
  }
  if (codes.includes('es'))
    return 'Spanish-speaking staff on site; phone interpretation for other languages.';
  return rng.chance(0.5) ? 'Phone interpretation available on request.' : undefined;
}
