import { useI18n } from '../../../lib/i18n';

const en = {
  'find.title': 'Find a saved client',
  'find.hint': 'Exact match: a phone number, or a full name with the date of birth.',
  'find.name': 'Full name',
  'find.dateOfBirth': 'Date of birth',
  'find.phone': 'Phone',
  'find.submit': 'Find',
  'find.searching': 'Finding…',
  'find.incomplete': 'Enter a phone number, or a full name and a date of birth.',
  'find.none': 'No saved client matches.',
  'find.failed': 'Clients could not be found: {message}',
  'find.use': 'Use {name}',
  'find.born': 'born {date}',
  'find.cancel': 'Cancel',
  'pick.open': 'Use a saved client',
  'pick.for': 'Searching for {name}: eligibility comes from the saved record.',
  'pick.someone': 'a saved client',
  'pick.clear': 'Stop using the saved client',
  'list.client': 'Client',
  'list.clientNone': 'Not linked to a saved client. Link one to send to their email or phone.',
  'list.clientLinked': 'For {name}. Sending uses their email or phone unless you type another.',
  'list.clientLinkedUnknown': 'Linked to a saved client.',
  'list.link': 'Link a saved client',
  'list.unlink': 'Unlink',
  'list.failed': 'The list was not changed: {message}',
};

type ClientWord = keyof typeof en;

const es: Record<ClientWord, string> = {
  'find.title': 'Buscar un cliente guardado',
  'find.hint':
    'Coincidencia exacta: un número de teléfono, o el nombre completo con la fecha de nacimiento.',
  'find.name': 'Nombre completo',
  'find.dateOfBirth': 'Fecha de nacimiento',
  'find.phone': 'Teléfono',
  'find.submit': 'Buscar',
  'find.searching': 'Buscando…',
  'find.incomplete': 'Escriba un teléfono, o el nombre completo y la fecha de nacimiento.',
  'find.none': 'Ningún cliente guardado coincide.',
  'find.failed': 'No se pudo buscar clientes: {message}',
  'find.use': 'Usar {name}',
  'find.born': 'nació el {date}',
  'find.cancel': 'Cancelar',
  'pick.open': 'Usar un cliente guardado',
  'pick.for': 'Buscando para {name}: los requisitos se evalúan con el registro guardado.',
  'pick.someone': 'un cliente guardado',
  'pick.clear': 'Dejar de usar el cliente guardado',
  'list.client': 'Cliente',
  'list.clientNone':
    'No está vinculada a un cliente guardado. Vincule uno para enviarla a su correo o teléfono.',
  'list.clientLinked': 'Para {name}. Al enviar se usa su correo o teléfono si no escribe otro.',
  'list.clientLinkedUnknown': 'Vinculada a un cliente guardado.',
  'list.link': 'Vincular un cliente guardado',
  'list.unlink': 'Desvincular',
  'list.failed': 'No se cambió la lista: {message}',
};

export type ClientTranslate = (key: ClientWord, params?: Record<string, string | number>) => string;

/** Words for finding and using saved clients, in the UI language (loaded with them). */
export function useClientWords(): ClientTranslate {
  const { lang } = useI18n();
  const dictionary = lang === 'es' ? es : en;
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (match, name: string) =>
      params && name in params ? String(params[name]) : match,
    );
}
