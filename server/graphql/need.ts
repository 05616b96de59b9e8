import type { NeedDomain } from '../domain/needs/domains.ts';
import {
  addNeed,
  changeNeedStatus,
  listNeeds,
  type Need,
  type NeedChange,
  needSources,
  needStatuses,
} from '../domain/needs/needs.ts';
import { suggestServices } from '../domain/needs/suggestions.ts';
import { builder } from './builder.ts';
import { ClientRef } from './client.ts';
import { NeedDomainEnum } from './need-domain.ts';
import { ConnectionRef } from './search.ts';

const NeedStatusEnum = builder.enumType('NeedStatus', {
  description: 'Where a need stands: open, addressed, or declined by the client.',
  values: needStatuses,
});

const NeedSourceEnum = builder.enumType('NeedSource', {
  description: 'What opened a need: a positive screening, or a coordinator by hand.',
  values: needSources,
});

const NeedChangeRef = builder.objectRef<NeedChange>('NeedChange').implement({
  description: 'One change of a need’s status.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (c) => c.at }),
    status: t.field({ type: NeedStatusEnum, resolve: (c) => c.status }),
    byUserId: t.exposeID('byUserId', {
      nullable: true,
      description: 'Null when the client’s own screening by link opened it.',
    }),
  }),
});

export const NeedRef = builder.objectRef<Need>('Need').implement({
  description:
    'A social need of a client (SDOH Clinical Care "health concern"), visible only to the client’s coordinating organization.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeID('clientId'),
    domain: t.field({ type: NeedDomainEnum, resolve: (n) => n.domain as NeedDomain }),
    status: t.field({ type: NeedStatusEnum, resolve: (n) => n.status }),
    source: t.field({ type: NeedSourceEnum, resolve: (n) => n.source }),
    screeningId: t.exposeID('screeningId', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    openedAt: t.field({ type: 'DateTime', resolve: (n) => n.openedAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (n) => n.updatedAt }),
    version: t.exposeInt('version', { description: 'Send it back as expectedVersion.' }),
    history: t.field({ type: [NeedChangeRef], resolve: (n) => n.history }),
    suggestions: t.withAuth({ coordinator: true }).field({
      type: ConnectionRef,
      description:
        'Services that may help: the need’s categories, eligible for the client, nearest their address first.',
      args: { first: t.arg.int({ defaultValue: 5 }) },
      resolve: (n, args, ctx) => suggestServices(ctx.deps, ctx.actor, n.id, args.first ?? 5),
    }),
  }),
});

builder.objectField(ClientRef, 'needs', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: [NeedRef],
    description: 'The client’s needs, open ones first (the read is audited).',
    resolve: (c, _args, ctx) => listNeeds(ctx.deps, ctx.actor, c.id),
  }),
);

const AddNeedInput = builder.inputType('AddNeedInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    domain: t.field({ type: NeedDomainEnum, required: true }),
    note: t.string({ description: 'At most 1,000 characters.' }),
  }),
});

builder.mutationField('addNeed', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: NeedRef,
    description: 'Adds a need to a client by hand (one open need per domain).',
    args: { input: t.arg({ type: AddNeedInput, required: true }) },
    resolve: (_root, args, ctx) => addNeed(ctx.deps, ctx.actor, args.input),
  }),
);

const ChangeNeedStatusInput = builder.inputType('ChangeNeedStatusInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    status: t.field({ type: NeedStatusEnum, required: true }),
    expectedVersion: t.int({ required: true }),
  }),
});

builder.mutationField('changeNeedStatus', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: NeedRef,
    description: 'Marks a need addressed or declined by the client, or opens it again.',
    args: { input: t.arg({ type: ChangeNeedStatusInput, required: true }) },
    resolve: (_root, args, ctx) => changeNeedStatus(ctx.deps, ctx.actor, args.input),
  }),
);
