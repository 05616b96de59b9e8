import { fillTemplate } from '../../lib/fill-template.ts';
import type { Actor } from '../accounts/actor.ts';
import { appointmentTimelineEntries } from '../appointments/appointments.ts';
import { recordAudit } from '../audit/audit.ts';
import { type ClientSummary, readSummary } from '../caseload/summary.ts';
import { loadCaseNotes } from '../clients/case-notes.ts';
import { assertKeepsClient } from '../clients/client-access.ts';
import type { DomainDeps } from '../deps.ts';
import { feedbackTimelineEntries } from '../feedback/surveys.ts';
import { needDomainLabel } from '../needs/domains.ts';
import { loadReferral } from '../referrals/store.ts';
import { screeningTimelineEntries } from '../screening/timeline.ts';
import { loadClientTasks, type TaskKind } from '../tasks/tasks.ts';
import { loadClientGoals } from './goals.ts';

/**
 * A client's timeline: everything that happened around the client, in time order, gathered from
 * one function per source. Adding a source (screenings, needs, appointments, feedback) is one
 * more entry in `timelineSources`.
 */

export type TimelineEntry = {
  at: Date;
  /** What kind of event: `referral.sent`, `goal.created`, `task.done`, `note` … */
  kind: string;
  title: string;
  detail?: string;
  /** The id of the thing it is about (a referral, goal, task or note). */
  refId?: string;
};

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

/** The languages timeline titles are written in (those the web app speaks). */
export type TimelineLanguage = 'en' | 'es';

/** What a source is handed: the client (already checked), its summary and the reader's language. */
export type TimelineContext = {
  clientId: string;
  organizationId: string;
  summary: ClientSummary;
  lang: TimelineLanguage;
};

export type TimelineSource = (deps: Deps, context: TimelineContext) => Promise<TimelineEntry[]>;

const status = (s: string) => s.toLowerCase().replaceAll('_', ' ');

const spanishTaskTitles: Record<Exclude<TaskKind, 'MANUAL'>, string> = {
  CHECK_SERVICE: 'Comprobar que el cliente recibió el servicio',
  FIND_ALTERNATIVE: 'Buscar un servicio alternativo',
  REACH_CLIENT: 'Contactar al cliente por la cita perdida',
};

const words = {
  en: {
    drafted: 'Referral to {service} drafted',
    sent: 'Referral to {service} sent',
    moved: 'Referral to {service}: {status}',
    reason: 'Reason: {reason}',
    goalSet: 'Goal set: {text}',
    goalChanged: 'Goal changed: {text}',
    task: 'Task: {title}',
    due: 'Due {date}',
    done: 'Task done: {title}',
    cancelled: 'Task cancelled: {title}',
    note: 'Note',
    contact: 'Contact with the client',
    aService: 'a service',
  },
  es: {
    drafted: 'Borrador de derivación a {service}',
    sent: 'Derivación enviada a {service}',
    moved: 'Derivación a {service}: {status}',
    reason: 'Motivo: {reason}',
    goalSet: 'Meta fijada: {text}',
    goalChanged: 'Meta cambiada: {text}',
    task: 'Tarea: {title}',
    due: 'Vence el {date}',
    done: 'Tarea hecha: {title}',
    cancelled: 'Tarea cancelada: {title}',
    note: 'Nota',
    contact: 'Contacto con el cliente',
    aService: 'un servicio',
  },
} as const;

const spanishStatus: Record<string, string> = {
  DRAFT: 'borrador',
  SENT: 'enviada',
  ACCEPTED: 'aceptada',
  REJECTED: 'rechazada',
  IN_PROGRESS: 'en curso',
  ON_HOLD: 'en pausa',
  COMPLETED: 'completada',
  FAILED: 'no se pudo ayudar',
  CANCELLED: 'cancelada',
  PROPOSED: 'propuesta',
  ACTIVE: 'activa',
  NO_CAPACITY: 'sin capacidad',
  NOT_ELIGIBLE: 'no cumple requisitos',
  COULD_NOT_CONTACT: 'sin contacto',
  CLIENT_DECLINED: 'el cliente no quiso',
  REFERRED_ELSEWHERE: 'derivado a otro lugar',
  OTHER: 'otro',
  IN_PROGRESS_GOAL: 'en curso',
  IMPROVING: 'mejorando',
  WORSENING: 'empeorando',
  NO_CHANGE: 'sin cambios',
  ACHIEVED: 'lograda',
  NOT_ACHIEVED: 'no lograda',
};

const fieldNames: Record<TimelineLanguage, Record<string, string>> = {
  en: { text: 'words', achievement: 'progress', targetDate: 'target date' },
  es: {
    text: 'texto',
    status: 'estado',
    achievement: 'progreso',
    targetDate: 'fecha objetivo',
    domain: 'área',
    needIds: 'necesidades',
    referralIds: 'derivaciones',
  },
};

/** A goal field's name for people. */
function fieldName(lang: TimelineLanguage, field: string): string {
  return fieldNames[lang][field] ?? field;
}

/** A status or code in the reader's language. */
function said(lang: TimelineLanguage, code: string): string {
  return lang === 'es' ? (spanishStatus[code] ?? status(code)) : status(code);
}

