import type { GoalAchievement, GoalStatus, NeedDomain, TaskKind } from '../../../generated/graphql';
import { fillTemplate, useI18n } from '../../../lib/i18n';
import { needDomainWords } from '../../needs/need-words';

const en = {
  'caseload.title': 'My caseload',
  'caseload.intro': 'Your clients: what is open for each, and what is due.',
  'caseload.loading': 'Loading your caseload…',
  'caseload.empty':
    'No clients on your caseload yet. Clients you save, refer or hold a task for appear here.',
  'caseload.noMatch': 'No client matches these filters.',
  'caseload.caption': '{count} clients',
  'caseload.search': 'Find by name',
  'caseload.sort': 'Sort by',
  'caseload.sort.NAME': 'Name',
  'caseload.sort.NEXT_TASK_DUE': 'Next task due',
  'caseload.sort.OVERDUE': 'Most overdue',
  'caseload.sort.LAST_CONTACT': 'Longest without contact',
  'caseload.overdueOnly': 'Only clients with overdue tasks',
  'caseload.status': 'Open referral status',
  'caseload.anyStatus': 'Any',
  'caseload.col.client': 'Client',
  'caseload.col.needs': 'Open needs',
  'caseload.col.referrals': 'Open referrals',
  'caseload.col.nextTask': 'Next task due',
  'caseload.col.overdue': 'Overdue tasks',
  'caseload.col.contact': 'Last contact',
  'caseload.never': 'Never',
  'caseload.none': 'None',
  'due.title': 'Tasks due today and overdue',
  'due.empty': 'Nothing due today. Well done.',
  'due.overdue': 'Overdue since {date}',
  'due.today': 'Due today',
  'due.client': 'Open the client',
  'client.back': 'My caseload',
  'client.loading': 'Loading the client…',
  'client.born': 'Born {date}',
  'client.print': 'Print the care plan',
  'client.pdf': 'Care plan as PDF',
  'client.screening': 'Screen for social needs',
  'plan.title': 'Care plan',
  'plan.empty': 'No goals yet. Agree a goal with the client and add it here.',
  'plan.add': 'Add a goal',
  'plan.text': 'Goal, in the client’s words',
  'plan.domain': 'Need domain',
  'plan.target': 'Target date (optional)',
  'plan.save': 'Add the goal',
  'plan.saving': 'Saving…',
  'plan.target.value': 'Target {date}',
  'plan.noTarget': 'No target date',
  'plan.status': 'Status',
  'plan.achievement': 'Progress',
  'plan.update': 'Save changes',
  'plan.history': 'History ({count})',
  'plan.change.created': 'Goal set',
  'plan.change.by': '{who} on {when}',
  'plan.change.text': 'words changed',
  'plan.failed': 'Not saved: {message}',
  'plan.saved': 'Saved.',
  'tasks.title': 'Follow-up tasks',
  'tasks.empty': 'No tasks for this client.',
  'tasks.add': 'Add a task',
  'tasks.titleField': 'What to do',
  'tasks.due': 'Due date',
  'tasks.assignTo': 'Assigned to',
  'tasks.goal': 'For goal (optional)',
  'tasks.noGoal': 'No goal',
  'tasks.save': 'Add the task',
  'tasks.done': 'Mark done',
  'tasks.cancel': 'Cancel task',
  'tasks.dueOn': 'Due {date}',
  'tasks.closed.DONE': 'Done',
  'tasks.closed.CANCELLED': 'Cancelled',
  'tasks.assignee': 'Assigned to {name}',
  'tasks.referral': 'Open the referral',
  'tasks.alternatives': 'See alternatives on the referral',
  'tasks.failed': 'Not saved: {message}',
  'timeline.title': 'Timeline',
  'timeline.empty': 'Nothing has happened yet.',
  'note.add': 'Add a note',
  'note.text': 'Note',
  'note.contact': 'I was in contact with the client',
  'note.save': 'Add the note',
  'note.failed': 'The note was not saved: {message}',
};

type CareWord = keyof typeof en;

