import { fillTemplate, useI18n } from '../../../lib/i18n';

const en = {
  'needs.title': 'Needs',
  'needs.loading': 'Loading needs…',
  'needs.error': 'The needs could not be loaded: {message}',
  'needs.retry': 'Try again',
  'needs.empty': 'No needs recorded yet. A screening adds them, or add one below.',
  'needs.fromScreening': 'From a screening, {date}',
  'needs.byHand': 'Added by hand, {date}',
  'needs.addressed': 'Mark addressed',
  'needs.declined': 'Client declined',
  'needs.reopen': 'Reopen',
  'needs.changeFailed': 'The need was not changed: {message}',
  'needs.suggestions': 'Services that may help',
  'needs.noSuggestions': 'No eligible services found near the client for this need.',
  'needs.refer': 'Refer',
  'needs.referTo': 'Refer the client to {name}',
  'needs.km': '{km} km',
  'needs.eligible': 'Likely eligible',
  'needs.add': 'Add a need',
  'needs.domain': 'Need',
  'needs.note': 'Note (optional)',
  'needs.addButton': 'Add need',
  'needs.adding': 'Adding…',
  'needs.addFailed': 'The need was not added: {message}',
} as const;

export type NeedWord = keyof typeof en;

const es: Record<NeedWord, string> = {
  'needs.title': 'Necesidades',
  'needs.loading': 'Cargando necesidades…',
  'needs.error': 'No se pudieron cargar las necesidades: {message}',
  'needs.retry': 'Reintentar',
  'needs.empty': 'Aún no hay necesidades. Una evaluación las agrega, o agregue una abajo.',
  'needs.fromScreening': 'De una evaluación, {date}',
  'needs.byHand': 'Agregada a mano, {date}',
  'needs.addressed': 'Marcar atendida',
  'needs.declined': 'El cliente la rechazó',
  'needs.reopen': 'Reabrir',
  'needs.changeFailed': 'No se cambió la necesidad: {message}',
  'needs.suggestions': 'Servicios que pueden ayudar',
  'needs.noSuggestions':
    'No se encontraron servicios para los que el cliente califique cerca de él para esta necesidad.',
  'needs.refer': 'Referir',
  'needs.referTo': 'Referir al cliente a {name}',
  'needs.km': '{km} km',
  'needs.eligible': 'Probablemente califica',
  'needs.add': 'Agregar una necesidad',
  'needs.domain': 'Necesidad',
  'needs.note': 'Nota (opcional)',
  'needs.addButton': 'Agregar necesidad',
  'needs.adding': 'Agregando…',
  'needs.addFailed': 'No se agregó la necesidad: {message}',
};

/** The needs panel's words in the interface language. */
export function useNeedsWords() {
  const { lang } = useI18n();
  const words = lang === 'es' ? es : en;
  return (key: NeedWord, params?: Record<string, string | number>) =>
    fillTemplate(words[key], params);
}
