/**
 * Times of a site's hours are wall-clock times where the site is. A coordinator in another zone
 * sees them in the site's zone, with the zone's name so "opens 9:00 AM MST" is not misread as
 * their own 9:00. Pure: every function takes the zones and the instant it is about.
 */

/** The viewer's IANA zone, from the browser (undefined when it does not say). */
export function viewerTimeZone(): string | undefined {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

function offsetLabel(timeZone: string | undefined, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    timeZoneName: 'longOffset',
  }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** Whether clocks in the two zones show the same time at `at` (Denver and Boise do; not in July Phoenix). */
export function sameClock(a: string | undefined, b: string | undefined, at: Date): boolean {
  if (a === b) return true;
  try {
    return offsetLabel(a, at) === offsetLabel(b, at);
  } catch {
    return false;
  }
}

/** The zone's short name at `at` in the locale: "MST", "MDT", or "GMT-7" where there is none. */
export function zoneAbbreviation(timeZone: string, at: Date, locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(
    at,
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** " MST" when the site's clock differs from the viewer's at `at`; "" when they agree. */
export function zoneSuffix(
  siteZone: string | undefined,
  viewerZone: string | undefined,
  at: Date,
  locale: string,
): string {
  if (!siteZone || sameClock(siteZone, viewerZone, at)) return '';
  return ` ${zoneAbbreviation(siteZone, at, locale)}`;
}

function sameDay(a: Date, b: Date, timeZone: string | undefined): boolean {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' });
  return day.format(a) === day.format(b);
}

/**
 * When something next happens at a site, on the site's clock: "5:00 PM" today, "Tue 9:00 AM"
 * within the week, else "Dec 1, 9:00 AM"; with the zone's name when the viewer's clock differs.
 */
export function formatSiteTime(
  at: Date,
  now: Date,
  locale: string,
  siteZone: string | undefined,
  viewerZone: string | undefined,
): string {
  const time: Intl.DateTimeFormatOptions = {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: siteZone,
  };
  let text: string;
  if (sameDay(at, now, siteZone)) text = new Intl.DateTimeFormat(locale, time).format(at);
  else if ((at.getTime() - now.getTime()) / 86_400_000 < 6)
    text = new Intl.DateTimeFormat(locale, { ...time, weekday: 'short' }).format(at);
  else
    text = new Intl.DateTimeFormat(locale, { ...time, month: 'short', day: 'numeric' }).format(at);
  return `${text}${zoneSuffix(siteZone, viewerZone, at, locale)}`;
}
