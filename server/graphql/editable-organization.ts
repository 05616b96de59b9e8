import type { Organization } from '../domain/directory/records.ts';
import { updateOrganization } from '../domain/listings/edit-organization.ts';
import { builder } from './builder.ts';
import { PhoneInput } from './listing.ts';

const EditableOrganizationPhoneRef = builder
  .objectRef<Organization['phones'][number]>('EditableOrganizationPhone')
  .implement({
    fields: (t) => ({
      number: t.exposeString('number'),
      extension: t.int({ nullable: true, resolve: (p) => p.extension ?? null }),
      type: t.string({ nullable: true, resolve: (p) => p.type ?? null }),
      description: t.string({ nullable: true, resolve: (p) => p.description ?? null }),
    }),
  });

const EditableOrganizationRef = builder.objectRef<Organization>('EditableOrganization').implement({
  description:
    'An organization’s own record (HSDS organization) as the agency keeping it edits it.',
  authScopes: { agencyStaff: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    email: t.string({ nullable: true, resolve: (o) => o.email ?? null }),
    website: t.string({ nullable: true, resolve: (o) => o.website ?? null }),
    phones: t.field({ type: [EditableOrganizationPhoneRef], resolve: (o) => o.phones }),
    lastModified: t.string({ nullable: true, resolve: (o) => o.last_modified ?? null }),
  }),
});

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Fields to replace; a field left out stays as it is; "" clears email or website.',
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    name: t.string(),
    description: t.string(),
    email: t.string(),
    website: t.string({ description: 'Such as https://example.org.' }),
    phones: t.field({ type: [PhoneInput] }),
  }),
});

builder.mutationField('updateOrganization', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: EditableOrganizationRef,
    description:
      'Edits your organization’s own record (or one your agency claimed); its listings are ' +
      're-indexed and each change logged.',
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true }) },
    resolve: (_root, args, ctx) =>
      updateOrganization(ctx.deps, ctx.actor, {
        ...args.input,
        organizationId: String(args.input.organizationId),
      }),
  }),
);
