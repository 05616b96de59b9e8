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
  type Organization,
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
  type Taxonomy,
  type TaxonomyTerm,
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

const primarySchemas: Record<PrimaryType, z.ZodType> = {
  organization: organizationSchema,
  service: serviceSchema,
  location: locationSchema,
  service_at_location: serviceAtLocationSchema,
  taxonomy: taxonomySchema,
  taxonomy_term: taxonomyTermSchema,
};

function describe(issue: z.core.$ZodIssue): { field: string | null; reason: string } {
  const field = issue.path.map(String).join('.');
  return { field: field || null, reason: issue.message };
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
  const valid: Record<PrimaryType, Array<{ draft: Draft; record: Record<string, unknown> }>> = {
    organization: [],
    service: [],
    location: [],
    service_at_location: [],
    taxonomy: [],
    taxonomy_term: [],
  };
  const seen: Record<PrimaryType, Set<string>> = {
    organization: new Set(),
    service: new Set(),
    location: new Set(),
    service_at_location: new Set(),
    taxonomy: new Set(),
    taxonomy_term: new Set(),
  };
  const total = drafts.length;
  let done = 0;
  for (const d of drafts) {
    done += 1;
    if (done % 500 === 0) opts.onProgress?.(done, total);
    const value: Record<string, unknown> = { ...d.value };
    const id = typeof value.id === 'string' ? value.id : '';
    if (seen[d.type].has(id)) {
      ctx.reject(
        d.origin,
        d.type,
        'id',
        `Another ${d.type.replaceAll('_', ' ')} in this source has the same id; only the first was kept.`,
      );
      continue;
    }
    for (const [field, children] of Object.entries(d.children) as Array<
      [ChildField, Draft['children'][ChildField]]
    >) {
      const { schema, recordType } = childSchemas[field];
      const kept: unknown[] = [];
      for (const child of children ?? []) {
        const parsed = schema.safeParse(child.value);
        if (parsed.success) {
          kept.push(parsed.data);
          bump(field);
        } else {
          for (const issue of parsed.error.issues) {
            const { field: path, reason } = describe(issue);
            ctx.reject(child.origin, recordType, path, reason, false);
          }
          ctx.skipped += 1;
        }
      }
      const existing = Array.isArray(value[field]) ? (value[field] as unknown[]) : [];
      value[field] = [...existing, ...kept];
    }
    if (d.flags.length > 0) {
      const existing = Array.isArray(value.review_flags) ? value.review_flags : [];
      value.review_flags = [...existing, ...d.flags];
    }
    const parsed = primarySchemas[d.type].safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const { field, reason } = describe(issue);
        ctx.reject(d.origin, d.type, field, reason, false);
      }
      ctx.skipped += 1;
      continue;
    }
    seen[d.type].add(id);
    valid[d.type].push({ draft: d, record: parsed.data as Record<string, unknown> });
  }
  opts.onProgress?.(total, total);

  const organizations = valid.organization.map((v) => v.record as Organization);
  const taxonomies = valid.taxonomy.map((v) => v.record as Taxonomy);
  const taxonomyTerms = valid.taxonomy_term.map((v) => v.record as TaxonomyTerm);
  const orgIds = new Set(organizations.map((o) => o.id));
  const termIds = new Set(taxonomyTerms.map((t) => t.id));

  // Our own taxonomy joins the bundle only when some imported record points at one of its terms.
  const ours = taxonomyRecords();
  const ourTermIds = new Set(ours.terms.map((t) => t.id));

  const services: Service[] = [];
  for (const { draft: d, record } of valid.service) {
    const service = record as Service;
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
    let location = record as Location;
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
    const sal = record as ServiceAtLocation;
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
    const org = record as Organization;
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
    const term = record as TaxonomyTerm;
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
