import type { z } from 'zod';
import { deriveCategories, enrichLocation } from '../domain/directory/enrich.ts';
import {
  accessibilitySchema,
  addressSchema,
  attributeSchema,
  contactSchema,
  costOptionSchema,
  type DirectoryBundle,
  type Location,
  languageSchema,
  locationSchema,
  organizationSchema,
  phoneSchema,
  type ReviewFlag,
  requiredDocumentSchema,
  type Service,
  type ServiceAtLocation,
  scheduleSchema,
  serviceAreaSchema,
  serviceAtLocationSchema,
  serviceSchema,
  taxonomySchema,
  taxonomyTermSchema,
} from '../domain/directory/records.ts';
import { taxonomyRecords } from '../domain/directory/taxonomy.ts';
import type { ChildField, Draft, ImportContext, PrimaryType } from './context.ts';
import type { ReadOptions } from './types.ts';

const childSchemas: Record<ChildField, { schema: z.ZodType; recordType: string }> = {
  phones: { schema: phoneSchema, recordType: 'phone' },
  schedules: { schema: scheduleSchema, recordType: 'schedule' },
  languages: { schema: languageSchema, recordType: 'language' },
  addresses: { schema: addressSchema, recordType: 'address' },
  contacts: { schema: contactSchema, recordType: 'contact' },
  accessibility: { schema: accessibilitySchema, recordType: 'accessibility' },
  cost_options: { schema: costOptionSchema, recordType: 'cost_option' },
  attributes: { schema: attributeSchema, recordType: 'attribute' },
  service_areas: { schema: serviceAreaSchema, recordType: 'service_area' },
  required_documents: { schema: requiredDocumentSchema, recordType: 'required_document' },
};

const childFields: readonly ChildField[] = [
  'phones',
  'schedules',
  'languages',
  'addresses',
  'contacts',
  'accessibility',
  'cost_options',
  'attributes',
  'service_areas',
  'required_documents',
];

function describe(issue: z.core.$ZodIssue): { field: string | null; reason: string } {
  const field = issue.path.map(String).join('.');
  return { field: field || null, reason: issue.message };
}

/** The draft's value with each child row validated: valid rows kept, invalid ones reported and dropped. */
function withValidChildren(
  ctx: ImportContext,
  d: Draft,
  bump: (key: string) => void,
): Record<string, unknown> {
  const value: Record<string, unknown> = { ...d.value };
  for (const field of childFields) {
    const children = d.children[field];
    if (!children) continue;
    const { schema, recordType } = childSchemas[field];
    const kept: unknown[] = Array.isArray(value[field]) ? [...value[field]] : [];
    for (const child of children) {
      const parsed = schema.safeParse(child.value);
      if (parsed.success) {
        kept.push(parsed.data);
        bump(field);
        continue;
      }
      for (const issue of parsed.error.issues) {
        const { field: path, reason } = describe(issue);
        ctx.reject(child.origin, recordType, path, reason, false);
      }
      ctx.skipped += 1;
    }
    value[field] = kept;
  }
  if (d.flags.length > 0) {
    const existing = Array.isArray(value.review_flags) ? value.review_flags : [];
    value.review_flags = [...existing, ...d.flags];
  }
  return value;
}

function withFlag(record: { review_flags: ReviewFlag[] }, flag: ReviewFlag): void {
  if (!record.review_flags.some((f) => f.code === flag.code && f.field === flag.field))
    record.review_flags.push(flag);
}

/**
 * Validates drafts into a bundle. Child rows (phones, schedules, …) are validated one by one and
 * an invalid one is dropped alone, so a bad phone never costs us a service; a record that still
 * fails is skipped whole. Then references are checked (dangling ones are kept and flagged
 * MISSING_REFERENCE), locations are enriched and services get their need categories.
 */
