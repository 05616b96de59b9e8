import { uuidv5 } from '../domain/directory/ids.ts';
import type {
  Attribute,
  Location,
  Organization,
  Phone,
  Schedule,
  ServiceAtLocation,
  Taxonomy,
  TaxonomyTerm,
} from '../domain/directory/records.ts';
import type { StoredService } from '../domain/directory/stored.ts';
import { eligibilityToHsds, flattenEligibility } from '../domain/eligibility/flatten.ts';

/**
 * Stored records → HSDS 3.0 JSON, as the HSDS API reference and its compiled schemas shape it.
 *
 * The HSDS 3.0 schemas type every field as non-nullable and close no object
 * (`additionalProperties` is never false), so we leave out empty values and may add fields.
 * Our extensions travel as extra fields under their stored names, which our HSDS JSON reader
 * accepts back, and are also written in plain HSDS terms for everyone else:
 *
 * - `service.eligibility` (structured rules) → also `eligibility_description`,
 *   `minimum_age`/`maximum_age` (the stricter of both sources) and `attributes` with
 *   `link_type: "eligibility"`, a `label` and a `value` (no taxonomy term, so readers that
 *   need one skip them).
 * - `service.categories` (our need codes) → also the `wayfinder` taxonomy terms in `attributes`.
 * - `schedule.closed: true` (a closure) → also a schedule with `valid_from`/`valid_to`, no
 *   `freq`, and a `description` that says it is closed.
 * - `location.timezone_name`, `location.coordinates_approximate`, `taxonomy_term.category`.
 *
 * Review flags are internal working state and never leave the server.
 */

export type Json = { [key: string]: unknown };

/** An object without its null, undefined and empty-string values. */
function compact(value: Json): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined || v === '') continue;
    out[key] = v;
  }
  return out;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const HOST_LIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i;

/** An absolute URI (schema format `uri`): kept, given `https://` when it is a bare host, else dropped. */
export function hsdsUri(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (SCHEME.test(v)) return v;
  if (HOST_LIKE.test(v)) return `https://${v}`;
  return null;
}

// The `email` format as JSON Schema validators check it (ajv-formats' "fast" pattern).
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

