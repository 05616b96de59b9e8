import type { ClientLanguage } from '../clients/contact.ts';
import type { TopLevelCode } from '../directory/need-categories.ts';
import type { NeedDomain } from '../needs/domains.ts';

/** The survey message to a client, in their language. */
export function surveyMessage(
  language: ClientLanguage,
  facts: { serviceName: string; agencyName: string; link: string; expires: string },
): { subject: string; text: string; sms: string } {
  const { serviceName, agencyName, link, expires } = facts;
  if (language === 'es') {
    return {
      subject: `¿Cómo le fue con ${serviceName}?`,
      text:
        `Hace poco recibió ayuda de ${agencyName} (${serviceName}). Cuéntenos cómo le fue: son ` +
        `tres preguntas y no necesita cuenta.\n\n${link}\n\nEl enlace funciona una vez, hasta el ` +
        `${expires}. Sus respuestas no llevan su nombre.`,
      sms: `Wayfinder: ¿cómo le fue con ${serviceName}? 3 preguntas, sin cuenta: ${link}`,
    };
  }
  return {
    subject: `How was ${serviceName}?`,
    text:
      `You recently got help from ${agencyName} (${serviceName}). Tell us how it went: three ` +
      `questions, no account needed.\n\n${link}\n\nThe link works once, until ${expires}. ` +
      `Your answers do not carry your name.`,
    sms: `Wayfinder: how was ${serviceName}? 3 questions, no account: ${link}`,
  };
}

/**
 * The need domain a referral's need category reports under (SDOHCC category codes); categories
 * with no social-need domain of their own count as "other".
 */
const DOMAIN_OF: Record<TopLevelCode, NeedDomain> = {
  food: 'food-insecurity',
  housing: 'housing-instability',
  transportation: 'transportation-insecurity',
  utilities: 'utility-insecurity',
  employment: 'employment-status',
  'mental-health': 'other',
  'substance-use': 'other',
  health: 'other',
  legal: 'other',
  family: 'other',
  disability: 'other',
  immigration: 'other',
};

/** The need domains of a referral's need categories (dotted codes count under their top level). */
export function needDomainsOf(categories: readonly string[]): NeedDomain[] {
  const domains = categories.map((code) => {
    const top = code.split('.')[0] as TopLevelCode;
    return DOMAIN_OF[top] ?? 'other';
  });
  return [...new Set(domains)];
}
