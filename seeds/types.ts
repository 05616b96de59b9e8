/**
 * The HSDS 3 "full service" JSON the demo dataset is written in: a service with its organization,
 * its service-at-locations (each with the full location) and its child records nested inside, as
 * the HSDS API's `/services/{id}` returns it. `categories`, `eligibility`, `timezone_name` and
 * `closed` schedules are Wayfinder extensions (see server/domain/directory/records.ts).
 */

/** An HSDS phone. */
export type HsdsPhone = { id: string; number: string; type: string; description?: string };

/** An HSDS language (ISO 639 code). */
export type HsdsLanguage = { id: string; code: string; name: string };

/** An HSDS address. */
export type HsdsAddress = {
  id: string;
  address_1: string;
  city: string;
  state_province: string;
  postal_code: string;
  country: 'US';
  address_type: 'physical';
};

/** An HSDS accessibility note. */
export type HsdsAccessibility = { id: string; description: string };

/** An HSDS location, with our `timezone_name` extension. */
export type HsdsLocation = {
  id: string;
  location_type: 'physical';
  name: string;
  latitude: number;
  longitude: number;
  timezone_name: string;
  addresses: HsdsAddress[];
  phones: HsdsPhone[];
  accessibility: HsdsAccessibility[];
  languages: HsdsLanguage[];
};

/** An HSDS service-at-location with its location nested. */
export type HsdsServiceAtLocation = {
  id: string;
  service_id: string;
  location_id: string;
  location: HsdsLocation;
};

/** An HSDS organization. */
export type HsdsOrganization = {
  id: string;
  name: string;
  description: string;
  email: string;
  website: string;
  phones: HsdsPhone[];
};

/** An HSDS 3 schedule (RRULE subset), or with `closed: true` our closure extension. */
export type HsdsSchedule = {
  id: string;
  valid_from?: string;
  valid_to?: string;
  freq?: 'WEEKLY' | 'MONTHLY';
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  closed?: true;
  description?: string;
};

/** An HSDS cost option. */
export type HsdsCostOption = {
  id: string;
  option: string;
  amount?: number;
  currency: 'USD';
  amount_description?: string;
};

/** An HSDS required document. */
export type HsdsRequiredDocument = { id: string; document: string };

/** An HSDS taxonomy term as nested in an attribute. */
export type HsdsTaxonomyTerm = {
  id: string;
  code: string;
  name: string;
  taxonomy: 'wayfinder';
};

/** An HSDS attribute linking the service to a taxonomy term. */
export type HsdsAttribute = {
  id: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
};

/** Our structured eligibility extension. */
export type HsdsEligibility = {
  min_age?: number;
  max_age?: number;
  income_limit_fpl_percent?: number;
  residency?: { postal_codes: string[]; counties: string[]; states: string[] };
  genders?: 'female'[];
  veteran_only?: true;
  documents_required?: string[];
  description: string;
};

/** One service in HSDS 3 full-service shape. */
export type HsdsFullService = {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  url: string;
  email?: string;
  status: 'active' | 'temporarily closed';
  alert?: string;
  interpretation_services?: string;
  application_process: string;
  fees_description: string;
  wait_time?: string;
  eligibility_description: string;
  minimum_age?: number;
  maximum_age?: number;
  assured_date: string;
  last_modified: string;
  organization: HsdsOrganization;
  service_at_locations: HsdsServiceAtLocation[];
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  languages: HsdsLanguage[];
  cost_options: HsdsCostOption[];
  required_documents: HsdsRequiredDocument[];
  attributes: HsdsAttribute[];
  categories: string[];
  eligibility?: HsdsEligibility;
};
