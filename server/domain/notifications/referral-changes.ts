import type { Document } from 'mongodb';
import { getMember, getUser } from '../accounts/users.ts';
import type { DomainDeps } from '../deps.ts';
import { recentRead } from '../recent-reads.ts';
import type { ReferralStatus } from '../referrals/state-machine.ts';
import { loadReferral, type Referral, whileBusy } from '../referrals/store.ts';
import { publishReferralChange } from './live.ts';
import {
  enqueueNotification,
  insertOutboxEntry,
  kickNotifications,
  notificationSettings,
} from './outbox.ts';
import type { TemplateName } from './templates.ts';

/**
 * From referral changes to notifications. The referral engine calls onReferralChanged after a
 * change lands; it announces the change to live views and queues one email per recipient, keyed
 * `<referralId>:<version>:<userId>`, so a repeat is a no-op. When that fails, and for reminders
 * (which must check the referral is still unanswered when they go), it queues one notice entry
 * instead (`_id` `<referralId>:<version>` or the reminder's id), which the worker expands into
 * the same messages later; a crash half-way never sends twice.
 */

export type ReferralNotice =
  | 'SENT'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'COMPLETED'
  | 'FAILED'
  | 'REMINDER_AGENCY'
  | 'REMINDER_COORDINATOR';

const templateFor: Record<ReferralNotice, TemplateName> = {
  SENT: 'referral.sent',
  ACCEPTED: 'referral.accepted',
  REJECTED: 'referral.rejected',
  COMPLETED: 'referral.completed',
  FAILED: 'referral.failed',
  REMINDER_AGENCY: 'referral.reminder.agency',
  REMINDER_COORDINATOR: 'referral.reminder.coordinator',
};

const toAgency: readonly ReferralNotice[] = ['SENT', 'REMINDER_AGENCY'];

function noticeFor(referral: Referral, from: ReferralStatus | null): ReferralNotice | null {
  switch (referral.status) {
    case 'SENT':
      // Sent now (created sent, or a draft sent); resuming from hold is not news to the agency.
      return from === null || from === 'DRAFT' ? 'SENT' : null;
    case 'ACCEPTED':
      return from === 'SENT' ? 'ACCEPTED' : null;
    case 'REJECTED':
    case 'COMPLETED':
    case 'FAILED':
      return referral.status;
    default:
      return null;
  }
}

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'logger'>;

/** What a notice's message and recipients are made of. */
type NoticeFacts = Pick<
  Referral,
  'id' | 'serviceId' | 'receivingOrganizationId' | 'referringUserId' | 'reason' | 'outcome'
>;

function factsOf(referral: Partial<NoticeFacts> & { id: string }): NoticeFacts | null {
  const { serviceId, receivingOrganizationId, referringUserId } = referral;
  if (!serviceId || !receivingOrganizationId || !referringUserId) return null;
  return {
    id: referral.id,
    serviceId,
    receivingOrganizationId,
    referringUserId,
    reason: referral.reason ?? null,
    outcome: referral.outcome ?? null,
  };
}

function isReminder(notice: ReferralNotice): boolean {
  return notice === 'REMINDER_AGENCY' || notice === 'REMINDER_COORDINATOR';
}

/** Queues the fan-out of one notice about a referral (idempotent by `id`). */
export async function queueReferralNotice(
  deps: Deps,
  referral: Pick<Referral, 'id' | 'version'> & Partial<NoticeFacts>,
  notice: ReferralNotice,
  id = `${referral.id}:${referral.version}`,
): Promise<void> {
  const now = deps.clock.now();
  await insertOutboxEntry(deps, {
    _id: id as never,
    kind: 'referral-notice',
    notice,
    referralId: referral.id,
    version: referral.version,
    // A notice of a change carries what its message tells, so the worker need not read the
    // referral back; a reminder reads it, to drop itself when the referral was answered.
    facts: isReminder(notice) ? null : factsOf(referral),
    createdAt: now,
    availableAt: now,
    attempts: 0,
  });
  kickNotifications(deps);
}

/**
 * Called by the referral engine after a change: announces it to live views and queues the
 * notification it calls for. Best effort: it logs its own failures and never throws, so a
 * committed change is never reported as failed.
 */
export async function onReferralChanged(
  deps: DomainDeps,
  event: { referral: Referral; from: ReferralStatus | null },
): Promise<void> {
  const { referral, from } = event;
  publishReferralChange(deps, { referral, kind: referral.status });
  const notice = noticeFor(referral, from);
  if (!notice) return;
  const facts = factsOf(referral);
  try {
    // The messages themselves, at once (their ids make a repeat harmless); should that fail,
    // the notice goes to the outbox and the worker makes them later.
    if (!facts) throw new Error('referral without its parties');
    await queueMessages(deps, facts, notice, `${referral.id}:${referral.version}`);
  } catch (first) {
    deps.logger.warn(
      { err: first, referralId: referral.id },
      'notification deferred to the worker',
    );
    try {
      await queueReferralNotice(deps, referral, notice);
    } catch (error) {
      deps.logger.error({ err: error, referralId: referral.id }, 'could not queue a notification');
    }
  }
}

