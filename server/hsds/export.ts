import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import { fromDoc } from '../db/documents.ts';
import type {
  Location,
  Organization,
  Taxonomy,
  TaxonomyTerm,
} from '../domain/directory/records.ts';
import type { StoredService } from '../domain/directory/stored.ts';
import {
  hsdsOrganization,
  hsdsService,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  type Json,
} from './serialize.ts';

/**
 * Writes the whole directory as HSDS 3:
 *
 * - `services.json`: every service fully nested (organization, service_at_locations[].location,
 *   attributes[].taxonomy_term, …) with our extensions, followed by the organizations that offer
 *   no service (with `services: []`). This one file is the directory: our HSDS JSON reader
 *   imports it back whole, extensions included.
 * - `lists/organizations.json`, `lists/taxonomies.json`, `lists/taxonomy_terms.json`: the other
 *   HSDS entities as plain arrays, for consumers who want them apart.
 * - `tabular/`: an HSDS 3 tabular data package (datapackage.json + one CSV per table). Tabular
 *   HSDS has no place for nested extensions, so structured eligibility and closures travel there
 *   only as their plain HSDS forms.
 */

export type ExportSummary = {
  services: number;
  organizations: number;
  locations: number;
  taxonomyTerms: number;
};

const tables = {
  organizations: [
    'id',
    'name',
    'alternate_name',
    'description',
    'email',
    'website',
    'tax_status',
    'tax_id',
    'year_incorporated',
    'legal_status',
    'logo',
    'uri',
    'parent_organization_id',
  ],
  services: [
    'id',
    'organization_id',
    'program_id',
    'name',
    'alternate_name',
    'description',
    'url',
    'email',
    'status',
    'interpretation_services',
    'application_process',
    'fees_description',
    'wait_time',
    'accreditations',
    'eligibility_description',
    'minimum_age',
    'maximum_age',
    'assured_date',
    'assurer_email',
    'licenses',
    'alert',
    'last_modified',
  ],
  locations: [
    'id',
    'location_type',
    'url',
    'organization_id',
    'name',
    'alternate_name',
    'description',
    'transportation',
    'latitude',
    'longitude',
    'external_identifier',
    'external_identifier_type',
  ],
  service_at_locations: ['id', 'service_id', 'location_id', 'description'],
  addresses: [
    'id',
    'location_id',
    'attention',
    'address_1',
    'address_2',
    'city',
    'region',
    'state_province',
    'postal_code',
    'country',
    'address_type',
  ],
  phones: [
    'id',
    'location_id',
    'service_id',
    'organization_id',
    'contact_id',
    'service_at_location_id',
    'number',
    'extension',
    'type',
    'description',
  ],
  schedules: [
    'id',
    'service_id',
    'location_id',
    'service_at_location_id',
    'valid_from',
    'valid_to',
    'dtstart',
    'timezone',
    'until',
    'freq',
    'interval',
    'byday',
    'bymonthday',
    'description',
    'opens_at',
    'closes_at',
    'attending_type',
    'notes',
  ],
  languages: ['id', 'service_id', 'location_id', 'phone_id', 'name', 'code', 'note'],
  contacts: [
    'id',
    'organization_id',
    'service_id',
    'service_at_location_id',
    'location_id',
    'name',
    'title',
    'department',
    'email',
  ],
  accessibility: ['id', 'location_id', 'description', 'details', 'url'],
  cost_options: [
    'id',
    'service_id',
    'valid_from',
    'valid_to',
    'option',
    'currency',
    'amount',
    'amount_description',
  ],
  required_documents: ['id', 'service_id', 'document', 'uri'],
  service_areas: ['id', 'service_id', 'name', 'description', 'extent', 'extent_type'],
  attributes: ['id', 'link_id', 'link_type', 'link_entity', 'taxonomy_term_id', 'value', 'label'],
  taxonomies: ['id', 'name', 'description', 'uri', 'version'],
  taxonomy_terms: [
    'id',
    'code',
    'name',
    'description',
    'parent_id',
    'taxonomy',
    'language',
    'taxonomy_id',
    'term_uri',
  ],
} as const;
type TableName = keyof typeof tables;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV file per table, written as rows arrive. */
class TabularWriter {
  private readonly streams = new Map<TableName, WriteStream>();
  constructor(private readonly dir: string) {}

