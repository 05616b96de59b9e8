import type { DomainDeps } from '../deps.ts';
import { timezoneAt } from '../geo/timezone.ts';

/** Where an appointment takes place: one of the service's sites, with its time zone. */
export type AppointmentSite = {
  serviceAtLocationId: string;
  locationId: string;
  name: string;
  /** One line, "100 Colfax Ave, Denver, CO 80202"; empty when the site has no address. */
  address: string;
  latitude: number | null;
  longitude: number | null;
  /** The site's IANA time zone: its own, else the zone at its point, else UTC. */
  timezone: string;
};

type Link = { id: string; location_id: string };
type StoredAddress = {
  address_1?: string;
  city?: string;
  state_province?: string;
  postal_code?: string;
};

function addressLine(addresses: unknown): string {
  const first = Array.isArray(addresses) ? (addresses[0] as StoredAddress | undefined) : undefined;
  if (!first) return '';
  const region = [first.state_province, first.postal_code].filter(Boolean).join(' ');
  return [first.address_1, first.city, region].filter(Boolean).join(', ');
}

/** The sites a service is offered at (no authorization: directory data is public). */
export async function serviceSites(
  deps: Pick<DomainDeps, 'db'>,
  serviceId: string,
): Promise<AppointmentSite[]> {
  const { Service, Location } = deps.db.models;
  const service = await Service.collection.findOne(
    { _id: serviceId as never },
    { projection: { service_at_locations: 1 } },
  );
  const links = Array.isArray(service?.service_at_locations)
    ? (service.service_at_locations as Link[])
    : [];
  const sites: AppointmentSite[] = [];
  for (const link of links) {
    const location = await Location.collection.findOne({ _id: link.location_id as never });
    if (!location) continue;
    const latitude = typeof location.latitude === 'number' ? location.latitude : null;
    const longitude = typeof location.longitude === 'number' ? location.longitude : null;
    const timezone =
      typeof location.timezone_name === 'string' && location.timezone_name
        ? location.timezone_name
        : latitude !== null && longitude !== null
          ? timezoneAt(latitude, longitude)
          : 'UTC';
    sites.push({
      serviceAtLocationId: link.id,
      locationId: link.location_id,
      name: String(location.name ?? ''),
      address: addressLine(location.addresses),
      latitude,
      longitude,
      timezone,
    });
  }
  return sites;
}
