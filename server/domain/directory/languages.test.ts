import { describe, expect, it } from 'vitest';
import { languageCode, languageCodesInText, languageName, languageNames } from './languages.ts';

describe('languageCode', () => {
  it.each([
    ['Spanish', 'es'],
    ['español', 'es'],
    ['ES', 'es'],
    ['Creole', 'ht'],
    ['Haitian-Creole', 'ht'],
    ['Haitian Creole', 'ht'],
    ['Kreyol', 'ht'],
    ['Kreyòl', 'ht'],
    ['Chinese (Mandarin)', 'cmn'],
    ['Mandarin', 'cmn'],
    ['Cantonese', 'yue'],
    ['Filipino (Tagalog)', 'tl'],
    ['Tagalog', 'tl'],
    ['ASL', 'ase'],
    ['American Sign Language', 'ase'],
    ['Sign Language', 'sgn'],
    ['Somali', 'so'],
    ['Amharic', 'am'],
    ['Tigrinya', 'ti'],
    ['Dari', 'prs'],
    ['Pashto', 'ps'],
    ['Hmong', 'hmn'],
    ['Marshallese', 'mh'],
    ['Chuukese', 'chk'],
    ['Samoan', 'sm'],
    ['Tongan', 'to'],
    ['Spanish (limited)', 'es'],
    ['Farsi', 'fa'],
  ])('%s → %s', (input, code) => {
    expect(languageCode(input)).toBe(code);
  });

  it('returns null for text that names no language', () => {
    expect(languageCode('other languages available upon request')).toBeNull();
    expect(languageCode('')).toBeNull();
    expect(languageCode('xx')).toBeNull();
  });
});

describe('languageName', () => {
  it('names codes and round-trips the table', () => {
    expect(languageName('ht')).toBe('Haitian Creole');
    expect(languageName('ASE')).toBe('American Sign Language');
    expect(languageName('zz')).toBeNull();
    expect(Object.keys(languageNames).length).toBeGreaterThanOrEqual(60);
    for (const [code, name] of Object.entries(languageNames)) expect(languageCode(name)).toBe(code);
  });
});

describe('languageCodesInText', () => {
  it('finds every language named in a phrase, in order', () => {
    expect(languageCodesInText('English and Spanish')).toEqual(['en', 'es']);
    expect(languageCodesInText('Creole\n\nTax Prep:\nEnglish')).toEqual(['ht', 'en']);
    expect(languageCodesInText('Haitian Creole. Interpretation is also available')).toEqual(['ht']);
    expect(languageCodesInText('Language line available')).toEqual([]);
  });
});
