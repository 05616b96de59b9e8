import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import { type ClientSummary, readSummary } from '../caseload/summary.ts';
import { loadCaseNotes } from '../clients/case-notes.ts';
import { assertKeepsClient } from '../clients/client-access.ts';
import type { DomainDeps } from '../deps.ts';
import { needDomainLabel } from '../needs/domains.ts';
import { loadReferral } from '../referrals/store.ts';
import { loadClientTasks } from '../tasks/tasks.ts';
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

/** What a source is handed: the client (already checked) and its summary. */
export type TimelineContext = { clientId: string; organizationId: string; summary: ClientSummary };

export type TimelineSource = (deps: Deps, context: TimelineContext) => Promise<TimelineEntry[]>;

const status = (s: string) => s.toLowerCase().replaceAll('_', ' ');

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
    serviceNames.set(referral.serviceId, service ? String(service.name) : 'a service');
  }
  return referrals.flatMap((referral) => {
    if (!referral || referral.clientId !== context.clientId) return [];
    const service = serviceNames.get(referral.serviceId) ?? 'a service';
    return referral.history
      .filter((event) => event.kind !== 'RECEIVED')
      .map((event) => ({
        at: new Date(event.at),
        kind: `referral.${event.to.toLowerCase()}`,
        title:
          event.kind === 'CREATED'
            ? `Referral to ${service} ${event.to === 'DRAFT' ? 'drafted' : 'sent'}`
            : `Referral to ${service}: ${status(event.to)}`,
        ...(event.reason ? { detail: `Reason: ${status(event.reason.code)}` } : {}),
        refId: referral.id,
      }));
  });
}

async function goalEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const goals = await loadClientGoals(deps, context.clientId, context.organizationId);
  return goals.flatMap((goal) =>
    goal.history.map((change, index) => ({
      at: new Date(change.at),
      kind: index === 0 ? 'goal.created' : 'goal.updated',
      title: index === 0 ? `Goal set: ${goal.text}` : `Goal changed: ${goal.text}`,
      detail:
        index === 0
          ? `${needDomainLabel(goal.domain)} · ${status(goal.status)}`
          : change.changes
              .map((c) => (c.to === null ? c.field : `${c.field} → ${status(c.to)}`))
              .join(', '),
      refId: goal.id,
    })),
  );
}

async function taskEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const tasks = await loadClientTasks(deps, context.clientId, context.organizationId);
  return tasks.flatMap((task) => [
    {
      at: new Date(task.createdAt),
      kind: 'task.created',
      title: `Task: ${task.title}`,
      detail: `Due ${task.dueDate}`,
      refId: task.id,
    },
    ...(task.closedAt
      ? [
          {
            at: new Date(task.closedAt),
            kind: `task.${task.status.toLowerCase()}`,
            title: `Task ${task.status === 'DONE' ? 'done' : 'cancelled'}: ${task.title}`,
            refId: task.id,
          },
        ]
      : []),
  ]);
}

async function noteEntries(deps: Deps, context: TimelineContext): Promise<TimelineEntry[]> {
  const notes = await loadCaseNotes(deps, context.clientId, context.organizationId);
  return notes.map((note) => ({
    at: note.at,
    kind: note.contact ? 'note.contact' : 'note',
    title: note.contact ? 'Contact with the client' : 'Note',
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
];

/**
 * A client's timeline, newest first (audited as timeline.read). Throws NotAllowedError,
 * NotFoundError (also for another organization's client).
 */
export async function clientTimeline(
  deps: Deps,
  actor: Actor,
  clientId: string,
  sources: TimelineSource[] = timelineSources,
): Promise<TimelineEntry[]> {
  const { organizationId } = await assertKeepsClient(deps, actor, clientId, 'timeline.read');
  const summary = await readSummary(deps, clientId, organizationId);
  const context = { clientId, organizationId, summary };
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
