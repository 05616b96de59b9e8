import { z } from 'zod';

/**
 * HSDS 3.0 records as Wayfinder stores them: HSDS field names (snake_case), child records embedded
 * in their parent the way the HSDS JSON API nests them, and a few extensions of ours, each named
 * and documented below. Import, seeds and GraphQL edits all validate through these schemas.
 */

const id = z.string().min(1).max(200);
const text = (max = 20_000) => z.string().max(max);
const optText = (max = 20_000) => text(max).nullish();
/** `HH:MM` or `HH:MM:SS`, 24-hour. `24:00` is allowed as a closing time meaning midnight. */
export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]|24):[0-5]\d(:[0-5]\d)?$/, 'must be a time such as 09:00 or 17:30');
/** `YYYY-MM-DD`. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-05-03');

export const phoneSchema = z.object({
  id,
  number: text(50).min(1, 'is required'),
  extension: z.number().nullish(),
  type: optText(30),
  description: optText(500),
});
export type Phone = z.infer<typeof phoneSchema>;

export const addressSchema = z.object({
  id,
  attention: optText(200),
  address_1: text(300),
  address_2: optText(300),
  city: text(120),
  region: optText(120),
  state_province: text(60),
  postal_code: text(20),
  country: text(2).default('US'),
  address_type: z.enum(['physical', 'postal', 'virtual']).default('physical'),
});
export type Address = z.infer<typeof addressSchema>;

export const languageSchema = z.object({
  id,
  /** ISO 639-1 (or 639-3 where no two-letter code exists), lower case. */
  code: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en or es'),
  name: optText(100),
  note: optText(500),
});
export type Language = z.infer<typeof languageSchema>;

const weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
export type Weekday = z.infer<typeof weekday>;

/**
 * An HSDS 3 schedule (RFC 5545 RRULE subset). `freq` WEEKLY uses `byday` ("MO,WE"); MONTHLY uses
 * `byday` with an ordinal ("1MO", "-1FR") or `bymonthday` ("1,15"). Extension: `closed: true`
 * marks a closure (a holiday) from `valid_from` to `valid_to`, which overrides regular hours.
 * HSDS 3's `timezone` is a numeric UTC offset; we keep it but compute hours in the location's
 * IANA zone (`Location.timezone_name`), which handles daylight saving time.
 */
