import { z } from 'zod';

/**
 * Notification templates: plain text, rendered from a few named strings. They speak of the
 * service and the organizations only, never of the client (no name, no contact, no note), because
 * email and text messages leave the system.
 */
export const templateNames = [
  'referral.sent',
  'referral.accepted',
  'referral.rejected',
  'referral.completed',
  'referral.failed',
  'referral.reminder.agency',
  'referral.reminder.coordinator',
  'listing.confirm',
  'resource-list.sent',
  'screening.link',
  'appointment.reminder',
  'feedback.survey',
  'task.due',
  'task.overdue',
] as const;
export type TemplateName = (typeof templateNames)[number];

export const templateDataSchema = z.object({
  serviceName: z.string().max(300),
  agencyName: z.string().max(300),
  link: z.string().max(2000),
  hours: z.string().max(20).optional(),
  reason: z.string().max(200).optional(),
  outcome: z.string().max(200).optional(),
  /** Until when a link in the message works, in words ("8 December"). */
  expires: z.string().max(100).optional(),
  /** A message to a client written whole by its module in the client's language (a screening
   * link, an appointment reminder, a feedback survey). */
  message: z
    .object({
      subject: z.string().max(300),
      text: z.string().max(10_000),
      sms: z.string().max(2000),
    })
    .optional(),
  /** A resource list, rendered by the lists module in the list's language. */
  list: z
    .object({
      subject: z.string().max(300),
      text: z.string().max(30_000),
      sms: z.string().max(2000),
    })
    .optional(),
});
export type TemplateData = z.infer<typeof templateDataSchema>;

export type Rendered = { subject: string; text: string; sms: string };

const SIGNATURE = '\n\n— Wayfinder (this message was sent automatically)';

/** Renders a template to a subject, an email body and a short text message. */
export function renderTemplate(name: TemplateName, data: TemplateData): Rendered {
  const { serviceName, agencyName, link } = data;
  const hours = data.hours ?? '';
  switch (name) {
    case 'referral.sent':
      return {
        subject: `New referral for ${serviceName}`,
        text:
          `A new referral for ${serviceName} is waiting for ${agencyName}.\n\n` +
          `Open it in Wayfinder to accept or decline it: ${link}\n\n` +
          `Please answer within ${hours} hours.${SIGNATURE}`,
        sms: `Wayfinder: a new referral for ${serviceName} is waiting. ${link}`,
      };
    case 'referral.accepted':
      return {
        subject: `Referral to ${serviceName} accepted`,
        text:
          `${agencyName} accepted your referral to ${serviceName}.\n\n` +
          `See it in Wayfinder: ${link}${SIGNATURE}`,
        sms: `Wayfinder: ${agencyName} accepted your referral to ${serviceName}. ${link}`,
      };
    case 'referral.rejected':
      return {
        subject: `Referral to ${serviceName} declined`,
        text:
          `${agencyName} declined your referral to ${serviceName}` +
          `${data.reason ? ` (reason: ${data.reason})` : ''}.\n\n` +
          `Wayfinder suggests other services for the same needs: ${link}${SIGNATURE}`,
        sms: `Wayfinder: ${agencyName} declined your referral to ${serviceName}. ${link}`,
      };
    case 'referral.completed':
      return {
        subject: `Referral to ${serviceName} completed`,
        text:
          `${agencyName} completed your referral to ${serviceName}` +
          `${data.outcome ? ` (outcome: ${data.outcome})` : ''}.\n\n` +
          `See it in Wayfinder: ${link}${SIGNATURE}`,
        sms: `Wayfinder: ${agencyName} completed your referral to ${serviceName}. ${link}`,
      };
    case 'referral.failed':
      return {
        subject: `Referral to ${serviceName} closed without help`,
        text:
          `${agencyName} closed your referral to ${serviceName} without being able to help` +
          `${data.reason ? ` (reason: ${data.reason})` : ''}.\n\n` +
          `Wayfinder suggests other services for the same needs: ${link}${SIGNATURE}`,
        sms: `Wayfinder: ${agencyName} could not help with your referral to ${serviceName}. ${link}`,
      };
    case 'referral.reminder.agency':
      return {
        subject: `Reminder: a referral for ${serviceName} is waiting`,
        text:
          `A referral for ${serviceName} sent to ${agencyName} has waited more than ${hours} ` +
          `hours for an answer.\n\nOpen it in Wayfinder to accept or decline it: ${link}${SIGNATURE}`,
        sms: `Wayfinder reminder: a referral for ${serviceName} is waiting for an answer. ${link}`,
      };
    case 'resource-list.sent':
      // Sent to the client at their request: the services and the coordinator's notes, no more.
      return {
        subject: data.list?.subject ?? `Resources from ${agencyName}`,
        text: `${data.list?.text ?? ''}${SIGNATURE}`,
        sms: data.list?.sms ?? `Wayfinder: resources from ${agencyName}.`,
      };
    case 'screening.link':
      // Sent to the client: who asks and the link, never their name or any answer.
      return {
        subject: data.message?.subject ?? `A few questions from ${agencyName}`,
        text: `${data.message?.text ?? link}${SIGNATURE}`,
        sms: data.message?.sms ?? `Wayfinder: ${link}`,
      };
    case 'appointment.reminder':
    case 'feedback.survey':
      // To the client, in their language: the appointment or the survey link, never their name.
      return {
        subject: data.message?.subject ?? `A message from ${agencyName}`,
        text: `${data.message?.text ?? ''}${SIGNATURE}`,
        sms: data.message?.sms ?? `Wayfinder: a message from ${agencyName}.`,
      };
    case 'listing.confirm':
      return {
        subject: `Is ${serviceName} still listed correctly?`,
        text:
          `Wayfinder lists ${serviceName} from ${agencyName}. Care coordinators send people there ` +
          `based on its hours, eligibility and contact details, and nobody has confirmed them ` +
          `lately.\n\nIf the listing is still accurate, confirm it here (no sign-in needed): ` +
          `${link}\n\nThe link works until ${data.expires ?? 'it expires'}. If something ` +
          `changed, sign in to Wayfinder and edit the listing, or reply to the network office.` +
          SIGNATURE,
        sms: `Wayfinder: is ${serviceName} still listed correctly? Confirm it: ${link}`,
      };
    case 'task.due':
    case 'task.overdue': {
      // About a client's follow-up task, so it names neither the client nor the task.
      const when = name === 'task.due' ? 'is due today' : 'is overdue';
      return {
        subject: `A follow-up task ${when}`,
        text:
          `A follow-up task assigned to you in Wayfinder ${when}. ` +
          `Open the client's page to see it: ${link}${SIGNATURE}`,
        sms: `Wayfinder: a follow-up task ${when}. ${link}`,
      };
    }
    case 'referral.reminder.coordinator':
      return {
        subject: `No answer yet from ${agencyName}`,
        text:
          `Your referral to ${serviceName} has had no answer from ${agencyName} in more than ` +
          `${hours} hours. You may want to call them or look for another service: ${link}${SIGNATURE}`,
        sms: `Wayfinder: no answer yet from ${agencyName} on your referral to ${serviceName}. ${link}`,
      };
  }
}
