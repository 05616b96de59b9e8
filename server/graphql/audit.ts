import { type AuditEvent, listAuditEvents } from '../domain/audit/audit.ts';
import { builder } from './builder.ts';
import { PageInfoRef } from './search.ts';

const AuditDetailEntryRef = builder
  .objectRef<{ key: string; value: string }>('AuditDetailEntry')
  .implement({
    description: 'One fact recorded with an event (never client data).',
    fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
  });

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'Who read or changed what, when, and from where.',
  authScopes: { networkAdmin: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    action: t.exposeString('action', { description: 'Such as client.read or consent.revoke.' }),
    subjectType: t.exposeString('subjectType'),
    subjectId: t.exposeID('subjectId'),
    actorUserId: t.exposeID('actorUserId', { nullable: true }),
    actorOrganizationId: t.exposeID('actorOrganizationId', { nullable: true }),
    actorRole: t.exposeString('actorRole', { nullable: true }),
    ip: t.exposeString('ip', { nullable: true }),
    detail: t.field({
      type: [AuditDetailEntryRef],
      resolve: (e) =>
        Object.entries(e.detail).map(([key, value]) => ({
          key,
          value: Array.isArray(value) ? value.join(',') : String(value),
        })),
    }),
  }),
});

const AuditEventEdgeRef = builder
  .objectRef<{ cursor: string; node: AuditEvent }>('AuditEventEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: AuditEventRef, resolve: (e) => e.node }),
    }),
  });

const AuditEventConnectionRef = builder
  .objectRef<Awaited<ReturnType<typeof listAuditEvents>>>('AuditEventConnection')
  .implement({
    description: 'One page of audit events, newest first.',
    fields: (t) => ({
      edges: t.field({ type: [AuditEventEdgeRef], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
    }),
  });

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    subjectId: t.id(),
    actorUserId: t.id(),
    action: t.string(),
  }),
});

builder.queryField('auditEvents', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: AuditEventConnectionRef,
    description: 'The audit log, newest first (network admins).',
    args: {
      filter: t.arg({ type: AuditEventFilter }),
      first: t.arg.int({ description: 'Page size, 1–100 (default 20).' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      listAuditEvents(ctx.deps, ctx.actor, {
        subjectId: args.filter?.subjectId == null ? null : String(args.filter.subjectId),
        actorUserId: args.filter?.actorUserId == null ? null : String(args.filter.actorUserId),
        action: args.filter?.action,
        first: args.first,
        after: args.after,
      }),
  }),
);
