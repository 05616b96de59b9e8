import { getService } from '../domain/directory/service-view.ts';
import { NotFoundError } from '../domain/errors.ts';
import {
  addResourceListItem,
  createResourceList,
  getResourceList,
  listResourceLists,
  type ResourceList,
  type ResourceListItem,
  type ResourceListPage,
  type ResourceListSend,
  updateResourceList,
} from '../domain/lists/lists.ts';
import { sendResourceList } from '../domain/lists/send.ts';
import { builder } from './builder.ts';
import { PageInfoRef } from './search.ts';
import { ServiceRef } from './service.ts';

const ListLanguageEnum = builder.enumType('ListLanguage', {
  description: 'The language a list is printed and sent in.',
  values: { EN: { value: 'en' }, ES: { value: 'es' } } as const,
});

const ListChannelEnum = builder.enumType('ListChannel', {
  description: 'How a list is sent to the client.',
  values: { EMAIL: { value: 'email' }, SMS: { value: 'sms' } } as const,
});

const ResourceListItemRef = builder.objectRef<ResourceListItem>('ResourceListItem').implement({
  description: 'One service on a resource list, with the coordinator’s note for the client.',
  fields: (t) => ({
    id: t.exposeID('id'),
    serviceId: t.exposeID('serviceId'),
    note: t.exposeString('note', { nullable: true }),
    addedAt: t.field({ type: 'DateTime', resolve: (i) => i.addedAt }),
    service: t.field({
      type: ServiceRef,
      nullable: true,
      description: 'The service as listed now; null when it is no longer listed.',
      resolve: async (item, _args, ctx) => {
        try {
          return await getService(ctx.deps, item.serviceId);
        } catch (error) {
          if (error instanceof NotFoundError) return null;
          throw error;
        }
      },
    }),
  }),
});

const ResourceListSendRef = builder.objectRef<ResourceListSend>('ResourceListSend').implement({
  description: 'When the list was sent and how (the address is not kept on the list).',
  fields: (t) => ({
    channel: t.field({ type: ListChannelEnum, resolve: (s) => s.channel }),
    at: t.field({ type: 'DateTime', resolve: (s) => s.at }),
  }),
});

const ResourceListRef = builder.objectRef<ResourceList>('ResourceList').implement({
  description:
    'Services a coordinator picked for a client (a "prescription"), with notes, to print, ' +
    'download or send. Visible only to the coordinating organization that keeps it.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title', { nullable: true, description: 'For the coordinator only.' }),
    note: t.exposeString('note', { nullable: true, description: 'Printed above the services.' }),
    language: t.field({ type: ListLanguageEnum, resolve: (l) => l.language }),
    clientId: t.exposeID('clientId', {
      nullable: true,
      description: 'The saved client the list is for, if any.',
    }),
    items: t.field({ type: [ResourceListItemRef], resolve: (l) => l.items }),
    sends: t.field({ type: [ResourceListSendRef], resolve: (l) => l.sends }),
    version: t.exposeInt('version', {
      description: 'Send it back as expectedVersion when updating.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (l) => l.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (l) => l.updatedAt }),
    pdfUrl: t.string({
      description: 'Where the PDF is (GET with the session cookie or a bearer token).',
      resolve: (l) => `/lists/${encodeURIComponent(l.id)}.pdf`,
    }),
  }),
});

const ResourceListEdgeRef = builder
  .objectRef<ResourceListPage['edges'][number]>('ResourceListEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: ResourceListRef, resolve: (e) => e.node }),
    }),
  });

const ResourceListConnectionRef = builder
  .objectRef<ResourceListPage>('ResourceListConnection')
  .implement({
    description: 'A page of resource lists, most recently changed first.',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      edges: t.field({ type: [ResourceListEdgeRef], resolve: (p) => p.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (p) => p.pageInfo }),
    }),
  });

builder.queryField('resourceList', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ResourceListRef,
    description:
      'One list of your organization (the read is audited). Another organization’s list is ' +
      'NOT_FOUND.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getResourceList(ctx.deps, ctx.actor, String(args.id)),
  }),
);

