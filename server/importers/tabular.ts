import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { categoryForAirsCode, isAirsCode } from '../domain/directory/airs-codes.ts';
import { isUuid } from '../domain/directory/ids.ts';
import { languageCode, languageCodesInText, languageName } from '../domain/directory/languages.ts';
import type { ReviewFlag, Weekday } from '../domain/directory/records.ts';
import {
  isCategoryCode,
  taxonomyTermId,
  topLevelCode,
  WAYFINDER_TAXONOMY_NAME,
} from '../domain/directory/taxonomy.ts';
import {
  addChild,
  type ChildField,
  type Draft,
  draft,
  type ImportContext,
  type Origin,
} from './context.ts';
import {
  blank,
  bool,
  cleanText,
  countryCode,
  INTERPRETATION_TEXT,
  intOrRaw,
  isoDateOrRaw,
  numberOrRaw,
  parseOpeningHours,
  parseWeekday,
  weekOrder,
} from './text.ts';

/**
 * Reader for HSDS tabular data packages (1.x, 2.x and 3.x CSV + datapackage.json), converting
 * rows to HSDS 3 records. Files are found by their path in datapackage.json, falling back to the
 * CSV files present; a resource listed but absent is a warning, not a failure (real 1.x exports
 * list every template resource whether or not they ship it).
 */

type Row = Record<string, string>;
type Table = { file: string; rows: Row[] };

