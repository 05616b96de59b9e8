import type { ImportResult } from '../importers/import-source.ts';
import type { ImportIssue } from '../importers/types.ts';
import { table } from './cli-support.ts';

/** How many issues of each severity the summary lists one by one; the rest go to the report. */
export const LISTED_PER_SEVERITY = 50;
const LISTED_REASONS = 20;

const RECORD_TYPES = ['organizations', 'services', 'locations', 'taxonomies', 'taxonomyTerms'];

/** `file:row field — reason`, leaving out what the issue does not have. */
export function formatIssue(issue: ImportIssue): string {
  const where = issue.row === null ? issue.file : `${issue.file}:${issue.row}`;
  return `${where}${issue.field ? ` ${issue.field}` : ''} — ${issue.reason}`;
}

/** True when the summary cannot list every issue and the full list belongs in a report file. */
export function needsReport(issues: readonly ImportIssue[]): boolean {
  return (['error', 'warning'] as const).some(
    (severity) => issues.filter((i) => i.severity === severity).length > LISTED_PER_SEVERITY,
  );
}

function reasonTotals(issues: readonly ImportIssue[]): string[] {
  const totals = new Map<string, number>();
  for (const issue of issues) {
    // Quoted source values ("6:300pm", an organization id) would give every row its own reason.
    const reason = issue.reason.replace(/"[^"]*"/g, '"…"');
    const key = `${issue.recordType}${issue.field ? `.${issue.field}` : ''} — ${reason}`;
    totals.set(key, (totals.get(key) ?? 0) + 1);
  }
  const sorted = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines = sorted
    .slice(0, LISTED_REASONS)
    .map(([key, count]) => `  ${String(count).padStart(6)}  ${key}`);
  if (sorted.length > LISTED_REASONS) {
    lines.push(`  … and ${sorted.length - LISTED_REASONS} more reasons (see the report)`);
  }
  return lines;
}

function section(title: string, issues: readonly ImportIssue[]): string[] {
  if (issues.length === 0) return [];
  const listed = issues.slice(0, LISTED_PER_SEVERITY);
  const heading =
    issues.length > listed.length
      ? `${title} (first ${listed.length} of ${issues.length}):`
      : `${title} (${issues.length}):`;
  const lines = ['', heading, ...listed.map((i) => `  ${formatIssue(i)}`)];
  if (issues.length > listed.length) lines.push('', `${title} by reason:`, ...reasonTotals(issues));
  return lines;
}

/** The human summary of an import: counts by record type, skipped rows, then every issue. */
export function formatImportSummary(
  source: string,
  result: ImportResult,
  elapsedMs: number,
): string {
  const { reading, stored } = result;
  const types = [
    ...RECORD_TYPES,
    ...Object.keys(stored.created).filter((t) => !RECORD_TYPES.includes(t)),
  ];
  const rows = types.map((t) => [
    t,
    String(stored.created[t] ?? 0),
    String(stored.updated[t] ?? 0),
  ]);
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const errors = reading.issues.filter((i) => i.severity === 'error');
  const warnings = reading.issues.filter((i) => i.severity === 'warning');
  return [
    `Imported ${source} (${reading.format}) in ${(elapsedMs / 1000).toFixed(1)} s.`,
    '',
    table([
      ['record type', 'created', 'updated'],
      ...rows,
      ['total', String(sum(stored.created)), String(sum(stored.updated))],
    ]),
    '',
    `Skipped: ${reading.skipped} ${reading.skipped === 1 ? 'row' : 'rows'} with errors (not stored).`,
    `Issues: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}, ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}.`,
    ...section('Errors', errors),
    ...section('Warnings', warnings),
  ].join('\n');
}
