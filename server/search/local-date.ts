const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a local `YYYY-MM-DD` date, or null if malformed. */
export function parseLocalDate(date: string): number | null {
  const m = LOCAL_DATE.exec(date);
  if (m === null) return null;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}
