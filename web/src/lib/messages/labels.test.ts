import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { glossaryEntries } from '../../features/search/glossary';
import { categoryNames, type Lang, languages, type MessageKey, translate } from '../i18n';

/** The search form's filter chips ("Show only") and its sort choices. */
const filterKeys: MessageKey[] = [
  'search.openNow',
  'search.freeOnly',
  'search.notFull',
  'search.eligibleOnly',
];
const sortKeys: MessageKey[] = ['search.bestMatch', 'search.availableFirst'];
/** Words a result card or service page shows about a service. */
const statusKeys: MessageKey[] = [
  'result.eligible',
  'result.ineligible',
  'result.unknown',
  'result.stale',
  'result.approximate',
  'cost.FREE',
  'cost.SLIDING_SCALE',
  'cost.FEE',
  'cost.INSURANCE',
];

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);

describe.each(languages)('labels a coordinator reads at once (%s)', (lang: Lang) => {
  const t = (key: MessageKey) => translate(lang, key);

  it('never lets a sort read like a filter', () => {
    for (const sort of sortKeys) {
      for (const filter of filterKeys) {
        // "Con cupo primero" beside a "Con cupo" filter read as the same thing.
        expect(t(sort).toLowerCase().startsWith(t(filter).toLowerCase()), t(sort)).toBe(false);
        expect(t(filter).toLowerCase().startsWith(t(sort).toLowerCase()), t(filter)).toBe(false);
      }
    }
    expect(new Set([...filterKeys, ...sortKeys].map(t)).size).toBe(
      filterKeys.length + sortKeys.length,
    );
  });

  it('says what a capacity filter keeps, and what eligibility is about', () => {
    // "Not full" did not say whether services that never reported stay in.
    expect(words(t('search.notFull')).length).toBeGreaterThan(2);
    expect(words(t('search.eligibleOnly'))).toEqual(
      expect.arrayContaining([lang === 'es' ? 'cliente' : 'client']),
    );
    expect(t('search.eligibleNeedsClient')).toContain(t('search.who').replace(/ \(.*\)$/, ''));
  });

  it('explains every filter, sort and status word in the glossary', () => {
    const explained = new Set(glossaryEntries.flatMap((entry) => entry.terms));
    for (const key of [...filterKeys, ...statusKeys.filter((k) => k !== 'cost.FREE')]) {
      expect(explained.has(key), key).toBe(true);
    }
    expect(explained.has('search.availableFirst')).toBe(true);
    for (const entry of glossaryEntries) expect(t(entry.meaning).length).toBeGreaterThan(20);
  });
});

describe('Spanish labels', () => {
  it('translates every filter, sort and status label', () => {
    for (const key of [...filterKeys, ...sortKeys, ...statusKeys, 'glossary.title' as const]) {
      expect(translate('es', key), key).not.toBe(translate('en', key));
    }
  });

  it('names need categories as the server does', () => {
    const file = JSON.parse(
      readFileSync(
        new URL('../../../../server/domain/directory/need-categories.json', import.meta.url),
        'utf8',
      ),
    ) as { needs: Array<{ code: string; name: { es: string } }> };
    const server = Object.fromEntries(file.needs.map((n) => [n.code, n.name.es]));
    expect(categoryNames.es).toEqual(server);
    expect(categoryNames.es?.utilities).not.toBe('Servicios públicos');
  });
});
