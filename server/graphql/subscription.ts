import { Repeater } from 'graphql-yoga';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/accounts/actor.ts';
import { isSessionCurrent } from '../domain/accounts/sessions.ts';
import { listenToReferralChanges, type ReferralChange } from '../domain/notifications/live.ts';
import { canSeeReferral } from '../domain/referrals/access.ts';
import { builder } from './builder.ts';
import type { GraphQLContext } from './context.ts';
import { ReferralRef } from './referral.ts';

builder.subscriptionType({
  description: 'Live updates, served as server-sent events (Accept: text/event-stream).',
});

/** How many changes a stream may have waiting before it is ended (its client reconnects). */
const MAX_WAITING = 256;

/**
 * The referral changes the subscriber may see, as the domain's change channel tells them, each
 * stream with a queue of its own (a queue shared by streams, as a pubsub's one buffer is, hands
 * one stream's changes to another). A stream that falls MAX_WAITING changes behind is ended
 * rather than silently skipped, so its client reconnects and reloads.
 */
function visibleChanges(context: GraphQLContext, actor: Actor): Repeater<ReferralChange> {
  return new Repeater<ReferralChange>(async (push, stop) => {
    let waiting = 0;
    const unlisten = listenToReferralChanges(context.deps, (change) => {
      if (!canSeeReferral(actor, change.referral)) return;
      if (waiting >= MAX_WAITING) {
        stop();
        return;
      }
      waiting += 1;
      push(change).then(
        () => {
          waiting -= 1;
        },
        () => {},
      );
    });
    await stop;
    unlisten();
  });
}

// Live streams open now in this process, per database (for /metrics).
const openStreams = new WeakMap<Database, number>();

/** How many live (server-sent events) subscriptions this process serves on `db` now. */
export function liveSubscriberCount(db: Database): number {
  return openStreams.get(db) ?? 0;
}

/** How often an idle stream re-checks its session, so it also ends without a further event. */
const SESSION_RECHECK_MS = 30_000;

/**
 * Passes events on while the subscriber's session lasts: each is re-checked against the database
 * before it goes out, so a stream opened before a sign-out, a password change, an expiry or a
 * disabled account (on any instance) ends instead of delivering client data after it. An idle
 * stream re-checks every SESSION_RECHECK_MS.
 */
function whileSessionLasts<T>(context: GraphQLContext, source: AsyncIterable<T>): Repeater<T> {
  const current = () =>
    context.sessionId ? isSessionCurrent(context.deps, context.sessionId) : Promise.resolve(false);
  const db = context.deps.db;
  return new Repeater<T>(async (push, stop) => {
    openStreams.set(db, liveSubscriberCount(db) + 1);
    void stop.then(() => openStreams.set(db, Math.max(0, liveSubscriberCount(db) - 1)));
    const iterator = source[Symbol.asyncIterator]();
    const timer = setInterval(() => {
      current().then(
        (ok) => ok || stop(),
        () => stop(),
      );
    }, SESSION_RECHECK_MS);
    timer.unref();
    void stop.then(() => {
      clearInterval(timer);
      return iterator.return?.();
    });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!(await current())) break;
      await push(next.value);
    }
    stop();
  });
}

const ReferralChangeRef = builder.objectRef<ReferralChange>('ReferralChange').implement({
  description: 'A change to a referral your organization made or received.',
  fields: (t) => ({
    referral: t.field({ type: ReferralRef, resolve: (c) => c.referral }),
    kind: t.exposeString('kind', {
      description: 'What happened: the status the referral moved to (DRAFT for a new draft).',
    }),
  }),
});

builder.subscriptionField('referralEvents', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReferralChangeRef,
    description:
      'Every change to the referrals your organization may see, as it happens, made through ' +
      'any server instance. The stream ends if it falls far behind or the session ends: reload ' +
      'the list after reconnecting.',
    subscribe: (_root, _args, ctx) => whileSessionLasts(ctx, visibleChanges(ctx, ctx.actor)),
    resolve: (change) => change,
  }),
);
