import { getMember } from '../../domain/accounts/users.ts';
import type { Location, Organization, Phone } from '../../domain/directory/records.ts';
import {
  getLocation,
  getOrganization,
  getService,
  listServiceIds,
  type ServiceView,
} from '../../domain/directory/service-view.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { needCategory } from '../codes.ts';
import type { FhirRequest, ResourceHandler } from '../handler.ts';
import { invalid, type Json } from '../outcome.ts';
import { referenceId } from '../search-params.ts';

/** The public directory as FHIR: HealthcareService (service), Organization, Location. */

function phoneTelecom(phones: readonly Pick<Phone, 'number'>[]): Json[] {
  return phones.map((p) => ({ system: 'phone', value: p.number, use: 'work' }));
}

function telecomOf(
  phones: readonly Pick<Phone, 'number'>[],
  url?: string | null,
  email?: string | null,
) {
  const telecom = [
    ...phoneTelecom(phones),
    ...(email ? [{ system: 'email', value: email, use: 'work' }] : []),
    ...(url ? [{ system: 'url', value: url, use: 'work' }] : []),
  ];
  return telecom.length > 0 ? { telecom } : {};
}

export function serviceResource(service: ServiceView): Json {
  return {
    resourceType: 'HealthcareService',
    id: service.id,
    active: service.status === 'active',
    ...(service.organization
      ? {
          providedBy: {
            reference: `Organization/${service.organization.id}`,
            display: service.organization.name,
          },
        }
      : {}),
    ...(service.categories.length > 0 ? { category: service.categories.map(needCategory) } : {}),
    ...(service.locations.length > 0
      ? {
          location: service.locations.map((l) => ({
            reference: `Location/${l.id}`,
            ...(l.name ? { display: l.name } : {}),
          })),
        }
      : {}),
    name: service.name,
    ...(service.description ? { comment: service.description.slice(0, 1000) } : {}),
    ...telecomOf(service.contactPhones, service.url, service.email),
    ...(service.languages.length > 0
      ? {
          communication: service.languages.map((code) => ({
            coding: [{ system: 'urn:ietf:bcp:47', code }],
          })),
        }
      : {}),
    ...(service.detail?.eligibilityDescription
      ? { eligibility: [{ comment: service.detail.eligibilityDescription }] }
      : {}),
    // Whether the agency takes referrals through Wayfinder (FHIR Task) or only by phone.
    referralMethod: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/service-referral-method',
            code: service.acceptsReferrals ? 'elec' : 'phone',
          },
        ],
      },
    ],
  };
}

export function organizationResource(organization: Organization): Json {
  return {
    resourceType: 'Organization',
    id: organization.id,
    active: true,
    name: organization.name,
    ...(organization.alternate_name ? { alias: [organization.alternate_name] } : {}),
    ...telecomOf(organization.phones, organization.website, organization.email),
  };
}

export function locationResource(location: Location): Json {
  const address =
    location.addresses.find((a) => a.address_type === 'physical') ?? location.addresses[0];
  const hasPosition =
    typeof location.latitude === 'number' && typeof location.longitude === 'number';
  return {
    resourceType: 'Location',
    id: location.id,
    status: location.retired_at ? 'inactive' : 'active',
    ...(location.name ? { name: location.name } : {}),
    ...(location.description ? { description: location.description } : {}),
    mode: 'instance',
    ...telecomOf(location.phones, location.url),
    ...(address
      ? {
          address: {
            line: [address.address_1, ...(address.address_2 ? [address.address_2] : [])].filter(
              Boolean,
            ),
            city: address.city,
            state: address.state_province,
            postalCode: address.postal_code,
            country: address.country,
          },
        }
      : {}),
    ...(hasPosition
      ? { position: { latitude: location.latitude, longitude: location.longitude } }
      : {}),
    ...(location.organization_id
      ? { managingOrganization: { reference: `Organization/${location.organization_id}` } }
      : {}),
  };
}

export const healthcareServiceHandler: ResourceHandler = {
  type: 'HealthcareService',
  profiles: [],
  documentation:
    'A directory service. referralMethod elec means its agency answers referrals through Wayfinder: address a ServiceRequest to it (performer).',
  read: async (request, id) => serviceResource(await getService(request.deps, id)),
  search: {
    params: [
      { name: 'organization', type: 'reference', documentation: 'The providing organization.' },
    ],
    run: async (request, query) => {
      if (query.cursor !== null && !/^\d{1,7}$/.test(query.cursor)) {
        throw invalid(undefined, 'This _cursor is not valid. Start again from the first page.');
      }
      const offset = query.cursor === null ? 0 : Number(query.cursor);
      const { ids, total } = await listServiceIds(request.deps, {
        organizationId: referenceId(query, 'organization', 'Organization'),
        offset,
        limit: query.count,
      });
      const services = await Promise.all(ids.map((id) => getService(request.deps, id)));
      const end = offset + ids.length;
      return {
        resources: services.map(serviceResource),
        total,
        next: end < total ? String(end) : null,
      };
    },
  },
};

/**
 * An organization of the directory, else a member of the referral network (a coordinating
 * organization, such as the one a Task's requester names, is in no directory).
 */
async function readOrganization(request: FhirRequest, id: string): Promise<Json> {
  try {
    return organizationResource(await getOrganization(request.deps, id));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const member = await getMember(request.deps, id);
    return { resourceType: 'Organization', id: member.id, active: true, name: member.name };
  }
}

export const organizationHandler: ResourceHandler = {
  type: 'Organization',
  profiles: [],
  documentation:
    'A directory organization, or a referral network member (the coordinating organizations that request referrals).',
  read: readOrganization,
};

export const locationHandler: ResourceHandler = {
  type: 'Location',
  profiles: [],
  documentation: 'A directory site where services are offered.',
  read: async (request, id) => locationResource(await getLocation(request.deps, id)),
};