function hsdsEmail(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v && EMAIL.test(v) ? v : null;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 date-time (schema format `date-time`); a bare date becomes its UTC midnight. */
export function hsdsDateTime(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (DATE_TIME.test(v)) return v;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function phone(p: Phone): Json {
  return compact({
    id: p.id,
    number: p.number,
    extension: p.extension,
    type: p.type,
    description: p.description,
  });
}

type ContactLike = Organization['contacts'][number];

function contact(c: ContactLike): Json {
  return compact({
    id: c.id,
    name: c.name,
    title: c.title,
    department: c.department,
    email: hsdsEmail(c.email),
    phones: (c.phones ?? []).map(phone),
  });
}

/** A schedule; a closure keeps `closed: true` and gets a description saying so. */
export function hsdsSchedule(s: Schedule): Json {
  if (s.closed) {
    const description = s.description?.trim() ? s.description : 'Closed.';
    return compact({
      id: s.id,
      valid_from: s.valid_from,
      valid_to: s.valid_to ?? s.valid_from,
      description,
      notes: s.notes,
      attending_type: s.attending_type,
      closed: true,
    });
  }
  return compact({
    id: s.id,
    valid_from: s.valid_from,
    valid_to: s.valid_to,
    dtstart: s.dtstart,
    timezone: s.timezone,
    until: s.until,
    freq: s.freq,
    interval: s.interval,
    byday: s.byday,
    bymonthday: s.bymonthday,
    opens_at: s.opens_at,
    closes_at: s.closes_at,
    description: s.description,
    attending_type: s.attending_type,
    notes: s.notes,
  });
}

function language(l: Location['languages'][number]): Json {
  return compact({ id: l.id, code: l.code, name: l.name, note: l.note });
}

/** An organization's one-to-one fields (the `organization_list` shape). */
export function hsdsOrganizationBasic(o: Organization): Json {
  return compact({
    id: o.id,
    name: o.name,
    alternate_name: o.alternate_name,
    description: o.description ?? '',
    email: hsdsEmail(o.email),
    website: hsdsUri(o.website),
    tax_status: o.tax_status,
    tax_id: o.tax_id,
    year_incorporated: o.year_incorporated,
    legal_status: o.legal_status,
    logo: o.logo,
    uri: hsdsUri(o.uri),
    parent_organization_id: o.parent_organization_id,
    last_modified: hsdsDateTime(o.last_modified),
  });
}

/** A full organization with its phones and contacts, and `services` when given. */
export function hsdsOrganization(o: Organization, services?: Json[]): Json {
  const out: Json = {
    ...hsdsOrganizationBasic(o),
    // `description` is required even when empty.
    description: o.description ?? '',
    phones: (o.phones ?? []).map(phone),
    contacts: (o.contacts ?? []).map(contact),
  };
  if (services) out.services = services;
  return out;
}

/** A location's one-to-one fields (what lists nest). */
export function hsdsLocationBasic(l: Location): Json {
  return compact({
    id: l.id,
    location_type: l.location_type ?? 'physical',
    url: hsdsUri(l.url),
    organization_id: l.organization_id,
    name: l.name,
    alternate_name: l.alternate_name,
    description: l.description,
    transportation: l.transportation,
    latitude: l.latitude,
    longitude: l.longitude,
    external_identifier: l.external_identifier,
    external_identifier_type: l.external_identifier_type,
    timezone_name: l.timezone_name,
    coordinates_approximate: l.coordinates_approximate ? true : null,
  });
}

/** A full location: addresses, phones, schedules, languages, accessibility, contacts. */
export function hsdsLocation(l: Location): Json {
  return {
    ...hsdsLocationBasic(l),
    addresses: (l.addresses ?? []).map((a) =>
      compact({
        id: a.id,
        attention: a.attention,
        address_1: a.address_1,
        address_2: a.address_2,
        city: a.city,
        region: a.region,
        state_province: a.state_province,
        postal_code: a.postal_code,
        country: a.country ?? 'US',
        address_type: a.address_type ?? 'physical',
      }),
    ),
    phones: (l.phones ?? []).map(phone),
    schedules: (l.schedules ?? []).map(hsdsSchedule),
    languages: (l.languages ?? []).map(language),
    accessibility: (l.accessibility ?? []).map((a) =>
      compact({ id: a.id, description: a.description, details: a.details, url: hsdsUri(a.url) }),
    ),
    contacts: (l.contacts ?? []).map(contact),
  };
}

/** A taxonomy. */
export function hsdsTaxonomy(t: Taxonomy): Json {
  return compact({
    id: t.id,
    name: t.name,
    description: t.description ?? '',
    uri: hsdsUri(t.uri),
    version: t.version,
  });
}

/** A taxonomy term, naming its taxonomy (`taxonomy`) as the HSDS examples do. */
export function hsdsTaxonomyTerm(
  t: TaxonomyTerm,
  taxonomies: ReadonlyMap<string, Pick<Taxonomy, 'name'>>,
): Json {
  const description = t.description ?? '';
  return {
    ...compact({
      id: t.id,
      code: t.code,
      name: t.name,
      parent_id: t.parent_id,
      taxonomy: t.taxonomy_id ? taxonomies.get(t.taxonomy_id)?.name : null,
      taxonomy_id: t.taxonomy_id,
      language: t.language,
      term_uri: hsdsUri(t.term_uri),
      category: t.category,
    }),
    description,
  };
}

/** The plain HSDS eligibility fields of a service: its own, else derived from the structured rules. */
export function hsdsEligibilityFields(
  service: Pick<
    StoredService,
    'eligibility' | 'eligibility_description' | 'minimum_age' | 'maximum_age'
  >,
): {
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
} {
  const derived = eligibilityToHsds(service.eligibility);
  const rules = flattenEligibility(service);
  return {
    eligibility_description:
      service.eligibility_description?.trim() || derived.eligibility_description || null,
    minimum_age: rules.minAge,
    maximum_age: rules.maxAge,
  };
}

/** A service's one-to-one fields (the `service_list` shape, without `organization`). */
export function hsdsServiceBasic(s: StoredService): Json {
  return compact({
    id: s.id,
    organization_id: s.organization_id,
    program_id: s.program_id,
    name: s.name,
    alternate_name: s.alternate_name,
    description: s.description,
    url: hsdsUri(s.url),
    email: hsdsEmail(s.email),
    status: s.status ?? 'active',
    interpretation_services: s.interpretation_services,
    application_process: s.application_process,
    fees_description: s.fees_description,
    wait_time: s.wait_time,
    accreditations: s.accreditations,
    licenses: s.licenses,
    alert: s.alert,
    ...hsdsEligibilityFields(s),
    assured_date: s.assured_date,
    assurer_email: hsdsEmail(s.assurer_email),
    last_modified: hsdsDateTime(s.last_modified),
  });
}

/** A service list item: one-to-one fields plus its organization's. */
export function hsdsServiceListItem(s: StoredService, organization: Json | null): Json {
  const out = hsdsServiceBasic(s);
  if (organization) out.organization = organization;
  return out;
}

function attribute(
  a: Attribute,
  serviceId: string,
  terms: ReadonlyMap<string, TaxonomyTerm>,
  taxonomies: ReadonlyMap<string, Pick<Taxonomy, 'name'>>,
): Json {
  const term = terms.get(a.taxonomy_term_id);
  return compact({
    id: a.id,
    link_id: serviceId,
    link_entity: 'service',
    taxonomy_term_id: a.taxonomy_term_id,
    link_type: a.link_type,
    value: a.value,
    label: a.label,
    taxonomy_term: term ? hsdsTaxonomyTerm(term, taxonomies) : null,
  });
}

/** What a full service needs besides itself. */
export type ServiceContext = {
  organization: Organization | null;
  locations: ReadonlyMap<string, Location>;
  terms: ReadonlyMap<string, TaxonomyTerm>;
  taxonomies: ReadonlyMap<string, Pick<Taxonomy, 'name'>>;
};

function eligibilityAttributes(s: StoredService): Json[] {
  return eligibilityToHsds(s.eligibility).attributes.map((a) => ({
    id: uuidv5(`service:${s.id}:eligibility:${a.label}:${a.value}`),
    link_id: s.id,
    link_entity: 'service',
    link_type: 'eligibility',
    label: a.label,
    value: a.value,
  }));
}

function structuredEligibility(s: StoredService): Json | null {
  const e = s.eligibility;
  if (!e) return null;
  return compact({
    min_age: e.min_age,
    max_age: e.max_age,
    income_limit_fpl_percent: e.income_limit_fpl_percent,
    residency: e.residency
      ? {
          postal_codes: e.residency.postal_codes ?? [],
          counties: e.residency.counties ?? [],
          states: e.residency.states ?? [],
        }
      : null,
    genders: e.genders,
    veteran_only: e.veteran_only,
    documents_required: e.documents_required,
    description: e.description,
  });
}

/** A service-at-location with its full location (when known), as a full service nests it. */
export function hsdsServiceAtLocation(link: ServiceAtLocation, location: Location | null): Json {
  const out: Json = compact({
    id: link.id,
    service_id: link.service_id,
    location_id: link.location_id,
    description: link.description,
  });
  out.phones = (link.phones ?? []).map(phone);
  out.schedules = (link.schedules ?? []).map(hsdsSchedule);
  out.contacts = (link.contacts ?? []).map(contact);
  if (location) out.location = hsdsLocation(location);
  return out;
}

/** A fully nested service (the compiled `service` shape), with our extensions. */
export function hsdsService(s: StoredService, ctx: ServiceContext): Json {
  const out: Json = {
    ...hsdsServiceBasic(s),
    phones: (s.phones ?? []).map(phone),
    schedules: (s.schedules ?? []).map(hsdsSchedule),
    service_areas: (s.service_areas ?? []).map((a) =>
      compact({
        id: a.id,
        service_id: s.id,
        name: a.name,
        description: a.description,
        extent: a.extent,
        extent_type: a.extent_type,
      }),
    ),
    service_at_locations: (s.service_at_locations ?? []).map((link) =>
      hsdsServiceAtLocation(link, ctx.locations.get(link.location_id) ?? null),
    ),
    languages: (s.languages ?? []).map(language),
    cost_options: (s.cost_options ?? []).map((c) =>
      compact({
        id: c.id,
        service_id: s.id,
        valid_from: c.valid_from,
        valid_to: c.valid_to,
        option: c.option,
        currency: c.currency,
        amount: c.amount,
        amount_description: c.amount_description,
      }),
    ),
    required_documents: (s.required_documents ?? []).map((d) =>
      compact({ id: d.id, service_id: s.id, document: d.document, uri: hsdsUri(d.uri) }),
    ),
    contacts: (s.contacts ?? []).map(contact),
    attributes: [
      ...(s.attributes ?? []).map((a) => attribute(a, s.id, ctx.terms, ctx.taxonomies)),
      ...eligibilityAttributes(s),
    ],
    categories: s.categories ?? [],
  };
  if (ctx.organization) out.organization = hsdsOrganization(ctx.organization);
  const eligibility = structuredEligibility(s);
  if (eligibility) out.eligibility = eligibility;
  return out;
}

/** A service-at-location list item: its one-to-one fields with its service's and location's. */
export function hsdsServiceAtLocationListItem(
  link: ServiceAtLocation,
  service: StoredService,
  location: Location | null,
): Json {
  const out: Json = compact({
    id: link.id,
    service_id: link.service_id,
    location_id: link.location_id,
    description: link.description,
  });
  if (location) out.location = hsdsLocationBasic(location);
  out.service = hsdsServiceBasic(service);
  return out;
}

/** A fully nested service-at-location: the link, its full location and its full service. */
export function hsdsServiceAtLocationFull(
  link: ServiceAtLocation,
  service: StoredService,
  ctx: ServiceContext,
): Json {
  const { service_at_locations: _links, ...full } = hsdsService(service, ctx);
  return {
    ...hsdsServiceAtLocation(link, ctx.locations.get(link.location_id) ?? null),
    service: full,
  };
}
