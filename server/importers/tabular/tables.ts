import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportContext, Origin } from '../context.ts';
import { blank } from '../text.ts';

/** One CSV row, by lower-cased column name. */
export type Row = Record<string, string>;
/** One CSV file of the package. */
export type Table = { file: string; rows: Row[] };

/** Logical tables, each with the file basenames HSDS versions have used for it. */
export const tableFiles = {
  organizations: ['organizations', 'organization'],
  services: ['services', 'service'],
  locations: ['locations', 'location'],
  serviceAtLocations: [
    'services_at_location',
    'service_at_location',
    'service_at_locations',
    'services_at_locations',
  ],
  physicalAddresses: ['physical_addresses', 'physical_address'],
  postalAddresses: ['postal_addresses', 'postal_address'],
  addresses: ['addresses', 'address'],
  phones: ['phones', 'phone'],
  contacts: ['contacts', 'contact'],
  regularSchedules: ['regular_schedules', 'regular_schedule'],
  holidaySchedules: ['holiday_schedules', 'holiday_schedule'],
  schedules: ['schedules', 'schedule'],
  languages: ['languages', 'language'],
  eligibility: ['eligibility', 'eligibilities'],
  accessibility: ['accessibility_for_disabilities', 'accessibility'],
  // 1.x/2.x call the term table "taxonomy"; 3.x has taxonomy_terms plus taxonomies.
  taxonomyTerms: ['taxonomy_terms', 'taxonomy_term', 'taxonomy'],
  taxonomies: ['taxonomies'],
  serviceTaxonomy: [
    'services_taxonomy',
    'service_taxonomy',
    'services_taxonomies',
    'service_taxonomies',
  ],
  attributes: ['attributes', 'attribute'],
  costOptions: ['cost_options', 'cost_option'],
  payments: ['payments_accepted', 'payment_accepted'],
  requiredDocuments: ['required_documents', 'required_document'],
  serviceAreas: ['service_areas', 'service_area'],
} as const;
/** A logical table of the package. */
export type TableName = keyof typeof tableFiles;

/** The datapackage `name` HSDS's template ships with; too generic to scope ids by. */
const TEMPLATE_PACKAGE_NAME = 'human_services_data';

type DataPackage = { name?: unknown; resources?: unknown };

async function loadPackage(dir: string): Promise<DataPackage> {
  const text = await readFile(path.join(dir, 'datapackage.json'), 'utf8');
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as DataPackage) : {};
}

/** The dataset key for a package: its `name`, unless that is the template default. */
export async function tabularDatasetKey(dir: string): Promise<string> {
  const pkg = await loadPackage(dir).catch(() => ({}) as DataPackage);
  const name = typeof pkg.name === 'string' ? pkg.name.trim() : '';
  return name && name !== TEMPLATE_PACKAGE_NAME ? name : path.basename(path.resolve(dir));
}

async function listCsv(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const sub of ['', 'data']) {
    const d = path.join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of await readdir(d))
      if (f.toLowerCase().endsWith('.csv')) found.push(path.join(sub, f));
  }
  return found;
}

function parseCsv(ctx: ImportContext, file: string, content: string): Row[] {
  try {
    const rows: unknown = parse(content, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    });
    return Array.isArray(rows) ? (rows as Row[]) : [];
  } catch (error) {
    ctx.reject(
      { file, row: null, sourceId: null },
      'file',
      null,
      `This file is not readable CSV: ${(error as Error).message}`,
      false,
    );
    return [];
  }
}

/** Finds and parses the package's CSV files, by logical table. */
export async function loadTables(dir: string, ctx: ImportContext): Promise<Map<TableName, Table>> {
  const pkg = await loadPackage(dir);
  const listed: string[] = [];
  if (Array.isArray(pkg.resources)) {
    for (const r of pkg.resources) {
      const p =
        typeof r === 'object' && r !== null && 'path' in r && typeof r.path === 'string'
          ? r.path
          : null;
      if (!p) continue;
      // Miami's package lists "organizations.csv" while the file sits in data/; accept both.
      const found = [p, path.join('data', p)].find((candidate) =>
        existsSync(path.join(dir, candidate)),
      );
      if (found) listed.push(found);
      else {
        const name = 'name' in r && typeof r.name === 'string' ? r.name : p;
        ctx.warn(
          { file: p, row: null, sourceId: null },
          name,
          null,
          'This resource is listed in datapackage.json but its file is not in the package; it was ignored.',
        );
      }
    }
  }
  const files = listed.length > 0 ? listed : await listCsv(dir);
  const tables = new Map<TableName, Table>();
  for (const file of files) {
    const base = path
      .basename(file)
      .replace(/\.csv$/i, '')
      .toLowerCase();
    const name = (Object.keys(tableFiles) as TableName[]).find((t) =>
      (tableFiles[t] as readonly string[]).includes(base),
    );
    if (!name || tables.has(name)) continue;
    const content = await readFile(path.join(dir, file), 'utf8');
    tables.set(name, { file, rows: parseCsv(ctx, file, content) });
  }
  return tables;
}

/** The first non-blank value among `names`, the spellings HSDS versions have used for a column. */
export function get(row: Row, ...names: string[]): string | null {
  for (const n of names) {
    const v = blank(row[n]);
    if (v != null) return v;
  }
  return null;
}

/** Where a row came from, for issues: its file, its 1-based row and its own id. */
export function originOf(t: Table, i: number, row: Row): Origin {
  return { file: t.file, row: i + 1, sourceId: blank(row.id) };
}
