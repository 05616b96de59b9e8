import { isUuid, uuidv5 } from '../domain/directory/ids.ts';
import type { ReviewFlag } from '../domain/directory/records.ts';
import type { ImportIssue } from './types.ts';

/** Where a draft record came from. */
export type Origin = { file: string; row: number | null; sourceId: string | null };

/** A child row (phone, schedule, …) before validation. */
export type ChildDraft = { origin: Origin; value: Record<string, unknown> };

/** The child collections a record can embed, each validated row by row. */
export type ChildField =
  | 'phones'
  | 'schedules'
  | 'languages'
  | 'addresses'
  | 'contacts'
  | 'accessibility'
  | 'cost_options'
  | 'attributes'
  | 'service_areas'
  | 'required_documents';

/** The record types a bundle holds. */
export type PrimaryType =
  | 'organization'
  | 'service'
  | 'location'
  | 'service_at_location'
  | 'taxonomy'
  | 'taxonomy_term';

/** A record before validation, with its child rows kept apart so each can be dropped alone. */
export type Draft = {
  type: PrimaryType;
  origin: Origin;
  value: Record<string, unknown>;
  children: Partial<Record<ChildField, ChildDraft[]>>;
  flags: ReviewFlag[];
};

/** Creates an empty draft. */
export function draft(type: PrimaryType, origin: Origin, value: Record<string, unknown>): Draft {
  return { type, origin, value, children: {}, flags: [] };
}

/** Appends a child row to a draft. */
export function addChild(parent: Draft, field: ChildField, child: ChildDraft): void {
  const list = parent.children[field] ?? [];
  list.push(child);
  parent.children[field] = list;
}

/** Issue collection and id mapping for one import run. */
export class ImportContext {
  readonly issues: ImportIssue[] = [];
  skipped = 0;

  /** `datasetKey` scopes derived ids: the datapackage name, or the file/directory basename. */
  constructor(readonly datasetKey: string) {}

  /**
   * The stored id for a source id: kept when it already is a UUID (HSDS 3), else a UUIDv5 of
   * `datasetKey:recordType:sourceId`, so re-importing the same source upserts the same records.
   */
  id(recordType: string, sourceId: string): string {
    const trimmed = sourceId.trim();
    return isUuid(trimmed)
      ? trimmed.toLowerCase()
      : uuidv5(`${this.datasetKey}:${recordType}:${trimmed}`);
  }

  /** Records a warning: the record was kept. */
  warn(origin: Origin, recordType: string, field: string | null, reason: string): void {
    this.issues.push({ ...this.where(origin), field, reason, severity: 'warning', recordType });
  }

  /** Records an error: the row or record was not imported (counted in `skipped`). */
  reject(
    origin: Origin,
    recordType: string,
    field: string | null,
    reason: string,
    countAsSkipped = true,
  ): void {
    this.issues.push({ ...this.where(origin), field, reason, severity: 'error', recordType });
    if (countAsSkipped) this.skipped += 1;
  }

  private where(origin: Origin): Pick<ImportIssue, 'file' | 'row' | 'recordId'> {
    return { file: origin.file, row: origin.row, recordId: origin.sourceId };
  }
}
