/** "Jan 2025" for a YYYY-MM month (UTC). */
export function formatMonth(month: string, locale: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** "Mar 3, 2026" for a YYYY-MM-DD day. */
export function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A duration: "3 hr" under two days, "2.5 days" from then on; null as `none`. */
export function formatHours(hours: number | null, locale: string, none: string): string {
  if (hours === null) return none;
  const unit = hours < 48 ? 'hour' : 'day';
  const value = unit === 'hour' ? hours : hours / 24;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: unit === 'hour' ? 'short' : 'long',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}

/** An axis tick in hours: "30 hr". */
export function formatHourTick(hours: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(hours);
}

/** "61.5%" for a 0–100 percentage; null as `none`. */
export function formatPercent(percent: number | null, locale: string, none: string): string {
  if (percent === null) return none;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    percent / 100,
  );
}
