import { isUuid } from '../../domain/directory/ids.ts';
import { type Draft, draft } from '../context.ts';
import { cleanText, intOrRaw, isoDateOrRaw, numberOrRaw } from '../text.ts';
import type { Parents, TabularRead } from './joins.ts';
import { get, originOf } from './tables.ts';

/**
 * Reads the records child rows hang from: organizations, services, locations and the links
 * between services and locations. Returns them by source id, for the child rows to join.
 */
export function readRecords({ ctx, table, drafts }: TabularRead): Parents {
  const orgs = new Map<string, Draft>();
  const organizations = table('organizations');
  organizations.rows.forEach((row, i) => {
    const sourceId = get(row, 'id') ?? '';
    const d = draft('organization', originOf(organizations, i, row), {
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
    const d = draft('service', originOf(servicesTable, i, row), {
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
    const d = draft('location', originOf(locationsTable, i, row), {
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
    const d = draft('service_at_location', originOf(salTable, i, row), {
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

  return { service: services, location: locations, service_at_location: sals, organization: orgs };
}
