import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { organizationName, serviceName } from '../notifications/referral-changes.ts';
import { visibleAppointment } from './appointments.ts';
import { renderCalendar } from './ics.ts';

/**
 * An appointment as an .ics file for anyone who sees its referral (audited, since it carries the
 * instructions). Throws NotFoundError (also for an appointment the actor may not see).
 */
export async function appointmentCalendar(
  deps: DomainDeps,
  actor: Actor,
  id: string,
): Promise<{ filename: string; body: string }> {
  const { appointment } = await visibleAppointment(deps, actor, id);
  const [service, agency] = await Promise.all([
    serviceName(deps, appointment.serviceId),
    organizationName(deps, appointment.receivingOrganizationId),
  ]);
  const body = renderCalendar({
    uid: `${appointment.id}@wayfinder`,
    stamp: appointment.createdAt,
    start: appointment.startAt,
    end: appointment.endAt,
    timezone: appointment.site.timezone,
    summary: `${service} (${agency})`,
    location: [appointment.site.name, appointment.site.address].filter(Boolean).join(', '),
    description: appointment.instructions ?? '',
  });
  await recordAudit(deps, actor, {
    action: 'appointment.read',
    subjectType: 'appointment',
    subjectId: appointment.id,
    detail: { referralId: appointment.referralId, as: 'ics' },
  });
  return { filename: `appointment-${appointment.startAt.toISOString().slice(0, 10)}.ics`, body };
}
