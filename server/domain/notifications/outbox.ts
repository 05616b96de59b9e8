import { createHash, randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { isDuplicateKey } from '../../db/documents.ts';
import { gated, insertGrouped } from '../../db/group-commit.ts';
import { isUnleased, releaseOne, withClaims } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { isNetworkAdmin } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError } from '../errors.ts';
import { jobStatsFor, type Poller, startPoller } from '../poller.ts';
import { whileBusy } from '../referrals/store.ts';
import { parseInput } from '../validate.ts';
import { renderTemplate, templateDataSchema, templateNames } from './templates.ts';
import type { Mailer, SmsProvider } from './transports.ts';

/**
 * The notification outbox. An entry is written (durably) before anything is sent; the worker
 * delivers it, records the result in `notification_log` and deletes the entry, so the outbox
 * holds only what is still to do. A failed delivery waits with a growing back-off.
 */

export const channels = ['email', 'sms'] as const;
export type Channel = (typeof channels)[number];

/** What the rest of the process knows about how notifications go out (one per database). */
export type NotificationSettings = {
  from: string;
  /** Base of links in messages, e.g. http://localhost:4000. */
  appUrl: string;
  /** Whether network admins may read the development outbox. */
  devOutboxReadable: boolean;
  mailer: Mailer;
  sms: SmsProvider;
  /** First retry delay; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many failed attempts a message is given up (and logged as FAILED). */
  maxAttempts: number;
};

type Registered = {
  settings: NotificationSettings;
  worker: Poller | null;
  kick: ReturnType<typeof setTimeout> | null;
};
const registry = new WeakMap<Database, Registered>();

/** The settings registered for this database, or null when no notification worker runs. */
export function notificationSettings(deps: Pick<DomainDeps, 'db'>): NotificationSettings | null {
  return registry.get(deps.db)?.settings ?? null;
}

/**
 * Kicks within this long of each other start one run of the worker, so messages queued in a busy
 * moment leave in one batch (one log insert, one delete) rather than one run each.
 */
const KICK_GATHER_MS = 100;

/** Asks the worker (if one runs in this process) to deliver now rather than at its next poll. */
export function kickNotifications(deps: Pick<DomainDeps, 'db'>): void {
  const registered = registry.get(deps.db);
  if (!registered?.worker || registered.kick) return;
  registered.kick = setTimeout(() => {
    registered.kick = null;
    registered.worker?.kick();
  }, KICK_GATHER_MS);
  registered.kick.unref();
}

type OutboxDeps = Pick<DomainDeps, 'db' | 'clock'>;

/** Inserts an outbox entry; a duplicate `_id` means it is already queued, which is fine. */
export async function insertOutboxEntry(deps: OutboxDeps, entry: Document): Promise<boolean> {
  const outcome = await whileBusy(() =>
    insertGrouped(deps.db.models.Notification.collection, entry),
  );
  return outcome === 'inserted';
}

const enqueueSchema = z.object({
  id: z.string().min(1).max(300).optional(),
  channel: z.enum(channels),
  to: z.string().min(3).max(320),
  template: z.enum(templateNames),
  data: templateDataSchema,
  referralId: z.string().max(200).nullish(),
});

export type EnqueueInput = z.input<typeof enqueueSchema>;

/**
 * Queues one message (rendered now, delivered by the worker). With an `id`, queuing twice is a
 * no-op. Returns the entry id. Throws InvalidInputError.
 */
export async function enqueueNotification(deps: OutboxDeps, input: EnqueueInput): Promise<string> {
  const parsed = parseInput(enqueueSchema, input);
  const rendered = renderTemplate(parsed.template, parsed.data);
  const now = deps.clock.now();
  const id = parsed.id ?? randomUUID();
  await insertOutboxEntry(deps, {
    _id: id as never,
    kind: 'message',
    channel: parsed.channel,
    to: parsed.to,
    template: parsed.template,
    referralId: parsed.referralId ?? null,
    subject: rendered.subject,
    text: parsed.channel === 'sms' ? rendered.sms : rendered.text,
    createdAt: now,
    availableAt: now,
    attempts: 0,
    lastError: null,
  });
  kickNotifications(deps);
  return id;
}

/** Expands entries that are not messages yet (a referral change into one message per person). */
export type EntryExpander = (entry: Document) => Promise<void>;

type WorkerDeps = Pick<DomainDeps, 'db' | 'clock' | 'logger'>;

/**
 * The Message-ID of the email for an outbox entry: derived from the entry's id, so a delivery
 * repeated after a crash (the one case where a message can go out twice) carries the same id and
 * a mail server or reader can recognise it.
 */
export function messageIdOf(entryId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'wayfinder.invalid';
  const hash = createHash('sha256').update(entryId).digest('base64url').slice(0, 32);
  return `<notification.${hash}@${domain}>`;
}

