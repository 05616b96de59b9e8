import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { loadClientRecord } from './clients.ts';
import { getConsent, isConsentActive } from './consent.ts';

/** The languages messages to clients are written in; anything else gets English. */
export type ClientLanguage = 'en' | 'es';

/** Where and how a message to a client goes. */
export type ClientContact = { channel: 'sms' | 'email'; to: string; language: ClientLanguage };

/**
 * How Wayfinder may contact a client about a referral, or null when it may not. Contact rides on
 * the referral's consent: only while it is in force, and only through a channel whose detail
 * (phone for a text message, email) the client agreed to share; a text message first. The read of
 * the client's record is audited as a system action (`via` names the purpose).
 */
export async function clientContactFor(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  referral: { clientId: string; consentId: string },
  via: string,
): Promise<ClientContact | null> {
  const consent = await getConsent(deps, referral.consentId);
  if (!consent || consent.clientId !== referral.clientId) return null;
  if (!isConsentActive(consent, deps.clock.now())) return null;
  const client = await loadClientRecord(deps, referral.clientId);
  if (!client) return null;
  await recordAudit(deps, null, {
    action: 'client.read',
    subjectType: 'client',
    subjectId: client.id,
    detail: { via, fields: ['phone', 'email', 'preferredLanguage'] },
  });
  const language: ClientLanguage = client.preferredLanguage === 'es' ? 'es' : 'en';
  if (consent.fields.includes('phone') && client.phone) {
    return { channel: 'sms', to: client.phone, language };
  }
  if (consent.fields.includes('email') && client.email) {
    return { channel: 'email', to: client.email, language };
  }
  return null;
}
