import type { Location } from '../domain/directory/records.ts';
import { getService } from '../domain/directory/service-view.ts';
import {
  createLocation,
  linkServiceLocation,
  listOwnLocations,
  locationsOfService,
  retireLocation,
  unlinkServiceLocation,
  updateLocation,
} from '../domain/listings/edit-location.ts';
import type { Page } from '../domain/listings/page.ts';
import { builder } from './builder.ts';
import { EditableServiceRef } from './editable-service.ts';
import { PhoneInput } from './listing.ts';
import { PageInfoRef } from './search.ts';
import { ServiceRef } from './service.ts';

type AccessibilityShape = Location['accessibility'][number];

const EditableAccessibilityRef = builder
  .objectRef<AccessibilityShape>('EditableAccessibility')
  .implement({
    fields: (t) => ({
      description: t.string({ nullable: true, resolve: (a) => a.description ?? null }),
      details: t.string({ nullable: true, resolve: (a) => a.details ?? null }),
      url: t.string({ nullable: true, resolve: (a) => a.url ?? null }),
    }),
  });

const EditableLocationPhoneRef = builder
  .objectRef<Location['phones'][number]>('EditableLocationPhone')
  .implement({
    fields: (t) => ({
      number: t.exposeString('number'),
      extension: t.int({ nullable: true, resolve: (p) => p.extension ?? null }),
      type: t.string({ nullable: true, resolve: (p) => p.type ?? null }),
      description: t.string({ nullable: true, resolve: (p) => p.description ?? null }),
    }),
  });

function physicalAddress(location: Location) {
  return location.addresses.find((a) => a.address_type === 'physical') ?? location.addresses[0];
}

export const EditableLocationRef = builder.objectRef<Location>('EditableLocation').implement({
  description: 'A site of an agency (HSDS location) as its agency edits it.',
  authScopes: { agencyStaff: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    organizationId: t.id({ nullable: true, resolve: (l) => l.organization_id ?? null }),
    name: t.string({ nullable: true, resolve: (l) => l.name ?? null }),
    description: t.string({ nullable: true, resolve: (l) => l.description ?? null }),
    address1: t.string({ nullable: true, resolve: (l) => physicalAddress(l)?.address_1 ?? null }),
    address2: t.string({ nullable: true, resolve: (l) => physicalAddress(l)?.address_2 ?? null }),
    city: t.string({ nullable: true, resolve: (l) => physicalAddress(l)?.city ?? null }),
    region: t.string({ nullable: true, resolve: (l) => physicalAddress(l)?.region ?? null }),
    stateProvince: t.string({
      nullable: true,
      resolve: (l) => physicalAddress(l)?.state_province ?? null,
    }),
    postalCode: t.string({
      nullable: true,
      resolve: (l) => physicalAddress(l)?.postal_code ?? null,
    }),
    latitude: t.float({ nullable: true, resolve: (l) => l.latitude ?? null }),
    longitude: t.float({ nullable: true, resolve: (l) => l.longitude ?? null }),
    coordinatesApproximate: t.boolean({
      description: 'True when placed at the ZIP code’s centre; give coordinates to fix it.',
      resolve: (l) => l.coordinates_approximate,
    }),
    timeZone: t.string({
      nullable: true,
      description: 'IANA time zone, from the coordinates.',
      resolve: (l) => l.timezone_name ?? null,
    }),
    phones: t.field({ type: [EditableLocationPhoneRef], resolve: (l) => l.phones }),
    accessibility: t.field({ type: [EditableAccessibilityRef], resolve: (l) => l.accessibility }),
    languages: t.stringList({
      description: 'ISO 639 codes.',
      resolve: (l) => l.languages.map((x) => x.code),
    }),
    retiredAt: t.string({ nullable: true, resolve: (l) => l.retired_at ?? null }),
  }),
});

builder.objectField(EditableServiceRef, 'locations', (t) =>
  t.field({
    type: [EditableLocationRef],
    description: 'The sites this service is offered at.',
    resolve: (s, _args, ctx) => locationsOfService(ctx.deps, s.id),
  }),
);

const AccessibilityInput = builder.inputType('AccessibilityInput', {
  fields: (t) => ({
    description: t.string({ description: 'Such as "Step-free entrance".' }),
    details: t.string(),
    url: t.string(),
  }),
});

const locationInputFields = {
  name: 'Site name.',
  description: null,
  address1: 'Street address.',
  address2: null,
  city: null,
  region: 'County or region.',
  stateProvince: 'Two-letter state code.',
  postalCode: 'US ZIP code; places the site when no coordinates are given.',
} as const;