async function deliver(
  settings: NotificationSettings,
  entry: Document,
): Promise<{ transport: string; providerId: string | null }> {
  if (entry.channel === 'sms') {
    return settings.sms.send({ to: String(entry.to), text: String(entry.text) });
  }
  return settings.mailer.send({
    from: settings.from,
    to: String(entry.to),
    subject: String(entry.subject),
    text: String(entry.text),
    messageId: messageIdOf(String(entry._id), settings.from),
  });
}

function logDoc(entry: Document, record: Document): Document {
  const {
    kind: _kind,
    availableAt: _availableAt,
    leaseOwner: _leaseOwner,
    leaseUntil: _leaseUntil,
    claimGen: _claimGen,
    sent: _sent,
    ...rest
  } = entry;
  return { ...rest, ...record };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** The notification outbox's backlog: entries still to handle, and the oldest one's age. */
export async function notificationLag(
  deps: Pick<DomainDeps, 'db'>,
  now: Date,
): Promise<{ waiting: number; oldestAgeSeconds: number }> {
  const { Notification } = deps.db.models;
  const [waiting, oldest] = await Promise.all([
    Notification.collection.countDocuments({}),
    Notification.collection
      .find({}, { projection: { createdAt: 1 } })
      .sort({ createdAt: 1 })
      .limit(1)
      .next(),
  ]);
  const at = oldest ? new Date(oldest.createdAt as Date).getTime() : now.getTime();
  return { waiting, oldestAgeSeconds: Math.max(0, (now.getTime() - at) / 1000) };
}

/** How long a claim on outbox entries lasts before another process may take them over. */
export const DEFAULT_NOTIFICATION_LEASE_MS = 60_000;

/**
 * Handles due outbox entries, oldest first: claims them (a lease, so another server process on
 * the same database never handles the same entry while the lease lives), expands referral
 * changes, delivers messages, then logs and deletes what it handled. Each delivery is recorded on
 * its entry at once, so an entry whose owner died after delivering is logged, not sent again, by
 * whoever takes it over when the lease expires; only a death between the transport's accepting a
 * message and that record sends it twice, with the same Message-ID. The log is an insert keyed by
 * the entry, so a second attempt is harmless. Returns how many entries were handled.
 */
export async function drainNotifications(
  deps: WorkerDeps,
  settings: NotificationSettings,
  expand: EntryExpander,
  limit = 100,
  leaseMs = DEFAULT_NOTIFICATION_LEASE_MS,
): Promise<number> {
  const { Notification, NotificationLog } = deps.db.models;
  const now = deps.clock.now();
  // The outbox's first entries in insertion order, with no filter or sort: the embedded
  // database reads just those rows instead of decoding and sorting the whole outbox. Entries
  // waiting out a back-off, or leased by a live process, are skipped here and stay in place.
  const window = await Notification.collection
    .find({})
    .limit(limit * 4)
    .batchSize(limit * 4)
    .toArray();
  const candidates = window
    .filter((entry) => new Date(entry.availableAt as Date).getTime() <= now.getTime())
    .filter((entry) => isUnleased(entry, now))
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
    .slice(0, limit);
  if (candidates.length === 0) return 0;
  const { Claim } = deps.db.models;
  const options = {
    now,
    leaseMs,
    onRenewError: (error: unknown) =>
      deps.logger.warn({ err: error }, 'could not renew the claim on queued messages'),
    retry: whileBusy<Document[]>,
  };
  return withClaims(
    Notification.collection,
    Claim.collection,
    candidates,
    options,
    async (due, token, kept) => {
      const logs: Document[] = [];
      const done: unknown[] = [];
      await eachLimited(due, 8, async (entry) => {
        // A claim about to lapse (a slow database kept it from being renewed) may be taken over
        // by another process, which would send the message too: leave it to whoever holds it next.
        if (Date.now() + leaseMs / 3 > kept.heldUntil()) return;
        try {
          if (entry.kind === 'message') {
            let sent = entry.sent as Document | undefined;
            if (!sent) {
              const delivery = await deliver(settings, entry);
              sent = { ...delivery, deliveredAt: deps.clock.now() };
              await whileBusy(() =>
                Notification.collection.updateOne(
                  { _id: entry._id, leaseOwner: token },
                  { $set: { sent } },
                ),
              );
            }
            logs.push(
              logDoc(entry, {
                status: 'DELIVERED',
                attempts: Number(entry.attempts ?? 0) + 1,
                transport: sent.transport,
                providerId: sent.providerId ?? null,
                deliveredAt: sent.deliveredAt,
                lastError: null,
              }),
            );
          } else {
            await expand(entry);
          }
          done.push(entry._id);
        } catch (error) {
          const attempts = Number(entry.attempts ?? 0) + 1;
          const lastError = error instanceof Error ? error.message : String(error);
          if (attempts >= settings.maxAttempts) {
            deps.logger.error({ err: error, entry: entry._id, attempts }, 'notification given up');
            logs.push(
              logDoc(entry, {
                status: 'FAILED',
                attempts,
                transport: null,
                providerId: null,
                deliveredAt: null,
                lastError,
              }),
            );
            done.push(entry._id);
            return;
          }
          const delay = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempts - 1));
          deps.logger.warn(
            { err: error, entry: entry._id, attempts },
            'notification failed; will retry',
          );
          await releaseOne(Notification.collection, entry._id, token, {
            attempts,
            availableAt: new Date(now.getTime() + delay),
            lastError,
          });
        }
      });
      if (logs.length > 0) {
        try {
          await whileBusy(() =>
            gated(
              () => NotificationLog.collection.insertMany(logs, { ordered: false }),
              'background',
            ),
          );
        } catch (error) {
          // Entries logged by an earlier attempt that stopped before deleting them are fine.
          const codes = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors;
          if (!Array.isArray(codes) || codes.some((e) => e.code !== 11000)) throw error;
        }
      }
      if (done.length > 0) {
        // When the window held the whole outbox, one `$in` delete reads those few rows once; behind
        // a backlog, deletes by `_id` (one command) spare reading the whole outbox.
        const ids = done as never[];
        await whileBusy(() =>
          gated(async () => {
            if (window.length < limit * 4) {
              await Notification.collection.deleteMany({ _id: { $in: ids } });
            } else {
              await Notification.collection.bulkWrite(
                ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
                { ordered: false },
              );
            }
          }, 'background'),
        );
      }
      return done.length;
    },
  );
}

