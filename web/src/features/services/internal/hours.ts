/** "09:00" → "9:00 AM" (en-US) or "9:00" (es-MX): a site's wall-clock time, in the viewer's words. */
export function formatClock(hhmm: string, locale: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return hhmm;
  if (h === 24 && m === 0) return formatClock('23:59', locale);
  return new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2000, 0, 3, h, m)));
}

/** "2026-12-17" → "Thu, Dec 17": a local date of the site, in the viewer's words. */
export function formatLocalDate(date: string, locale: string): string {
  const at = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(at);
}
