import { getService } from '../domain/directory/service-view.ts';
import type { CapacityView } from '../domain/listings/capacity.ts';
import {
  type ConfirmationRequest,
  requestListingConfirmation,
} from '../domain/listings/confirmation.ts';
import {
  confirmServiceAccurate,
  createService,
  retireService,
  setServiceCapacity,
  updateService,
} from '../domain/listings/edit-service.ts';
import {
  type ListingChange,
  type ListingChangePage,
  listListingChanges,
} from '../domain/listings/listing-changes.ts';
import type { Page } from '../domain/listings/page.ts';
import { listStaleListings, type StaleListing } from '../domain/listings/stale-listings.ts';
import { builder } from './builder.ts';
import { PageInfoRef } from './search.ts';
import { ServiceRef } from './service.ts';

export const ServiceStatusEnum = builder.enumType('ServiceStatus', {
  description: 'HSDS service status.',
  values: {
    ACTIVE: { value: 'active' },
    INACTIVE: { value: 'inactive' },
    DEFUNCT: { value: 'defunct' },
    TEMPORARILY_CLOSED: { value: 'temporarily closed' },
  } as const,
});

export const CapacityStatusEnum = builder.enumType('CapacityStatus', {
  description: 'Service capacity, aligned with the HL7 SDOH Clinical Care draft codes.',
  values: ['AVAILABLE', 'NO_CAPACITY', 'WAITLIST', 'ASSESSMENT_REQUIRED'] as const,
});

export const CapacityRef = builder.objectRef<CapacityView>('Capacity').implement({
  description: 'Capacity the agency published; it expires after CAPACITY_TTL_HOURS.',
  fields: (t) => ({
    status: t.field({ type: CapacityStatusEnum, resolve: (c) => c.status }),
    count: t.exposeInt('count', { nullable: true, description: 'How many, in `unit`.' }),
    unit: t.exposeString('unit', { nullable: true, description: 'Such as beds or appointments.' }),
    note: t.exposeString('note', { nullable: true }),
    updatedAt: t.field({ type: 'DateTime', resolve: (c) => c.updatedAt }),
  }),
});

builder.objectField(ServiceRef, 'capacity', (t) =>
  t.field({
    type: CapacityRef,
    nullable: true,
    description: 'Current capacity; null when the agency published none or it expired.',
    resolve: (s) => s.capacity,
  }),
);

export const PhoneInput = builder.inputType('PhoneInput', {
  fields: (t) => ({
    number: t.string({ required: true }),
    extension: t.int(),
    type: t.string({ description: 'HSDS phone type: voice, fax, text, cell ...' }),
    description: t.string(),
  }),
});

export const ScheduleInput = builder.inputType('ScheduleInput', {
  description: 'An HSDS schedule: WEEKLY with byday (MO,WE), or a closure with closed: true.',
  fields: (t) => ({
    validFrom: t.string({ description: 'YYYY-MM-DD.' }),
    validTo: t.string({ description: 'YYYY-MM-DD.' }),
    freq: t.string({ description: 'WEEKLY or MONTHLY.' }),
    interval: t.int(),
    byday: t.string(),
    bymonthday: t.string(),
    opensAt: t.string({ description: 'HH:MM, 24-hour.' }),
    closesAt: t.string({ description: 'HH:MM, 24-hour; 24:00 is midnight.' }),
    description: t.string(),
    closed: t.boolean({ description: 'A closure (holiday) from validFrom to validTo.' }),
  }),
});

const ResidencyInput = builder.inputType('ResidencyInput', {
  fields: (t) => ({
    postalCodes: t.stringList(),
    counties: t.stringList({ description: 'Such as "Denver County, CO".' }),
    states: t.stringList({ description: 'Two-letter state codes.' }),
  }),
});

export const EligibilityRulesInput = builder.inputType('EligibilityRulesInput', {
  description: 'Structured eligibility; a missing rule means no restriction. Replaces all rules.',
  fields: (t) => ({
    minAge: t.int(),
    maxAge: t.int(),
    incomeLimitFplPercent: t.float({ description: 'Income limit, % of the poverty guideline.' }),
    residency: t.field({ type: ResidencyInput }),
    genders: t.stringList({ description: 'female, male and/or nonbinary.' }),
    veteranOnly: t.boolean(),
    documentsRequired: t.stringList(),
    description: t.string(),
  }),
});

