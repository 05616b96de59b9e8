/**
 * The reports page keeps its period, grouping and view in the URL query, like the search page,
 * so a report can be bookmarked and shared. Dates are whole UTC days (the API's months are UTC);
 * `to` is inclusive. Defaults (the last six calendar months, by agency) are left out of the URL.
 */
export type ReportGrouping = 'agency' | 'need';
export type ReportView = 'referrals' | 'unmet';

export type ReportState = {
  /** YYYY-MM-DD, the first day reported on. */
  from: string;
  /** YYYY-MM-DD, the last day reported on (inclusive). */
  to: string;
  by: ReportGrouping;
  view: ReportView;
};

const DAY_MS = 86_400_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD, or null. */
export function parseDay(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === value ? value : null;
}

/** The last six calendar months up to today (UTC), grouped by agency. */
export function defaultReportState(today: Date): ReportState {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 5, 1));
  return { from: isoDay(start), to: isoDay(today), by: 'agency', view: 'referrals' };
}

/** Reads `?from=2025-01-01&to=2025-06-30&by=need&view=unmet`; bad values fall back to defaults. */
export function decodeReportState(search: string, today: Date): ReportState {
  const params = new URLSearchParams(search);
  const defaults = defaultReportState(today);
  const by = params.get('by');
  const view = params.get('view');
  return {
    from: parseDay(params.get('from')) ?? defaults.from,
    to: parseDay(params.get('to')) ?? defaults.to,
    by: by === 'need' || by === 'agency' ? by : defaults.by,
    view: view === 'unmet' || view === 'referrals' ? view : defaults.view,
  };
}

/** The query string for a state ('' for the defaults), keys in a fixed order. */
export function encodeReportState(state: ReportState, today: Date): string {
  const defaults = defaultReportState(today);
  const params = new URLSearchParams();
  if (state.view !== defaults.view) params.set('view', state.view);
  if (state.from !== defaults.from) params.set('from', state.from);
  if (state.to !== defaults.to) params.set('to', state.to);
  if (state.by !== defaults.by) params.set('by', state.by);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's half-open period [from 00:00Z, the day after `to` 00:00Z). */
export function periodOf(state: Pick<ReportState, 'from' | 'to'>): { from: string; to: string } {
  const from = new Date(`${state.from}T00:00:00Z`);
  const to = new Date(new Date(`${state.to}T00:00:00Z`).getTime() + DAY_MS);
  return { from: from.toISOString(), to: to.toISOString() };
}
