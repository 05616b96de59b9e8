/** "Thu, Dec 10, 10:00 AM" for a `YYYY-MM-DDTHH:MM` wall time (shown as given, in any zone). */
export function formatLocal(local: string, locale: string): string {
  const [date = '', time = '00:00'] = local.split('T');
  const at = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(at.getTime())) return local;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(at);
}

/** "10:00 AM" for a `YYYY-MM-DDTHH:MM` wall time. */
export function formatLocalTime(local: string, locale: string): string {
  const [, time = '00:00'] = local.split('T');
  const at = new Date(`2000-01-01T${time}:00Z`);
  return new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(at);
}

/** The time zone's short name ("MST") at an instant, else the zone id. */
export function zoneName(timezone: string, locale: string, at = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? timezone;
  } catch {
    return timezone;
  }
}
