import { canReadClient } from '../domain/accounts/policy.ts';
import { getMember } from '../domain/accounts/users.ts';
import { getClient } from '../domain/clients/clients.ts';
import { sharedClientFields } from '../domain/clients/consent.ts';
import { getService } from '../domain/directory/service-view.ts';
import { NotFoundError } from '../domain/errors.ts';
import { serviceCapacityNow } from '../domain/listings/service-capacity.ts';
import { canSeeReferral, sidesOf } from '../domain/referrals/access.ts';
import { findAlternatives } from '../domain/referrals/alternatives.ts';
import { createReferral } from '../domain/referrals/create-referral.ts';
import {
  isOverdue,
  listReferrals,
  type ReferralPage,
  respondBy,
} from '../domain/referrals/list-referrals.ts';
import { listMessages, postMessage, type ReferralMessage } from '../domain/referrals/messages.ts';
import {
  outcomes,
  reasonCodes,
  referralStatuses,
  urgencies,
} from '../domain/referrals/state-machine.ts';
import type { Referral, ReferralEvent, ReferralReason } from '../domain/referrals/store.ts';
import { transitionReferral } from '../domain/referrals/transition-referral.ts';
import { getReferral } from '../domain/referrals/visible-referral.ts';
import { builder } from './builder.ts';
import type { GraphQLContext } from './context.ts';
import { CapacityRef } from './listing.ts';
import { CategoryRef, ServiceRef } from './service.ts';

export const ReferralStatusEnum = builder.enumType('ReferralStatus', {
  description:
    'Lifecycle of a referral (after the HL7 SDOH referral Task): DRAFT → SENT → ACCEPTED | ' +
    'REJECTED; ACCEPTED → IN_PROGRESS → COMPLETED | FAILED; ON_HOLD resumes to the state it was ' +
    'held from; CANCELLED by the referring side from any state that is not final.',
  values: referralStatuses,
});

const ReasonCodeEnum = builder.enumType('ReferralReasonCode', {
  description: 'Why a referral was rejected, failed, held or cancelled.',
  values: reasonCodes,
});

const OutcomeEnum = builder.enumType('ReferralOutcome', {
  description: 'What the client got from a completed referral.',
  values: outcomes,
});

const UrgencyEnum = builder.enumType('ReferralUrgency', { values: urgencies });

const EventKindEnum = builder.enumType('ReferralEventKind', {
  description: 'CREATED and TRANSITION change the status; RECEIVED records the agency opening it.',
  values: ['CREATED', 'TRANSITION', 'RECEIVED'] as const,
});

const PartyRef = builder.objectRef<{ id: string }>('ReferralParty').implement({
  description: 'An organization on one side of a referral.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.string({
      resolve: async (party, _args, ctx) => {
        try {
          return (await getMember(ctx.deps, party.id)).name;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          const org = await ctx.deps.db.models.Organization.collection.findOne({
            _id: party.id as never,
          });
          return org ? String(org.name) : party.id;
        }
      },
    }),
  }),
});

const ReasonRef = builder.objectRef<ReferralReason>('ReferralReason').implement({
  fields: (t) => ({
    code: t.field({ type: ReasonCodeEnum, resolve: (r) => r.code }),
    text: t.exposeString('text', { nullable: true }),
  }),
});

