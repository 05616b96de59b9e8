import type { SearchDocument } from '../../search/engine.ts';
import { flattenEligibility } from '../eligibility/flatten.ts';
import { compileHours } from '../hours/compile.ts';
import { localDate } from '../hours/zoned-time.ts';
import { capacityExpiresAt } from '../listings/capacity.ts';
import { type ContactPhone, contactPhones } from './contact-phones.ts';
import { costKinds } from './cost-kinds.ts';
import { deriveCategories } from './enrich.ts';
import type { Capacity, Location, Phone, Schedule, ServiceAtLocation } from './records.ts';
import type { ServiceGraph } from './stored.ts';
import { categoryName, synonymsFor } from './taxonomy.ts';

/** Services in these states are not offered and are kept out of search. */
const UNLISTED = new Set(['inactive', 'defunct']);

export type LocationSummary = {
  id: string;
  name: string | null;
  latitude: number | null;
  longitude: number | null;
  coordinatesApproximate: boolean;
  /** Absent in documents indexed before location phones were. */
  phones?: Phone[];
  address: {
    address_1: string;
    city: string;
    state_province: string;
    postal_code: string;
  } | null;
};

/** What a search hit carries to render a result without a database read. */
export type HitPayload = {
  service: {
    id: string;
    name: string;
    alternate_name: string | null;
    description: string;
    status: string;
    assured_date: string | null;
    url: string | null;
    /** Absent in documents indexed before contacts were (as are `contactPhones`). */
    email?: string | null;
    /** Service, then location, then organization numbers (contact-phones.ts). */
    contactPhones?: ContactPhone[];
    /** Absent in documents indexed before capacity existed; expiry is judged when read. */
    capacity?: Capacity | null;
  };
  organization: { id: string; name: string; phones?: Phone[] } | null;
  locations: LocationSummary[];
};

/** Summarizes a location for hits and lists. */
export function summarizeLocation(location: Location): LocationSummary {
  const address =
    location.addresses.find((a) => a.address_type === 'physical') ?? location.addresses[0];
  return {
    id: location.id,
    name: location.name ?? null,
    latitude: location.latitude ?? null,
    longitude: location.longitude ?? null,
    coordinatesApproximate: location.coordinates_approximate,
    phones: location.phones,
    address: address
      ? {
          address_1: address.address_1,
          city: address.city,
          state_province: address.state_province,
          postal_code: address.postal_code,
        }
      : null,
  };
}

function schedulesFor(
  graph: ServiceGraph,
  link: ServiceAtLocation | null,
  location: Location | null,
): Schedule[] {
  if (link && link.schedules.length > 0) return link.schedules;
  if (graph.service.schedules.length > 0) return graph.service.schedules;
  return location?.schedules ?? [];
}

function capacityFields(
  capacity: Capacity | null | undefined,
  ttlHours: number,
): Pick<SearchDocument, 'capacityStatus' | 'capacityExpiresAt'> {
  const expiresAt = capacityExpiresAt(capacity, ttlHours);
  return expiresAt === null || !capacity
    ? { capacityStatus: null, capacityExpiresAt: null }
    : { capacityStatus: capacity.status, capacityExpiresAt: expiresAt };
}

function isoDay(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** ISO 639 codes a service is offered in: its own languages and its sites', sorted and unique. */
export function offeredLanguages(graph: Pick<ServiceGraph, 'service' | 'locations'>): string[] {
  const { service } = graph;
  return [
    ...new Set([
      ...service.languages.map((l) => l.code),
      ...service.service_at_locations.flatMap(
        (link) => graph.locations.get(link.location_id)?.languages.map((l) => l.code) ?? [],
      ),
    ]),
  ].sort();
}

/**
 * The search documents of one service: one per service-at-location, or one for a service with no
 * site; none when the service is inactive or defunct. Pure; `now` fixes the hours window and
 * `capacityTtlHours` when published capacity expires.
 */
export function buildSearchDocuments(
  graph: ServiceGraph,
  now: Date,
  capacityTtlHours: number,
): SearchDocument[] {
  const { service, organization } = graph;
  if (UNLISTED.has(service.status)) return [];
  const categories = deriveCategories(service, graph.terms);
  const termNames = service.attributes
    .map((a) => graph.terms.get(a.taxonomy_term_id)?.name ?? a.label ?? null)
    .filter((n): n is string => Boolean(n));
  const keywords = [
    ...new Set([
      ...(service.alternate_name ? [service.alternate_name] : []),
      ...termNames,
      ...categories.flatMap((c) => [categoryName(c) ?? c, ...synonymsFor(c)]),
    ]),
  ];
  const languages = offeredLanguages(graph);
  const rules = flattenEligibility(service);
  const linkedLocations = service.service_at_locations
    .map((link) => ({ link, location: graph.locations.get(link.location_id) ?? null }))
    .filter((entry) => entry.location !== null);
  const payload: HitPayload = {
    service: {
      id: service.id,
      name: service.name,
      alternate_name: service.alternate_name ?? null,
      description: service.description,
      status: service.status,
      assured_date: service.assured_date ?? null,
      url: service.url ?? null,
      email: service.email ?? null,
      contactPhones: contactPhones(
        service,
        linkedLocations.map((l) => l.location ?? undefined),
        organization,
      ),
      capacity: service.capacity ?? null,
    },
    organization: organization
      ? { id: organization.id, name: organization.name, phones: organization.phones }
      : null,
    locations: linkedLocations.flatMap(({ location }) =>
      location ? [summarizeLocation(location)] : [],
    ),
  };
  const base = {
    serviceId: service.id,
    organizationId: service.organization_id,
    name: service.name,
    description: service.description,
    organizationName: organization?.name ?? '',
    keywords,
    categories,
    languages,
    costs: costKinds(service),
    ...rules,
    assuredAt: isoDay(service.assured_date),
    acceptsReferrals: graph.acceptsReferrals,
    ...capacityFields(service.capacity, capacityTtlHours),
    payload,
  };
  const sites: Array<{ id: string; link: ServiceAtLocation | null; location: Location | null }> =
    linkedLocations.length > 0
      ? linkedLocations.map(({ link, location }) => ({ id: link.id, link, location }))
      : [{ id: service.id, link: null, location: null }];
  return sites.map(({ id, link, location }, index) => {
    const timezone = location?.timezone_name ?? 'UTC';
    const hours = compileHours({
      schedules: schedulesFor(graph, link, location),
      timezone,
      today: localDate(timezone, now),
    });
    return {
      ...base,
      id,
      siteCount: sites.length,
      firstSite: index === 0,
      locationId: location?.id ?? null,
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      timezone,
      ...hours,
    };
  });
}
