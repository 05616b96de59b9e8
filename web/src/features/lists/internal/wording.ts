import { type Lang, useI18n } from '../../../lib/i18n';

const en = {
  'lists.title': 'Resource lists',
  'lists.intro': 'Lists of services {org} prepared for clients, newest first.',
  'lists.new': 'New list',
  'lists.loading': 'Loading lists…',
  'lists.empty': 'No lists yet. Use “Add to list” on a service, or start a new list.',
  'lists.error': 'Lists could not be loaded: {message}',
  'lists.notAllowed': 'Resource lists are for coordinators.',
  'lists.untitled': 'Untitled list',
  'lists.count': '{count} services',
  'lists.countOne': '1 service',
  'lists.current': 'Adding here',
  'lists.updated': 'Changed {date}',
  'list.back': 'All lists',
  'list.loading': 'Loading the list…',
  'list.error': 'The list could not be loaded: {message}',
  'list.heading': 'Resource list',
  'list.details': 'About this list',
  'list.title': 'Title (for you only)',
  'list.note': 'Note for the client (printed at the top)',
  'list.language': 'Client’s language (print and send)',
  'list.services': 'Services',
  'list.noServices': 'No services yet. Search, then use “Add to list” on a result or a service.',
  'list.itemNote': 'Note for the client about {name}',
  'list.gone': 'This service is no longer listed.',
  'list.up': 'Move up',
  'list.down': 'Move down',
  'list.remove': 'Remove',
  'list.save': 'Save list',
  'list.saving': 'Saving…',
  'list.saved': 'List saved.',
  'list.unsaved': 'You have unsaved changes. Save before printing or sending.',
  'list.failed': 'The list was not saved: {message}',
  'list.conflict':
    'Someone else changed this list since you opened it, so your changes were not saved. Reload it to see their version, then make your changes again.',
  'list.reload': 'Reload the list',
  'list.fix': 'Fix these first:',
  'list.makeCurrent': 'Add new services to this list',
  'list.isCurrent': '“Add to list” adds to this list.',
  'list.share': 'Give it to the client',
  'list.print': 'Print',
  'list.pdf': 'Download PDF',
  'list.send': 'Send',
  'list.channel': 'Send by',
  'list.email': 'Email',
  'list.sms': 'Text message',
  'list.to': 'Email address or mobile number',
  'list.toHint': 'Leave empty to use the saved client’s.',
  'list.sending': 'Sending…',
  'list.sent': 'Sent. It is on its way to the client.',
  'list.sendFailed': 'The list was not sent: {message}',
  'list.lastSent': 'Last sent {date} by {channel}.',
  'list.linkedClient': 'Linked to a saved client.',
  'print.toolbar': 'Print options',
  'print.print': 'Print',
  'print.back': 'Back to the list',
  'print.language': 'Language',
} as const;

export type ListWord = keyof typeof en;

const es: Record<ListWord, string> = {
  'lists.title': 'Listas de recursos',
  'lists.intro':
    'Listas de servicios que {org} preparó para sus clientes, las más recientes primero.',
  'lists.new': 'Nueva lista',
  'lists.loading': 'Cargando listas…',
  'lists.empty':
    'Aún no hay listas. Use “Agregar a la lista” en un servicio o cree una lista nueva.',
  'lists.error': 'No se pudieron cargar las listas: {message}',
  'lists.notAllowed': 'Las listas de recursos son para coordinadores.',
  'lists.untitled': 'Lista sin título',
  'lists.count': '{count} servicios',
  'lists.countOne': '1 servicio',
  'lists.current': 'Agregando aquí',
  'lists.updated': 'Cambiada el {date}',
  'list.back': 'Todas las listas',
  'list.loading': 'Cargando la lista…',
  'list.error': 'No se pudo cargar la lista: {message}',
  'list.heading': 'Lista de recursos',
  'list.details': 'Sobre esta lista',
  'list.title': 'Título (solo para usted)',
  'list.note': 'Nota para el cliente (se imprime arriba)',
  'list.language': 'Idioma del cliente (para imprimir y enviar)',
  'list.services': 'Servicios',
  'list.noServices':
    'Aún no hay servicios. Busque y use “Agregar a la lista” en un resultado o un servicio.',
  'list.itemNote': 'Nota para el cliente sobre {name}',
  'list.gone': 'Este servicio ya no está en el directorio.',
  'list.up': 'Subir',
  'list.down': 'Bajar',
  'list.remove': 'Quitar',
  'list.save': 'Guardar lista',
  'list.saving': 'Guardando…',
  'list.saved': 'Lista guardada.',
  'list.unsaved': 'Tiene cambios sin guardar. Guárdelos antes de imprimir o enviar.',
  'list.failed': 'No se guardó la lista: {message}',
  'list.conflict':
    'Otra persona cambió esta lista después de que usted la abrió, así que sus cambios no se guardaron. Vuelva a cargarla y haga sus cambios de nuevo.',
  'list.reload': 'Volver a cargar',
  'list.fix': 'Corrija esto primero:',
  'list.makeCurrent': 'Agregar los nuevos servicios a esta lista',
  'list.isCurrent': '“Agregar a la lista” agrega a esta lista.',
  'list.share': 'Entregarla al cliente',
  'list.print': 'Imprimir',
  'list.pdf': 'Descargar PDF',
  'list.send': 'Enviar',
  'list.channel': 'Enviar por',
  'list.email': 'Correo electrónico',
  'list.sms': 'Mensaje de texto',
  'list.to': 'Correo o número de celular',
  'list.toHint': 'Déjelo vacío para usar el del cliente guardado.',
  'list.sending': 'Enviando…',
  'list.sent': 'Enviada. Va en camino al cliente.',
  'list.sendFailed': 'No se envió la lista: {message}',
  'list.lastSent': 'Enviada por última vez el {date} por {channel}.',
  'list.linkedClient': 'Vinculada a un cliente guardado.',
  'print.toolbar': 'Opciones de impresión',
  'print.print': 'Imprimir',
  'print.back': 'Volver a la lista',
  'print.language': 'Idioma',
};

/** Words of what the client receives, in the list's language (not necessarily the UI's). */
const sheet = {
  en: {
    heading: 'Resources for you',
    from: 'From {organization}',
    prepared: 'Prepared on {date}',
    phone: 'Phone',
    address: 'Address',
    hours: 'Hours',
    website: 'Website',
    note: 'Note',
    gone: 'This service is no longer listed.',
    footer: 'Call before you go: hours and services can change.',
  },
  es: {
    heading: 'Recursos para usted',
    from: 'De {organization}',
    prepared: 'Preparado el {date}',
    phone: 'Teléfono',
    address: 'Dirección',
    hours: 'Horario',
    website: 'Sitio web',
    note: 'Nota',
    gone: 'Este servicio ya no está en la lista.',
    footer: 'Llame antes de ir: los horarios y servicios pueden cambiar.',
  },
} as const;

export type SheetWord = keyof (typeof sheet)['en'];

function fill(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    params && name in params ? String(params[name]) : match,
  );
}

export type ListTranslate = (key: ListWord, params?: Record<string, string | number>) => string;

/** The list screens' words in the UI language (kept with the lazily loaded pages). */
export function useListWords(): ListTranslate {
  const { lang } = useI18n();
  const dictionary = lang === 'es' ? es : en;
  return (key, params) => fill(dictionary[key], params);
}

/** The printed sheet's words in the given language. */
export function sheetWords(lang: Lang) {
  return (key: SheetWord, params?: Record<string, string | number>) =>
    fill(sheet[lang][key], params);
}
