import {
  type ClientRecord,
  createClient,
  findClients,
  getClient,
  updateClient,
} from '../domain/clients/clients.ts';
import {
  type Consent,
  isConsentActive,
  listClientConsents,
  recordConsent,
  revokeConsent,
} from '../domain/clients/consent.ts';
import { builder } from './builder.ts';

const ConsentFieldEnum = builder.enumType('ConsentField', {
  description: 'A fact about the client that a consent lets the agency see.',
  values: {
    NAME: { value: 'name' },
    DATE_OF_BIRTH: { value: 'dateOfBirth' },
    PHONE: { value: 'phone' },
    EMAIL: { value: 'email' },
    PREFERRED_LANGUAGE: { value: 'preferredLanguage' },
    POSTAL_CODE: { value: 'postalCode' },
    HOUSEHOLD_SIZE: { value: 'householdSize' },
    ANNUAL_INCOME: { value: 'annualIncome' },
    NOTES: { value: 'notes' },
  } as const,
});

const ConsentMethodEnum = builder.enumType('ConsentMethod', {
  description: 'How the consent was given.',
  values: ['VERBAL', 'WRITTEN', 'ELECTRONIC'] as const,
});

export const ConsentRef = builder.objectRef<Consent>('Consent').implement({
  description:
    'A client’s permission to share named facts with one agency, until it expires or is revoked.',
  authScopes: { signedIn: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeID('clientId'),
    organizationId: t.exposeID('organizationId', {
      description: 'The coordinating organization that keeps the client record.',
    }),
    agencyOrganizationId: t.exposeID('agencyOrganizationId', {
      description: 'The agency the client agreed to share with.',
    }),
    method: t.field({ type: ConsentMethodEnum, resolve: (c) => c.method }),
    givenBy: t.exposeString('givenBy', {
      description: '"client" or a representative’s role (never a name).',
    }),
    recordedByUserId: t.exposeID('recordedByUserId'),
    recordedAt: t.field({ type: 'DateTime', resolve: (c) => c.recordedAt }),
    fields: t.field({ type: [ConsentFieldEnum], resolve: (c) => c.fields }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.revokedAt }),
    revokedByUserId: t.exposeID('revokedByUserId', { nullable: true }),
    active: t.boolean({
      description: 'In force now: neither revoked nor expired.',
      resolve: (c, _args, ctx) => isConsentActive(c, ctx.deps.clock.now()),
    }),
  }),
});

export const ClientRef = builder.objectRef<ClientRecord>('Client').implement({
  description:
    'A client record, kept by one coordinating organization and visible only to its coordinators.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    organizationId: t.exposeID('organizationId'),
    name: t.exposeString('name'),
    dateOfBirth: t.exposeString('dateOfBirth', { description: 'YYYY-MM-DD.' }),
    phone: t.exposeString('phone', { nullable: true, description: 'E.164, such as +13035550100.' }),
    email: t.exposeString('email', { nullable: true }),
    preferredLanguage: t.exposeString('preferredLanguage', {
      nullable: true,
      description: 'ISO 639 code.',
    }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    address: t.exposeString('address', {
      nullable: true,
      description: 'Street address; searches for this client start from it.',
    }),
    householdSize: t.exposeInt('householdSize', { nullable: true }),
    annualIncome: t.exposeFloat('annualIncome', {
      nullable: true,
      description: 'Household income per year, in US dollars.',
    }),
    notes: t.exposeString('notes', { nullable: true }),
    version: t.exposeInt('version', {
      description: 'Send it back as expectedVersion when updating.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (c) => c.updatedAt }),
    consents: t.field({
      type: [ConsentRef],
      description: 'Consents recorded for this client, newest first.',
      resolve: (c, _args, ctx) => listClientConsents(ctx.deps, c.id),
    }),
  }),
});

builder.queryField('client', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ClientRef,
    description: 'One client record of your organization (the read is audited).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getClient(ctx.deps, ctx.actor, String(args.id)),
  }),
);

const FindClientsInput = builder.inputType('FindClientsInput', {
  description: 'Exact match: a name with a date of birth, or a phone number.',
  fields: (t) => ({
    name: t.string(),
    dateOfBirth: t.string({ description: 'YYYY-MM-DD.' }),
    phone: t.string(),
  }),
});

builder.queryField('findClients', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: [ClientRef],
    description: 'Finds your organization’s clients by exact name and date of birth, or by phone.',
    args: { input: t.arg({ type: FindClientsInput, required: true }) },
    resolve: (_root, args, ctx) => findClients(ctx.deps, ctx.actor, args.input),
  }),
);

const CreateClientInput = builder.inputType('CreateClientInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    dateOfBirth: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    phone: t.string(),
    email: t.string(),
    preferredLanguage: t.string({ description: 'ISO 639 code, such as en or es.' }),
    postalCode: t.string(),
    address: t.string({ description: 'Street address, such as 1500 E Colfax Ave, Denver, CO.' }),
    householdSize: t.int(),
    annualIncome: t.float({ description: 'Household income per year, in US dollars.' }),
    notes: t.string({ description: 'At most 5,000 characters.' }),
  }),
});

builder.mutationField('createClient', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ClientRef,
    description: 'Saves a client record for your organization.',
    args: { input: t.arg({ type: CreateClientInput, required: true }) },
    resolve: (_root, args, ctx) => createClient(ctx.deps, ctx.actor, args.input),
  }),
);

const UpdateClientInput = builder.inputType('UpdateClientInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({
      required: true,
      description: 'The version you read; the update fails if the record has changed since.',
    }),
    name: t.string(),
    dateOfBirth: t.string({ description: 'YYYY-MM-DD.' }),
    phone: t.string(),
    email: t.string(),
    preferredLanguage: t.string(),
    postalCode: t.string(),
    address: t.string(),
    householdSize: t.int(),
    annualIncome: t.float(),
    notes: t.string(),
  }),
});

builder.mutationField('updateClient', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ClientRef,
    description: 'Changes a client record, if nobody changed it since you read it.',
    args: { input: t.arg({ type: UpdateClientInput, required: true }) },
    resolve: (_root, args, ctx) => updateClient(ctx.deps, ctx.actor, args.input),
  }),
);

const RecordConsentInput = builder.inputType('RecordConsentInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    agencyOrganizationId: t.id({ required: true }),
    method: t.field({ type: ConsentMethodEnum, required: true }),
    givenBy: t.string({
      required: true,
      description:
        'client, parent, legal_guardian, caregiver, authorized_representative or power_of_attorney.',
    }),
    fields: t.field({ type: [ConsentFieldEnum], required: true }),
    expiresAt: t.field({ type: 'DateTime', description: 'Leave out for no expiry.' }),
  }),
});

builder.mutationField('recordConsent', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ConsentRef,
    description: 'Records the client’s consent to share the chosen facts with one agency.',
    args: { input: t.arg({ type: RecordConsentInput, required: true }) },
    resolve: (_root, args, ctx) => recordConsent(ctx.deps, ctx.actor, args.input),
  }),
);

builder.mutationField('revokeConsent', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ConsentRef,
    description: 'Revokes a consent from now on; the agency no longer sees the shared facts.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeConsent(ctx.deps, ctx.actor, String(args.id)),
  }),
);
