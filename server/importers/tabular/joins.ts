import type { ReviewFlag } from '../../domain/directory/records.ts';
import {
  addChild,
  type ChildField,
  type Draft,
  type ImportContext,
  type Origin,
} from '../context.ts';
import { blank } from '../text.ts';
import { get, originOf, type Row, type Table, type TableName } from './tables.ts';

/** One package being read: its tables, the run's context and the drafts made so far. */
export type TabularRead = {
  ctx: ImportContext;
  table: (name: TableName) => Table;
  drafts: Draft[];
  childIds: ChildIds;
};

/** Child ids: the row's own id when the file's ids are unique, else the parent and position. */
export class ChildIds {
  private readonly uniqueFiles = new Set<string>();
  private readonly counters = new Map<string, number>();
  constructor(private readonly ctx: ImportContext) {}

  check(table: Table): void {
    const ids = table.rows.map((r) => blank(r.id)).filter((v): v is string => v != null);
    if (ids.length === table.rows.length && new Set(ids).size === ids.length)
      this.uniqueFiles.add(table.file);
  }

  id(table: Table, row: Row, recordType: string, parentKey: string): string {
    const own = blank(row.id);
    if (own && this.uniqueFiles.has(table.file)) return this.ctx.id(recordType, own);
    // HSDS 1.x exports often leave child ids empty (Miami schedules) or reuse the parent's id
    // (Miami languages), so the position under the parent is the only stable key.
    const key = `${parentKey}/${recordType}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return this.ctx.id(recordType, `${parentKey}/${n}`);
  }
}

/** The kinds of record a child row can hang from. */
export type ParentKind = 'service' | 'location' | 'service_at_location' | 'organization';
/** The records child rows hang from, by kind and source id. */
export type Parents = Record<ParentKind, Map<string, Draft>>;
/** A child row's parent, with the key its position-based child ids are counted under. */
export type Parent = { draft: Draft; key: string };

const column: Record<ParentKind, string> = {
  service: 'service_id',
  location: 'location_id',
  service_at_location: 'service_at_location_id',
  organization: 'organization_id',
};

/** The first parent named by the row, in `order`; reports and returns null when it is absent. */
export type ParentOf = (
  t: Table,
  i: number,
  row: Row,
  recordType: string,
  order: ParentKind[],
) => Parent | null;

/** Finds a child row's parent among `parentMaps`, reporting a row whose parent is missing. */
export function parentLookup(ctx: ImportContext, parentMaps: Parents): ParentOf {
  return (t, i, row, recordType, order) => {
    for (const kind of order) {
      const ref = get(row, column[kind]);
      if (!ref) continue;
      const parent = parentMaps[kind].get(ref);
      if (parent) return { draft: parent, key: `${kind}/${ref}` };
      ctx.reject(
        originOf(t, i, row),
        recordType,
        column[kind],
        `The ${kind.replaceAll('_', ' ')} "${ref}" is not in this package; the row was dropped.`,
      );
      return null;
    }
    ctx.reject(
      originOf(t, i, row),
      recordType,
      null,
      `The row names no ${order.map((k) => k.replaceAll('_', ' ')).join(', ')}; it was dropped.`,
    );
    return null;
  };
}

/** Adds a child record (address, phone, schedule …) to its parent draft. */
export function add(parent: Draft, field: ChildField, o: Origin, value: Record<string, unknown>) {
  addChild(parent, field, { origin: o, value });
}

/** Flags a draft for review, once per code, field and message. */
export function flag(d: Draft, f: ReviewFlag): void {
  if (!d.flags.some((x) => x.code === f.code && x.field === f.field && x.message === f.message))
    d.flags.push(f);
}
