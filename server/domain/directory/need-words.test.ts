import { describe, expect, it } from 'vitest';
import { needCategories } from './need-categories.ts';
import { needSynonyms, needsNamedIn } from './need-words.ts';

describe('need words', () => {
  it('names every need in English and Spanish with words for it', () => {
    for (const node of needCategories.flatMap((top) => [top, ...top.children])) {
      expect(node.names.en, node.code).not.toBe('');
      expect(node.names.es, node.code).not.toBe('');
      expect(node.words.es.length, node.code).toBeGreaterThan(0);
    }
  });

  it('gives search synonyms from Spanish to the English names listings carry', () => {
    const synonyms = needSynonyms();
    expect(synonyms.comida).toEqual(expect.arrayContaining(['food']));
    expect(synonyms.vivienda).toEqual(expect.arrayContaining(['housing']));
    expect(synonyms.transporte).toEqual(expect.arrayContaining(['transportation']));
    expect(synonyms.renta).toEqual(expect.arrayContaining(['rent', 'alquiler']));
    expect(synonyms.rent).toEqual(expect.arrayContaining(['renta', 'alquiler']));
    expect(synonyms['salud mental']).toEqual(expect.arrayContaining(['mental health']));
    for (const [word, also] of Object.entries(synonyms)) {
      expect(word).toBe(word.toLowerCase());
      expect(also).not.toContain(word);
      expect(also.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['comida', ['food']],
    ['Vivienda', ['housing']],
    ['transporte', ['transportation']],
    ['necesito comida para mi familia', ['food', 'family']],
    ['salud mental', ['mental-health', 'health']],
    ['ayuda con la renta', ['housing']],
    ['abogado de inmigración', ['immigration', 'legal']],
    ['food stamps', ['food']],
    ['quiero bailar', []],
    ['', []],
  ])('reads the needs in %j', (text, codes) => {
    expect(needsNamedIn(text)).toEqual(codes);
  });
});