export const CostOptionInput = builder.inputType('CostOptionInput', {
  fields: (t) => ({
    option: t.string(),
    currency: t.string({ description: 'ISO 4217, such as USD.' }),
    amount: t.float(),
    amountDescription: t.string(),
    validFrom: t.string(),
    validTo: t.string(),
  }),
});

/** What a listing says beyond its name: the same inputs for editing and for creating it. */
function listingFields(t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) {
  return {
    description: t.string(),
    status: t.field({ type: ServiceStatusEnum }),
    phones: t.field({ type: [PhoneInput] }),
    schedules: t.field({ type: [ScheduleInput] }),
    eligibility: t.field({ type: EligibilityRulesInput }),
    languages: t.stringList({ description: 'ISO 639 codes.' }),
    costs: t.field({ type: [CostOptionInput] }),
    requiredDocuments: t.stringList(),
    categories: t.stringList({ description: 'Need category codes.' }),
  };
}

const UpdateServiceInput = builder.inputType('UpdateServiceInput', {
  description: 'Fields to replace; a field left out stays as it is. Lists replace the whole list.',
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    expectedLastModified: t.string({
      description: 'The lastModified you read; a later change by someone else is a CONFLICT.',
    }),
    name: t.string(),
    ...listingFields(t),
  }),
});

builder.mutationField('updateService', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description:
      'Edits a listing as its agency; also confirms it accurate today and logs each change.',
    args: { input: t.arg({ type: UpdateServiceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const saved = await updateService(ctx.deps, ctx.actor, {
        ...args.input,
        serviceId: String(args.input.serviceId),
      });
      return getService(ctx.deps, saved.id);
    },
  }),
);

builder.mutationField('confirmServiceAccurate', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description: 'Confirms a listing is accurate as it stands (its agency).',
    args: { serviceId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const saved = await confirmServiceAccurate(ctx.deps, ctx.actor, String(args.serviceId));
      return getService(ctx.deps, saved.id);
    },
  }),
);

const SetServiceCapacityInput = builder.inputType('SetServiceCapacityInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    status: t.field({ type: CapacityStatusEnum, required: true }),
    count: t.int(),
    unit: t.string({ description: 'Such as beds or appointments.' }),
    note: t.string(),
  }),
});

builder.mutationField('setServiceCapacity', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description: 'Publishes a listing’s capacity now (its agency).',
    args: { input: t.arg({ type: SetServiceCapacityInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const saved = await setServiceCapacity(ctx.deps, ctx.actor, {
        ...args.input,
        serviceId: String(args.input.serviceId),
      });
      return getService(ctx.deps, saved.id);
    },
  }),
);

const CreateServiceInput = builder.inputType('CreateServiceInput', {
  description: 'A new listing; fields left out take defaults (active, no hours, no rules).',
  fields: (t) => ({
    organizationId: t.id({
      description: 'Your organization (default) or one your agency claimed.',
    }),
    name: t.string({ required: true }),
    ...listingFields(t),
  }),
});

builder.mutationField('createService', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description:
      'Lists a new service for your organization (or one your agency claimed); link its sites ' +
      'with linkServiceLocation.',
    args: { input: t.arg({ type: CreateServiceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { organizationId, ...rest } = args.input;
      const saved = await createService(ctx.deps, ctx.actor, {
        ...rest,
        organizationId: organizationId == null ? null : String(organizationId),
      });
      return getService(ctx.deps, saved.id);
    },
  }),
);

builder.mutationField('retireService', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: ServiceRef,
    description:
      'Retires a listing (its agency): inactive, kept for history, and out of search results.',
    args: { serviceId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const saved = await retireService(ctx.deps, ctx.actor, String(args.serviceId));
      return getService(ctx.deps, saved.id);
    },
  }),
);