function say(
  lang: TimelineLanguage,
  key: keyof (typeof words)['en'],
  params: Record<string, string> = {},
): string {
  return fillTemplate(words[lang][key], params);
}

async function referralEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const referrals = await Promise.all(
    Object.keys(context.summary.referrals).map((id) => loadReferral(deps, id)),
  );
  const serviceNames = new Map<string, string>();
  for (const referral of referrals) {
    if (!referral || serviceNames.has(referral.serviceId)) continue;
    const service = await deps.db.models.Service.collection.findOne(
      { _id: referral.serviceId as never },
      { projection: { name: 1 } },
    );
    serviceNames.set(
      referral.serviceId,
      service ? String(service.name) : say(context.lang, 'aService'),
    );
  }
  return referrals.flatMap((referral) => {
    if (!referral || referral.clientId !== context.clientId) return [];
    const service = serviceNames.get(referral.serviceId) ?? say(context.lang, 'aService');
    const lang = context.lang;
    return referral.history
      .filter((event) => event.kind !== 'RECEIVED')
      .map((event) => ({
        at: new Date(event.at),
        kind: `referral.${event.to.toLowerCase()}`,
        title:
          event.kind === 'CREATED'
            ? say(lang, event.to === 'DRAFT' ? 'drafted' : 'sent', { service })
            : event.to === 'SENT' && event.from === 'DRAFT'
              ? say(lang, 'sent', { service })
              : say(lang, 'moved', { service, status: said(lang, event.to) }),
        ...(event.reason
          ? { detail: say(lang, 'reason', { reason: said(lang, event.reason.code) }) }
          : {}),
        refId: referral.id,
      }));
  });
}

async function goalEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const goals = await loadClientGoals(deps, context.clientId, context.organizationId);
  const lang = context.lang;
  const valueOf = (field: string, value: string) =>
    field === 'achievement' && value === 'IN_PROGRESS'
      ? said(lang, 'IN_PROGRESS_GOAL')
      : field === 'targetDate' || field.endsWith('Ids')
        ? value
        : said(lang, value);
  return goals.flatMap((goal) =>
    goal.history.map((change, index) => ({
      at: new Date(change.at),
      kind: index === 0 ? 'goal.created' : 'goal.updated',
      title: say(lang, index === 0 ? 'goalSet' : 'goalChanged', { text: goal.text }),
      detail:
        index === 0
          ? `${needDomainLabel(goal.domain, lang)} · ${said(lang, goal.status)}`
          : change.changes
              .map((c) =>
                c.to === null
                  ? fieldName(lang, c.field)
                  : `${fieldName(lang, c.field)} → ${valueOf(c.field, c.to)}`,
              )
              .join(', '),
      refId: goal.id,
    })),
  );
}

async function taskEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const tasks = await loadClientTasks(deps, context.clientId, context.organizationId);
  const lang = context.lang;
  return tasks.flatMap((task) => {
    const title =
      lang === 'es' && task.kind !== 'MANUAL' ? spanishTaskTitles[task.kind] : task.title;
    return [
      {
        at: new Date(task.createdAt),
        kind: 'task.created',
        title: say(lang, 'task', { title }),
        detail: say(lang, 'due', { date: task.dueDate }),
        refId: task.id,
      },
      ...(task.closedAt
        ? [
            {
              at: new Date(task.closedAt),
              kind: `task.${task.status.toLowerCase()}`,
              title: say(lang, task.status === 'DONE' ? 'done' : 'cancelled', { title }),
              refId: task.id,
            },
          ]
        : []),
    ];
  });
}

async function noteEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const notes = await loadCaseNotes(deps, context.clientId, context.organizationId);
  return notes.map((note) => ({
    at: note.at,
    kind: note.contact ? 'note.contact' : 'note',
    title: say(context.lang, note.contact ? 'contact' : 'note'),
    detail: note.text,
    refId: note.id,
  }));
}

/** The sources of a client's timeline; one line per source. */
export const timelineSources: TimelineSource[] = [
  referralEntries,
  goalEntries,
  taskEntries,
  noteEntries,
  (deps, { clientId, lang }) => screeningTimelineEntries(deps, clientId, lang),
  (deps, { clientId, lang }) => appointmentTimelineEntries(deps, clientId, lang),
  (deps, { clientId, lang }) => feedbackTimelineEntries(deps, clientId, lang),
];

/**
 * A client's timeline, newest first, its titles in `lang` (English unless es) (audited as
 * timeline.read). Throws NotAllowedError,
 * NotFoundError (also for another organization's client).
 */
export async function clientTimeline(
  deps: Deps,
  actor: Actor,
  clientId: string,
  options: { lang?: string | null; sources?: TimelineSource[] } = {},
): Promise<TimelineEntry[]> {
  const { organizationId } = await assertKeepsClient(deps, actor, clientId, 'timeline.read');
  const summary = await readSummary(deps, clientId, organizationId);
  const lang: TimelineLanguage = options.lang === 'es' ? 'es' : 'en';
  const sources = options.sources ?? timelineSources;
  const context = { clientId, organizationId, summary, lang };
  const entries = (await Promise.all(sources.map((source) => source(deps, context)))).flat();
  entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  await recordAudit(deps, actor, {
    action: 'timeline.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { results: entries.length },
  });
  return entries;
}
