import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../../lib/i18n';
import { ChartFigure, DataTable } from './chart-figure';
import { formatHours, formatHourTick, formatMonth, formatPercent } from './internal/report-format';
import type { GroupPoint, MonthPoint } from './internal/series';

const COLORS = {
  primary: '#1f5f8b',
  accent: '#c05800',
  completed: '#1d6b3a',
  rejected: '#9b2c22',
  failed: '#7a4d00',
  cancelled: '#6b7785',
  open: '#5d8fb8',
};

const AXIS_TICK = { fontSize: 12, fill: '#4f5d6b' };
// Each chart is one image (role="img") whose data table is the accessible equivalent, so
// recharts' accessibilityLayer (a focusable role="application" inside it) stays off.
/** Charts show at most this many agencies or categories; their tables list all. */
export const TOP_GROUPS = 12;

function legendText(value: string) {
  return <span className="report-legend-text">{value}</span>;
}

function tooltipNumber(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

export type MonthChartProps = { points: MonthPoint[] };

/** Closed-loop rate (percent) by month; months with nothing sent leave a gap. */
export function ClosedLoopChart({ points }: MonthChartProps) {
  const { t, locale } = useI18n();
  const none = t('reports.none');
  const title = t('reports.chartClosedLoop');
  const data = points.map((p) => ({ ...p, label: formatMonth(p.month, locale) }));
  return (
    <ChartFigure
      title={title}
      hint={t('reports.closedLoopHint')}
      empty={points.every((p) => p.sent === 0) ? t('reports.empty') : null}
      chart={
        <ResponsiveContainer width="100%" height={260}>
          <LineChart
            accessibilityLayer={false}
            data={data}
            margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          >
            <CartesianGrid stroke="#e2e7ec" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis
              domain={[0, 100]}
              tick={AXIS_TICK}
              width={48}
              tickFormatter={(value: number) => formatPercent(value, locale, none)}
            />
            <Tooltip
              formatter={(value) => formatPercent(tooltipNumber(value), locale, none)}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="ratePercent"
              name={t('reports.closedLoopRate')}
              stroke={COLORS.primary}
              strokeWidth={2.5}
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption={title}
          columns={[
            t('reports.month'),
            t('reports.sent'),
            t('reports.closedLoop'),
            t('reports.closedLoopRate'),
          ]}
          rows={data.map((p) => ({
            key: p.month,
            cells: [p.label, p.sent, p.closedLoop, formatPercent(p.ratePercent, locale, none)],
          }))}
        />
      }
    />
  );
}

/** Median hours from sending to acceptance and to completion, by month. */
export function MedianTimesChart({ points }: MonthChartProps) {
  const { t, locale } = useI18n();
  const none = t('reports.none');
  const title = t('reports.chartMedians');
  const data = points.map((p) => ({ ...p, label: formatMonth(p.month, locale) }));
  const hasData = points.some((p) => p.acceptanceHours !== null || p.completionHours !== null);
  return (
    <ChartFigure
      title={title}
      empty={hasData ? null : t('reports.empty')}
      chart={
        <ResponsiveContainer width="100%" height={260}>
          <LineChart
            accessibilityLayer={false}
            data={data}
            margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          >
            <CartesianGrid stroke="#e2e7ec" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis
              tick={AXIS_TICK}
              width={56}
              tickFormatter={(value: number) => formatHourTick(value, locale)}
            />
            <Tooltip
              formatter={(value) => formatHours(tooltipNumber(value), locale, none)}
              isAnimationActive={false}
            />
            <Legend itemSorter={null} formatter={legendText} />
            <Line
              type="monotone"
              dataKey="acceptanceHours"
              name={t('reports.toAcceptance')}
              stroke={COLORS.primary}
              strokeWidth={2.5}
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="completionHours"
              name={t('reports.toCompletion')}
              stroke={COLORS.accent}
              strokeWidth={2.5}
              strokeDasharray="6 3"
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption={title}
          columns={[t('reports.month'), t('reports.toAcceptance'), t('reports.toCompletion')]}
          rows={data.map((p) => ({
            key: p.month,
            cells: [
              p.label,
              formatHours(p.acceptanceHours, locale, none),
              formatHours(p.completionHours, locale, none),
            ],
          }))}
        />
      }
    />
  );
}

export type ReasonsChartProps = { reasons: Array<{ code: string; label: string; count: number }> };

/** How often agencies gave each reason for declining. */
export function ReasonsChart({ reasons }: ReasonsChartProps) {
  const { t } = useI18n();
  const title = t('reports.chartReasons');
  return (
    <ChartFigure
      title={title}
      empty={reasons.length === 0 ? t('reports.noReasons') : null}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(120, 40 + reasons.length * 36)}>
          <BarChart
            accessibilityLayer={false}
            data={reasons}
            layout="vertical"
            margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
          >
            <CartesianGrid stroke="#e2e7ec" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" width={170} tick={AXIS_TICK} />
            <Tooltip isAnimationActive={false} />
            <Bar
              dataKey="count"
              name={t('reports.count')}
              fill={COLORS.rejected}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption={title}
          columns={[t('reports.reason'), t('reports.count')]}
          rows={reasons.map((r) => ({ key: r.code, cells: [r.label, r.count] }))}
        />
      }
    />
  );
}

export type OutcomesChartProps = {
  title: string;
  /** The name of the grouping, for the table's first column. */
  groupName: string;
  groups: GroupPoint[];
};

/** Referrals per agency or need category, stacked by where they ended up. */
export function OutcomesChart({ title, groupName, groups }: OutcomesChartProps) {
  const { t, locale } = useI18n();
  const none = t('reports.none');
  const top = groups.slice(0, TOP_GROUPS);
  const stacks = [
    { key: 'completed', name: t('status.COMPLETED'), color: COLORS.completed },
    { key: 'rejected', name: t('status.REJECTED'), color: COLORS.rejected },
    { key: 'failed', name: t('status.FAILED'), color: COLORS.failed },
    { key: 'cancelled', name: t('status.CANCELLED'), color: COLORS.cancelled },
    { key: 'open', name: t('reports.open'), color: COLORS.open },
  ] as const;
  return (
    <ChartFigure
      title={title}
      hint={groups.length > TOP_GROUPS ? t('reports.chartTop', { count: TOP_GROUPS }) : undefined}
      empty={groups.length === 0 ? t('reports.empty') : null}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(160, 70 + top.length * 34)}>
          <BarChart
            accessibilityLayer={false}
            data={top}
            layout="vertical"
            margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
          >
            <CartesianGrid stroke="#e2e7ec" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" width={190} tick={AXIS_TICK} />
            <Tooltip isAnimationActive={false} />
            <Legend itemSorter={null} formatter={legendText} />
            {stacks.map((stack) => (
              <Bar
                key={stack.key}
                dataKey={stack.key}
                name={stack.name}
                stackId="outcome"
                fill={stack.color}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          caption={title}
          columns={[
            groupName,
            t('reports.sent'),
            ...stacks.map((s) => s.name),
            t('reports.closedLoopRate'),
            t('reports.medianAcceptance'),
            t('reports.medianCompletion'),
          ]}
          rows={groups.map((g) => ({
            key: g.key,
            cells: [
              g.label,
              g.sent,
              g.completed,
              g.rejected,
              g.failed,
              g.cancelled,
              g.open,
              formatPercent(g.ratePercent, locale, none),
              formatHours(g.acceptanceHours, locale, none),
              formatHours(g.completionHours, locale, none),
            ],
          }))}
        />
      }
    />
  );
}
