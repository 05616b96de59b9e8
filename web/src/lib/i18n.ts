import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';

export type Lang = 'en' | 'es';
export const languages: Lang[] = ['en', 'es'];

const en = {
  'app.name': 'Wayfinder',
  'app.tagline': 'Find help near your client',
  'app.skipToResults': 'Skip to results',
  'app.language': 'Language',
  'app.nav': 'Main',
  'app.notFound': 'This page does not exist.',
  'app.backToSearch': 'Back to search',
  'app.offline':
    'You are offline. Results shown may be out of date; searching resumes when you reconnect.',
  'session.signIn': 'Sign in',
  'session.signOut': 'Sign out',
  'session.signedInAs': 'Signed in as {name}',
  'session.email': 'Email',
  'session.password': 'Password',
  'session.signingIn': 'Signing in…',
  'session.title': 'Sign in',
  'session.intro':
    'Coordinators sign in to refer clients and keep lists. Searching needs no sign-in.',
  'session.already': 'You are signed in as {name} ({org}).',
  'search.title': 'Find services',
  'search.what': 'What',
  'search.text': 'What does your client need?',
  'search.textHint': 'For example: food pantry, rent help, dentist',
  'search.needs': 'Need',
  'search.where': 'Where',
  'search.zip': 'ZIP code',
  'search.zipInvalid': 'Enter a 5-digit ZIP code.',
  'search.useLocation': 'Use my location',
  'search.locating': 'Finding your location…',
  'search.locationFailed': 'Your location is not available ({reason}). Enter a ZIP code instead.',
  'search.nearMe': 'Near your location',
  'search.nearMapArea': 'Near the map area',
  'search.clearPlace': 'Clear place',
  'search.radius': 'Within',
  'search.radiusMapArea': 'Map area (about {distance})',
  'search.who': 'Client (optional)',
  'search.whoHint': 'Used only to check eligibility; nothing is saved.',
  'search.age': 'Age',
  'search.household': 'Household size',
  'search.income': 'Annual household income (USD)',
  'search.clientLanguage': 'Language',
  'search.anyLanguage': 'Any language',
  'search.veteran': 'Veteran',
  'search.showOnly': 'Show only',
  'search.openNow': 'Open now',
  'search.freeOnly': 'Free',
  'search.eligibleOnly': 'Eligible',
  'search.eligibleNeedsClient': 'Enter client details to check eligibility.',
  'search.submit': 'Search',
  'search.reset': 'Clear all',
  'search.results': 'Results',
  'search.resultCount': '{count} services',
  'search.resultCountOne': '1 service',
  'search.loading': 'Searching…',
  'search.loadMore': 'Show more',
  'search.empty': 'No services match.',
  'search.emptyHint':
    'Try a wider radius, fewer need categories, or turn off “Open now”, “Free” or “Eligible”.',
  'search.widen': 'Search within {distance}',
  'search.removeFilters': 'Remove filters',
  'search.start': 'Enter a need and a place to see services near your client.',
  'search.error': 'The search did not work: {message}',
  'search.networkError': 'Could not reach Wayfinder. Check your connection and try again.',
  'search.retry': 'Try again',
  'search.searchArea': 'Search this area',
  'search.map': 'Map of results',
  'search.mapLoading': 'Loading the map…',
  'search.mapFailed': 'The map could not be loaded. The results list has everything.',
  'result.distance': '{distance} away',
  'result.open': 'Open',
  'result.closed': 'Closed',
  'result.hoursUnknown': 'Hours unknown',
  'result.closes': 'closes {time}',
  'result.opens': 'opens {time}',
  'result.eligible': 'Likely eligible',
  'result.ineligible': 'Likely not eligible',
  'result.unknown': 'Eligibility unclear',
  'result.verified': 'Verified {ago}',
  'result.neverVerified': 'Never verified',
  'result.stale': 'May be out of date',
  'result.languages': 'Languages',
  'result.cost': 'Cost',
  'result.approximate': 'Location approximate',
  'result.showOnMap': 'Show on map',
  'cost.FREE': 'Free',
  'cost.SLIDING_SCALE': 'Sliding scale',
  'cost.FEE': 'Fee',
  'cost.INSURANCE': 'Insurance',
  'service.back': 'Back to results',
  'service.loading': 'Loading the service…',
  'service.hours': 'Hours',
  'service.openNow': 'Open now',
  'service.hoursUnknown': 'Hours not listed. Call before visiting.',
  'service.eligibility': 'Who can get it',
  'service.eligibilityNone': 'No eligibility rules listed.',
  'service.documents': 'What to bring',
  'service.documentsNone': 'No documents listed.',
  'service.apply': 'How to apply',
  'service.costs': 'Costs',
  'service.languages': 'Languages',
  'service.phones': 'Phone',
  'service.address': 'Address',
  'service.directions': 'Directions (OpenStreetMap)',
  'service.website': 'Website',
  'service.lastVerified': 'Last verified',
  'service.notVerified': 'Not verified yet',
  'service.refer': 'Refer client',
  'service.addToList': 'Add to list',
  'service.signInToRefer': 'Sign in as a coordinator to refer',
  'service.referSoon': 'Referrals open here soon',
  'service.status': 'Status: {status}',
  'service.organization': 'Offered by',
  'service.categories': 'Needs met',
  'units.miles': 'mi',
} as const;

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  'app.name': 'Wayfinder',
  'app.tagline': 'Encuentre ayuda cerca de su cliente',
  'app.skipToResults': 'Ir a los resultados',
  'app.language': 'Idioma',
  'app.nav': 'Principal',
  'app.notFound': 'Esta página no existe.',
  'app.backToSearch': 'Volver a la búsqueda',
  'app.offline':
    'Está sin conexión. Los resultados pueden estar desactualizados; la búsqueda sigue al reconectarse.',
  'session.signIn': 'Iniciar sesión',
  'session.signOut': 'Cerrar sesión',
  'session.signedInAs': 'Sesión de {name}',
  'session.email': 'Correo electrónico',
  'session.password': 'Contraseña',
  'session.signingIn': 'Iniciando sesión…',
  'session.title': 'Iniciar sesión',
  'session.intro':
    'Los coordinadores inician sesión para referir clientes y guardar listas. Buscar no requiere sesión.',
  'session.already': 'Ha iniciado sesión como {name} ({org}).',
  'search.title': 'Buscar servicios',
  'search.what': 'Qué',
  'search.text': '¿Qué necesita su cliente?',
  'search.textHint': 'Por ejemplo: despensa de alimentos, ayuda con la renta, dentista',
  'search.needs': 'Necesidad',
  'search.where': 'Dónde',
  'search.zip': 'Código postal',
  'search.zipInvalid': 'Escriba un código postal de 5 dígitos.',
  'search.useLocation': 'Usar mi ubicación',
  'search.locating': 'Buscando su ubicación…',
  'search.locationFailed': 'Su ubicación no está disponible ({reason}). Escriba un código postal.',
  'search.nearMe': 'Cerca de su ubicación',
  'search.nearMapArea': 'Cerca del área del mapa',
  'search.clearPlace': 'Quitar lugar',
  'search.radius': 'A menos de',
  'search.radiusMapArea': 'Área del mapa (unos {distance})',
  'search.who': 'Cliente (opcional)',
  'search.whoHint': 'Solo para revisar si califica; no se guarda nada.',
  'search.age': 'Edad',
  'search.household': 'Personas en el hogar',
  'search.income': 'Ingreso anual del hogar (USD)',
  'search.clientLanguage': 'Idioma',
  'search.anyLanguage': 'Cualquier idioma',
  'search.veteran': 'Veterano',
  'search.showOnly': 'Mostrar solo',
  'search.openNow': 'Abierto ahora',
  'search.freeOnly': 'Gratis',
  'search.eligibleOnly': 'Califica',
  'search.eligibleNeedsClient': 'Escriba datos del cliente para revisar si califica.',
  'search.submit': 'Buscar',
  'search.reset': 'Borrar todo',
  'search.results': 'Resultados',
  'search.resultCount': '{count} servicios',
  'search.resultCountOne': '1 servicio',
  'search.loading': 'Buscando…',
  'search.loadMore': 'Mostrar más',
  'search.empty': 'Ningún servicio coincide.',
  'search.emptyHint':
    'Pruebe una distancia mayor, menos necesidades, o quite “Abierto ahora”, “Gratis” o “Califica”.',
  'search.widen': 'Buscar a menos de {distance}',
  'search.removeFilters': 'Quitar filtros',
  'search.start': 'Escriba una necesidad y un lugar para ver servicios cerca de su cliente.',
  'search.error': 'La búsqueda no funcionó: {message}',
  'search.networkError':
    'No se pudo conectar con Wayfinder. Revise su conexión e intente de nuevo.',
  'search.retry': 'Intentar de nuevo',
  'search.searchArea': 'Buscar en esta área',
  'search.map': 'Mapa de resultados',
  'search.mapLoading': 'Cargando el mapa…',
  'search.mapFailed': 'No se pudo cargar el mapa. La lista de resultados tiene todo.',
  'result.distance': 'a {distance}',
  'result.open': 'Abierto',
  'result.closed': 'Cerrado',
  'result.hoursUnknown': 'Horario desconocido',
  'result.closes': 'cierra {time}',
  'result.opens': 'abre {time}',
  'result.eligible': 'Probablemente califica',
  'result.ineligible': 'Probablemente no califica',
  'result.unknown': 'No se sabe si califica',
  'result.verified': 'Verificado {ago}',
  'result.neverVerified': 'Nunca verificado',
  'result.stale': 'Puede estar desactualizado',
  'result.languages': 'Idiomas',
  'result.cost': 'Costo',
  'result.approximate': 'Ubicación aproximada',
  'result.showOnMap': 'Ver en el mapa',
  'cost.FREE': 'Gratis',
  'cost.SLIDING_SCALE': 'Escala móvil',
  'cost.FEE': 'Con costo',
  'cost.INSURANCE': 'Seguro médico',
  'service.back': 'Volver a los resultados',
  'service.loading': 'Cargando el servicio…',
  'service.hours': 'Horario',
  'service.openNow': 'Abierto ahora',
  'service.hoursUnknown': 'Horario no disponible. Llame antes de ir.',
  'service.eligibility': 'Quién puede recibirlo',
  'service.eligibilityNone': 'No hay requisitos publicados.',
  'service.documents': 'Qué llevar',
  'service.documentsNone': 'No se piden documentos.',
  'service.apply': 'Cómo solicitarlo',
  'service.costs': 'Costos',
  'service.languages': 'Idiomas',
  'service.phones': 'Teléfono',
  'service.address': 'Dirección',
  'service.directions': 'Cómo llegar (OpenStreetMap)',
  'service.website': 'Sitio web',
  'service.lastVerified': 'Última verificación',
  'service.notVerified': 'Aún no verificado',
  'service.refer': 'Referir cliente',
  'service.addToList': 'Agregar a la lista',
  'service.signInToRefer': 'Inicie sesión como coordinador para referir',
  'service.referSoon': 'Pronto podrá referir desde aquí',
  'service.status': 'Estado: {status}',
  'service.organization': 'Ofrecido por',
  'service.categories': 'Necesidades que cubre',
  'units.miles': 'mi',
};

/** Spanish names of the top-level need categories; other languages use the API's names. */
const categoryNames: Record<Lang, Record<string, string>> = {
  en: {},
  es: {
    food: 'Alimentos',
    housing: 'Vivienda',
    transportation: 'Transporte',
    'mental-health': 'Salud mental',
    'substance-use': 'Consumo de sustancias',
    health: 'Salud',
    legal: 'Legal',
    employment: 'Empleo',
    utilities: 'Servicios públicos',
    family: 'Familia',
    disability: 'Discapacidad',
    immigration: 'Inmigración',
  },
};

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, es };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>) {
  const template = dictionaries[lang][key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
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
