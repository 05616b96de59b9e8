/**
 * The clock the domain reads "now" from. Rules take a Date (or a local date string) as an
 * argument; only the edges (request handlers, jobs) ask a Clock, so tests can pin time.
 */
export type Clock = { now(): Date };

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at` (an ISO string or Date); throws RangeError for an invalid time. */
export function fixedClock(at: string | Date): Clock {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid time: ${String(at)}`);
  return { now: () => new Date(ms) };
}