const ListingChangeRef = builder.objectRef<ListingChange>('ListingChange').implement({
  description: 'One changed field of a listing (after HSDS metadata); values are JSON text.',
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.field({ type: 'DateTime', resolve: (c) => c.at }),
    resourceId: t.exposeID('resourceId'),
    resourceType: t.exposeString('resourceType', {
      description: 'service, location or organization.',
    }),
    actionType: t.exposeString('actionType', { description: 'create or update.' }),
    fieldName: t.exposeString('fieldName', { description: 'HSDS field name.' }),
    previousValue: t.exposeString('previousValue', { nullable: true }),
    replacementValue: t.exposeString('replacementValue', { nullable: true }),
    updatedBy: t.exposeString('updatedBy', { description: 'Email of who made the change.' }),
  }),
});

const ListingChangeEdgeRef = builder
  .objectRef<ListingChangePage['edges'][number]>('ListingChangeEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: ListingChangeRef, resolve: (e) => e.node }),
    }),
  });

const ListingChangeConnectionRef = builder
  .objectRef<ListingChangePage>('ListingChangeConnection')
  .implement({
    description: 'A page of a listing’s changes, newest first.',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      edges: t.field({ type: [ListingChangeEdgeRef], resolve: (p) => p.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (p) => p.pageInfo }),
    }),
  });

builder.queryField('listingChanges', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ListingChangeConnectionRef,
    description:
      'The latest changes of a service (its sites included), a location or an organization, ' +
      'newest first; give one id (the agency that keeps it and network admins).',
    args: {
      serviceId: t.arg.id(),
      locationId: t.arg.id(),
      organizationId: t.arg.id(),
      first: t.arg.int({ description: '1–100 (default 20).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listListingChanges(ctx.deps, ctx.actor, {
        serviceId: args.serviceId == null ? null : String(args.serviceId),
        locationId: args.locationId == null ? null : String(args.locationId),
        organizationId: args.organizationId == null ? null : String(args.organizationId),
        first: args.first,
        after: args.after,
      }),
  }),
);

const StaleListingRef = builder.objectRef<StaleListing>('StaleListing').implement({
  description: 'A listed service nobody confirmed within STALE_AFTER_DAYS.',
  fields: (t) => ({
    serviceId: t.exposeID('serviceId'),
    name: t.exposeString('name'),
    organizationId: t.exposeID('organizationId'),
    assuredDate: t.exposeString('assuredDate', { nullable: true }),
    assurerEmail: t.exposeString('assurerEmail', { nullable: true }),
  }),
});

const StaleListingEdgeRef = builder
  .objectRef<Page<StaleListing>['edges'][number]>('StaleListingEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: StaleListingRef, resolve: (e) => e.node }),
    }),
  });

const StaleListingConnectionRef = builder
  .objectRef<Page<StaleListing>>('StaleListingConnection')
  .implement({
    description: 'A page of stale listings, never-confirmed and oldest first.',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      edges: t.field({ type: [StaleListingEdgeRef], resolve: (p) => p.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (p) => p.pageInfo }),
    }),
  });

builder.queryField('staleListings', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: StaleListingConnectionRef,
    description: 'Listings not confirmed within the stale period, oldest first (network admins).',
    args: {
      first: t.arg.int({ description: '1–100 (default 20).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listStaleListings(ctx.deps, ctx.actor, { first: args.first, after: args.after }),
  }),
);

const ListingConfirmationRequestRef = builder
  .objectRef<ConfirmationRequest>('ListingConfirmationRequest')
  .implement({
    description: 'A queued “still accurate?” email to the agency that keeps a listing.',
    fields: (t) => ({
      serviceId: t.exposeID('serviceId'),
      recipients: t.exposeInt('recipients', { description: 'How many addresses were emailed.' }),
      expiresAt: t.field({
        type: 'DateTime',
        description: 'When the link in the email stops working.',
        resolve: (r) => r.expiresAt,
      }),
    }),
  });

builder.mutationField('requestListingConfirmation', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: ListingConfirmationRequestRef,
    description:
      'Emails the agency that keeps a listing a signed link that confirms it is still accurate ' +
      'without signing in: to the organization’s email, else its staff (network admins).',
    args: { serviceId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      requestListingConfirmation(ctx.deps, ctx.actor, String(args.serviceId)),
  }),
);
