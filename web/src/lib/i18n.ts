import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { en, type MessageKey } from './messages/en';
import { es } from './messages/es';

export type { MessageKey };

export type Lang = 'en' | 'es';
export const languages: Lang[] = ['en', 'es'];

/**
 * Spanish names of the top-level need categories, as the server's need-categories.json gives
 * them (a test keeps the two equal); other languages use the API's names.
 */
export const categoryNames: Record<Lang, Record<string, string>> = {
  en: {},
  es: {
    food: 'Alimentos',
    housing: 'Vivienda',
    transportation: 'Transporte',
    'mental-health': 'Salud mental',
    'substance-use': 'Consumo de sustancias',
    health: 'Salud',
    legal: 'Ayuda legal',
    employment: 'Empleo',
    utilities: 'Luz, agua y gas',
    family: 'Familia y niños',
    disability: 'Discapacidad',
    immigration: 'Inmigración',
  },
};

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, es };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders from `params`, leaving unknown ones as they are. */
export function fillTemplate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>) {
  return fillTemplate(dictionaries[lang][key] ?? en[key], params);
}

const STORAGE_KEY = 'wayfinder.lang';

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'es';
}

/** The saved choice, else the browser's first supported language, else English. */
export function initialLang(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // storage may be off (private mode); fall through
  }
  const preferred = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2));
  return preferred.find(isLang) ?? 'en';
}

/** A BCP 47 locale for numbers and dates: the browser's, when it speaks the UI language. */
export function formatLocale(lang: Lang): string {
  const browser = typeof navigator === 'undefined' ? undefined : navigator.language;
  if (browser?.toLowerCase().startsWith(lang)) return browser;
  return lang === 'es' ? 'es-US' : 'en-US';
}

type I18nValue = {
  lang: Lang;
  locale: string;
  t: Translate;
  categoryName: (code: string, fallback: string) => string;
  setLang: (lang: Lang) => void;
};

const I18nContext = createContext<I18nValue | null>(null);

export type I18nProviderProps = { children: ReactNode; initial?: Lang };

export function I18nProvider({ children, initial }: I18nProviderProps) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? initialLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    document.documentElement.lang = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not saved; the choice lasts for this page
    }
  }, []);
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      locale: formatLocale(lang),
      t: (key, params) => translate(lang, key, params),
      categoryName: (code, fallback) => categoryNames[lang][code] ?? fallback,
      setLang,
    }),
    [lang, setLang],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an I18nProvider');
  return value;
}