/** Starts the notification worker for this database and registers its settings. */
export function startNotificationWorker(
  deps: WorkerDeps,
  settings: NotificationSettings,
  expand: EntryExpander,
  intervalMs = 1000,
  leaseMs = DEFAULT_NOTIFICATION_LEASE_MS,
): Poller {
  const registered: Registered = { settings, worker: null, kick: null };
  registry.set(deps.db, registered);
  const worker = startPoller(
    async () => {
      // Keep going while there is work; a poll that found none is not counted as a run.
      let handled = 0;
      for (;;) {
        const n = await drainNotifications(deps, settings, expand, 100, leaseMs);
        if (n === 0) return handled > 0;
        handled += n;
      }
    },
    { intervalMs, logger: deps.logger, name: 'notifications', stats: jobStatsFor(deps.db) },
  );
  registered.worker = worker;
  return {
    ...worker,
    stop: async () => {
      if (registered.kick) clearTimeout(registered.kick);
      registered.kick = null;
      await worker.stop();
      registered.worker = null;
    },
  };
}

/** One delivered, given-up or (in development) kept message. */
export type LoggedNotification = {
  id: string;
  channel: Channel;
  to: string;
  template: string;
  subject: string;
  text: string;
  referralId: string | null;
  status: 'DELIVERED' | 'FAILED';
  transport: string | null;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
};

const devOutboxSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { error: 'Ask for between 1 and 100 messages.' })
    .max(100, { error: 'Ask for between 1 and 100 messages.' })
    .nullish(),
});

/**
 * The newest logged messages (the development outbox): network admins only, and only while
 * email does not go out through SMTP in production. Throws NotAllowedError, InvalidInputError.
 */
export async function listDevOutbox(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<LoggedNotification[]> {
  if (!isNetworkAdmin(actor)) {
    throw new NotAllowedError('Only network admins can read the development outbox.');
  }
  if (!notificationSettings(deps)?.devOutboxReadable) {
    throw new NotAllowedError(
      'The development outbox is off: in production email goes out through SMTP.',
    );
  }
  const parsed = parseInput(devOutboxSchema, input ?? {});
  // An occasional admin read; sorting scans the log, which the worker never reads.
  const docs = await deps.db.models.NotificationLog.collection
    .find({})
    .sort({ createdAt: -1, _id: 1 })
    .limit(parsed.first ?? 20)
    .toArray();
  return docs.map((doc) => ({
    id: String(doc._id),
    channel: doc.channel === 'sms' ? 'sms' : 'email',
    to: String(doc.to),
    template: String(doc.template),
    subject: String(doc.subject ?? ''),
    text: String(doc.text ?? ''),
    referralId: (doc.referralId as string | null) ?? null,
    status: doc.status === 'FAILED' ? 'FAILED' : 'DELIVERED',
    transport: (doc.transport as string | null) ?? null,
    attempts: Number(doc.attempts ?? 0),
    createdAt: new Date(doc.createdAt as Date),
    deliveredAt: doc.deliveredAt ? new Date(doc.deliveredAt as Date) : null,
    lastError: (doc.lastError as string | null) ?? null,
  }));
}
