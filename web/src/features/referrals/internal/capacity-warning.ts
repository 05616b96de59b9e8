import type { ReferServiceInfoQuery } from '../../../generated/graphql';
import type { MessageKey } from '../../../lib/i18n';

type Capacity = NonNullable<ReferServiceInfoQuery['service']['capacity']>;

/** What the refer form warns about: the service's current capacity says it cannot take one now. */
export type CapacityWarning = {
  message: MessageKey;
  /** "12 beds", when the agency gave a count. */
  count: string | null;
  note: string | null;
  updatedAt: Date;
};

const warnFor: Partial<Record<Capacity['status'], MessageKey>> = {
  NO_CAPACITY: 'refer.capacity.NO_CAPACITY',
  WAITLIST: 'refer.capacity.WAITLIST',
};

/**
 * The warning to show before sending, or null. Only NO_CAPACITY and WAITLIST warn; the server
 * gives capacity only while it is current, so an expired one never warns. Sending stays allowed.
 */
export function capacityWarning(capacity: Capacity | null | undefined): CapacityWarning | null {
  if (!capacity) return null;
  const message = warnFor[capacity.status];
  if (!message) return null;
  const count =
    capacity.count === null
      ? null
      : [String(capacity.count), capacity.unit].filter(Boolean).join(' ');
  return {
    message,
    count,
    note: capacity.note?.trim() || null,
    updatedAt: new Date(capacity.updatedAt),
  };
}

/** "3 hours ago" under two days, else "2 days ago"; capacity goes out of date within days. */
export function formatUpdatedAgo(updatedAt: Date, now: Date, locale: string): string {
  const hours = Math.max(0, Math.round((now.getTime() - updatedAt.getTime()) / 3_600_000));
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return hours < 48 ? rtf.format(-hours, 'hour') : rtf.format(-Math.round(hours / 24), 'day');
}
