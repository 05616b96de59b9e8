import type { ReferralQuery } from '../../../generated/graphql';
import type { MessageKey, Translate } from '../../../lib/i18n';

type Event = ReferralQuery['referral']['history'][number];

export type TimelineEntry = {
  key: string;
  title: string;
  /** Reason, outcome and note, in words; empty when there is none. */
  details: string[];
  by: string;
  /** ISO instant, for <time dateTime>. */
  at: string;
  when: string;
};

/** "Mar 3, 2026, 10:05 AM" in the viewer's locale. */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

function title(event: Event, t: Translate): string {
  if (event.kind === 'CREATED') {
    return event.to === 'DRAFT' ? t('timeline.drafted') : t('timeline.created');
  }
  if (event.kind === 'RECEIVED') return t('timeline.received');
  const status = t(`status.${event.to}` as MessageKey);
  return event.from === 'ON_HOLD' ? t('timeline.resumed', { status }) : status;
}

/** A referral's history as lines a person reads, oldest first. */
export function formatTimeline(
  history: readonly Event[],
  t: Translate,
  locale: string,
  timeZone?: string,
): TimelineEntry[] {
  return [...history]
    .sort((a, b) => a.version - b.version)
    .map((event) => {
      const details: string[] = [];
      if (event.reason) {
        const code = t(`reason.${event.reason.code}` as MessageKey);
        details.push(
          t('timeline.reason', {
            reason: event.reason.text ? `${code} — ${event.reason.text}` : code,
          }),
        );
      }
      if (event.outcome) {
        details.push(
          t('timeline.outcome', { outcome: t(`outcome.${event.outcome}` as MessageKey) }),
        );
      }
      if (event.note) details.push(event.note);
      return {
        key: `${event.version}-${event.kind}`,
        title: title(event, t),
        details,
        by: t('timeline.by', { org: event.by.name }),
        at: event.at,
        when: formatInstant(event.at, locale, timeZone),
      };
    });
}