  async row(table: TableName, values: Json): Promise<void> {
    let stream = this.streams.get(table);
    if (!stream) {
      stream = createWriteStream(path.join(this.dir, `${table}.csv`));
      stream.write(`${tables[table].join(',')}\r\n`);
      this.streams.set(table, stream);
    }
    const line = `${tables[table].map((c) => csvCell(values[c])).join(',')}\r\n`;
    if (!stream.write(line)) await once(stream, 'drain');
  }

  async close(): Promise<void> {
    // A table with no rows still gets its header.
    for (const name of Object.keys(tables) as TableName[]) {
      if (!this.streams.has(name))
        await writeFile(path.join(this.dir, `${name}.csv`), `${tables[name].join(',')}\r\n`);
    }
    await Promise.all(
      [...this.streams.values()].map(
        (s) =>
          new Promise<void>((resolve, reject) =>
            s.end((e?: Error | null) => (e ? reject(e) : resolve())),
          ),
      ),
    );
    await writeFile(
      path.join(this.dir, 'datapackage.json'),
      `${JSON.stringify(
        {
          name: 'wayfinder-export',
          title: 'Wayfinder directory (HSDS 3.0 tabular)',
          profile: 'tabular-data-package',
          resources: (Object.keys(tables) as TableName[]).map((name) => ({
            name,
            path: `${name}.csv`,
            profile: 'tabular-data-resource',
            format: 'csv',
            mediatype: 'text/csv',
            encoding: 'utf-8',
            schema: {
              fields: tables[name].map((field) => ({ name: field, type: fieldType(field) })),
              primaryKey: 'id',
            },
          })),
        },
        null,
        2,
      )}\n`,
    );
  }
}

function fieldType(field: string): string {
  if (['latitude', 'longitude', 'minimum_age', 'maximum_age', 'amount', 'timezone'].includes(field))
    return 'number';
  if (['year_incorporated', 'extension', 'interval'].includes(field)) return 'integer';
  return 'string';
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** Writes one full service's rows (and its location's, once) to the tabular package. */
async function serviceRows(
  out: TabularWriter,
  service: Json,
  seenLocations: Set<string>,
): Promise<void> {
  const id = String(service.id);
  await out.row('services', service);
  const owned = async (parent: Record<string, string>, container: Json) => {
    for (const phone of list(container.phones)) await out.row('phones', { ...phone, ...parent });
    for (const s of list(container.schedules)) await out.row('schedules', { ...s, ...parent });
    for (const c of list(container.contacts)) {
      await out.row('contacts', { ...c, ...parent });
      for (const phone of list(c.phones)) await out.row('phones', { ...phone, contact_id: c.id });
    }
  };
  await owned({ service_id: id }, service);
  for (const l of list(service.languages)) await out.row('languages', { ...l, service_id: id });
  for (const c of list(service.cost_options)) await out.row('cost_options', c);
  for (const d of list(service.required_documents)) await out.row('required_documents', d);
  for (const a of list(service.service_areas)) await out.row('service_areas', a);
  for (const a of list(service.attributes)) {
    // Eligibility attributes name no taxonomy term; tabular HSDS links attributes through one.
    if (a.taxonomy_term_id) await out.row('attributes', a);
  }
  for (const link of list(service.service_at_locations)) {
    await out.row('service_at_locations', link);
    await owned({ service_at_location_id: String(link.id) }, link);
    const location = link.location as Json | undefined;
    if (!location || seenLocations.has(String(location.id))) continue;
    seenLocations.add(String(location.id));
    const locationId = String(location.id);
    await out.row('locations', location);
    for (const a of list(location.addresses))
      await out.row('addresses', { ...a, location_id: locationId });
    await owned({ location_id: locationId }, location);
    for (const l of list(location.languages))
      await out.row('languages', { ...l, location_id: locationId });
    for (const a of list(location.accessibility))
      await out.row('accessibility', { ...a, location_id: locationId });
  }
}