const EventRef = builder.objectRef<ReferralEvent>('ReferralEvent').implement({
  description: 'One immutable entry of a referral’s history, in version order.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    kind: t.field({ type: EventKindEnum, resolve: (e) => e.kind }),
    at: t.field({ type: 'DateTime', resolve: (e) => new Date(e.at) }),
    by: t.field({
      type: PartyRef,
      description: 'The organization of the person who made the change.',
      resolve: (e) => ({ id: e.actorOrganizationId }),
    }),
    actorUserId: t.exposeID('actorUserId'),
    from: t.field({ type: ReferralStatusEnum, nullable: true, resolve: (e) => e.from }),
    to: t.field({ type: ReferralStatusEnum, resolve: (e) => e.to }),
    reason: t.field({ type: ReasonRef, nullable: true, resolve: (e) => e.reason }),
    outcome: t.field({ type: OutcomeEnum, nullable: true, resolve: (e) => e.outcome }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

type ClientView = {
  id: string;
  name?: string | null;
  dateOfBirth?: string | null;
  phone?: string | null;
  email?: string | null;
  preferredLanguage?: string | null;
  postalCode?: string | null;
  address?: string | null;
  householdSize?: number | null;
  annualIncome?: number | null;
};

const ReferralClientRef = builder.objectRef<ClientView>('ReferralClient').implement({
  description:
    'The client as this viewer may see them: the referring side sees its record; the agency sees ' +
    'only the fields the client consented to share (others are null).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.string({ nullable: true, resolve: (c) => c.name ?? null }),
    dateOfBirth: t.string({ nullable: true, resolve: (c) => c.dateOfBirth ?? null }),
    phone: t.string({ nullable: true, resolve: (c) => c.phone ?? null }),
    email: t.string({ nullable: true, resolve: (c) => c.email ?? null }),
    preferredLanguage: t.string({ nullable: true, resolve: (c) => c.preferredLanguage ?? null }),
    postalCode: t.string({ nullable: true, resolve: (c) => c.postalCode ?? null }),
    address: t.string({ nullable: true, resolve: (c) => c.address ?? null }),
    householdSize: t.int({ nullable: true, resolve: (c) => c.householdSize ?? null }),
    annualIncome: t.float({ nullable: true, resolve: (c) => c.annualIncome ?? null }),
  }),
});

const MessageRef = builder.objectRef<ReferralMessage>('ReferralMessage').implement({
  description: 'A message between the two sides of a referral.',
  fields: (t) => ({
    id: t.exposeID('id'),
    body: t.exposeString('body'),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => m.createdAt }),
    authorUserId: t.exposeID('authorUserId'),
    author: t.field({
      type: PartyRef,
      description: 'The organization the author wrote for.',
      resolve: (m) => ({ id: m.authorOrganizationId }),
    }),
  }),
});

type PageInfoShape = { hasNextPage: boolean; endCursor: string | null };

const ReferralPageInfoRef = builder.objectRef<PageInfoShape>('ReferralPageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

type MessagePage = Awaited<ReturnType<typeof listMessages>>;

const MessageEdgeRef = builder
  .objectRef<MessagePage['edges'][number]>('ReferralMessageEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: MessageRef, resolve: (e) => e.node }),
    }),
  });

const MessageConnectionRef = builder.objectRef<MessagePage>('ReferralMessageConnection').implement({
  description: 'A page of a referral’s messages, oldest first.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount'),
    edges: t.field({ type: [MessageEdgeRef], resolve: (p) => p.edges }),
    pageInfo: t.field({ type: ReferralPageInfoRef, resolve: (p) => p.pageInfo }),
  }),
});

type Alternative = Awaited<ReturnType<typeof findAlternatives>>[number];

const AlternativeRef = builder.objectRef<Alternative>('ReferralAlternative').implement({
  description: 'Another service that could meet the same needs.',
  fields: (t) => ({
    distanceKm: t.exposeFloat('distanceKm', {
      nullable: true,
      description: 'From the client’s postal code, when known.',
    }),
    service: t.field({ type: ServiceRef, resolve: (a) => a.node }),
  }),
});

async function clientFor(ctx: GraphQLContext, referral: Referral): Promise<ClientView | null> {
  const actor = ctx.actor;
  if (!actor) return null;
  if (
    sidesOf(actor, referral).includes('referring') &&
    canReadClient(actor, { organizationId: referral.referringOrganizationId })
  ) {
    return getClient(ctx.deps, actor, referral.clientId);
  }
  const shared = await sharedClientFields(ctx.deps, actor, {
    clientId: referral.clientId,
    consentId: referral.consentId,
  });
  return shared ? { ...shared, id: referral.clientId } : null;
}