const es: Record<CareWord, string> = {
  'caseload.title': 'Mis casos',
  'caseload.intro': 'Sus clientes: qué está abierto para cada uno y qué vence.',
  'caseload.loading': 'Cargando sus casos…',
  'caseload.empty':
    'Aún no tiene clientes. Aquí aparecen los clientes que guarda, deriva o con una tarea suya.',
  'caseload.noMatch': 'Ningún cliente coincide con estos filtros.',
  'caseload.caption': '{count} clientes',
  'caseload.search': 'Buscar por nombre',
  'caseload.sort': 'Ordenar por',
  'caseload.sort.NAME': 'Nombre',
  'caseload.sort.NEXT_TASK_DUE': 'Próxima tarea',
  'caseload.sort.OVERDUE': 'Más atrasados',
  'caseload.sort.LAST_CONTACT': 'Más tiempo sin contacto',
  'caseload.overdueOnly': 'Solo clientes con tareas atrasadas',
  'caseload.status': 'Estado de derivación abierta',
  'caseload.anyStatus': 'Cualquiera',
  'caseload.col.client': 'Cliente',
  'caseload.col.needs': 'Necesidades abiertas',
  'caseload.col.referrals': 'Derivaciones abiertas',
  'caseload.col.nextTask': 'Próxima tarea',
  'caseload.col.overdue': 'Tareas atrasadas',
  'caseload.col.contact': 'Último contacto',
  'caseload.never': 'Nunca',
  'caseload.none': 'Ninguna',
  'due.title': 'Tareas para hoy y atrasadas',
  'due.empty': 'Nada vence hoy. Buen trabajo.',
  'due.overdue': 'Atrasada desde {date}',
  'due.today': 'Vence hoy',
  'due.client': 'Abrir el cliente',
  'client.back': 'Mis casos',
  'client.loading': 'Cargando el cliente…',
  'client.born': 'Nació el {date}',
  'client.print': 'Imprimir el plan de atención',
  'client.pdf': 'Plan de atención en PDF',
  'client.screening': 'Evaluar necesidades sociales',
  'plan.title': 'Plan de atención',
  'plan.empty': 'Aún no hay metas. Acuerde una meta con el cliente y agréguela aquí.',
  'plan.add': 'Agregar una meta',
  'plan.text': 'Meta, en palabras del cliente',
  'plan.domain': 'Área de necesidad',
  'plan.target': 'Fecha objetivo (opcional)',
  'plan.save': 'Agregar la meta',
  'plan.saving': 'Guardando…',
  'plan.target.value': 'Objetivo: {date}',
  'plan.noTarget': 'Sin fecha objetivo',
  'plan.status': 'Estado',
  'plan.achievement': 'Progreso',
  'plan.update': 'Guardar cambios',
  'plan.history': 'Historial ({count})',
  'plan.change.created': 'Meta fijada',
  'plan.change.by': '{who}, {when}',
  'plan.change.text': 'texto cambiado',
  'plan.failed': 'No se guardó: {message}',
  'plan.saved': 'Guardado.',
  'tasks.title': 'Tareas de seguimiento',
  'tasks.empty': 'No hay tareas para este cliente.',
  'tasks.add': 'Agregar una tarea',
  'tasks.titleField': 'Qué hacer',
  'tasks.due': 'Fecha límite',
  'tasks.assignTo': 'Asignada a',
  'tasks.goal': 'Para la meta (opcional)',
  'tasks.noGoal': 'Ninguna meta',
  'tasks.save': 'Agregar la tarea',
  'tasks.done': 'Marcar como hecha',
  'tasks.cancel': 'Cancelar la tarea',
  'tasks.dueOn': 'Vence el {date}',
  'tasks.closed.DONE': 'Hecha',
  'tasks.closed.CANCELLED': 'Cancelada',
  'tasks.assignee': 'Asignada a {name}',
  'tasks.referral': 'Abrir la derivación',
  'tasks.alternatives': 'Ver alternativas en la derivación',
  'tasks.failed': 'No se guardó: {message}',
  'timeline.title': 'Cronología',
  'timeline.empty': 'Aún no ha pasado nada.',
  'note.add': 'Agregar una nota',
  'note.text': 'Nota',
  'note.contact': 'Estuve en contacto con el cliente',
  'note.save': 'Agregar la nota',
  'note.failed': 'La nota no se guardó: {message}',
};

const statuses: Record<'en' | 'es', Record<GoalStatus, string>> = {
  en: {
    PROPOSED: 'Proposed',
    ACTIVE: 'Active',
    ON_HOLD: 'On hold',
    COMPLETED: 'Completed',
    CANCELLED: 'Cancelled',
  },
  es: {
    PROPOSED: 'Propuesta',
    ACTIVE: 'Activa',
    ON_HOLD: 'En pausa',
    COMPLETED: 'Cumplida',
    CANCELLED: 'Cancelada',
  },
};

const achievements: Record<'en' | 'es', Record<GoalAchievement, string>> = {
  en: {
    IN_PROGRESS: 'In progress',
    IMPROVING: 'Improving',
    WORSENING: 'Worsening',
    NO_CHANGE: 'No change',
    ACHIEVED: 'Achieved',
    NOT_ACHIEVED: 'Not achieved',
  },
  es: {
    IN_PROGRESS: 'En curso',
    IMPROVING: 'Mejorando',
    WORSENING: 'Empeorando',
    NO_CHANGE: 'Sin cambios',
    ACHIEVED: 'Lograda',
    NOT_ACHIEVED: 'No lograda',
  },
};

const taskKinds: Record<'en' | 'es', Record<TaskKind, string>> = {
  en: {
    MANUAL: 'Task',
    CHECK_SERVICE: 'Check the client got the service',
    FIND_ALTERNATIVE: 'Find an alternative service',
    REACH_CLIENT: 'Reach the client about the missed appointment',
  },
  es: {
    MANUAL: 'Tarea',
    CHECK_SERVICE: 'Comprobar que el cliente recibió el servicio',
    FIND_ALTERNATIVE: 'Buscar un servicio alternativo',
    REACH_CLIENT: 'Contactar al cliente por la cita perdida',
  },
};

export type CareTranslate = (key: CareWord, params?: Record<string, string | number>) => string;

export type CareWords = {
  w: CareTranslate;
  domain: (d: NeedDomain) => string;
  status: (s: GoalStatus) => string;
  achievement: (a: GoalAchievement) => string;
  /** A system task's title in the UI language; a task written by hand keeps its own. */
  taskTitle: (task: { kind: TaskKind; title: string }) => string;
};

/** Words for the caseload, the client page, the care plan and tasks, in the UI language. */
export function useCareWords(): CareWords {
  const { lang } = useI18n();
  const l = lang === 'es' ? 'es' : 'en';
  const dictionary = l === 'es' ? es : en;
  return {
    w: (key, params) => fillTemplate(dictionary[key], params),
    domain: (d) => needDomainWords(l, d),
    status: (s) => statuses[l][s],
    achievement: (a) => achievements[l][a],
    taskTitle: (task) => (task.kind === 'MANUAL' ? task.title : taskKinds[l][task.kind]),
  };
}

export const goalStatuses = Object.keys(statuses.en) as GoalStatus[];
export const goalAchievements = Object.keys(achievements.en) as GoalAchievement[];
