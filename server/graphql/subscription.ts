import { createPubSub, filter, pipe, Repeater, SlidingBuffer } from 'graphql-yoga';
import type { Database } from '../db/database.ts';
import { isSessionCurrent } from '../domain/accounts/sessions.ts';
import type { DomainDeps } from '../domain/deps.ts';
import { listenToReferralChanges, type ReferralChange } from '../domain/notifications/live.ts';
import { canSeeReferral } from '../domain/referrals/access.ts';
import { builder } from './builder.ts';
import type { GraphQLContext } from './context.ts';
import { ReferralRef } from './referral.ts';

builder.subscriptionType({
  description: 'Live updates, served as server-sent events (Accept: text/event-stream).',
});

type Topics = { referralChanged: [ReferralChange] };

// One pubsub per database, fed by the domain's in-process change channel.
const pubsubs = new WeakMap<Database, ReturnType<typeof createPubSub<Topics>>>();

function pubsubFor(deps: DomainDeps) {
  let pubsub = pubsubs.get(deps.db);
  if (!pubsub) {
    const created = createPubSub<Topics>({ repeaterBuffer: new SlidingBuffer(256) });
    listenToReferralChanges(deps, (change) => created.publish('referralChanged', change));
    pubsubs.set(deps.db, created);
    pubsub = created;
  }
  return pubsub;
}

/**
 * Passes events on while the subscriber's session lasts: each is re-checked against the database
 * before it goes out, so a stream opened before a sign-out, a password change, an expiry or a
 * disabled account (on any instance) ends instead of delivering client data after it.
 */
function whileSessionLasts<T>(context: GraphQLContext, source: AsyncIterable<T>): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    void stop.then(() => iterator.return?.());
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const { sessionId } = context;
      if (!sessionId || !(await isSessionCurrent(context.deps, sessionId))) break;
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
      'Every change to the referrals your organization may see, as it happens (this server ' +
      'process only; reload the list after reconnecting).',
    subscribe: (_root, _args, ctx) =>
      whileSessionLasts(
        ctx,
        pipe(
          pubsubFor(ctx.deps).subscribe('referralChanged'),
          filter((change: ReferralChange) => canSeeReferral(ctx.actor, change.referral)),
        ),
      ),
    resolve: (change) => change,
  }),
);