const CreateLocationInput = builder.inputType('CreateLocationInput', {
  description:
    'A new site. Without latitude/longitude it is placed at the ZIP code’s centre (approximate).',
  fields: (t) => ({
    organizationId: t.id({
      description: 'Your organization (default) or one your agency claimed.',
    }),
    name: t.string({ description: locationInputFields.name }),
    description: t.string(),
    address1: t.string({ required: true, description: locationInputFields.address1 }),
    address2: t.string(),
    city: t.string({ required: true }),
    region: t.string({ description: locationInputFields.region }),
    stateProvince: t.string({ required: true, description: locationInputFields.stateProvince }),
    postalCode: t.string({ required: true, description: locationInputFields.postalCode }),
    latitude: t.float(),
    longitude: t.float(),
    phones: t.field({ type: [PhoneInput] }),
    accessibility: t.field({ type: [AccessibilityInput] }),
    languages: t.stringList({ description: 'ISO 639 codes.' }),
  }),
});

const UpdateLocationInput = builder.inputType('UpdateLocationInput', {
  description:
    'Fields to replace; a field left out stays as it is. A new postalCode without coordinates ' +
    're-places the site at the ZIP code’s centre.',
  fields: (t) => ({
    locationId: t.id({ required: true }),
    name: t.string({ description: locationInputFields.name }),
    description: t.string(),
    address1: t.string({ description: locationInputFields.address1 }),
    address2: t.string(),
    city: t.string(),
    region: t.string({ description: locationInputFields.region }),
    stateProvince: t.string({ description: locationInputFields.stateProvince }),
    postalCode: t.string({ description: locationInputFields.postalCode }),
    latitude: t.float(),
    longitude: t.float(),
    phones: t.field({ type: [PhoneInput] }),
    accessibility: t.field({ type: [AccessibilityInput] }),
    languages: t.stringList({ description: 'ISO 639 codes.' }),
  }),
});

builder.mutationField('createLocation', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableLocationRef,
    description: 'Adds a site for your organization (or one your agency claimed).',
    args: { input: t.arg({ type: CreateLocationInput, required: true }) },
    resolve: (_root, args, ctx) => {
      const { organizationId, ...rest } = args.input;
      return createLocation(ctx.deps, ctx.actor, {
        ...rest,
        organizationId: organizationId == null ? null : String(organizationId),
      });
    },
  }),
);

builder.mutationField('updateLocation', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableLocationRef,
    description: 'Edits one of your sites; the services offered there are re-indexed.',
    args: { input: t.arg({ type: UpdateLocationInput, required: true }) },
    resolve: (_root, args, ctx) =>
      updateLocation(ctx.deps, ctx.actor, {
        ...args.input,
        locationId: String(args.input.locationId),
      }),
  }),
);

builder.mutationField('retireLocation', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableLocationRef,
    description: 'Retires one of your sites: no service is offered there any more.',
    args: { locationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => retireLocation(ctx.deps, ctx.actor, String(args.locationId)),
  }),
);

const ServiceLocationInput = builder.inputType('ServiceLocationInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    locationId: t.id({ required: true }),
  }),
});

builder.mutationField('linkServiceLocation', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description: 'Offers one of your services at one of your sites (HSDS service_at_location).',
    args: { input: t.arg({ type: ServiceLocationInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const saved = await linkServiceLocation(ctx.deps, ctx.actor, {
        serviceId: String(args.input.serviceId),
        locationId: String(args.input.locationId),
      });
      return getService(ctx.deps, saved.id);
    },
  }),
);

builder.mutationField('unlinkServiceLocation', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description: 'Stops offering one of your services at one of your sites.',
    args: { input: t.arg({ type: ServiceLocationInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const saved = await unlinkServiceLocation(ctx.deps, ctx.actor, {
        serviceId: String(args.input.serviceId),
        locationId: String(args.input.locationId),
      });
      return getService(ctx.deps, saved.id);
    },
  }),
);

const EditableLocationEdgeRef = builder
  .objectRef<Page<Location>['edges'][number]>('EditableLocationEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: EditableLocationRef, resolve: (e) => e.node }),
    }),
  });

const EditableLocationConnectionRef = builder
  .objectRef<Page<Location>>('EditableLocationConnection')
  .implement({
    description: 'A page of your organization’s sites, by name.',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      edges: t.field({ type: [EditableLocationEdgeRef], resolve: (p) => p.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (p) => p.pageInfo }),
    }),
  });

builder.queryField('myLocations', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableLocationConnectionRef,
    description: 'Your organization’s sites, retired ones left out (agency staff and org admins).',
    args: {
      first: t.arg.int({ description: '1–100 (default 50).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listOwnLocations(ctx.deps, ctx.actor, { first: args.first, after: args.after }),
  }),
);
