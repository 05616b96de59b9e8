import { type LoggedNotification, listDevOutbox } from '../domain/notifications/outbox.ts';
import { builder } from './builder.ts';

const OutboxMessageRef = builder.objectRef<LoggedNotification>('OutboxMessage').implement({
  description:
    'A notification the server delivered (or gave up on). In development email and text ' +
    'messages stay here instead of leaving the machine.',
  authScopes: { networkAdmin: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    channel: t.exposeString('channel', { description: 'email or sms.' }),
    to: t.exposeString('to'),
    template: t.exposeString('template'),
    subject: t.exposeString('subject'),
    text: t.exposeString('text'),
    referralId: t.exposeID('referralId', { nullable: true }),
    status: t.exposeString('status', { description: 'DELIVERED or FAILED.' }),
    transport: t.exposeString('transport', {
      nullable: true,
      description: 'dev-outbox or smtp; null when it was never delivered.',
    }),
    attempts: t.exposeInt('attempts'),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => m.createdAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (m) => m.deliveredAt }),
    lastError: t.exposeString('lastError', { nullable: true }),
  }),
});

builder.queryField('devOutbox', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: [OutboxMessageRef],
    description:
      'The newest delivered notifications (network admins; not in production with SMTP set).',
    args: { first: t.arg.int({ description: '1–100 (default 20).' }) },
    resolve: (_root, args, ctx) => listDevOutbox(ctx.deps, ctx.actor, { first: args.first }),
  }),
);
