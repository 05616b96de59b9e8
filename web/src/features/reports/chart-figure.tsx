import { type ReactNode, useId } from 'react';
import { useI18n } from '../../lib/i18n';

export type ChartFigureProps = {
  title: string;
  hint?: string;
  /** The chart; drawn for sighted users, the table below carries the same figures. */
  chart: ReactNode;
  table: ReactNode;
  /** Shown instead of the chart and table when there is nothing to chart. */
  empty?: string | null;
};

/**
 * A titled chart with its data table. The chart is one image named by the title (screen readers
 * skip its SVG text); the table, behind a disclosure, is the accessible equivalent.
 */
export function ChartFigure({ title, hint, chart, table, empty }: ChartFigureProps) {
  const { t } = useI18n();
  const id = useId();
  return (
    <section className="report-chart panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {hint ? <p className="hint">{hint}</p> : null}
      {empty ? (
        <p className="report-empty">{empty}</p>
      ) : (
        <>
          <div className="report-chart-box" role="img" aria-label={title}>
            {chart}
          </div>
          <details className="report-table">
            <summary>{t('reports.table')}</summary>
            <div className="report-table-scroll">{table}</div>
          </details>
        </>
      )}
    </section>
  );
}

export type DataTableProps = {
  caption: string;
  columns: string[];
  rows: Array<{ key: string; cells: Array<string | number> }>;
  /** Columns (by index) holding words rather than figures; figures are right-aligned. */
  textColumns?: number[];
};

/** A plain table: the first column names the row; figures are right-aligned. */
export function DataTable({ caption, columns, rows, textColumns = [] }: DataTableProps) {
  const alignOf = (index: number) =>
    index > 0 && !textColumns.includes(index) ? 'is-number' : undefined;
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th key={column} scope="col" className={alignOf(index)}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, index) =>
              index === 0 ? (
                <th key={index} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={index} className={alignOf(index)}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
