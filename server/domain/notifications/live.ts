import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { gated, insertGrouped } from '../../db/group-commit.ts';
import { processOwner } from '../../db/leases.ts';
import type { DomainDeps } from '../deps.ts';
import { loadReferral, type Referral } from '../referrals/store.ts';

/**
 * Announcements of referral changes, for live views (GraphQL subscriptions). One channel per
 * database; listeners must filter what each viewer may see. A change is told to this process's
 * listeners at once and written to `referral_events`, a short-lived feed that every other server
 * process on the database polls (while it has listeners) to tell its own. This is for live views
 * only: notifications that must arrive go through the outbox.
 */
export type ReferralChange = {
  referral: Referral;
  /** What happened: the status the referral moved to (or DRAFT for a new draft). */
  kind: string;
};

type Listener = (change: ReferralChange) => void;

type Channel = {
  listeners: Set<Listener>;
  feed: FeedReader | null;
};
const channels = new WeakMap<Database, Channel>();

function channelOf(db: Database): Channel {
  let channel = channels.get(db);
  if (!channel) {
    channel = { listeners: new Set(), feed: null };
    channels.set(db, channel);
  }
  return channel;
}

/** How long events stay in the feed: far longer than any poll gap, short enough to scan. */
const RETENTION_MS = 5 * 60_000;
/** Readers look this far behind their last poll, for writes that landed late or clocks apart. */
const OVERLAP_MS = 5_000;
const PRUNE_EVERY_MS = 30_000;

function tell(deps: Pick<DomainDeps, 'logger'>, channel: Channel, change: ReferralChange): void {
  for (const listener of channel.listeners) {
    try {
      listener(change);
    } catch (error) {
      deps.logger.error({ err: error }, 'referral change listener failed');
    }
  }
}

let lastPrune = 0;

/**
 * Tells this process's listeners about a change and writes it to the shared feed for the other
 * processes. The feed write is best effort: a failure is logged, never thrown.
 */
export function publishReferralChange(
  deps: Pick<DomainDeps, 'db' | 'logger'>,
  change: ReferralChange,
): void {
  tell(deps, channelOf(deps.db), change);
  const { ReferralEvent } = deps.db.models;
  const at = new Date();
  // Grouped with other writes of the moment (one insert for a burst of changes).
  insertGrouped(ReferralEvent.collection, {
    _id: randomUUID(),
    referralId: change.referral.id,
    kind: change.kind,
    version: change.referral.version,
    origin: processOwner,
    at,
  })
    .then(async () => {
      if (at.getTime() - lastPrune < PRUNE_EVERY_MS) return;
      lastPrune = at.getTime();
      const before = new Date(at.getTime() - RETENTION_MS);
      await gated(() => ReferralEvent.collection.deleteMany({ at: { $lt: before } }), 'background');
    })
    .catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not write a referral change to the shared feed');
    });
}

/** Listens to referral changes on this database; returns the function that stops listening. */
export function listenToReferralChanges(
  deps: Pick<DomainDeps, 'db'>,
  listener: Listener,
): () => void {
  const channel = channelOf(deps.db);
  channel.listeners.add(listener);
  channel.feed?.wake();
  return () => {
    channel.listeners.delete(listener);
  };
}

type FeedReader = { wake(): void; stop(): Promise<void> };

/**
 * Polls the shared feed every `pollMs` while this process has listeners, and tells them about
 * changes other processes made (re-read by id, so they see the referral as it is now). Returns a
 * handle whose stop() ends the polling.
 */
export function startReferralFeed(
  deps: Pick<DomainDeps, 'db' | 'logger'>,
  options: { pollMs: number },
): FeedReader {
  const channel = channelOf(deps.db);
  const { ReferralEvent } = deps.db.models;
  const seen = new Map<string, number>();
  let since = Date.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const poll = async (): Promise<void> => {
    const started = Date.now();
    const events = await ReferralEvent.collection
      .find({ at: { $gte: new Date(since - OVERLAP_MS) } })
      .toArray();
    events.sort((a, b) => new Date(a.at as Date).getTime() - new Date(b.at as Date).getTime());
    for (const event of events) {
      const id = String(event._id);
      if (seen.has(id)) continue;
      seen.set(id, new Date(event.at as Date).getTime());
      if (event.origin === processOwner) continue;
      const referral = await loadReferral(deps, String(event.referralId));
      if (referral) tell(deps, channel, { referral, kind: String(event.kind) });
    }
    for (const [id, at] of seen) if (at < since - 2 * OVERLAP_MS) seen.delete(id);
    since = started;
  };

  const schedule = (): void => {
    if (stopped || timer || channel.listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      running = poll()
        .catch((error: unknown) => {
          deps.logger.warn({ err: error }, 'could not read the shared referral feed');
        })
        .finally(() => {
          running = null;
          schedule();
        });
    }, options.pollMs);
    timer.unref();
  };

  const reader: FeedReader = {
    wake: () => {
      if (!timer && !running) {
        // Idle until now: changes from before the first listener are not news to it.
        since = Math.max(since, Date.now() - OVERLAP_MS);
      }
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      channel.feed = null;
    },
  };
  channel.feed = reader;
  if (channel.listeners.size > 0) schedule();
  return reader;
}