/** Logical tables, each with the file basenames HSDS versions have used for it. */
const tableFiles = {
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
type TableName = keyof typeof tableFiles;

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

async function loadTables(dir: string, ctx: ImportContext): Promise<Map<TableName, Table>> {
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

function get(row: Row, ...names: string[]): string | null {
  for (const n of names) {
    const v = blank(row[n]);
    if (v != null) return v;
  }
  return null;
}

/** Child ids: the row's own id when the file's ids are unique, else the parent and position. */
class ChildIds {
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

/** Reads a tabular data package directory into drafts. */
export async function readTabular(dir: string, ctx: ImportContext): Promise<Draft[]> {
  const tables = await loadTables(dir, ctx);
  const table = (name: TableName): Table =>
    tables.get(name) ?? { file: `${tableFiles[name][0]}.csv`, rows: [] };
  const childIds = new ChildIds(ctx);
  for (const t of tables.values()) childIds.check(t);
  const drafts: Draft[] = [];
  const origin = (t: Table, i: number, row: Row): Origin => ({
    file: t.file,
    row: i + 1,
    sourceId: blank(row.id),
  });

  // Taxonomies and terms first, so attributes can resolve term ids.
  const taxonomyIdByName = new Map<string, string>();
  const taxonomyFor = (name: string, o: Origin): string => {
    let id = taxonomyIdByName.get(name);
    if (!id) {
      id = ctx.id('taxonomy', name);
      taxonomyIdByName.set(name, id);
      drafts.push(draft('taxonomy', { ...o, sourceId: name }, { id, name, description: '' }));
    }
    return id;
  };
  const taxonomies = table('taxonomies');
  taxonomies.rows.forEach((row, i) => {
    const o = origin(taxonomies, i, row);
    const sourceId = get(row, 'id') ?? '';
    const id = ctx.id('taxonomy', sourceId);
    taxonomyIdByName.set(sourceId, id);
    drafts.push(
      draft('taxonomy', o, {
        id,
        name: get(row, 'name'),
        description: cleanText(row.description) ?? '',
        uri: get(row, 'uri'),
        version: get(row, 'version'),
      }),
    );
  });
  const termIdBySource = new Map<string, string>();
  const terms = table('taxonomyTerms');
  for (const row of terms.rows) {
    const sourceId = get(row, 'id');
    if (!sourceId) continue;
    const code = get(row, 'code') ?? sourceId;
    const vocabulary = get(row, 'taxonomy', 'vocabulary');
    const ours = vocabulary?.toLowerCase() === WAYFINDER_TAXONOMY_NAME || isCategoryCode(code);
    termIdBySource.set(sourceId, ours ? taxonomyTermId(code) : ctx.id('taxonomy_term', sourceId));
  }
  terms.rows.forEach((row, i) => {
    const o = origin(terms, i, row);
    const sourceId = get(row, 'id');
    const code = get(row, 'code') ?? sourceId;
    if (sourceId && code && termIdBySource.get(sourceId) === taxonomyTermId(code)) return; // one of ours
    const vocabulary = get(row, 'taxonomy', 'vocabulary');
    const taxonomyId = get(row, 'taxonomy_id');
    const parent = get(row, 'parent_id');
    drafts.push(
      draft('taxonomy_term', o, {
        id: termIdBySource.get(sourceId ?? '') ?? sourceId,
        code,
        name: get(row, 'name') ?? '',
        description: cleanText(row.description) ?? '',
        parent_id: parent ? (termIdBySource.get(parent) ?? ctx.id('taxonomy_term', parent)) : null,
        taxonomy_id: taxonomyId
          ? (taxonomyIdByName.get(taxonomyId) ?? ctx.id('taxonomy', taxonomyId))
          : vocabulary
            ? taxonomyFor(vocabulary, o)
            : null,
        language: get(row, 'language'),
        term_uri: get(row, 'term_uri'),
        category: code ? (isAirsCode(code) ? categoryForAirsCode(code) : topLevelCode(code)) : null,
      }),
    );
  });

  const orgs = new Map<string, Draft>();
  const organizations = table('organizations');
  organizations.rows.forEach((row, i) => {
    const sourceId = get(row, 'id') ?? '';
    const d = draft('organization', origin(organizations, i, row), {
      id: ctx.id('organization', sourceId),
      name: get(row, 'name') ?? '',
      alternate_name: get(row, 'alternate_name'),
      description: cleanText(row.description) ?? '',
      email: get(row, 'email'),
      // 1.x and 2.x call the website "url"; 3.x calls it "website".
      website: get(row, 'website', 'url'),
      tax_status: get(row, 'tax_status'),
      tax_id: get(row, 'tax_id'),
      year_incorporated: intOrRaw(row.year_incorporated),
      legal_status: get(row, 'legal_status'),
      logo: get(row, 'logo'),
      uri: get(row, 'uri'),
      parent_organization_id: get(row, 'parent_organization_id')
        ? ctx.id('organization', get(row, 'parent_organization_id') ?? '')
        : null,
    });
    if (!orgs.has(sourceId)) orgs.set(sourceId, d);
    drafts.push(d);
  });

  const services = new Map<string, Draft>();
  const serviceOrgSource = new Map<string, string>();
  const servicesTable = table('services');
  servicesTable.rows.forEach((row, i) => {
    const sourceId = get(row, 'id') ?? '';
    const orgSource = get(row, 'organization_id') ?? '';
    const status = get(row, 'status')?.toLowerCase().replace(/_/g, ' ');
    const d = draft('service', origin(servicesTable, i, row), {
      id: ctx.id('service', sourceId),
      organization_id: orgSource ? ctx.id('organization', orgSource) : null,
      source_organization_id: orgSource,
      program_id: get(row, 'program_id') ? ctx.id('program', get(row, 'program_id') ?? '') : null,
      name: get(row, 'name') ?? '',
      alternate_name: get(row, 'alternate_name'),
      description: cleanText(row.description) ?? '',
      url: get(row, 'url'),
      email: get(row, 'email'),
      // Every row of some 1.x exports leaves status empty; HSDS 3 requires it, and a listed
      // service is presumed active.
      status: status ?? 'active',
      interpretation_services: cleanText(row.interpretation_services),
      application_process: cleanText(row.application_process),
      // 1.x "fees" became fees_description in 3.0 (3.0's own "fees" is deprecated).
      fees_description: cleanText(row.fees_description ?? row.fees),
      wait_time: cleanText(row.wait_time),
      accreditations: cleanText(row.accreditations),
      licenses: cleanText(row.licenses),
      alert: cleanText(row.alert),
      eligibility_description: cleanText(row.eligibility_description),
      minimum_age: numberOrRaw(row.minimum_age),
      maximum_age: numberOrRaw(row.maximum_age),
      assured_date: isoDateOrRaw(row.assured_date),
      assurer_email: get(row, 'assurer_email'),
      last_modified: get(row, 'last_modified'),
    });
    if (!services.has(sourceId)) services.set(sourceId, d);
    serviceOrgSource.set(sourceId, orgSource);
    drafts.push(d);
  });

  const locations = new Map<string, Draft>();
  const locationOrgSource = new Map<string, string | null>();
  const locationsTable = table('locations');
  locationsTable.rows.forEach((row, i) => {
    const sourceId = get(row, 'id') ?? '';
    const type = get(row, 'location_type')?.toLowerCase();
    const d = draft('location', origin(locationsTable, i, row), {
      id: ctx.id('location', sourceId),
      location_type: type ?? 'physical',
      name: get(row, 'name'),
      alternate_name: get(row, 'alternate_name'),
      description: cleanText(row.description),
      transportation: cleanText(row.transportation),
      latitude: numberOrRaw(row.latitude),
      longitude: numberOrRaw(row.longitude),
      url: get(row, 'url'),
      // HSDS 3's place for the id the source system uses; ours is derived from it.
      external_identifier: get(row, 'external_identifier') ?? (isUuid(sourceId) ? null : sourceId),
      external_identifier_type:
        get(row, 'external_identifier_type') ??
        (isUuid(sourceId) ? null : `${ctx.datasetKey} location id`),
    });
    if (!locations.has(sourceId)) locations.set(sourceId, d);
    locationOrgSource.set(sourceId, get(row, 'organization_id'));
    drafts.push(d);
  });

  const sals = new Map<string, Draft>();
  const salTable = table('serviceAtLocations');
  const orgsOfLocation = new Map<string, Set<string>>();
  salTable.rows.forEach((row, i) => {
    const sourceId = get(row, 'id') ?? '';
    const serviceSource = get(row, 'service_id') ?? '';
    const locationSource = get(row, 'location_id') ?? '';
    const d = draft('service_at_location', origin(salTable, i, row), {
      id: ctx.id('service_at_location', sourceId),
      service_id: serviceSource ? ctx.id('service', serviceSource) : null,
      location_id: locationSource ? ctx.id('location', locationSource) : null,
      description: cleanText(row.description),
    });
    if (!sals.has(sourceId)) sals.set(sourceId, d);
    drafts.push(d);
    const org = serviceOrgSource.get(serviceSource);
    if (org)
      orgsOfLocation.set(
        locationSource,
        (orgsOfLocation.get(locationSource) ?? new Set()).add(org),
      );
  });
  // A location's organization is the one its services belong to. HSDS-Transformer 1.x output
  // sets locations.organization_id to the location's own id, so the services are more
  // trustworthy; the column is used only when no service links the location.
  for (const [sourceId, d] of locations) {
    const viaServices = [...(orgsOfLocation.get(sourceId) ?? [])];
    const orgSource = viaServices.length === 1 ? viaServices[0] : locationOrgSource.get(sourceId);
    d.value.organization_id = orgSource ? ctx.id('organization', orgSource) : null;
  }

  type ParentKind = 'contact' | 'service' | 'location' | 'service_at_location' | 'organization';
  const parentMaps: Record<Exclude<ParentKind, 'contact'>, Map<string, Draft>> = {
    service: services,
    location: locations,
    service_at_location: sals,
    organization: orgs,
  };
  const column: Record<ParentKind, string> = {
    contact: 'contact_id',
    service: 'service_id',
    location: 'location_id',
    service_at_location: 'service_at_location_id',
    organization: 'organization_id',
  };
  /** The first parent named by the row, in `order`; reports and returns null when it is absent. */
  const parentOf = (
    t: Table,
    i: number,
    row: Row,
    recordType: string,
    order: Array<Exclude<ParentKind, 'contact'>>,
  ): { draft: Draft; key: string } | null => {
    for (const kind of order) {
      const ref = get(row, column[kind]);
      if (!ref) continue;
      const parent = parentMaps[kind].get(ref);
      if (parent) return { draft: parent, key: `${kind}/${ref}` };
      ctx.reject(
        origin(t, i, row),
        recordType,
        column[kind],
        `The ${kind.replaceAll('_', ' ')} "${ref}" is not in this package; the row was dropped.`,
      );
      return null;
    }
    ctx.reject(
      origin(t, i, row),
      recordType,
      null,
      `The row names no ${order.map((k) => k.replaceAll('_', ' ')).join(', ')}; it was dropped.`,
    );
    return null;
  };
  const add = (parent: Draft, field: ChildField, o: Origin, value: Record<string, unknown>) =>
    addChild(parent, field, { origin: o, value });

  for (const [name, addressType] of [
    ['physicalAddresses', 'physical'],
    ['postalAddresses', 'postal'],
    ['addresses', null],
  ] as const) {
    const t = table(name);
    t.rows.forEach((row, i) => {
      const parent = parentOf(t, i, row, 'address', ['location']);
      if (!parent) return;
      const extraLines = [get(row, 'address_3'), get(row, 'address_4')].filter(Boolean).join(', ');
      add(parent.draft, 'addresses', origin(t, i, row), {
        id: childIds.id(t, row, 'address', parent.key),
        attention: get(row, 'attention'),
        address_1: get(row, 'address_1') ?? '',
        address_2: [get(row, 'address_2'), extraLines].filter(Boolean).join(', ') || null,
        city: get(row, 'city') ?? '',
        region: get(row, 'region'),
        // 1.x exports pad codes ("FL ") and leave country as spaces.
        state_province: get(row, 'state_province')?.toUpperCase() ?? '',
        postal_code: get(row, 'postal_code') ?? '',
        country: countryCode(row.country),
        address_type: addressType ?? get(row, 'address_type')?.toLowerCase() ?? 'physical',
      });
    });
  }

  // Contacts before phones, so phones.csv rows with a contact_id can join them.
  const contacts = new Map<string, Record<string, unknown>>();
  const contactsTable = table('contacts');
  let shortContactPhones = 0;
  contactsTable.rows.forEach((row, i) => {
    const parent = parentOf(contactsTable, i, row, 'contact', [
      'service',
      'service_at_location',
      'location',
      'organization',
    ]);
    if (!parent) return;
    const id = childIds.id(contactsTable, row, 'contact', parent.key);
    const phones: Array<Record<string, unknown>> = [];
    // Some 1.x exports split contact phones into area code + number + extension columns; the
    // Miami export kept only the last four digits in phone_number, which is no phone number.
    const digits = `${get(row, 'phone_areacode') ?? ''}${get(row, 'phone_number') ?? ''}`.replace(
      /\D/g,
      '',
    );
    if (digits.length >= 10) {
      const ext = Number(get(row, 'phone_extension'));
      phones.push({
        id: ctx.id('phone', `${id}/contact-phone`),
        number: `${digits.slice(0, -7)}-${digits.slice(-7, -4)}-${digits.slice(-4)}`,
        extension: Number.isFinite(ext) && ext > 0 ? ext : null,
      });
    } else if (digits.length > 0) shortContactPhones += 1;
    const value = {
      id,
      name: get(row, 'name'),
      title: get(row, 'title'),
      department: get(row, 'department'),
      email: get(row, 'email'),
      phones,
    };
    const sourceId = get(row, 'id');
    if (sourceId) contacts.set(sourceId, value);
    add(parent.draft, 'contacts', origin(contactsTable, i, row), value);
  });
  if (shortContactPhones > 0) {
    ctx.warn(
      { file: contactsTable.file, row: null, sourceId: null },
      'contact',
      'phone_number',
      `${shortContactPhones} contact phone numbers have fewer than 10 digits with their area code and were left out.`,
    );
  }

  const phonesTable = table('phones');
  phonesTable.rows.forEach((row, i) => {
    const o = origin(phonesTable, i, row);
    const extRaw = get(row, 'extension');
    const ext = extRaw && /^\d+$/.test(extRaw) ? Number(extRaw) : null;
    const description =
      [get(row, 'description'), extRaw && ext == null ? `ext. ${extRaw}` : null]
        .filter(Boolean)
        .join('; ') || null;
    const contactRef = get(row, 'contact_id');
    const contact = contactRef ? contacts.get(contactRef) : undefined;
    const value = {
      id: '',
      number: get(row, 'number') ?? '',
      extension: ext,
      type: get(row, 'type'),
      description,
    };
    if (contact && Array.isArray(contact.phones)) {
      value.id = childIds.id(phonesTable, row, 'phone', `contact/${contactRef}`);
      contact.phones.push(value);
      return;
    }
    // Miami's rows name the service, location and service-at-location at once. Child rows go
    // to the first parent named in the order service, location/service-at-location,
    // organization: the service is where a coordinator looks, and one owner avoids copies.
    const parent = parentOf(phonesTable, i, row, 'phone', [
      'service',
      'location',
      'service_at_location',
      'organization',
    ]);
    if (!parent) return;
    value.id = childIds.id(phonesTable, row, 'phone', parent.key);
    add(parent.draft, 'phones', o, value);
  });

  readSchedules(
    ctx,
    table('regularSchedules'),
    table('holidaySchedules'),
    table('schedules'),
    parentOf,
    childIds,
    origin,
  );

  const languagesTable = table('languages');
  const languageCodesByParent = new Map<Draft, Set<string>>();
  languagesTable.rows.forEach((row, i) => {
    const o = origin(languagesTable, i, row);
    const parent = parentOf(languagesTable, i, row, 'language', ['service', 'location']);
    if (!parent) return;
    const seen = languageCodesByParent.get(parent.draft) ?? new Set<string>();
    languageCodesByParent.set(parent.draft, seen);
    const pushLanguage = (code: string, note: string | null) => {
      if (seen.has(code)) return;
      seen.add(code);
      add(parent.draft, 'languages', o, {
        id: childIds.id(languagesTable, row, 'language', parent.key),
        code,
        name: get(row, 'name') ?? languageName(code),
        note,
      });
    };
    const given = get(row, 'code')?.toLowerCase();
    if (given && languageName(given)) {
      pushLanguage(given, get(row, 'note'));
      return;
    }
    const textValue = cleanText(row.language ?? row.name) ?? '';
    if (!textValue) return;
    const direct = languageCode(textValue);
    if (direct) {
      const plain = languageName(direct)?.toLowerCase() === textValue.toLowerCase();
      pushLanguage(direct, plain ? get(row, 'note') : textValue);
      return;
    }
    const named = languageCodesInText(textValue);
    for (const code of named) pushLanguage(code, textValue);
    if (named.length > 0) return;
    if (INTERPRETATION_TEXT.test(textValue) && parent.draft.type === 'service') {
      // "Other languages available upon request" is a statement about interpretation, which
      // HSDS 3 has a field for.
      const current =
        typeof parent.draft.value.interpretation_services === 'string'
          ? parent.draft.value.interpretation_services
          : '';
      if (!current.includes(textValue))
        parent.draft.value.interpretation_services = current
          ? `${current}\n${textValue}`
          : textValue;
      return;
    }
    ctx.warn(
      o,
      'language',
      'language',
      `"${textValue}" names no language we know; it was not imported as a language and the record was flagged.`,
    );
    flag(parent.draft, {
      code: 'UNMAPPED_VALUE',
      field: 'languages',
      message: `The language "${textValue}" could not be matched to an ISO 639 code.`,
    });
  });

  const eligibilityTable = table('eligibility');
  let unjoinedEligibility = 0;
  eligibilityTable.rows.forEach((row, i) => {
    const description = cleanText(row.eligibility);
    if (!description) return;
    if (!get(row, 'service_id')) {
      unjoinedEligibility += 1;
      return;
    }
    const parent = parentOf(eligibilityTable, i, row, 'eligibility', ['service']);
    if (!parent) return;
    const previous = parent.draft.value.eligibility;
    const prevText =
      typeof previous === 'object' &&
      previous !== null &&
      'description' in previous &&
      typeof previous.description === 'string'
        ? previous.description
        : null;
    parent.draft.value.eligibility = {
      description: prevText ? `${prevText}\n\n${description}` : description,
    };
    parent.draft.value.eligibility_description ??= description;
  });
  if (unjoinedEligibility > 0) {
    // Miami's eligibility.csv has empty id and service_id in every row: the text cannot be joined.
    ctx.reject(
      { file: eligibilityTable.file, row: null, sourceId: null },
      'eligibility',
      'service_id',
      `${unjoinedEligibility} eligibility rows name no service and were dropped.`,
      false,
    );
    ctx.skipped += unjoinedEligibility;
  }

  const accessibilityTable = table('accessibility');
  accessibilityTable.rows.forEach((row, i) => {
    const description = cleanText(row.accessibility ?? row.description);
    const details = cleanText(row.details);
    if (!description && !details) return; // an empty row says nothing
    const parent = parentOf(accessibilityTable, i, row, 'accessibility', ['location']);
    if (!parent) return;
    add(parent.draft, 'accessibility', origin(accessibilityTable, i, row), {
      id: childIds.id(accessibilityTable, row, 'accessibility', parent.key),
      description,
      details,
      url: get(row, 'url'),
    });
  });

  const attributeFor = (
    t: Table,
    i: number,
    row: Row,
    parent: { draft: Draft; key: string },
    termSource: string,
    value: string | null,
  ) => {
    add(parent.draft, 'attributes', origin(t, i, row), {
      id: childIds.id(t, row, 'attribute', parent.key),
      taxonomy_term_id: termIdBySource.get(termSource) ?? ctx.id('taxonomy_term', termSource),
      value,
      link_type: get(row, 'link_type'),
    });
  };
  const serviceTaxonomy = table('serviceTaxonomy');
  serviceTaxonomy.rows.forEach((row, i) => {
    const parent = parentOf(serviceTaxonomy, i, row, 'attribute', ['service']);
    const term = get(row, 'taxonomy_id', 'taxonomy_term_id');
    if (parent && term)
      attributeFor(serviceTaxonomy, i, row, parent, term, get(row, 'taxonomy_detail', 'value'));
  });
  const attributesTable = table('attributes');
  attributesTable.rows.forEach((row, i) => {
    const entity = get(row, 'link_entity', 'link_type')?.toLowerCase();
    const linkId = get(row, 'link_id') ?? '';
    const term = get(row, 'taxonomy_term_id');
    const parent = services.get(linkId);
    if (!parent || !term || (entity && entity !== 'service')) {
      // Our store keeps attributes on services only.
      ctx.reject(
        origin(attributesTable, i, row),
        'attribute',
        'link_id',
        'Only attributes of services are imported; this row was dropped.',
      );
      return;
    }
    attributeFor(
      attributesTable,
      i,
      row,
      { draft: parent, key: `service/${linkId}` },
      term,
      get(row, 'value'),
    );
  });

  const costTable = table('costOptions');
  costTable.rows.forEach((row, i) => {
    const parent = parentOf(costTable, i, row, 'cost_option', ['service']);
    if (!parent) return;
    add(parent.draft, 'cost_options', origin(costTable, i, row), {
      id: childIds.id(costTable, row, 'cost_option', parent.key),
      option: cleanText(row.option),
      currency: get(row, 'currency')?.toUpperCase(),
      amount: numberOrRaw(row.amount),
      amount_description: cleanText(row.amount_description),
      valid_from: isoDateOrRaw(row.valid_from),
      valid_to: isoDateOrRaw(row.valid_to),
    });
  });
  // 1.x payments_accepted ("Medicaid", "Cash") are the nearest thing to 3.0 cost options.
  const paymentsTable = table('payments');
  paymentsTable.rows.forEach((row, i) => {
    const payment = cleanText(row.payment);
    const parent = payment ? parentOf(paymentsTable, i, row, 'cost_option', ['service']) : null;
    if (!parent) return;
    add(parent.draft, 'cost_options', origin(paymentsTable, i, row), {
      id: childIds.id(paymentsTable, row, 'cost_option', parent.key),
      option: `Payment accepted: ${payment}`,
    });
  });
  const documentsTable = table('requiredDocuments');
  documentsTable.rows.forEach((row, i) => {
    const parent = parentOf(documentsTable, i, row, 'required_document', ['service']);
    if (!parent) return;
    add(parent.draft, 'required_documents', origin(documentsTable, i, row), {
      id: childIds.id(documentsTable, row, 'required_document', parent.key),
      document: cleanText(row.document) ?? '',
      uri: get(row, 'uri'),
    });
  });
  const areasTable = table('serviceAreas');
  areasTable.rows.forEach((row, i) => {
    const parent = parentOf(areasTable, i, row, 'service_area', ['service']);
    if (!parent) return;
    add(parent.draft, 'service_areas', origin(areasTable, i, row), {
      id: childIds.id(areasTable, row, 'service_area', parent.key),
      name: get(row, 'name', 'service_area'),
      description: cleanText(row.description),
      extent: get(row, 'extent'),
      extent_type: get(row, 'extent_type'),
    });
  });

  return drafts;
}

function flag(d: Draft, f: ReviewFlag): void {
  if (!d.flags.some((x) => x.code === f.code && x.field === f.field && x.message === f.message))
    d.flags.push(f);
}

type ParentOf = (
  t: Table,
  i: number,
  row: Row,
  recordType: string,
  order: Array<'service' | 'location' | 'service_at_location' | 'organization'>,
) => { draft: Draft; key: string } | null;

function readSchedules(
  ctx: ImportContext,
  regular: Table,
  holiday: Table,
  schedules: Table,
  parentOf: ParentOf,
  childIds: ChildIds,
  origin: (t: Table, i: number, row: Row) => Origin,
): void {
  const scheduleParents: Array<'service_at_location' | 'service' | 'location'> = [
    'service',
    'service_at_location',
    'location',
  ];
  // 1.x has one row per weekday; rows of one parent with the same hours become one WEEKLY
  // schedule whose byday lists the days, which is how HSDS 3 expresses "Mon–Fri 9–5".
  type Group = {
    parent: Draft;
    key: string;
    origin: Origin;
    days: Set<Weekday>;
    hours: { opens_at: string; closes_at: string; notes: string | null };
    text: string | null;
    row: Row;
  };
  const groups = new Map<string, Group>();
  regular.rows.forEach((row, i) => {
    const o = origin(regular, i, row);
    const day = parseWeekday(row.weekday);
    if (!day) {
      ctx.reject(
        o,
        'schedule',
        'weekday',
        `"${row.weekday ?? ''}" is not a weekday; the row was dropped.`,
      );
      return;
    }
    const hours = parseOpeningHours(row.opens_at, row.closes_at);
    if (!hours) {
      const which = parseOpeningHours(row.opens_at, '23:59') ? 'closes_at' : 'opens_at';
      ctx.reject(
        o,
        'schedule',
        which,
        `"${row[which] ?? ''}" is not a time of day such as 9:00am or 17:30; the row was dropped.`,
      );
      return;
    }
    const parent = parentOf(regular, i, row, 'schedule', scheduleParents);
    if (!parent) return;
    const text = cleanText(row.original_text ?? row.description);
    const key = `${parent.key}|${hours.opens_at}|${hours.closes_at}|${hours.notes ?? ''}|${text ?? ''}`;
    const group = groups.get(key) ?? {
      parent: parent.draft,
      key: parent.key,
      origin: o,
      days: new Set<Weekday>(),
      hours,
      text,
      row,
    };
    group.days.add(day);
    groups.set(key, group);
  });
  for (const g of groups.values()) {
    addChild(g.parent, 'schedules', {
      origin: g.origin,
      value: {
        id: childIds.id(regular, g.row, 'schedule', g.key),
        freq: 'WEEKLY',
        byday: weekOrder.filter((d) => g.days.has(d)).join(','),
        opens_at: g.hours.opens_at,
        closes_at: g.hours.closes_at,
        description: g.text,
        notes: g.hours.notes,
      },
    });
  }

  holiday.rows.forEach((row, i) => {
    const parent = parentOf(holiday, i, row, 'schedule', scheduleParents);
    if (!parent) return;
    const closed = bool(row.closed) ?? !(blank(row.opens_at) && blank(row.closes_at));
    const hours = closed ? null : parseOpeningHours(row.opens_at, row.closes_at);
    addChild(parent.draft, 'schedules', {
      origin: origin(holiday, i, row),
      value: {
        id: childIds.id(holiday, row, 'schedule', parent.key),
        // Extension: a closure overrides regular hours from valid_from to valid_to.
        closed: closed || !hours ? true : null,
        valid_from: isoDateOrRaw(row.start_date ?? row.valid_from),
        valid_to:
          isoDateOrRaw(row.end_date ?? row.valid_to) ??
          isoDateOrRaw(row.start_date ?? row.valid_from),
        opens_at: hours?.opens_at ?? null,
        closes_at: hours?.closes_at ?? null,
        description: 'Holiday hours',
      },
    });
  });

  schedules.rows.forEach((row, i) => {
    const parent = parentOf(schedules, i, row, 'schedule', scheduleParents);
    if (!parent) return;
    const hours = parseOpeningHours(row.opens_at, row.closes_at);
    addChild(parent.draft, 'schedules', {
      origin: origin(schedules, i, row),
      value: {
        id: childIds.id(schedules, row, 'schedule', parent.key),
        valid_from: isoDateOrRaw(row.valid_from),
        valid_to: isoDateOrRaw(row.valid_to),
        dtstart: isoDateOrRaw(row.dtstart),
        timezone: numberOrRaw(row.timezone),
        until: isoDateOrRaw(row.until),
        freq: get(row, 'freq')?.toUpperCase(),
        interval: intOrRaw(row.interval),
        byday: get(row, 'byday')?.toUpperCase().replace(/\s+/g, ''),
        bymonthday: get(row, 'bymonthday')?.replace(/\s+/g, ''),
        opens_at: hours?.opens_at ?? get(row, 'opens_at'),
        closes_at: hours?.closes_at ?? get(row, 'closes_at'),
        description: cleanText(row.description),
        attending_type: get(row, 'attending_type'),
        notes: cleanText(row.notes),
      },
    });
  });
}