const reasonWords: Record<string, string> = {
  NO_CAPACITY: 'no capacity',
  NOT_ELIGIBLE: 'not eligible',
  COULD_NOT_CONTACT: 'could not make contact',
  CLIENT_DECLINED: 'the client declined',
  REFERRED_ELSEWHERE: 'referred elsewhere',
  OTHER: 'other',
};
const outcomeWords: Record<string, string> = {
  GOT_HELP: 'got help',
  PARTIALLY: 'partly helped',
  OTHER: 'other',
};

// Names and staff lists change rarely; a busy agency's notices within a few seconds share them.
const RECENT_MS = 5_000;

/** An organization's name for messages (remembered a few seconds). */
export async function organizationName(deps: Deps, id: string): Promise<string> {
  return recentRead(deps.db, `organization-name:${id}`, RECENT_MS, async () => {
    try {
      return (await getMember(deps, id)).name;
    } catch {
      const org = await deps.db.models.Organization.collection.findOne({ _id: id as never });
      return org ? String(org.name) : 'the agency';
    }
  });
}

/** A service's name for messages (remembered a few seconds). */
export async function serviceName(deps: Deps, id: string): Promise<string> {
  return recentRead(deps.db, `service-name:${id}`, RECENT_MS, async () => {
    const service = await deps.db.models.Service.collection.findOne(
      { _id: id as never },
      { projection: { name: 1 } },
    );
    return service ? String(service.name) : 'a service';
  });
}

async function recipients(deps: Deps, referral: NoticeFacts, notice: ReferralNotice) {
  if (toAgency.includes(notice)) {
    const organizationId = referral.receivingOrganizationId;
    return recentRead(deps.db, `agency-staff:${organizationId}`, RECENT_MS, async () => {
      // A scan with an organization filter (FerretDB v1 uses no secondary index); users are few.
      const docs = await deps.db.models.User.collection.find({ organizationId }).toArray();
      return docs
        .filter((u) => (u.role === 'agency_staff' || u.role === 'org_admin') && u.disabled !== true)
        .map((u) => ({ userId: String(u._id), email: String(u.email) }));
    });
  }
  return recentRead(deps.db, `coordinator:${referral.referringUserId}`, RECENT_MS, async () => {
    const user = await getUser(deps, referral.referringUserId);
    return user && !user.disabled ? [{ userId: user.id, email: user.email }] : [];
  });
}

/**
 * The worker's half: turns a queued referral notice into one email per recipient. A reminder
 * for a referral that has been answered meanwhile is dropped.
 */
export async function expandReferralNotice(deps: DomainDeps, entry: Document): Promise<void> {
  const notice = String(entry.notice) as ReferralNotice;
  let referral = entry.facts ? (entry.facts as NoticeFacts) : null;
  if (!referral) {
    const current = await loadReferral(deps, String(entry.referralId));
    if (!current) {
      deps.logger.warn({ entry: entry._id }, 'notice for a referral that does not exist; dropped');
      return;
    }
    if (isReminder(notice) && current.status !== 'SENT') return;
    referral = current;
  }
  await queueMessages(deps, referral, notice, String(entry._id));
}

/** Queues one email per recipient of a notice, keyed `<noticeId>:<userId>`. */
async function queueMessages(
  deps: DomainDeps,
  referral: NoticeFacts,
  notice: ReferralNotice,
  noticeId: string,
): Promise<void> {
  const settings = notificationSettings(deps);
  const appUrl = settings?.appUrl ?? '';
  const [service, agency, people] = await Promise.all([
    serviceName(deps, referral.serviceId),
    organizationName(deps, referral.receivingOrganizationId),
    recipients(deps, referral, notice),
  ]);
  const data = {
    serviceName: service,
    agencyName: agency,
    link: `${appUrl}/referrals/${encodeURIComponent(referral.id)}`,
    hours: String(deps.settings.referralResponseHours),
    ...(referral.reason ? { reason: reasonWords[referral.reason.code] ?? 'other' } : {}),
    ...(referral.outcome ? { outcome: outcomeWords[referral.outcome] ?? 'other' } : {}),
  };
  await Promise.all(
    people.map((person) =>
      whileBusy(() =>
        enqueueNotification(deps, {
          id: `${noticeId}:${person.userId}`,
          channel: 'email',
          to: person.email,
          template: templateFor[notice],
          data,
          referralId: referral.id,
        }),
      ),
    ),
  );
}
