import { randomUUID } from 'node:crypto';
import {
  type DirectoryBundle,
  type Location,
  locationSchema,
  type Organization,
  organizationSchema,
  type Service,
  type ServiceAtLocation,
  serviceSchema,
} from '../../server/domain/directory/records.ts';
import { taxonomyRecords } from '../../server/domain/directory/taxonomy.ts';

type DeepPartialInput<T> = { [K in keyof T]?: T[K] };

/** A valid HSDS organization. */
export function buildOrganization(overrides: DeepPartialInput<Organization> = {}): Organization {
  return organizationSchema.parse({
    id: randomUUID(),
    name: 'Test Community Services',
    description: 'A community organization.',
    ...overrides,
  });
}

/** A valid physical location in Denver (or wherever the overrides put it). */
export function buildLocation(overrides: DeepPartialInput<Location> = {}): Location {
  const id = overrides.id ?? randomUUID();
  return locationSchema.parse({
    id,
    name: 'Main Site',
    latitude: 39.7392,
    longitude: -104.9903,
    timezone_name: 'America/Denver',
    addresses: [
      {
        id: randomUUID(),
        address_1: '100 Colfax Ave',
        city: 'Denver',
        state_province: 'CO',
        postal_code: '80202',
        country: 'US',
        address_type: 'physical',
      },
    ],
    ...overrides,
  });
}

/** A valid active service with weekday hours, English, free. */
export function buildService(
  organization: Organization,
  overrides: DeepPartialInput<Service> = {},
): Service {
  return serviceSchema.parse({
    id: randomUUID(),
    organization_id: organization.id,
    name: 'Test Service',
    description: 'A service for testing.',
    status: 'active',
    assured_date: '2026-10-01',
    languages: [{ id: randomUUID(), code: 'en' }],
    cost_options: [{ id: randomUUID(), option: 'Free', amount: 0 }],
    schedules: [
      {
        id: randomUUID(),
        freq: 'WEEKLY',
        byday: 'MO,TU,WE,TH,FR',
        opens_at: '09:00',
        closes_at: '17:00',
      },
    ],
    categories: ['food'],
    ...overrides,
  });
}

/** Links a service to a location. */
export function link(service: Service, location: Location): ServiceAtLocation {
  return {
    id: randomUUID(),
    service_id: service.id,
    location_id: location.id,
    phones: [],
    schedules: [],
    contacts: [],
  };
}

/** A bundle with the Wayfinder taxonomy and the given records. */
export function bundleOf(parts: Partial<DirectoryBundle>): DirectoryBundle {
  const { taxonomy, terms } = taxonomyRecords();
  return {
    organizations: parts.organizations ?? [],
    locations: parts.locations ?? [],
    services: parts.services ?? [],
    serviceAtLocations: parts.serviceAtLocations ?? [],
    taxonomies: parts.taxonomies ?? [taxonomy],
    taxonomyTerms: parts.taxonomyTerms ?? terms,
  };
}
