import type { CostOption, Phone, Schedule, Service } from '../domain/directory/records.ts';
import { currentCapacity } from '../domain/listings/capacity.ts';
import {
  getOwnService,
  listOwnServices,
  type OwnServicePage,
} from '../domain/listings/own-services.ts';
import { builder } from './builder.ts';
import { CapacityRef } from './listing.ts';
import { PageInfoRef } from './search.ts';

type EligibilityShape = NonNullable<Service['eligibility']>;

const EditablePhoneRef = builder.objectRef<Phone>('EditablePhone').implement({
  fields: (t) => ({
    number: t.exposeString('number'),
    extension: t.int({ nullable: true, resolve: (p) => p.extension ?? null }),
    type: t.string({ nullable: true, resolve: (p) => p.type ?? null }),
    description: t.string({ nullable: true, resolve: (p) => p.description ?? null }),
  }),
});

const EditableScheduleRef = builder.objectRef<Schedule>('EditableSchedule').implement({
  description: 'An HSDS schedule as stored: weekly or monthly hours, or a closure (holiday).',
  fields: (t) => ({
    validFrom: t.string({ nullable: true, resolve: (s) => s.valid_from ?? null }),
    validTo: t.string({ nullable: true, resolve: (s) => s.valid_to ?? null }),
    freq: t.string({ nullable: true, resolve: (s) => s.freq ?? null }),
    interval: t.int({ nullable: true, resolve: (s) => s.interval ?? null }),
    byday: t.string({ nullable: true, resolve: (s) => s.byday ?? null }),
    bymonthday: t.string({ nullable: true, resolve: (s) => s.bymonthday ?? null }),
    opensAt: t.string({ nullable: true, resolve: (s) => s.opens_at ?? null }),
    closesAt: t.string({ nullable: true, resolve: (s) => s.closes_at ?? null }),
    description: t.string({ nullable: true, resolve: (s) => s.description ?? null }),
    closed: t.boolean({ resolve: (s) => s.closed === true }),
  }),
});

const EditableEligibilityRef = builder
  .objectRef<EligibilityShape>('EditableEligibility')
  .implement({
    description: 'Structured eligibility as stored; a missing rule means no restriction.',
    fields: (t) => ({
      minAge: t.int({ nullable: true, resolve: (e) => e.min_age ?? null }),
      maxAge: t.int({ nullable: true, resolve: (e) => e.max_age ?? null }),
      incomeLimitFplPercent: t.float({
        nullable: true,
        resolve: (e) => e.income_limit_fpl_percent ?? null,
      }),
      postalCodes: t.stringList({ resolve: (e) => e.residency?.postal_codes ?? [] }),
      counties: t.stringList({ resolve: (e) => e.residency?.counties ?? [] }),
      states: t.stringList({ resolve: (e) => e.residency?.states ?? [] }),
      genders: t.stringList({ resolve: (e) => e.genders ?? [] }),
      veteranOnly: t.boolean({ resolve: (e) => e.veteran_only === true }),
      documentsRequired: t.stringList({ resolve: (e) => e.documents_required ?? [] }),
      description: t.string({ nullable: true, resolve: (e) => e.description ?? null }),
    }),
  });

const EditableCostOptionRef = builder.objectRef<CostOption>('EditableCostOption').implement({
  fields: (t) => ({
    option: t.string({ nullable: true, resolve: (c) => c.option ?? null }),
    currency: t.string({ nullable: true, resolve: (c) => c.currency ?? null }),
    amount: t.float({ nullable: true, resolve: (c) => c.amount ?? null }),
    amountDescription: t.string({ nullable: true, resolve: (c) => c.amount_description ?? null }),
    validFrom: t.string({ nullable: true, resolve: (c) => c.valid_from ?? null }),
    validTo: t.string({ nullable: true, resolve: (c) => c.valid_to ?? null }),
  }),
});

export const EditableServiceRef = builder.objectRef<Service>('EditableService').implement({
  description:
    'A listing as its agency edits it: the stored HSDS fields, in the shape updateService takes.',
  authScopes: { agencyStaff: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    status: t.exposeString('status', {
      description: 'active, inactive, defunct or temporarily closed.',
    }),
    lastModified: t.string({
      nullable: true,
      description: 'Send it back as expectedLastModified when updating.',
      resolve: (s) => s.last_modified ?? null,
    }),
    assuredDate: t.string({ nullable: true, resolve: (s) => s.assured_date ?? null }),
    assurerEmail: t.string({ nullable: true, resolve: (s) => s.assurer_email ?? null }),
    phones: t.field({ type: [EditablePhoneRef], resolve: (s) => s.phones }),
    schedules: t.field({ type: [EditableScheduleRef], resolve: (s) => s.schedules }),
    eligibility: t.field({
      type: EditableEligibilityRef,
      nullable: true,
      resolve: (s) => s.eligibility ?? null,
    }),
    languages: t.stringList({
      description: 'ISO 639 codes.',
      resolve: (s) => s.languages.map((l) => l.code).filter((c): c is string => Boolean(c)),
    }),
    costs: t.field({ type: [EditableCostOptionRef], resolve: (s) => s.cost_options }),
    requiredDocuments: t.stringList({
      resolve: (s) => s.required_documents.map((d) => d.document),
    }),
    categories: t.stringList({ resolve: (s) => s.categories }),
    capacity: t.field({
      type: CapacityRef,
      nullable: true,
      description: 'Published capacity while it is current.',
      resolve: (s, _args, ctx) =>
        currentCapacity(s.capacity, ctx.deps.clock.now(), ctx.deps.settings.capacityTtlHours),
    }),
  }),
});

const EditableServiceEdgeRef = builder
  .objectRef<OwnServicePage['edges'][number]>('EditableServiceEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: EditableServiceRef, resolve: (e) => e.node }),
    }),
  });

const EditableServiceConnectionRef = builder
  .objectRef<OwnServicePage>('EditableServiceConnection')
  .implement({
    description: 'A page of your organization’s listings, by name.',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      edges: t.field({ type: [EditableServiceEdgeRef], resolve: (p) => p.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (p) => p.pageInfo }),
    }),
  });

builder.queryField('myServices', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableServiceConnectionRef,
    description: 'The services your organization lists (agency staff and org admins).',
    args: {
      first: t.arg.int({ description: '1–100 (default 50).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listOwnServices(ctx.deps, ctx.actor, { first: args.first, after: args.after }),
  }),
);

builder.queryField('editableService', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableServiceRef,
    description: 'One of your organization’s listings, as stored, to edit it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getOwnService(ctx.deps, ctx.actor, String(args.id)),
  }),
);