export function finalize(
  ctx: ImportContext,
  drafts: Draft[],
  opts: ReadOptions = {},
): {
  bundle: DirectoryBundle;
  counts: Record<string, number>;
} {
  const counts: Record<string, number> = {};
  const bump = (key: string, by = 1) => {
    counts[key] = (counts[key] ?? 0) + by;
  };
  const total = drafts.length;
  let done = 0;
  /** Validates the drafts of one type, in source order; the first record with an id wins. */
  const collect = <S extends z.ZodType>(type: PrimaryType, schema: S) => {
    const seen = new Set<string>();
    const out: Array<{ draft: Draft; record: z.output<S> }> = [];
    for (const d of drafts) {
      if (d.type !== type) continue;
      done += 1;
      if (done % 500 === 0) opts.onProgress?.(done, total);
      const id = typeof d.value.id === 'string' ? d.value.id : '';
      if (seen.has(id)) {
        ctx.reject(
          d.origin,
          d.type,
          'id',
          `Another ${d.type.replaceAll('_', ' ')} in this source has the same id; only the first was kept.`,
        );
        continue;
      }
      const parsed = schema.safeParse(withValidChildren(ctx, d, bump));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const { field, reason } = describe(issue);
          ctx.reject(d.origin, d.type, field, reason, false);
        }
        ctx.skipped += 1;
        continue;
      }
      seen.add(id);
      out.push({ draft: d, record: parsed.data });
    }
    return out;
  };
  const valid = {
    taxonomy: collect('taxonomy', taxonomySchema),
    taxonomy_term: collect('taxonomy_term', taxonomyTermSchema),
    organization: collect('organization', organizationSchema),
    service: collect('service', serviceSchema),
    location: collect('location', locationSchema),
    service_at_location: collect('service_at_location', serviceAtLocationSchema),
  };
  opts.onProgress?.(total, total);

  const organizations = valid.organization.map((v) => v.record);
  const taxonomies = valid.taxonomy.map((v) => v.record);
  const taxonomyTerms = valid.taxonomy_term.map((v) => v.record);
  const orgIds = new Set(organizations.map((o) => o.id));
  const termIds = new Set(taxonomyTerms.map((t) => t.id));

  // Our own taxonomy joins the bundle only when some imported record points at one of its terms.
  const ours = taxonomyRecords();
  const ourTermIds = new Set(ours.terms.map((t) => t.id));

  const services: Service[] = [];
  for (const { draft: d, record } of valid.service) {
    const service = record;
    if (!orgIds.has(service.organization_id)) {
      ctx.warn(
        d.origin,
        'service',
        'organization_id',
        `The organization "${d.value.source_organization_id ?? service.organization_id}" is not in this source; the service was kept and flagged for review.`,
      );
      withFlag(service, {
        code: 'MISSING_REFERENCE',
        field: 'organization_id',
        message: 'The organization this service belongs to was not in the imported data.',
      });
    }
    service.attributes = service.attributes.filter((a) => {
      if (termIds.has(a.taxonomy_term_id) || ourTermIds.has(a.taxonomy_term_id)) return true;
      ctx.reject(
        d.origin,
        'attribute',
        'taxonomy_term_id',
        'This attribute names a taxonomy term that is not in this source; it was dropped.',
      );
      bump('attributes', -1);
      return false;
    });
    services.push(service);
  }
  const serviceById = new Map(services.map((s) => [s.id, s]));

  const locations: Location[] = [];
  let located = 0;
  for (const { draft: d, record } of valid.location) {
    let location = record;
    if (location.organization_id && !orgIds.has(location.organization_id)) {
      ctx.warn(
        d.origin,
        'location',
        'organization_id',
        'The organization this location belongs to is not in this source; the location was kept and flagged for review.',
      );
      withFlag(location, {
        code: 'MISSING_REFERENCE',
        field: 'organization_id',
        message: 'The organization this location belongs to was not in the imported data.',
      });
    }
    const hadCoordinates = location.latitude != null && location.longitude != null;
    const enriched = enrichLocation(location);
    location = enriched.location;
    if (!hadCoordinates && location.coordinates_approximate) located += 1;
    for (const issue of enriched.issues) ctx.warn(d.origin, 'location', issue.field, issue.message);
    locations.push(location);
  }
  bump('locationsGeocodedFromPostalCode', located);
  const locationIds = new Set(locations.map((l) => l.id));

  const serviceAtLocations: ServiceAtLocation[] = [];
  for (const { draft: d, record } of valid.service_at_location) {
    const sal = record;
    const service = serviceById.get(sal.service_id);
    if (!service) {
      ctx.reject(
        d.origin,
        'service_at_location',
        'service_id',
        'The service this row links is not in the imported data (absent or skipped); the link was dropped.',
      );
      continue;
    }
    if (!locationIds.has(sal.location_id)) {
      ctx.warn(
        d.origin,
        'service_at_location',
        'location_id',
        'The location this row links is not in the imported data; the link was kept and its service flagged for review.',
      );
      withFlag(service, {
        code: 'MISSING_REFERENCE',
        field: 'service_at_locations.location_id',
        message: 'A location this service is offered at was not in the imported data.',
      });
    }
    serviceAtLocations.push(sal);
  }

  for (const { draft: d, record } of valid.organization) {
    const org = record;
    if (org.parent_organization_id && !orgIds.has(org.parent_organization_id)) {
      ctx.warn(
        d.origin,
        'organization',
        'parent_organization_id',
        'The parent organization is not in this source; the organization was kept and flagged for review.',
      );
      withFlag(org, {
        code: 'MISSING_REFERENCE',
        field: 'parent_organization_id',
        message: 'The parent organization was not in the imported data.',
      });
    }
  }
  for (const { draft: d, record } of valid.taxonomy_term) {
    const term = record;
    if (term.parent_id && !termIds.has(term.parent_id)) {
      ctx.warn(
        d.origin,
        'taxonomy_term',
        'parent_id',
        'The parent term is not in this source; the term was kept without its place in the hierarchy.',
      );
    }
  }

  const usesOurs = services.some((s) =>
    s.attributes.some((a) => ourTermIds.has(a.taxonomy_term_id)),
  );
  if (usesOurs) {
    if (!taxonomies.some((t) => t.id === ours.taxonomy.id)) taxonomies.push(ours.taxonomy);
    for (const term of ours.terms) if (!termIds.has(term.id)) taxonomyTerms.push(term);
  }
  const termsById = new Map(taxonomyTerms.map((t) => [t.id, t]));
  let categorized = 0;
  for (const service of services) {
    service.categories = deriveCategories(service, termsById);
    if (service.categories.length > 0) categorized += 1;
  }
  bump('servicesWithCategories', categorized);

  const bundle: DirectoryBundle = {
    organizations,
    locations,
    services,
    serviceAtLocations,
    taxonomies,
    taxonomyTerms,
  };
  counts.organizations = organizations.length;
  counts.services = services.length;
  counts.locations = locations.length;
  counts.serviceAtLocations = serviceAtLocations.length;
  counts.taxonomies = taxonomies.length;
  counts.taxonomyTerms = taxonomyTerms.length;
  return { bundle, counts };
}
