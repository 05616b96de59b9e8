import type { Database } from '../../db/database.ts';
import type { DomainDeps } from '../deps.ts';
import type { Referral } from '../referrals/store.ts';

/**
 * In-process announcements of referral changes, for live views (GraphQL subscriptions). One
 * channel per database; listeners must filter what each viewer may see. This is not durable and
 * not shared between processes: notifications that must arrive go through the outbox.
 */
export type ReferralChange = {
  referral: Referral;
  /** What happened: the status the referral moved to (or DRAFT for a new draft). */
  kind: string;
};

type Listener = (change: ReferralChange) => void;
const channels = new WeakMap<Database, Set<Listener>>();

/** Tells this process's listeners about a change; a failing listener is logged, not thrown. */
export function publishReferralChange(
  deps: Pick<DomainDeps, 'db' | 'logger'>,
  change: ReferralChange,
): void {
  for (const listener of channels.get(deps.db) ?? []) {
    try {
      listener(change);
    } catch (error) {
      deps.logger.error({ err: error }, 'referral change listener failed');
    }
  }
}

/** Listens to referral changes on this database; returns the function that stops listening. */
export function listenToReferralChanges(
  deps: Pick<DomainDeps, 'db'>,
  listener: Listener,
): () => void {
  let set = channels.get(deps.db);
  if (!set) {
    set = new Set();
    channels.set(deps.db, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}
