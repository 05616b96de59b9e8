import { fillTemplate, type Lang } from '../../../lib/i18n';

const en = {
  'screening.title': 'Social needs screening',
  'screening.for': 'Screening: {name}',
  'screening.loading': 'Loading…',
  'screening.error': 'The client could not be loaded: {message}',
  'screening.onlyCoordinators': 'Screenings are for coordinators.',
  'screening.back': '← Search',
  'screening.inPerson': 'Screen in person',
  'screening.intro':
    'Read the client the 10 questions of the AHC screening tool and mark their answers. It takes about 5 minutes.',
  'screening.language': 'Language of the questions',
  'screening.submit': 'Save the screening',
  'screening.saving': 'Saving…',
  'screening.missing': 'Answer every question first. Missing: {numbers}.',
  'screening.failed': 'The screening was not saved: {message}',
  'screening.saved': 'Screening saved.',
  'screening.link.title': 'Or send the client a link',
  'screening.link.intro':
    'They answer on their phone in {language}, without an account. The link works once, for 7 days.',
  'screening.link.sms': 'Send by text message',
  'screening.link.email': 'Send by email',
  'screening.link.noContact':
    'Add a phone number or email address to the client’s record to send a link.',
  'screening.link.sending': 'Sending…',
  'screening.link.sent': 'Sent. The link works until {date}.',
  'screening.link.failed': 'The link was not sent: {message}',
  'screening.result.title': 'Latest screening, {date} ({method})',
  'screening.result.positive': 'Positive for',
  'screening.result.none': 'No positive domain.',
  'screening.result.safety': 'Safety total: {total} of 20 (11 or more is a positive screen).',
  'screening.result.attention': 'For your attention — not a positive screen',
  'screening.changes.title': 'What changed since {date}',
  'screening.changes.none': 'The answers are the same as last time.',
  'screening.changes.newly': 'Newly positive',
  'screening.changes.noLonger': 'No longer positive',
  'screening.changes.item': 'Question {number}: {question}',
  'screening.changes.was': 'was',
  'screening.changes.now': 'now',
  'screening.history': 'Earlier screenings',
  'screening.history.item': '#{number}, {date}, {method}',
  'screening.method.IN_PERSON': 'in person',
  'screening.method.LINK': 'by link',
  'screening.pending': 'Link sent {date}; not answered yet.',
  'screening.noneYet': 'No screening yet.',
  'form.required': 'Required',
  'form.question': 'Question {number}',
  'public.title': 'A few questions',
  'public.loading': 'Loading the questions…',
  'public.intro':
    '{org} asks you a few questions about your home, food, transportation, utilities and safety, so they know how to help. It takes about 5 minutes. Your answers go only to {org}.',
  'public.expires': 'This link works once, until {date}.',
  'public.safety':
    'If you are in danger now, call 911. For confidential help any time, call the National Domestic Violence Hotline:',
  'public.send': 'Send my answers',
  'public.sending': 'Sending…',
  'public.missing': 'Please answer every question. Missing: {numbers}.',
  'public.thanks':
    'Thank you. Your answers were sent to {org}. Your care coordinator will be in touch.',
  'public.failed': 'Your answers were not sent: {message}',
  'public.network': 'Your answers were not sent: check your connection and try again.',
} as const;

export type ScreeningWord = keyof typeof en;

const es: Record<ScreeningWord, string> = {
  'screening.title': 'Evaluación de necesidades sociales',
  'screening.for': 'Evaluación: {name}',
  'screening.loading': 'Cargando…',
  'screening.error': 'No se pudo cargar el cliente: {message}',
  'screening.onlyCoordinators': 'Las evaluaciones son para coordinadores.',
  'screening.back': '← Búsqueda',
  'screening.inPerson': 'Evaluar en persona',
  'screening.intro':
    'Lea al cliente las 10 preguntas de la herramienta de evaluación AHC y marque sus respuestas. Toma unos 5 minutos.',
  'screening.language': 'Idioma de las preguntas',
  'screening.submit': 'Guardar la evaluación',
  'screening.saving': 'Guardando…',
  'screening.missing': 'Responda todas las preguntas primero. Faltan: {numbers}.',
  'screening.failed': 'No se guardó la evaluación: {message}',
  'screening.saved': 'Evaluación guardada.',
  'screening.link.title': 'O envíe un enlace al cliente',
  'screening.link.intro':
    'Responde en su teléfono en {language}, sin cuenta. El enlace funciona una vez, durante 7 días.',
  'screening.link.sms': 'Enviar por mensaje de texto',
  'screening.link.email': 'Enviar por correo',
  'screening.link.noContact':
    'Agregue un teléfono o un correo al expediente del cliente para enviar un enlace.',
  'screening.link.sending': 'Enviando…',
  'screening.link.sent': 'Enviado. El enlace funciona hasta el {date}.',
  'screening.link.failed': 'No se envió el enlace: {message}',
  'screening.result.title': 'Última evaluación, {date} ({method})',
  'screening.result.positive': 'Positiva en',
  'screening.result.none': 'Ningún dominio positivo.',
  'screening.result.safety':
    'Total de seguridad: {total} de 20 (11 o más es una evaluación positiva).',
  'screening.result.attention': 'Para su atención — no es una evaluación positiva',
  'screening.changes.title': 'Qué cambió desde el {date}',
  'screening.changes.none': 'Las respuestas son las mismas que la vez anterior.',
  'screening.changes.newly': 'Nuevos positivos',
  'screening.changes.noLonger': 'Ya no positivos',
  'screening.changes.item': 'Pregunta {number}: {question}',
  'screening.changes.was': 'antes',
  'screening.changes.now': 'ahora',
  'screening.history': 'Evaluaciones anteriores',
  'screening.history.item': '#{number}, {date}, {method}',
  'screening.method.IN_PERSON': 'en persona',
  'screening.method.LINK': 'por enlace',
  'screening.pending': 'Enlace enviado el {date}; aún sin responder.',
  'screening.noneYet': 'Aún no hay evaluaciones.',
  'form.required': 'Obligatoria',
  'form.question': 'Pregunta {number}',
  'public.title': 'Unas preguntas',
  'public.loading': 'Cargando las preguntas…',
  'public.intro':
    '{org} le hace unas preguntas sobre su vivienda, alimentos, transporte, servicios y seguridad, para saber cómo ayudarle. Toma unos 5 minutos. Sus respuestas van solo a {org}.',
  'public.expires': 'Este enlace funciona una vez, hasta el {date}.',
  'public.safety':
    'Si está en peligro ahora, llame al 911. Para ayuda confidencial a cualquier hora, llame a la Línea Nacional sobre la Violencia Doméstica:',
  'public.send': 'Enviar mis respuestas',
  'public.sending': 'Enviando…',
  'public.missing': 'Por favor responda todas las preguntas. Faltan: {numbers}.',
  'public.thanks':
    'Gracias. Sus respuestas se enviaron a {org}. Su coordinador de atención se comunicará con usted.',
  'public.failed': 'No se enviaron sus respuestas: {message}',
  'public.network': 'No se enviaron sus respuestas: revise su conexión e intente de nuevo.',
};

export type ScreeningWords = (
  key: ScreeningWord,
  params?: Record<string, string | number>,
) => string;

/** The screening words in one language (the public page speaks the link's language). */
export function screeningWords(lang: Lang): ScreeningWords {
  const words = lang === 'es' ? es : en;
  return (key, params) => fillTemplate(words[key], params);
}

/** A day in words ("December 8, 2026"). */
export function formatDay(iso: string, locale: string): string {
  return new Date(iso).toLocaleDateString(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}