export const ReferralRef = builder.objectRef<Referral>('Referral').implement({
  description:
    'A closed-loop referral of a client from a coordinating organization to an agency’s service. ' +
    'Visible only to those two organizations.',
  // Checked per object as well as in the domain, so a referral can never leak through a field.
  authScopes: (referral, ctx) => (ctx.actor ? canSeeReferral(ctx.actor, referral) : false),
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version', {
      description: 'Raised by every change; pass it back as expectedVersion.',
    }),
    status: t.field({ type: ReferralStatusEnum, resolve: (r) => r.status }),
    heldFrom: t.field({
      type: ReferralStatusEnum,
      nullable: true,
      description: 'While ON_HOLD: the status it resumes to.',
      resolve: (r) => r.heldFrom,
    }),
    needs: t.field({ type: [CategoryRef], resolve: (r) => r.needs.map((code) => ({ code })) }),
    urgency: t.field({ type: UrgencyEnum, resolve: (r) => r.urgency }),
    note: t.exposeString('note', { nullable: true }),
    overdue: t.boolean({
      description: 'Sent and not answered within the network’s response time.',
      resolve: (r, _args, ctx) =>
        isOverdue(r, ctx.deps.clock.now(), ctx.deps.settings.referralResponseHours),
    }),
    respondBy: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'While SENT: when the agency must answer (sentAt plus the network’s response time); ' +
        'past it the referral is overdue.',
      resolve: (r, _args, ctx) => respondBy(r, ctx.deps.settings.referralResponseHours),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (r) => r.updatedAt }),
    sentAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.sentAt }),
    receivedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the agency first opened it.',
      resolve: (r) => r.receivedAt,
    }),
    respondedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the agency first accepted, rejected or held it.',
      resolve: (r) => r.respondedAt,
    }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.closedAt }),
    reason: t.field({
      type: ReasonRef,
      nullable: true,
      description: 'Why it is rejected, failed, on hold or cancelled.',
      resolve: (r) => r.reason,
    }),
    outcome: t.field({ type: OutcomeEnum, nullable: true, resolve: (r) => r.outcome }),
    service: t.field({
      type: ServiceRef,
      nullable: true,
      description: 'Null when the service has since left the directory.',
      resolve: async (r, _args, ctx) => {
        try {
          return await getService(ctx.deps, r.serviceId);
        } catch (error) {
          if (error instanceof NotFoundError) return null;
          throw error;
        }
      },
    }),
    serviceCapacity: t.field({
      type: CapacityRef,
      nullable: true,
      description:
        'The target service’s capacity now, while current; null when its agency published none, ' +
        'it expired or the service left the directory. NO_CAPACITY or WAITLIST warns, never blocks.',
      resolve: (r, _args, ctx) => serviceCapacityNow(ctx.deps, r.serviceId),
    }),
    serviceAtLocationId: t.exposeID('serviceAtLocationId', { nullable: true }),
    referringOrganization: t.field({
      type: PartyRef,
      resolve: (r) => ({ id: r.referringOrganizationId }),
    }),
    receivingOrganization: t.field({
      type: PartyRef,
      resolve: (r) => ({ id: r.receivingOrganizationId }),
    }),
    history: t.field({ type: [EventRef], resolve: (r) => r.history }),
    client: t.field({
      type: ReferralClientRef,
      nullable: true,
      description: 'Null for the agency once the consent is revoked or expired.',
      resolve: (r, _args, ctx) => clientFor(ctx, r),
    }),
    messages: t.withAuth({ signedIn: true }).field({
      type: MessageConnectionRef,
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: (r, args, ctx) =>
        listMessages(ctx.deps, ctx.actor, r.id, { first: args.first, after: args.after }),
    }),
    alternatives: t.withAuth({ coordinator: true }).field({
      type: [AlternativeRef],
      description:
        'For a rejected or failed referral: other services for the same needs near the client ' +
        '(referring side only; empty for other statuses).',
      args: { first: t.arg.int({ description: '1–20 (default 5).' }) },
      resolve: (r, args, ctx) => findAlternatives(ctx.deps, ctx.actor, r.id, { first: args.first }),
    }),
  }),
});

const ReferralEdgeRef = builder.objectRef<ReferralPage['edges'][number]>('ReferralEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ReferralRef, resolve: (e) => e.node }),
  }),
});

const ReferralConnectionRef = builder.objectRef<ReferralPage>('ReferralConnection').implement({
  description: 'A page of referrals: overdue first, then the most urgent, then newest first.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount'),
    edges: t.field({ type: [ReferralEdgeRef], resolve: (p) => p.edges }),
    pageInfo: t.field({ type: ReferralPageInfoRef, resolve: (p) => p.pageInfo }),
  }),
});