builder.queryField('resourceLists', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ResourceListConnectionRef,
    description: 'Your organization’s resource lists, most recently changed first.',
    args: {
      first: t.arg.int({ description: '1–100 (default 20).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listResourceLists(ctx.deps, ctx.actor, { first: args.first, after: args.after }),
  }),
);

const ResourceListItemInput = builder.inputType('ResourceListItemInput', {
  fields: (t) => ({
    id: t.id({ description: 'An existing item’s id, to keep it; leave out for a new one.' }),
    serviceId: t.id({ required: true }),
    note: t.string({ description: 'For the client; at most 2,000 characters.' }),
  }),
});

const CreateResourceListInput = builder.inputType('CreateResourceListInput', {
  fields: (t) => ({
    title: t.string({ description: 'For the coordinator only; at most 200 characters.' }),
    note: t.string({ description: 'Printed above the services; at most 2,000 characters.' }),
    language: t.field({ type: ListLanguageEnum, description: 'Default EN.' }),
    clientId: t.id({ description: 'A saved client of your organization.' }),
    items: t.field({ type: [ResourceListItemInput], description: 'At most 50.' }),
  }),
});

builder.mutationField('createResourceList', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ResourceListRef,
    description: 'Starts a resource list for your organization.',
    args: { input: t.arg({ type: CreateResourceListInput, required: true }) },
    resolve: (_root, args, ctx) =>
      createResourceList(ctx.deps, ctx.actor, {
        ...args.input,
        clientId: args.input.clientId == null ? null : String(args.input.clientId),
        items: args.input.items?.map((i) => ({ ...i, serviceId: String(i.serviceId) })),
      }),
  }),
);

const UpdateResourceListInput = builder.inputType('UpdateResourceListInput', {
  description: 'Fields left out stay as they are; items replaces every item (order and notes).',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({
      required: true,
      description: 'The version you read; the update fails if the list has changed since.',
    }),
    title: t.string(),
    note: t.string(),
    language: t.field({ type: ListLanguageEnum }),
    clientId: t.id({ description: 'A saved client of your organization; "" unlinks.' }),
    items: t.field({ type: [ResourceListItemInput] }),
  }),
});

builder.mutationField('updateResourceList', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ResourceListRef,
    description: 'Changes a list, if nobody changed it since you read it.',
    args: { input: t.arg({ type: UpdateResourceListInput, required: true }) },
    resolve: (_root, args, ctx) =>
      updateResourceList(ctx.deps, ctx.actor, {
        ...args.input,
        id: String(args.input.id),
        clientId: args.input.clientId == null ? args.input.clientId : String(args.input.clientId),
        items: args.input.items?.map((i) => ({
          ...i,
          id: i.id == null ? null : String(i.id),
          serviceId: String(i.serviceId),
        })),
      }),
  }),
);

const AddResourceListItemInput = builder.inputType('AddResourceListItemInput', {
  fields: (t) => ({
    listId: t.id({ required: true }),
    serviceId: t.id({ required: true }),
    note: t.string(),
  }),
});

builder.mutationField('addResourceListItem', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ResourceListRef,
    description: 'Adds a service to the end of a list (no change when it is already there).',
    args: { input: t.arg({ type: AddResourceListItemInput, required: true }) },
    resolve: (_root, args, ctx) =>
      addResourceListItem(ctx.deps, ctx.actor, {
        ...args.input,
        listId: String(args.input.listId),
        serviceId: String(args.input.serviceId),
      }),
  }),
);

const SendResourceListInput = builder.inputType('SendResourceListInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    channel: t.field({ type: ListChannelEnum, required: true }),
    to: t.string({
      description:
        'An email address or US mobile number; leave out to use the linked client’s (audited).',
    }),
  }),
});

const SendResourceListPayloadRef = builder
  .objectRef<{ list: ResourceList; messageId: string }>('SendResourceListPayload')
  .implement({
    fields: (t) => ({
      list: t.field({ type: ResourceListRef, resolve: (p) => p.list }),
      messageId: t.exposeID('messageId', { description: 'The queued notification.' }),
    }),
  });

builder.mutationField('sendResourceList', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: SendResourceListPayloadRef,
    description: 'Sends a list to the client by email or text message, in the list’s language.',
    args: { input: t.arg({ type: SendResourceListInput, required: true }) },
    resolve: (_root, args, ctx) =>
      sendResourceList(ctx.deps, ctx.actor, { ...args.input, id: String(args.input.id) }),
  }),
);
