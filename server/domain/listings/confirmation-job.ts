import type { DomainDeps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { startLeasedJob } from '../leased-job.ts';
import type { Poller } from '../poller.ts';
import { confirmationPeriod, markRequested, queueConfirmationRequest } from './confirmation.ts';
import { loadService } from './load.ts';
import { findStaleListings } from './stale-listings.ts';

/**
 * The scheduled "still accurate?" emails. Each run finds the stale listings and, for each one not
 * asked about in the current period (LISTING_CONFIRMATION_EVERY_DAYS), queues the request with
 * fixed outbox ids (`listing-confirm:<serviceId>:<period>:<n>`, so a repeat is a no-op) and then
 * records it as `listing_confirmation_requests/<serviceId>:<period>` (an insert, so two processes
 * cannot both record it). A crash in between only means the next run queues the same ids again.
 */

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher' | 'settings' | 'logger'>;

/** At most this many listings are asked about per run, so a large backlog spreads over runs. */
const PER_RUN = 200;

async function requestedThisPeriod(deps: Pick<DomainDeps, 'db'>, id: string): Promise<boolean> {
  const doc = await deps.db.models.ListingConfirmationRequest.collection.findOne({
    _id: id as never,
  });
  return doc !== null;
}

/** Queues this period's requests for stale listings; returns how many listings it recorded. */
export async function runListingConfirmations(deps: Deps, limit = PER_RUN): Promise<number> {
  const period = confirmationPeriod(deps);
  let asked = 0;
  for (const stale of await findStaleListings(deps)) {
    if (asked >= limit) break;
    if (await requestedThisPeriod(deps, `${stale.serviceId}:${period}`)) continue;
    try {
      const loaded = await loadService(deps, stale.serviceId);
      await queueConfirmationRequest(deps, loaded, `listing-confirm:${stale.serviceId}:${period}`);
    } catch (error) {
      // Gone meanwhile, or nobody to ask: recorded all the same, so the job tries again next
      // period rather than every run.
      if (!(error instanceof ConflictError) && !(error instanceof NotFoundError)) throw error;
      deps.logger.info(
        { serviceId: stale.serviceId, reason: error.message },
        'stale listing not asked about',
      );
    }
    if (await markRequested(deps, stale.serviceId, period, 'schedule')) asked += 1;
  }
  return asked;
}

/**
 * Runs the confirmation job every `intervalMs`, once per interval across all server processes;
 * the first run on a database waits one interval, so a first start stays quick.
 */
export function startListingConfirmationJob(
  deps: Deps,
  intervalMs: number,
  leaseMs = 60_000,
): Poller {
  return startLeasedJob(
    deps,
    async () => {
      await runListingConfirmations(deps);
    },
    { name: 'listing-confirmations', intervalMs, leaseMs, delayFirstRun: true },
  );
}
