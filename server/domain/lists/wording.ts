import { fillTemplate } from '../../lib/fill-template.ts';

/** The languages a resource list can be printed and sent in (those the web app speaks). */
export const listLanguages = ['en', 'es'] as const;
export type ListLanguage = (typeof listLanguages)[number];

const en = {
  heading: 'Resources for you',
  from: 'From {organization}',
  prepared: 'Prepared on {date}',
  note: 'Note',
  phone: 'Phone',
  address: 'Address',
  hours: 'Hours',
  website: 'Website',
  gone: 'This service is no longer listed.',
  subject: 'Your list of resources from {organization}',
  smsIntro: 'Resources from {organization}:',
  footer: 'Call before you go: hours and services can change.',
};

const es: typeof en = {
  heading: 'Recursos para usted',
  from: 'De {organization}',
  prepared: 'Preparado el {date}',
  note: 'Nota',
  phone: 'Teléfono',
  address: 'Dirección',
  hours: 'Horario',
  website: 'Sitio web',
  gone: 'Este servicio ya no está en la lista.',
  subject: 'Su lista de recursos de {organization}',
  smsIntro: 'Recursos de {organization}:',
  footer: 'Llame antes de ir: los horarios y servicios pueden cambiar.',
};

export type ListWord = keyof typeof en;

/** A label of printed and sent lists in the list's language, with `{name}` filled in. */
export function listWord(
  lang: ListLanguage,
  key: ListWord,
  params: Record<string, string> = {},
): string {
  const template = (lang === 'es' ? es : en)[key];
  return fillTemplate(template, params);
}

/** A calendar date as people in that language write it ("May 3, 2026", "3 de mayo de 2026"). */
export function listDate(lang: ListLanguage, at: Date): string {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(at);
}

/** Whether a value names a language lists are printed and sent in. */
export function isListLanguage(value: unknown): value is ListLanguage {
  return value === 'en' || value === 'es';
}
