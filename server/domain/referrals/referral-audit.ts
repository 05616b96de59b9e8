import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { type Referral, whileBusy } from './store.ts';

/** Audits a referral read or change; retried while the database is busy. */
export async function recordReferralAudit(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  action: string,
  referral: Pick<Referral, 'id' | 'version' | 'status'>,
  detail: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  // After a committed change, a busy database must not turn success into an error: retry.
  await whileBusy(() =>
    recordAudit(deps, actor, {
      action,
      subjectType: 'referral',
      subjectId: referral.id,
      detail: { version: referral.version, status: referral.status, ...detail },
    }),
  );
}