async function writeJsonArray(file: string, items: Iterable<Json>): Promise<void> {
  const stream = createWriteStream(file);
  let first = true;
  stream.write('[');
  for (const item of items) {
    if (!stream.write(`${first ? '\n' : ',\n'}${JSON.stringify(item)}`))
      await once(stream, 'drain');
    first = false;
  }
  stream.write('\n]\n');
  await new Promise<void>((resolve, reject) =>
    stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
}

/**
 * Exports the directory to `dir` (created if needed): HSDS 3 JSON and a tabular data package.
 * Reads with full scans (the fast path for reading everything on FerretDB) and streams services.
 */
export async function exportDirectory(db: Database, dir: string): Promise<ExportSummary> {
  const { models } = db;
  await mkdir(path.join(dir, 'lists'), { recursive: true });
  await mkdir(path.join(dir, 'tabular'), { recursive: true });
  const taxonomies = new Map<string, Taxonomy>();
  for await (const doc of models.Taxonomy.collection.find({})) {
    const t = fromDoc<Taxonomy>(doc);
    taxonomies.set(t.id, t);
  }
  const terms = new Map<string, TaxonomyTerm>();
  for await (const doc of models.TaxonomyTerm.collection.find({})) {
    const t = fromDoc<TaxonomyTerm>(doc);
    terms.set(t.id, t);
  }
  const organizations = new Map<string, Organization>();
  for await (const doc of models.Organization.collection.find({})) {
    const o = fromDoc<Organization>(doc);
    organizations.set(o.id, o);
  }
  const locations = new Map<string, Location>();
  for await (const doc of models.Location.collection.find({})) {
    const l = fromDoc<Location>(doc);
    locations.set(l.id, l);
  }

  const tabular = new TabularWriter(path.join(dir, 'tabular'));
  for (const t of taxonomies.values()) await tabular.row('taxonomies', hsdsTaxonomy(t));
  for (const t of terms.values())
    await tabular.row('taxonomy_terms', hsdsTaxonomyTerm(t, taxonomies));
  for (const o of organizations.values()) {
    const org = hsdsOrganization(o);
    await tabular.row('organizations', org);
    for (const phone of list(org.phones))
      await tabular.row('phones', { ...phone, organization_id: o.id });
    for (const c of list(org.contacts)) {
      await tabular.row('contacts', { ...c, organization_id: o.id });
      for (const phone of list(c.phones))
        await tabular.row('phones', { ...phone, contact_id: c.id });
    }
  }

  const stream = createWriteStream(path.join(dir, 'services.json'));
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write('[');
  let count = 0;
  const offering = new Set<string>();
  const seenLocations = new Set<string>();
  for await (const doc of models.Service.collection.find({})) {
    const service = fromDoc<StoredService>(doc);
    const json = hsdsService(service, {
      organization: organizations.get(service.organization_id) ?? null,
      locations,
      terms,
      taxonomies,
    });
    offering.add(service.organization_id);
    await write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(json)}`);
    await serviceRows(tabular, json, seenLocations);
    count += 1;
  }
  for (const o of organizations.values()) {
    if (offering.has(o.id)) continue;
    await write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(hsdsOrganization(o, []))}`);
    count += 1;
  }
  await write('\n]\n');
  await new Promise<void>((resolve, reject) =>
    stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  await tabular.close();

  await writeJsonArray(
    path.join(dir, 'lists', 'organizations.json'),
    [...organizations.values()].map((o) => hsdsOrganization(o)),
  );
  await writeJsonArray(
    path.join(dir, 'lists', 'taxonomies.json'),
    [...taxonomies.values()].map(hsdsTaxonomy),
  );
  await writeJsonArray(
    path.join(dir, 'lists', 'taxonomy_terms.json'),
    [...terms.values()].map((t) => hsdsTaxonomyTerm(t, taxonomies)),
  );
  return {
    services: count - (organizations.size - offering.size),
    organizations: organizations.size,
    locations: locations.size,
    taxonomyTerms: terms.size,
  };
}