const ReferralFilterInput = builder.inputType('ReferralFilter', {
  fields: (t) => ({
    status: t.field({ type: ReferralStatusEnum }),
    overdueOnly: t.boolean({ description: 'Only sent referrals past the response time.' }),
  }),
});

builder.queryField('referral', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReferralRef,
    description:
      'One referral your organization made or received. Another organization’s referral is ' +
      'NOT_FOUND, so its existence is not revealed. The agency’s first read marks it received.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getReferral(ctx.deps, ctx.actor, String(args.id)),
  }),
);

builder.queryField('referrals', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReferralConnectionRef,
    description:
      'Referrals your organization made (coordinators) or received (agency staff); org admins see both.',
    args: {
      filter: t.arg({ type: ReferralFilterInput }),
      first: t.arg.int({ description: '1–100 (default 20).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listReferrals(ctx.deps, ctx.actor, {
        status: args.filter?.status,
        overdueOnly: args.filter?.overdueOnly,
        first: args.first,
        after: args.after,
      }),
  }),
);

const CreateReferralInput = builder.inputType('CreateReferralInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    consentId: t.id({ required: true }),
    serviceId: t.id({ required: true }),
    serviceAtLocationId: t.id(),
    needs: t.stringList({ required: true, description: 'Need category codes.' }),
    urgency: t.field({ type: UrgencyEnum, required: true }),
    note: t.string({ description: 'For the agency, at most 2000 characters.' }),
    idempotencyKey: t.string({
      required: true,
      description: 'Unique per referral; a retry with the same key returns the same referral.',
    }),
    send: t.boolean({ description: 'Send at once (needs an active consent); else a draft.' }),
  }),
});

builder.mutationField('createReferral', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ReferralRef,
    description: 'Refers a client to a service (coordinators and org admins).',
    args: { input: t.arg({ type: CreateReferralInput, required: true }) },
    resolve: (_root, args, ctx) =>
      createReferral(ctx.deps, ctx.actor, {
        ...args.input,
        clientId: String(args.input.clientId),
        consentId: String(args.input.consentId),
        serviceId: String(args.input.serviceId),
        serviceAtLocationId:
          args.input.serviceAtLocationId == null ? null : String(args.input.serviceAtLocationId),
      }),
  }),
);

const TransitionReferralInput = builder.inputType('TransitionReferralInput', {
  fields: (t) => ({
    referralId: t.id({ required: true }),
    expectedVersion: t.int({
      required: true,
      description: 'The version you last saw; a newer change makes this a CONFLICT.',
    }),
    to: t.field({ type: ReferralStatusEnum, required: true }),
    reasonCode: t.field({
      type: ReasonCodeEnum,
      description: 'Required for REJECTED, FAILED, ON_HOLD and CANCELLED.',
    }),
    reasonText: t.string({
      description: 'Required when reasonCode is OTHER; at most 500 characters.',
    }),
    outcome: t.field({ type: OutcomeEnum, description: 'Required for COMPLETED.' }),
    note: t.string({ description: 'At most 2000 characters.' }),
  }),
});

builder.mutationField('transitionReferral', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReferralRef,
    description:
      'Moves a referral: the referring side sends and cancels; the receiving agency accepts, ' +
      'rejects, starts, holds, resumes, completes and fails.',
    args: { input: t.arg({ type: TransitionReferralInput, required: true }) },
    resolve: (_root, args, ctx) =>
      transitionReferral(ctx.deps, ctx.actor, {
        ...args.input,
        referralId: String(args.input.referralId),
      }),
  }),
);

const PostReferralMessageInput = builder.inputType('PostReferralMessageInput', {
  fields: (t) => ({
    referralId: t.id({ required: true }),
    body: t.string({ required: true, description: 'At most 4000 characters.' }),
  }),
});

builder.mutationField('postReferralMessage', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: MessageRef,
    description: 'Writes to the other side of a referral.',
    args: { input: t.arg({ type: PostReferralMessageInput, required: true }) },
    resolve: (_root, args, ctx) =>
      postMessage(ctx.deps, ctx.actor, {
        referralId: String(args.input.referralId),
        body: args.input.body,
      }),
  }),
);