export const scheduleSchema = z
  .object({
    id,
    valid_from: isoDate.nullish(),
    valid_to: isoDate.nullish(),
    dtstart: isoDate.nullish(),
    timezone: z.number().min(-14).max(14).nullish(),
    until: isoDate.nullish(),
    freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
    interval: z.number().int().min(1).max(52).nullish(),
    byday: z
      .string()
      .regex(
        /^(-?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,-?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$/,
        'must be a list of weekdays such as MO,TU,WE',
      )
      .nullish(),
    bymonthday: z
      .string()
      .regex(/^-?\d{1,2}(,-?\d{1,2})*$/, 'must be a list of days such as 1,15')
      .nullish(),
    opens_at: timeOfDay.nullish(),
    closes_at: timeOfDay.nullish(),
    description: optText(1000),
    attending_type: optText(100),
    notes: optText(1000),
    closed: z.boolean().nullish(),
  })
  .superRefine((s, ctx) => {
    if (s.closed) {
      if (!s.valid_from)
        ctx.addIssue({
          code: 'custom',
          path: ['valid_from'],
          message: 'is required for a closure',
        });
      return;
    }
    if (s.freq && (!s.opens_at || !s.closes_at)) {
      ctx.addIssue({
        code: 'custom',
        path: ['opens_at'],
        message: 'opens_at and closes_at are required with freq',
      });
    }
    if (s.valid_from && s.valid_to && s.valid_to < s.valid_from) {
      ctx.addIssue({
        code: 'custom',
        path: ['valid_to'],
        message: 'must not be before valid_from',
      });
    }
  });
export type Schedule = z.infer<typeof scheduleSchema>;

export const costOptionSchema = z.object({
  id,
  option: optText(300),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  amount: z.number().min(0).nullish(),
  amount_description: optText(500),
  valid_from: isoDate.nullish(),
  valid_to: isoDate.nullish(),
});
export type CostOption = z.infer<typeof costOptionSchema>;

/** How a client pays. Derived from cost options and fees text; used by the `costs` filter. */
export const costKinds = ['FREE', 'SLIDING_SCALE', 'FEE', 'INSURANCE'] as const;
export type CostKind = (typeof costKinds)[number];

export const serviceAreaSchema = z.object({
  id,
  name: optText(300),
  description: optText(1000),
  extent: optText(100_000),
  extent_type: optText(50),
});

export const accessibilitySchema = z.object({
  id,
  description: optText(1000),
  details: optText(2000),
  url: optText(2000),
});

export const requiredDocumentSchema = z.object({ id, document: text(500), uri: optText(2000) });

export const contactSchema = z.object({
  id,
  name: optText(200),
  title: optText(200),
  department: optText(200),
  email: z.email('must be an email address').nullish(),
  phones: z.array(phoneSchema).default([]),
});

export const attributeSchema = z.object({
  id,
  taxonomy_term_id: id,
  value: optText(1000),
  link_type: optText(100),
  label: optText(300),
});
export type Attribute = z.infer<typeof attributeSchema>;

const genders = ['female', 'male', 'nonbinary'] as const;
export type Gender = (typeof genders)[number];

/**
 * Extension: structured eligibility. HSDS 3 keeps only free text and ages; a coordinator needs
 * rules a machine can check. Every field is optional: a missing rule means "no restriction".
 * Exported back to HSDS as eligibility_description + minimum_age/maximum_age + attributes.
 */
export const eligibilitySchema = z
  .object({
    min_age: z.number().int().min(0).max(120).nullish(),
    max_age: z.number().int().min(0).max(120).nullish(),
    /** Income limit as a percentage of the HHS poverty guideline for the household's size. */
    income_limit_fpl_percent: z.number().min(1).max(1000).nullish(),
    residency: z
      .object({
        postal_codes: z
          .array(z.string().regex(/^\d{5}$/, 'must be a 5-digit ZIP code'))
          .default([]),
        /** County names with state, e.g. "Denver County, CO". */
        counties: z.array(text(100)).default([]),
        /** Two-letter state codes. */
        states: z
          .array(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code'))
          .default([]),
      })
      .nullish(),
    genders: z.array(z.enum(genders)).nullish(),
    veteran_only: z.boolean().nullish(),
    documents_required: z.array(text(300)).nullish(),
    description: optText(5000),
  })
  .refine((e) => e.min_age == null || e.max_age == null || e.min_age <= e.max_age, {
    path: ['max_age'],
    message: 'must not be below min_age',
  });
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** Capacity codes, aligned with the HL7 SDOH Clinical Care (Gravity) draft's service capacity. */
export const capacityStatuses = [
  'AVAILABLE',
  'NO_CAPACITY',
  'WAITLIST',
  'ASSESSMENT_REQUIRED',
] as const;
export type CapacityStatus = (typeof capacityStatuses)[number];

/**
 * Extension: the capacity an agency last published (open beds, waitlist ...). It has its own
 * `updated_at`, because it goes out of date in hours, not months; readers treat it as unknown
 * once it is older than CAPACITY_TTL_HOURS.
 */
export const capacitySchema = z.object({
  status: z.enum(capacityStatuses),
  count: z.number().int().min(0, 'must not be negative').max(1_000_000).nullish(),
  unit: optText(100),
  note: optText(500),
  updated_at: z.iso.datetime('must be a date-time such as 2026-05-03T12:00:00Z'),
});
export type Capacity = z.infer<typeof capacitySchema>;

/** A problem found in a record that still let it be stored; shown to reviewers. */
export const reviewFlagSchema = z.object({
  code: z.enum(['MISSING_REFERENCE', 'APPROXIMATE_COORDINATES', 'UNMAPPED_VALUE', 'OTHER']),
  field: text(200),
  message: text(1000),
});
export type ReviewFlag = z.infer<typeof reviewFlagSchema>;

export const organizationSchema = z.object({
  id,
  name: text(300).min(1, 'is required'),
  alternate_name: optText(300),
  description: text(20_000).default(''),
  email: z.email('must be an email address').nullish(),
  website: optText(2000),
  tax_status: optText(100),
  tax_id: optText(100),
  year_incorporated: z.number().int().min(1600).max(2100).nullish(),
  legal_status: optText(100),
  logo: optText(2000),
  uri: optText(2000),
  parent_organization_id: id.nullish(),
  phones: z.array(phoneSchema).default([]),
  contacts: z.array(contactSchema).default([]),
  review_flags: z.array(reviewFlagSchema).default([]),
  last_modified: z.string().nullish(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const locationSchema = z.object({
  id,
  location_type: z.enum(['physical', 'postal', 'virtual']).default('physical'),
  organization_id: id.nullish(),
  name: optText(300),
  alternate_name: optText(300),
  description: optText(5000),
  transportation: optText(2000),
  latitude: z
    .number()
    .min(-90, 'must be between -90 and 90')
    .max(90, 'must be between -90 and 90')
    .nullish(),
  longitude: z
    .number()
    .min(-180, 'must be between -180 and 180')
    .max(180, 'must be between -180 and 180')
    .nullish(),
  external_identifier: optText(200),
  external_identifier_type: optText(200),
  url: optText(2000),
  /** Extension: IANA time zone ("America/Denver"), found offline from the coordinates. */
  timezone_name: optText(60),
  /** Extension: true when the coordinates were estimated from the postal code. */
  coordinates_approximate: z.boolean().default(false),
  /** Extension: when its agency retired the site (unlinked from every service, kept for history). */
  retired_at: z.string().nullish(),
  addresses: z.array(addressSchema).default([]),
  phones: z.array(phoneSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
  languages: z.array(languageSchema).default([]),
  accessibility: z.array(accessibilitySchema).default([]),
  contacts: z.array(contactSchema).default([]),
  review_flags: z.array(reviewFlagSchema).default([]),
});
export type Location = z.infer<typeof locationSchema>;

export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;

export const serviceSchema = z.object({
  id,
  organization_id: id,
  program_id: id.nullish(),
  name: text(300).min(1, 'is required'),
  alternate_name: optText(300),
  description: text(20_000).default(''),
  url: optText(2000),
  email: z.email('must be an email address').nullish(),
  status: z.enum(serviceStatuses).default('active'),
  interpretation_services: optText(2000),
  application_process: optText(5000),
  fees_description: optText(2000),
  wait_time: optText(500),
  accreditations: optText(2000),
  licenses: optText(2000),
  alert: optText(2000),
  eligibility_description: optText(5000),
  minimum_age: z.number().min(0).max(120).nullish(),
  maximum_age: z.number().min(0).max(120).nullish(),
  assured_date: isoDate.nullish(),
  assurer_email: z.email('must be an email address').nullish(),
  last_modified: z.string().nullish(),
  phones: z.array(phoneSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
  service_areas: z.array(serviceAreaSchema).default([]),
  languages: z.array(languageSchema).default([]),
  cost_options: z.array(costOptionSchema).default([]),
  required_documents: z.array(requiredDocumentSchema).default([]),
  contacts: z.array(contactSchema).default([]),
  /** HSDS attributes; taxonomy terms link here (`taxonomy_term_id`). */
  attributes: z.array(attributeSchema).default([]),
  /** Extension: our need categories (top-level codes such as `food`), derived from taxonomy terms. */
  categories: z.array(z.string()).default([]),
  /** Extension: structured eligibility (see eligibilitySchema). */
  eligibility: eligibilitySchema.nullish(),
  /** Extension: published capacity (see capacitySchema). */
  capacity: capacitySchema.nullish(),
  review_flags: z.array(reviewFlagSchema).default([]),
});
export type Service = z.infer<typeof serviceSchema>;
export type ServiceInput = z.input<typeof serviceSchema>;

export const serviceAtLocationSchema = z.object({
  id,
  service_id: id,
  location_id: id,
  description: optText(5000),
  phones: z.array(phoneSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
  contacts: z.array(contactSchema).default([]),
});
export type ServiceAtLocation = z.infer<typeof serviceAtLocationSchema>;

export const taxonomySchema = z.object({
  id,
  name: text(300),
  description: text(5000).default(''),
  uri: optText(2000),
  version: optText(50),
});
export type Taxonomy = z.infer<typeof taxonomySchema>;

export const taxonomyTermSchema = z.object({
  id,
  code: optText(100),
  name: text(300),
  description: text(5000).default(''),
  parent_id: id.nullish(),
  taxonomy_id: id.nullish(),
  language: optText(10),
  term_uri: optText(2000),
  /** Extension: the top-level need category this term falls under, when it maps to one. */
  category: optText(40),
});
export type TaxonomyTerm = z.infer<typeof taxonomyTermSchema>;

/** A set of records to store together (an import batch, a seed file, an edit). */
export type DirectoryBundle = {
  organizations: Organization[];
  locations: Location[];
  services: Service[];
  serviceAtLocations: ServiceAtLocation[];
  taxonomies: Taxonomy[];
  taxonomyTerms: TaxonomyTerm[];
};
