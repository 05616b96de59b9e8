import path from 'node:path';
import { type Config, publicUrl } from './config.ts';
import { createSearchIndex } from './create-search-index.ts';
import { openDatabase } from './db/database.ts';
import { createFieldCipher } from './db/encryption.ts';
import { loadKeys } from './db/keys.ts';
import { releaseProcessClaims } from './db/leases.ts';
import { ensureDemoAccounts } from './domain/accounts/demo-accounts.ts';
import { startCareFollowUpJob } from './domain/appointments/reminders.ts';
import { backfillClientSummaries } from './domain/caseload/backfill.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import type { DomainDeps } from './domain/deps.ts';
import { isDirectoryEmpty } from './domain/directory/import-directory.ts';
import { rebuildIndex } from './domain/directory/indexer.ts';
import {
  type IndexWorker,
  markIndexedBefore,
  startIndexWorker,
} from './domain/directory/outbox-worker.ts';
import { startListingConfirmationJob } from './domain/listings/confirmation-job.ts';
import { startReferralFeed } from './domain/notifications/live.ts';
import { startNotifications } from './domain/notifications/start.ts';
import type { Poller } from './domain/poller.ts';
import { startReminderJob } from './domain/referrals/reminders.ts';
import { flushReferralHeads } from './domain/referrals/store.ts';
import { flushUnmetNeeds } from './domain/reports/unmet-needs.ts';
import { startTaskReminderJob } from './domain/tasks/reminders.ts';
import { importSource } from './importers/import-source.ts';
import type { Logger } from './logger.ts';

export const demoDataset = path.resolve(import.meta.dirname, '../seeds/demo/services.json');

export type Runtime = {
  deps: DomainDeps;
  worker: IndexWorker;
  /** Delivers queued notifications. */
  notifications: Poller;
  /** Queues reminders for unanswered referrals. */
  reminders: Poller;
  taskReminders: Poller;
  /** Asks agencies to confirm their stale listings. */
  listingConfirmations: Poller;
  /** Sends appointment reminders and feedback surveys to clients. */
  careFollowUps: Poller;
  close(): Promise<void>;
};

/**
 * Opens the database and the search index, loads the demo data into an empty directory (when
 * asked), brings the index up to date and starts the outbox worker.
 */
export async function startRuntime(
  config: Config,
  logger: Logger,
  options: { dbName?: string; indexPrefix?: string; clock?: Clock; seed?: boolean } = {},
): Promise<Runtime> {
  const db = await openDatabase(config, logger, options.dbName);
  const search = createSearchIndex({
    meiliUrl: config.MEILI_URL,
    meiliKey: config.MEILI_KEY,
    indexPrefix: options.indexPrefix ?? config.MEILI_INDEX_PREFIX,
  });
  try {
    await search.init();
    const deps: DomainDeps = {
      db,
      search,
      clock: options.clock ?? systemClock,
      logger,
      cipher: createFieldCipher(await loadKeys(config)),
      settings: {
        staleAfterDays: config.STALE_AFTER_DAYS,
        capacityTtlHours: config.CAPACITY_TTL_HOURS,
        sessionTtlHours: config.SESSION_TTL_HOURS,
        referralResponseHours: config.REFERRAL_RESPONSE_HOURS,
        listingConfirmationLinkDays: config.LISTING_CONFIRMATION_LINK_DAYS,
        listingConfirmationEveryDays: config.LISTING_CONFIRMATION_EVERY_DAYS,
        signInLimits: {
          windowMinutes: config.SIGN_IN_WINDOW_MINUTES,
          perEmail: config.SIGN_IN_MAX_PER_EMAIL,
          perAddress: config.SIGN_IN_MAX_PER_ADDRESS,
        },
        listSendLimits: {
          perUserPerHour: config.LIST_SENDS_PER_HOUR,
          perRecipientPerDay: config.LIST_SENDS_PER_RECIPIENT_PER_DAY,
        },
        mapTileUrl: config.MAP_TILE_URL ?? null,
        mapTileAttribution: config.MAP_TILE_ATTRIBUTION,
        geocoderUrl: config.GEOCODER_URL ?? null,
      },
    };
    if ((options.seed ?? config.SEED_ON_START) && (await isDirectoryEmpty(deps))) {
      const started = Date.now();
      const result = await importSource(deps, demoDataset);
      logger.info(
        { created: result.stored.created, ms: Date.now() - started },
        'loaded the demo directory',
      );
    }
    // Demo sign-ins for development; idempotent, so a directory seeded earlier gets them too.
    if ((options.seed ?? config.SEED_ON_START) && config.NODE_ENV !== 'production') {
      const accounts = await ensureDemoAccounts(deps);
      logger.info({ accounts: accounts.length }, 'demo accounts ready');
    }
    // Clients and referrals saved before caseloads existed join their coordinators' caseloads.
    await backfillClientSummaries(deps);
    // The embedded engine lives in this process, so it starts empty: rebuild it, and count the
    // feed entries the rebuild already covers as read. Meilisearch keeps its index and the feed
    // catches it up, unless its index is new or empty (a new server, or a new prefix).
    if (search.kind === 'memory' || (await search.count()) === 0) {
      const started = deps.clock.now();
      const t0 = Date.now();
      const built = await markIndexedBefore(deps, started, () => rebuildIndex(deps));
      logger.info({ ...built, ms: Date.now() - t0 }, 'search index built');
    }
    const worker = startIndexWorker(deps, config.FEED_POLL_MS);
    worker.kick();
    const notifications = startNotifications(deps, {
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      appUrl: publicUrl(config),
      devOutboxReadable: !config.SMTP_URL || config.NODE_ENV !== 'production',
      leaseMs: config.LEASE_SECONDS * 1000,
    });
    const reminders = startReminderJob(
      deps,
      config.REMINDER_INTERVAL_SECONDS * 1000,
      config.LEASE_SECONDS * 1000,
    );
    const taskReminders = startTaskReminderJob(
      deps,
      config.REMINDER_INTERVAL_SECONDS * 1000,
      config.LEASE_SECONDS * 1000,
    );
    const listingConfirmations = startListingConfirmationJob(
      deps,
      config.LISTING_CONFIRMATION_INTERVAL_SECONDS * 1000,
      config.LEASE_SECONDS * 1000,
    );
    const careFollowUps = startCareFollowUpJob(
      deps,
      config.REMINDER_INTERVAL_SECONDS * 1000,
      config.LEASE_SECONDS * 1000,
    );
    const referralFeed = startReferralFeed(deps, { pollMs: config.FEED_POLL_MS });
    return {
      deps,
      worker,
      notifications,
      reminders,
      taskReminders,
      listingConfirmations,
      careFollowUps,
      close: async () => {
        await referralFeed.stop();
        await careFollowUps.stop();
        await listingConfirmations.stop();
        await reminders.stop();
        await taskReminders.stop();
        await notifications.stop();
        await flushUnmetNeeds(deps);
        await flushReferralHeads(deps);
        await worker.stop();
        const { Notification, JobLease, Outbox } = deps.db.models;
        await releaseProcessClaims([
          Notification.collection,
          JobLease.collection,
          Outbox.collection,
        ]).catch((error: unknown) => logger.warn({ err: error }, 'could not release claims'));
        await search.close();
        await db.close();
      },
    };
  } catch (error) {
    await search.close();
    await db.close();
    throw error;
  }
}
