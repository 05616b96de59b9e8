import type { Draft, ImportContext } from './context.ts';
import { readContactDetails } from './tabular/contacts.ts';
import { ChildIds, parentLookup, type TabularRead } from './tabular/joins.ts';
import { readRecords } from './tabular/records.ts';
import { readSchedules } from './tabular/schedules.ts';
import { readServiceDetails } from './tabular/service-details.ts';
import { loadTables, type Table, type TableName, tableFiles } from './tabular/tables.ts';
import { readTaxonomies } from './tabular/taxonomies.ts';

/**
 * Reads an HSDS tabular data package (1.x, 2.x and 3.x CSV + datapackage.json) into drafts of
 * HSDS 3 records. Files are found by their path in datapackage.json, falling back to the CSV files
 * present; a resource listed but absent is a warning, not a failure (real 1.x exports list every
 * template resource whether or not they ship it).
 */
export async function readTabular(dir: string, ctx: ImportContext): Promise<Draft[]> {
  const tables = await loadTables(dir, ctx);
  const table = (name: TableName): Table =>
    tables.get(name) ?? { file: `${tableFiles[name][0]}.csv`, rows: [] };
  const childIds = new ChildIds(ctx);
  for (const t of tables.values()) childIds.check(t);
  const read: TabularRead = { ctx, table, drafts: [], childIds };

  const termIdBySource = readTaxonomies(read);
  const parents = readRecords(read);
  const parentOf = parentLookup(ctx, parents);
  readContactDetails(read, parentOf);
  readSchedules(read, parentOf);
  readServiceDetails(read, parentOf, termIdBySource, parents.service);
  return read.drafts;
}
