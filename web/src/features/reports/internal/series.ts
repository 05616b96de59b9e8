/**
 * Report data turned into chart series and table rows: months without referrals filled in,
 * rates as percentages, groups labelled, unmet needs summed by category.
 */
export type Figures = {
  sent: number;
  closedLoop: number;
  closedLoopRate: number | null;
  medianHoursToAcceptance: number | null;
  medianHoursToCompletion: number | null;
};

export type OutcomeFigures = Figures & {
  rejected: number;
  completed: number;
  failed: number;
  cancelled: number;
  open: number;
};

export type MonthPoint = {
  /** YYYY-MM (UTC). */
  month: string;
  sent: number;
  closedLoop: number;
  /** 0–100, one decimal; null when nothing was sent that month. */
  ratePercent: number | null;
  acceptanceHours: number | null;
  completionHours: number | null;
};

export type GroupPoint = {
  key: string;
  label: string;
  sent: number;
  completed: number;
  rejected: number;
  failed: number;
  cancelled: number;
  open: number;
  ratePercent: number | null;
  acceptanceHours: number | null;
  completionHours: number | null;
};

/** A 0–1 rate as a percentage with one decimal. */
export function toPercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** Every month (YYYY-MM) touched by the days from–to (YYYY-MM-DD, inclusive); at most 120. */
export function monthsBetween(from: string, to: string): string[] {
  const [fromYear, fromMonth] = from.split('-').map(Number);
  const [toYear, toMonth] = to.split('-').map(Number);
  if (!fromYear || !fromMonth || !toYear || !toMonth) return [];
  const months: string[] = [];
  let year = fromYear;
  let month = fromMonth;
  while ((year < toYear || (year === toYear && month <= toMonth)) && months.length < 120) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** One point per month of the period, in order; months with no referrals have no rate. */
export function monthSeries(
  byMonth: ReadonlyArray<{ key: string; figures: Figures }>,
  from: string,
  to: string,
): MonthPoint[] {
  const known = new Map(byMonth.map((group) => [group.key, group.figures]));
  const months = monthsBetween(from, to);
  for (const key of known.keys()) if (!months.includes(key)) months.push(key);
  return months.sort().map((month) => {
    const figures = known.get(month);
    return {
      month,
      sent: figures?.sent ?? 0,
      closedLoop: figures?.closedLoop ?? 0,
      ratePercent: toPercent(figures?.closedLoopRate ?? null),
      acceptanceHours: figures?.medianHoursToAcceptance ?? null,
      completionHours: figures?.medianHoursToCompletion ?? null,
    };
  });
}

/** Groups (agencies or need categories) as the API sorts them (most referrals first), labelled. */
export function groupSeries(
  groups: ReadonlyArray<{ key: string; label?: string | null; figures: OutcomeFigures }>,
  labelOf: (group: { key: string; label?: string | null }) => string,
): GroupPoint[] {
  return groups.map((group) => ({
    key: group.key,
    label: labelOf(group),
    sent: group.figures.sent,
    completed: group.figures.completed,
    rejected: group.figures.rejected,
    failed: group.figures.failed,
    cancelled: group.figures.cancelled,
    open: group.figures.open,
    ratePercent: toPercent(group.figures.closedLoopRate),
    acceptanceHours: group.figures.medianHoursToAcceptance,
    completionHours: group.figures.medianHoursToCompletion,
  }));
}

export type CategoryTotal = {
  category: string;
  count: number;
  noResults: number;
  noneEligible: number;
  /** Areas (ZIP3) it was searched from, most searches first; unknown areas left out. */
  areas: string[];
};

/** Unmet-need rows (category × area) summed by category, most searches first. */
export function unmetByCategory(
  rows: ReadonlyArray<{
    category: string;
    area: string | null;
    count: number;
    noResults: number;
    noneEligible: number;
  }>,
): CategoryTotal[] {
  const totals = new Map<string, CategoryTotal & { byArea: Map<string, number> }>();
  for (const row of rows) {
    const total = totals.get(row.category) ?? {
      category: row.category,
      count: 0,
      noResults: 0,
      noneEligible: 0,
      areas: [],
      byArea: new Map<string, number>(),
    };
    total.count += row.count;
    total.noResults += row.noResults;
    total.noneEligible += row.noneEligible;
    if (row.area) total.byArea.set(row.area, (total.byArea.get(row.area) ?? 0) + row.count);
    totals.set(row.category, total);
  }
  return [...totals.values()]
    .map(({ byArea, ...total }) => ({
      ...total,
      areas: [...byArea]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([area]) => area),
    }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}
