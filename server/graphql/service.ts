import type { ContactPhone } from '../domain/directory/contact-phones.ts';
import { languageName } from '../domain/directory/languages.ts';
import type { LocationSummary } from '../domain/directory/search-documents.ts';
import {
  getService,
  type ServiceView,
  serviceHours,
  serviceOpenStatus,
} from '../domain/directory/service-view.ts';
import { categoryName } from '../domain/directory/taxonomy.ts';
import { builder } from './builder.ts';
import { OpenStatusRef } from './open-status.ts';
import { ServiceHoursRef } from './service-hours.ts';

type AddressShape = NonNullable<LocationSummary['address']>;

export const AddressRef = builder.objectRef<AddressShape>('Address').implement({
  description: 'A street address (HSDS address).',
  fields: (t) => ({
    address1: t.exposeString('address_1'),
    city: t.exposeString('city'),
    stateProvince: t.exposeString('state_province'),
    postalCode: t.exposeString('postal_code'),
  }),
});

const PhoneRef = builder
  .objectRef<{
    number: string;
    extension?: number | null;
    type?: string | null;
    description?: string | null;
  }>('Phone')
  .implement({
    description: 'A phone number (HSDS phone).',
    fields: (t) => ({
      number: t.exposeString('number'),
      extension: t.int({ nullable: true, resolve: (p) => p.extension ?? null }),
      type: t.string({ nullable: true, resolve: (p) => p.type ?? null }),
      description: t.string({ nullable: true, resolve: (p) => p.description ?? null }),
    }),
  });

const PhoneSourceEnum = builder.enumType('PhoneSource', {
  description:
    'What a number belongs to: the service itself, one of its locations, or its organization.',
  values: ['SERVICE', 'LOCATION', 'ORGANIZATION'] as const,
});

const ContactPhoneRef = builder.objectRef<ContactPhone>('ContactPhone').implement({
  description: 'A number to call about a service, with what it belongs to.',
  fields: (t) => ({
    number: t.exposeString('number'),
    extension: t.exposeInt('extension', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    source: t.field({ type: PhoneSourceEnum, resolve: (p) => p.source }),
  }),
});

export const LocationRef = builder.objectRef<LocationSummary>('Location').implement({
  description: 'A place where services are offered (HSDS location).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { nullable: true }),
    latitude: t.exposeFloat('latitude', { nullable: true }),
    longitude: t.exposeFloat('longitude', { nullable: true }),
    coordinatesApproximate: t.exposeBoolean('coordinatesApproximate', {
      description: 'True when the point was estimated from the postal code.',
    }),
    address: t.expose('address', { type: AddressRef, nullable: true }),
    phones: t.field({ type: [PhoneRef], resolve: (l) => l.phones ?? [] }),
  }),
});

export const CategoryRef = builder.objectRef<{ code: string }>('Category').implement({
  description: 'A need category of the Wayfinder taxonomy (`food`, `housing`, ...).',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.string({ resolve: (c) => categoryName(c.code) ?? c.code }),
  }),
});

export const LanguageRef = builder.objectRef<{ code: string }>('Language').implement({
  description: 'A language, by ISO 639 code.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.string({ resolve: (l) => languageName(l.code) ?? l.code }),
  }),
});

const OrganizationSummaryRef = builder
  .objectRef<NonNullable<ServiceView['organization']>>('OrganizationSummary')
  .implement({
    description: 'The organization that provides a service.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      phones: t.field({ type: [PhoneRef], resolve: (o) => o.phones }),
    }),
  });

const FreshnessRef = builder.objectRef<ServiceView['freshness']>('Freshness').implement({
  description: 'How recently the listing was confirmed accurate (HSDS assured_date).',
  fields: (t) => ({
    assuredDate: t.exposeString('assuredDate', { nullable: true }),
    stale: t.exposeBoolean('stale', {
      description: 'Not confirmed within the stale period; ranked lower, never hidden.',
    }),
  }),
});

export const ServiceRef = builder.objectRef<ServiceView>('Service').implement({
  description: 'A service an organization offers (HSDS service).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    alternateName: t.exposeString('alternateName', { nullable: true }),
    description: t.exposeString('description'),
    status: t.exposeString('status', {
      description: 'HSDS status: active, inactive, defunct or temporarily closed.',
    }),
    url: t.exposeString('url', { nullable: true, description: 'The service’s website.' }),
    email: t.exposeString('email', { nullable: true, description: 'The service’s email address.' }),
    contactPhones: t.field({
      type: [ContactPhoneRef],
      description:
        'Every number to call about the service, most specific first: the service’s own, then ' +
        'its locations’, then its organization’s (each number once).',
      resolve: (s) => s.contactPhones,
    }),
    organization: t.expose('organization', { type: OrganizationSummaryRef, nullable: true }),
    acceptsReferrals: t.exposeBoolean('acceptsReferrals', {
      description:
        'Its agency is on the referral network, so a coordinator can send it a referral. ' +
        'Otherwise call, visit or share the listing instead.',
    }),
    categories: t.field({
      type: [CategoryRef],
      resolve: (s) => s.categories.map((code) => ({ code })),
    }),
    languages: t.field({
      type: [LanguageRef],
      resolve: (s) => s.languages.map((code) => ({ code })),
    }),
    costs: t.exposeStringList('costs', { description: 'FREE, SLIDING_SCALE, FEE or INSURANCE.' }),
    locations: t.expose('locations', { type: [LocationRef] }),
    freshness: t.expose('freshness', { type: FreshnessRef }),
    hoursSummary: t.string({
      nullable: true,
      description: 'Regular weekly hours in words (English); null without regular weekly hours.',
      resolve: (s, _args, ctx) => serviceHours(s, ctx.deps.clock.now()).summary,
    }),
    hours: t.field({
      type: ServiceHoursRef,
      description:
        'Hours of the service’s first site (a search hit: its site), from what openStatus reads.',
      resolve: (s, _args, ctx) => serviceHours(s, ctx.deps.clock.now()),
    }),
    eligibilityDescription: t.string({
      nullable: true,
      resolve: (s) => s.detail?.eligibilityDescription ?? null,
    }),
    requiredDocuments: t.stringList({ resolve: (s) => s.detail?.requiredDocuments ?? [] }),
    applicationProcess: t.string({
      nullable: true,
      resolve: (s) => s.detail?.applicationProcess ?? null,
    }),
    feesDescription: t.string({
      nullable: true,
      resolve: (s) => s.detail?.feesDescription ?? null,
    }),
    phones: t.field({
      type: [PhoneRef],
      description: 'The service’s own numbers (detail view only); see contactPhones for all.',
      resolve: (s) => s.detail?.phones ?? [],
    }),
    openStatus: t.field({
      type: OpenStatusRef,
      description: 'Open or closed now at the service’s first site (a search hit: its site).',
      resolve: (s, _args, ctx) => serviceOpenStatus(s, ctx.deps.clock.now()),
    }),
  }),
});

builder.queryField('service', (t) =>
  t.field({
    type: ServiceRef,
    description: 'One service by id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getService(ctx.deps, String(args.id)),
  }),
);
