import { fillTemplate } from '../../lib/fill-template.ts';
import type { Actor } from '../accounts/actor.ts';
import { getMember } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import { assertKeepsClient } from '../clients/client-access.ts';
import { loadClientRecord } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { pdfStyle, writePdf } from '../lists/pdf.ts';
import { isListLanguage, type ListLanguage, listDate } from '../lists/wording.ts';
import { needDomainLabel } from '../needs/domains.ts';
import { loadClientTasks } from '../tasks/tasks.ts';
import { type GoalAchievement, type GoalStatus, loadClientGoals } from './goals.ts';

/**
 * The care plan on paper: the client's goals (words, domain, status, progress, target date) and
 * open tasks, in the client's language (English or Spanish) unless asked for the other.
 */

const words = {
  en: {
    heading: 'Care plan',
    for: 'For {name}',
    from: 'From {organization}',
    prepared: 'Prepared on {date}',
    goals: 'Goals',
    noGoals: 'No goals yet.',
    target: 'Target date',
    tasks: 'Next steps',
    due: 'by',
    footer: 'Bring this plan to your next visit. Call your coordinator if anything changes.',
  },
  es: {
    heading: 'Plan de atención',
    for: 'Para {name}',
    from: 'De {organization}',
    prepared: 'Preparado el {date}',
    goals: 'Metas',
    noGoals: 'Aún no hay metas.',
    target: 'Fecha objetivo',
    tasks: 'Próximos pasos',
    due: 'antes del',
    footer: 'Traiga este plan a su próxima visita. Llame a su coordinador si algo cambia.',
  },
} as const;

const statusWords: Record<ListLanguage, Record<GoalStatus, string>> = {
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

const achievementWords: Record<ListLanguage, Record<GoalAchievement, string>> = {
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

const day = (lang: ListLanguage, date: string) => listDate(lang, new Date(`${date}T12:00:00Z`));

/**
 * Renders a client's care plan as a PDF in the client's language, or `language` when given
 * (audited as care-plan.print). Throws NotAllowedError, NotFoundError (also for another
 * organization's client).
 */
export async function renderCarePlanPdf(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  actor: Actor,
  clientId: string,
  language?: unknown,
): Promise<Buffer> {
  const { organizationId } = await assertKeepsClient(deps, actor, clientId, 'care-plan.print');
  const client = await loadClientRecord(deps, clientId);
  if (!client) throw new NotFoundError('client', clientId);
  const lang: ListLanguage = isListLanguage(language)
    ? language
    : client.preferredLanguage === 'es'
      ? 'es'
      : 'en';
  const [goals, tasks, organization] = await Promise.all([
    loadClientGoals(deps, clientId, organizationId),
    loadClientTasks(deps, clientId, organizationId),
    getMember(deps, organizationId).catch(() => null),
  ]);
  await recordAudit(deps, actor, {
    action: 'care-plan.print',
    subjectType: 'client',
    subjectId: clientId,
    detail: { language: lang, goals: goals.length },
  });
  const w = words[lang];
  const { ink, muted, margin } = pdfStyle;
  return writePdf({ lang, title: w.heading, author: organization?.name ?? null }, (doc) => {
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(20).text(w.heading);
    doc.moveDown(0.2).font('Helvetica').fontSize(12).fillColor(ink);
    doc.text(fillTemplate(w.for, { name: client.name }));
    doc.fontSize(11).fillColor(muted);
    if (organization) doc.text(fillTemplate(w.from, { organization: organization.name }));
    doc.text(fillTemplate(w.prepared, { date: listDate(lang, deps.clock.now()) }));

    doc.moveDown(1).fillColor(ink).font('Helvetica-Bold').fontSize(15).text(w.goals);
    const shown = goals.filter((g) => g.status !== 'CANCELLED');
    if (shown.length === 0) doc.font('Helvetica').fontSize(11).text(w.noGoals);
    for (const [index, goal] of shown.entries()) {
      if (doc.y > doc.page.height - margin - 80) doc.addPage();
      doc.moveDown(0.6).fillColor(ink).font('Helvetica-Bold').fontSize(12);
      doc.text(`${index + 1}. ${goal.text}`);
      doc.font('Helvetica').fontSize(11).fillColor(muted);
      doc.text(
        [
          needDomainLabel(goal.domain, lang),
          statusWords[lang][goal.status],
          achievementWords[lang][goal.achievement],
          ...(goal.targetDate ? [`${w.target}: ${day(lang, goal.targetDate)}`] : []),
        ].join(' · '),
      );
    }

    const open = tasks.filter((t) => t.status === 'OPEN' && t.kind === 'MANUAL');
    if (open.length > 0) {
      doc.moveDown(1).fillColor(ink).font('Helvetica-Bold').fontSize(15).text(w.tasks);
      doc.font('Helvetica').fontSize(11);
      for (const task of open) {
        doc.moveDown(0.3).text(`• ${task.title} (${w.due} ${day(lang, task.dueDate)})`);
      }
    }
    doc.moveDown(2).fontSize(10).fillColor(muted).text(w.footer);
  });
}
