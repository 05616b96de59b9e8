import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { lookupPostalCode } from '../../server/domain/geo/postal-codes.ts';
import { buildOrganization, buildService, bundleOf } from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const LOCATION_FIELDS = /* GraphQL */ `
  id name address1 city stateProvince postalCode latitude longitude coordinatesApproximate
  timeZone languages accessibility { description } phones { number }
`;
const CREATE_LOCATION = /* GraphQL */ `
  mutation CreateLocation($input: CreateLocationInput!) {
    createLocation(input: $input) { ${LOCATION_FIELDS} }
  }
`;
const UPDATE_LOCATION = /* GraphQL */ `
  mutation UpdateLocation($input: UpdateLocationInput!) {
    updateLocation(input: $input) { ${LOCATION_FIELDS} }
  }
`;
const RETIRE_LOCATION = /* GraphQL */ `
  mutation RetireLocation($id: ID!) { retireLocation(locationId: $id) { id retiredAt } }
`;
const LINK = /* GraphQL */ `
  mutation Link($input: ServiceLocationInput!) {
    linkServiceLocation(input: $input) { id locations { id } }
  }
`;
const CREATE_SERVICE = /* GraphQL */ `
  mutation CreateService($input: CreateServiceInput!) {
    createService(input: $input) { id name status organization { id } }
  }
`;
const RETIRE_SERVICE = /* GraphQL */ `
  mutation RetireService($id: ID!) { retireService(serviceId: $id) { id status } }
`;
const UPDATE_ORGANIZATION = /* GraphQL */ `
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { id name email website phones { number } }
  }
`;
const MY_LOCATIONS = /* GraphQL */ `
  query MyLocations { myLocations { totalCount edges { node { id name } } } }
`;
const CHANGES = /* GraphQL */ `
  query Changes($serviceId: ID, $locationId: ID, $organizationId: ID, $first: Int, $after: String) {
    listingChanges(
      serviceId: $serviceId, locationId: $locationId, organizationId: $organizationId,
      first: $first, after: $after
    ) {
      totalCount
      edges { cursor node { resourceType resourceId actionType fieldName previousValue replacementValue updatedBy } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const NEAR = /* GraphQL */ `
  query Near($text: String!, $lat: Float!, $lng: Float!) {
    searchServices(input: { text: $text, near: { latitude: $lat, longitude: $lng }, radiusKm: 2 }) {
      edges { distanceKm node { id name organization { name } } }
    }
  }
