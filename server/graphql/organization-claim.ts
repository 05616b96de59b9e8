import {
  approveOrganizationClaim,
  claimOrganization,
  claimStatuses,
  listOrganizationClaims,
  type OrganizationClaim,
  rejectOrganizationClaim,
} from '../domain/listings/claims.ts';
import { builder } from './builder.ts';

const ClaimStatusEnum = builder.enumType('OrganizationClaimStatus', {
  description: 'Where a claim stands: waiting for a network admin, approved or rejected.',
  values: claimStatuses,
});

const OrganizationClaimRef = builder.objectRef<OrganizationClaim>('OrganizationClaim').implement({
  description:
    'An agency’s claim to keep the listings of an imported organization that nobody on the ' +
    'network keeps; once a network admin approves it, the agency’s staff edit those listings.',
  fields: (t) => ({
    id: t.exposeID('id'),
    organizationId: t.exposeID('organizationId', { description: 'The claimed organization.' }),
    organizationName: t.exposeString('organizationName'),
    claimantOrganizationId: t.exposeID('claimantOrganizationId'),
    claimantOrganizationName: t.exposeString('claimantOrganizationName'),
    claimantEmail: t.exposeString('claimantEmail', { description: 'Who made the claim.' }),
    note: t.exposeString('note', { description: 'How the claimant is connected to it.' }),
    status: t.field({ type: ClaimStatusEnum, resolve: (c) => c.status }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.decidedAt }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was rejected.' }),
  }),
});

const ClaimOrganizationInput = builder.inputType('ClaimOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'The imported organization.' }),
    note: t.string({
      required: true,
      description: 'How your agency is connected to it, for the network admin who reviews it.',
    }),
  }),
});

builder.mutationField('claimOrganization', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: OrganizationClaimRef,
    description: 'Claims an imported organization nobody keeps, for your agency (agency staff).',
    args: { input: t.arg({ type: ClaimOrganizationInput, required: true }) },
    resolve: (_root, args, ctx) =>
      claimOrganization(ctx.deps, ctx.actor, {
        organizationId: String(args.input.organizationId),
        note: args.input.note,
      }),
  }),
);

builder.mutationField('approveOrganizationClaim', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: OrganizationClaimRef,
    description:
      'Approves a claim: the claimant keeps the organization’s listings (network admins).',
    args: { claimId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      approveOrganizationClaim(ctx.deps, ctx.actor, String(args.claimId)),
  }),
);

const RejectOrganizationClaimInput = builder.inputType('RejectOrganizationClaimInput', {
  fields: (t) => ({
    claimId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Shown to the claimant.' }),
  }),
});

builder.mutationField('rejectOrganizationClaim', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: OrganizationClaimRef,
    description: 'Rejects a claim with a reason (network admins).',
    args: { input: t.arg({ type: RejectOrganizationClaimInput, required: true }) },
    resolve: (_root, args, ctx) =>
      rejectOrganizationClaim(ctx.deps, ctx.actor, {
        claimId: String(args.input.claimId),
        reason: args.input.reason,
      }),
  }),
);

builder.queryField('organizationClaims', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [OrganizationClaimRef],
    description:
      'Claims on imported organizations, newest first: all of them for network admins, your ' +
      'own organization’s for anyone else.',
    args: {
      status: t.arg({ type: ClaimStatusEnum }),
      first: t.arg.int({ description: '1–100 (default 20).' }),
    },
    resolve: (_root, args, ctx) =>
      listOrganizationClaims(ctx.deps, ctx.actor, { status: args.status, first: args.first }),
  }),
);
