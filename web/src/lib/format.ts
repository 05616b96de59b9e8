import type { Translate } from './i18n';
import { formatSiteTime, viewerTimeZone } from './site-time';

export type DistanceUnit = 'mile' | 'kilometer';

const KM_PER_MILE = 1.609344;
const MILE_REGIONS = new Set(['US', 'GB', 'LR', 'MM', 'PR', 'VI', 'GU', 'AS', 'MP']);

/** Miles where people measure road distance in miles (the US, the UK...), else kilometres. */
export function distanceUnitFor(locale: string): DistanceUnit {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    region = undefined;
  }
  return region && !MILE_REGIONS.has(region) ? 'kilometer' : 'mile';
}

/** "0.4 mi", "3.2 mi", "12 mi" (or km), in the given locale. */
export function formatDistance(km: number, locale: string): string {
  const unit = distanceUnitFor(locale);
  const value = unit === 'mile' ? km / KM_PER_MILE : km;
  const format = (n: number, digits: number) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(n);
  if (value < 0.1) return `< ${format(0.1, 1)}`;
  return format(value, value < 10 ? 1 : 0);
}

export type OpenStatusView = {
  tone: 'open' | 'closed' | 'unknown';
  label: string;
  /** "closes 5:00 PM", "opens Tue 9:00 AM"; absent when unknown. */
  detail: string | null;
};

/** When something next happens, in `timeZone` (see formatSiteTime); no zone name. */
export function formatWhen(at: Date, now: Date, locale: string, timeZone?: string): string {
  return formatSiteTime(at, now, locale, timeZone, timeZone);
}

/**
 * "Open" / "closes 5:00 PM", "Closed" / "opens Tue 9:00 AM MST": times on the site's clock
 * (`timeZone`, else the status's own zone), named when the viewer's clock differs.
 */
export function formatOpenStatus(
  status: { isOpen: boolean | null; nextChange: string | null; timeZone?: string | null },
  now: Date,
  locale: string,
  t: Translate,
  timeZone?: string,
  viewerZone: string | undefined = viewerTimeZone(),
): OpenStatusView {
  const siteZone = timeZone ?? status.timeZone ?? undefined;
  if (status.isOpen === null)
    return { tone: 'unknown', label: t('result.hoursUnknown'), detail: null };
  const next = status.nextChange ? new Date(status.nextChange) : null;
  const when =
    next && !Number.isNaN(next.getTime())
      ? formatSiteTime(next, now, locale, siteZone, viewerZone)
      : null;
  if (status.isOpen) {
    return {
      tone: 'open',
      label: t('result.open'),
      detail: when ? t('result.closes', { time: when }) : null,
    };
  }
  return {
    tone: 'closed',
    label: t('result.closed'),
    // Closed with no opening within the API's 14-day horizon: say so rather than nothing.
    detail: when ? t('result.opens', { time: when }) : t('result.noOpeningSoon'),
  };
}

/** "3 hours", "2 days": how long since `from`, for "waiting 2 days". */
export function formatDuration(from: Date, now: Date, locale: string): string {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  const unit = (value: number, kind: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: kind, unitDisplay: 'long' }).format(value);
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes < 48 * 60) return unit(Math.floor(minutes / 60), 'hour');
  return unit(Math.floor(minutes / 1440), 'day');
}

/** "3 months ago", "yesterday", "2 years ago" for a YYYY-MM-DD date. */
export function formatAgo(date: string, now: Date, locale: string): string {
  const then = new Date(`${date}T12:00:00Z`);
  const days = Math.round((now.getTime() - then.getTime()) / 86_400_000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (days < 1) return rtf.format(0, 'day');
  if (days < 14) return rtf.format(-days, 'day');
  if (days < 60) return rtf.format(-Math.round(days / 7), 'week');
  if (days < 365) return rtf.format(-Math.round(days / 30.44), 'month');
  return rtf.format(-Math.round(days / 365.25), 'year');
}

export type FreshnessView = { stale: boolean; label: string };

export function formatFreshness(
  freshness: { assuredDate: string | null; stale: boolean },
  now: Date,
  locale: string,
  t: Translate,
): FreshnessView {
  if (freshness.stale) {
    const verified = freshness.assuredDate
      ? t('result.verified', { ago: formatAgo(freshness.assuredDate, now, locale) })
      : t('result.neverVerified');
    return { stale: true, label: `${t('result.stale')} · ${verified}` };
  }
  if (!freshness.assuredDate) return { stale: false, label: t('result.neverVerified') };
  return {
    stale: false,
    label: t('result.verified', { ago: formatAgo(freshness.assuredDate, now, locale) }),
  };
}

/** A YYYY-MM-DD date in the locale's long form ("March 3, 2026"). */
export function formatDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
