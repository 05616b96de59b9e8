import type { ClientLanguage } from '../clients/contact.ts';

/** "Thursday, December 10 at 10:00 AM" in the site's zone and the client's language. */
export function describeLocalTime(at: Date, timezone: string, language: ClientLanguage): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: timezone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

/** The day-before reminder to a client, in their language. */
export function reminderMessage(
  language: ClientLanguage,
  facts: {
    serviceName: string;
    agencyName: string;
    when: string;
    place: string;
    instructions: string | null;
  },
): { subject: string; text: string; sms: string } {
  const { serviceName, agencyName, when, place, instructions } = facts;
  if (language === 'es') {
    return {
      subject: `Recordatorio: su cita de ${serviceName}`,
      text:
        `Le recordamos su cita con ${agencyName} (${serviceName}):\n\n${when}\n${place}` +
        `${instructions ? `\n\nIndicaciones: ${instructions}` : ''}\n\n` +
        'Si no puede ir, avise a su coordinador de atención.',
      sms: `Wayfinder: cita con ${agencyName} el ${when}, ${place}.`,
    };
  }
  return {
    subject: `Reminder: your ${serviceName} appointment`,
    text:
      `A reminder of your appointment with ${agencyName} (${serviceName}):\n\n${when}\n${place}` +
      `${instructions ? `\n\nInstructions: ${instructions}` : ''}\n\n` +
      'If you cannot make it, please tell your care coordinator.',
    sms: `Wayfinder: appointment with ${agencyName} on ${when}, ${place}.`,
  };
}
