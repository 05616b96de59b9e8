import type { DirectoryBundle } from '../domain/directory/records.ts';

/** One problem found while reading a source: where it is, what is wrong, and how bad. */
export type ImportIssue = {
  file: string;
  /** 1-based data row (CSV: the header is row 0) or NDJSON line; null for file-level issues and JSON documents. */
  row: number | null;
  field: string | null;
  reason: string;
  /** `error`: the row or record was not imported. `warning`: it was imported, possibly flagged. */
  severity: 'error' | 'warning';
  recordType: string;
  /** The record's id in the source, when it has one. */
  recordId: string | null;
};

/** The source formats we read. */
export type ImportFormat = 'hsds3-json' | 'hsds-tabular' | 'ohana-ndjson';

/** What reading a source produced: valid records ready to store, and everything that was wrong. */
export type ImportReading = {
  format: ImportFormat;
  bundle: DirectoryBundle;
  issues: ImportIssue[];
  /** Rows and records dropped with an error (whole records and child rows alike). */
  skipped: number;
  /** Records created, by type: bundle collections and child records (phones, schedules, …). */
  counts: Record<string, number>;
};

/** Options for readSource. */
export type ReadOptions = { onProgress?: (done: number, total: number) => void };
