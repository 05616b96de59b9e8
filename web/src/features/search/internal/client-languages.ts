/** Languages coordinators pick most for Denver-area clients (ISO 639-1). */
export const clientLanguageCodes = [
  'en',
  'es',
  'vi',
  'zh',
  'ar',
  'ru',
  'so',
  'am',
  'ne',
  'fr',
  'ko',
];

/** "Spanish" / "español": the language's name in the UI language. */
export function languageLabel(code: string, uiLang: string): string {
  try {
    const names = new Intl.DisplayNames([uiLang], { type: 'language' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
