import type { Organization } from '../domain/directory/records.ts';
import { getOrganization } from '../domain/directory/service-view.ts';
import { isOrganizationClaimable } from '../domain/listings/claims.ts';
import { builder } from './builder.ts';

const OrganizationRef = builder.objectRef<Organization>('Organization').implement({
  description: 'An organization that provides services (HSDS organization).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    alternateName: t.string({ nullable: true, resolve: (o) => o.alternate_name ?? null }),
    description: t.exposeString('description'),
    website: t.string({ nullable: true, resolve: (o) => o.website ?? null }),
    email: t.string({ nullable: true, resolve: (o) => o.email ?? null }),
    claimable: t.boolean({
      description:
        'Nobody on the network keeps its listings, so an agency may claim it (see claimOrganization).',
      resolve: (o, _args, ctx) => isOrganizationClaimable(ctx.deps, o.id),
    }),
  }),
});

builder.queryField('organization', (t) =>
  t.field({
    type: OrganizationRef,
    description: 'One organization by id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getOrganization(ctx.deps, String(args.id)),
  }),
);