`;

type Site = {
  id: string;
  latitude: number;
  longitude: number;
  coordinatesApproximate: boolean;
  timeZone: string;
};
type Change = {
  resourceType: string;
  resourceId: string;
  actionType: string;
  fieldName: string;
  previousValue: string | null;
  replacementValue: string | null;
  updatedBy: string;
};
type Changes = {
  listingChanges: {
    totalCount: number;
    edges: Array<{ cursor: string; node: Change }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
type NearHits = {
  searchServices: {
    edges: Array<{ distanceKm: number; node: { id: string; organization: { name: string } } }>;
  };
};

const clock: Clock = { now: () => new Date('2026-11-24T12:00:00Z') };
const org = buildOrganization({ name: 'Mile High Mutual Aid' });
const otherOrg = buildOrganization({ name: 'Elsewhere Aid' });
const theirs = buildService(otherOrg, { name: 'Not Ours' });

const address = {
  address1: '3400 Downing St',
  city: 'Denver',
  stateProvince: 'CO',
  postalCode: '80205',
};

describe('an agency keeps its sites, services and organization record', () => {
  let server: TestServer;
  let owner: TestActor;
  let otherAgency: TestActor;
  let coordinator: TestActor;
  let zipSite: Site;
  let exactSite: Site;
  let serviceId: string;

  const settle = async () => {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  };
  const near = async (text: string, lat: number, lng: number) => {
    const res = await server.gql<NearHits>(NEAR, { text, lat, lng });
    expect(res.errors).toBeUndefined();
    return res.data?.searchServices.edges ?? [];
  };
  const changes = async (who: TestActor, vars: Record<string, unknown>) => {
    const res = await who.gql<Changes>(CHANGES, vars);
    expect(res.errors).toBeUndefined();
    return res.data?.listingChanges.edges.map((e) => e.node) ?? [];
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await storeBundle(
      server.runtime.deps,
      bundleOf({ organizations: [org, otherOrg], services: [theirs] }),
    );
    await buildMember(server, { id: org.id, name: org.name, kinds: ['agency'] });
    owner = await signedInAs(server, 'agency_staff', {
      organizationId: org.id,
      email: 'staff@milehigh.example.org',
    });
    otherAgency = await signedInAs(server, 'agency_staff');
    coordinator = await signedInAs(server, 'coordinator');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('places a site without coordinates at its ZIP code’s centre, flagged approximate', async () => {
    const centre = lookupPostalCode('80205');
    const res = await owner.gql<{ createLocation: Site }>(CREATE_LOCATION, {
      input: {
        name: 'Northeast Site',
        ...address,
        languages: ['en', 'es'],
        accessibility: [{ description: 'Step-free entrance' }],
        phones: [{ number: '303-555-0100' }],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createLocation).toMatchObject({
      name: 'Northeast Site',
      postalCode: '80205',
      latitude: centre?.latitude,
      longitude: centre?.longitude,
      coordinatesApproximate: true,
      timeZone: 'America/Denver',
      languages: ['en', 'es'],
      accessibility: [{ description: 'Step-free entrance' }],
      phones: [{ number: '303-555-0100' }],
    });
    zipSite = res.data?.createLocation as Site;
  });

  it('uses coordinates the agency gives, exactly', async () => {
    const res = await owner.gql<{ createLocation: Site }>(CREATE_LOCATION, {
      input: {
        name: 'Harbor Site',
        ...address,
        postalCode: '80202',
        latitude: 39.7508,
        longitude: -104.9966,
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createLocation).toMatchObject({
      latitude: 39.7508,
      longitude: -104.9966,
      coordinatesApproximate: false,
      timeZone: 'America/Denver',
    });
    exactSite = res.data?.createLocation as Site;
    const mine = await owner.gql<{ myLocations: { totalCount: number } }>(MY_LOCATIONS);
    expect(mine.data?.myLocations.totalCount).toBe(2);
  });

  it.each([
    [
      { ...address, postalCode: '00000' },
      'postalCode: Unknown ZIP code "00000". Check it, or give latitude and longitude.',
    ],
    [
      { ...address, latitude: 39.75 },
      'longitude: Give both latitude and longitude, or neither to place the site by its ZIP code.',
    ],
    [{ ...address, latitude: 95, longitude: -104.9 }, 'latitude: must be between -90 and 90'],
    [{ ...address, city: ' ' }, 'city: Give the city.'],
    [
      { ...address, languages: ['klingon'] },
      'languages.0: Unknown language code "klingon". Use ISO 639 codes such as en, es or ht.',
    ],
  ])('rejects a site %j with a field-named message and stores nothing', async (input, message) => {
    const before = await server.runtime.deps.db.models.Location.collection.countDocuments({});
    const res = await owner.gql(CREATE_LOCATION, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.message).toBe(message);
    expect(await server.runtime.deps.db.models.Location.collection.countDocuments({})).toBe(before);
  });

  it('creates a service, links it to a site, and search finds it near that place', async () => {
    const created = await owner.gql<{ createService: { id: string } }>(CREATE_SERVICE, {
      input: {
        name: 'Downing Street Food Pantry',
        description: 'Groceries for families.',
        categories: ['food'],
        languages: ['en'],
      },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createService).toMatchObject({
      name: 'Downing Street Food Pantry',
      status: 'active',
      organization: { id: org.id },
    });
    serviceId = created.data?.createService.id ?? '';

    const linked = await owner.gql(LINK, { input: { serviceId, locationId: zipSite.id } });
    expect(linked.errors).toBeUndefined();
    expect(linked.data).toEqual({
      linkServiceLocation: { id: serviceId, locations: [{ id: zipSite.id }] },
    });
    await settle();
    const hits = await near('Downing Street Food Pantry', zipSite.latitude, zipSite.longitude);
    expect(hits[0]?.node).toMatchObject({ id: serviceId });
    expect(hits[0]?.distanceKm).toBeLessThan(0.1);
    // Far from the site, the radius leaves it out.
    expect(await near('Downing Street Food Pantry', 39.5, -105.3)).toEqual([]);
  });

  it('moves the service in search when its site moves', async () => {
    const res = await owner.gql<{ updateLocation: Site }>(UPDATE_LOCATION, {
      input: { locationId: zipSite.id, latitude: 39.7684, longitude: -104.9731 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateLocation).toMatchObject({
      latitude: 39.7684,
      longitude: -104.9731,
      coordinatesApproximate: false,
    });
    await settle();
    const hits = await near('Downing Street Food Pantry', 39.7684, -104.9731);
    expect(hits[0]?.node.id).toBe(serviceId);
    expect(hits[0]?.distanceKm).toBeLessThan(0.01);
  });

  it('renames the organization, and search shows the new name', async () => {
    const res = await owner.gql(UPDATE_ORGANIZATION, {
      input: {
        organizationId: org.id,
        name: 'Mile High Community Aid',
        email: 'hello@milehigh.example.org',
        website: 'https://milehigh.example.org',
        phones: [{ number: '303-555-0199' }],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateOrganization).toEqual({
      id: org.id,
      name: 'Mile High Community Aid',
      email: 'hello@milehigh.example.org',
      website: 'https://milehigh.example.org',
      phones: [{ number: '303-555-0199' }],
    });
    const bad = await owner.gql(UPDATE_ORGANIZATION, {
      input: { organizationId: org.id, email: 'not-an-address', website: 'milehigh' },
    });
    expect(bad.errors?.[0]?.message).toBe(
      'website: must be a web address such as https://example.org email: must be an email address',
    );
    await settle();
    const hits = await near('Downing Street Food Pantry', 39.7684, -104.9731);
    expect(hits[0]?.node.organization.name).toBe('Mile High Community Aid');
  });

  it('refuses another agency and a coordinator, and changes nothing', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      [CREATE_LOCATION, { input: { ...address, organizationId: org.id } }],
      [UPDATE_LOCATION, { input: { locationId: zipSite.id, name: 'Hijacked' } }],
      [RETIRE_LOCATION, { id: zipSite.id }],
      [LINK, { input: { serviceId, locationId: exactSite.id } }],
      [CREATE_SERVICE, { input: { name: 'Hijacked', organizationId: org.id } }],
      [RETIRE_SERVICE, { id: serviceId }],
      [UPDATE_ORGANIZATION, { input: { organizationId: org.id, name: 'Hijacked' } }],
    ];
    for (const who of [otherAgency, coordinator]) {
      for (const [query, variables] of attempts) {
        const res = await who.gql(query, variables);
        expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      }
    }
    // The owner may not link its service to another organization's site either.
    const mine = await owner.gql(CREATE_SERVICE, {
      input: { name: 'Theirs', organizationId: otherOrg.id },
    });
    expect(mine.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const models = server.runtime.deps.db.models;
    const site = await models.Location.collection.findOne({ _id: zipSite.id as never });
    expect(site?.name).toBe('Northeast Site');
    const organization = await models.Organization.collection.findOne({ _id: org.id as never });
    expect(organization?.name).toBe('Mile High Community Aid');
  });

  it('logs every change: who, which record, which field, before and after', async () => {
    const serviceLog = await changes(owner, { serviceId });
    expect(serviceLog.find((c) => c.fieldName === 'name')).toEqual({
      resourceType: 'service',
      resourceId: serviceId,
      actionType: 'create',
      fieldName: 'name',
      previousValue: null,
      replacementValue: 'Downing Street Food Pantry',
      updatedBy: 'staff@milehigh.example.org',
    });
    expect(serviceLog.find((c) => c.fieldName === 'service_at_locations')).toMatchObject({
      actionType: 'update',
      previousValue: '[]',
      replacementValue: JSON.stringify([zipSite.id]),
    });

    const siteLog = await changes(owner, { locationId: zipSite.id });
    expect(siteLog.find((c) => c.fieldName === 'latitude' && c.actionType === 'update')).toEqual({
      resourceType: 'location',
      resourceId: zipSite.id,
      actionType: 'update',
      fieldName: 'latitude',
      previousValue: String(zipSite.latitude),
      replacementValue: '39.7684',
      updatedBy: 'staff@milehigh.example.org',
    });
    expect(
      siteLog.find((c) => c.fieldName === 'coordinates_approximate' && c.actionType === 'update'),
    ).toMatchObject({ previousValue: 'true', replacementValue: 'false' });

    const orgLog = await changes(owner, { organizationId: org.id });
    expect(orgLog.find((c) => c.fieldName === 'name')).toMatchObject({
      resourceType: 'organization',
      previousValue: 'Mile High Mutual Aid',
      replacementValue: 'Mile High Community Aid',
    });

    const first = await owner.gql<Changes>(CHANGES, { serviceId, first: 1 });
    expect(first.data?.listingChanges.pageInfo.hasNextPage).toBe(true);
    const second = await owner.gql<Changes>(CHANGES, {
      serviceId,
      first: 1,
      after: first.data?.listingChanges.pageInfo.endCursor,
    });
    expect(second.data?.listingChanges.edges[0]?.node).toEqual(serviceLog[1]);
    expect(second.data?.listingChanges.totalCount).toBe(serviceLog.length);

    const other = await otherAgency.gql(CHANGES, { locationId: zipSite.id });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const none = await owner.gql(CHANGES, {});
    expect(none.errors?.[0]?.message).toBe(
      'serviceId: Give one of serviceId, locationId or organizationId.',
    );

    const audit = await server.runtime.deps.db.models.AuditEvent.collection
      .find({ subjectId: { $in: [serviceId, zipSite.id, org.id] } })
      .toArray();
    expect(audit.map((e) => e.action).sort()).toEqual([
      'listing.location.create',
      'listing.location.update',
      'listing.organization.update',
      'listing.service.create',
      'listing.service.link',
    ]);
  });

  it('retires a site: unlinked from its services and out of the agency’s list', async () => {
    await owner.gql(LINK, { input: { serviceId, locationId: exactSite.id } });
    const res = await owner.gql(RETIRE_LOCATION, { id: exactSite.id });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      retireLocation: { id: exactSite.id, retiredAt: '2026-11-24T12:00:00.000Z' },
    });
    const stored = await server.runtime.deps.db.models.Service.collection.findOne({
      _id: serviceId as never,
    });
    expect(
      (stored?.service_at_locations as Array<{ location_id: string }>).map((l) => l.location_id),
    ).toEqual([zipSite.id]);
    const mine = await owner.gql<{ myLocations: { edges: Array<{ node: { id: string } }> } }>(
      MY_LOCATIONS,
    );
    expect(mine.data?.myLocations.edges.map((e) => e.node.id)).toEqual([zipSite.id]);
    const relink = await owner.gql(LINK, { input: { serviceId, locationId: exactSite.id } });
    expect(relink.errors?.[0]?.message).toBe('This location was retired; add a new one.');
  });

  it('retires a service: kept, inactive, and gone from search', async () => {
    const res = await owner.gql(RETIRE_SERVICE, { id: serviceId });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ retireService: { id: serviceId, status: 'inactive' } });
    await settle();
    expect(await near('Downing Street Food Pantry', 39.7684, -104.9731)).toEqual([]);
    const stored = await server.runtime.deps.db.models.Service.collection.findOne({
      _id: serviceId as never,
    });
    expect(stored?.status).toBe('inactive');
    const again = await owner.gql(RETIRE_SERVICE, { id: serviceId });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const log = await changes(owner, { serviceId, first: 1 });
    expect(log[0]).toMatchObject({
      fieldName: 'status',
      previousValue: 'active',
      replacementValue: 'inactive',
    });
  });
});
