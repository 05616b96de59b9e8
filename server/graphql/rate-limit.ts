import { createGraphQLError } from 'graphql-yoga';
import { hitRateLimitInBlocks } from '../domain/rate-limit.ts';
import type { GraphQLContext } from './context.ts';

/**
 * Counts a GraphQL request against its caller (the signed-in user, else the client address) in
 * the database-backed limiter, so the limit holds across app instances. Throws a RATE_LIMITED
 * error (HTTP 429 with Retry-After) once the caller has used up its minute.
 */
export async function limitGraphQLCaller(context: GraphQLContext, perMinute: number) {
  if (perMinute <= 0) return;
  const caller = context.actor ? `user:${context.actor.userId}` : `address:${context.ip ?? ''}`;
  const hit = await hitRateLimitInBlocks(context.deps, 'graphql', caller, {
    limit: perMinute,
    windowMs: 60_000,
  });
  if (hit.allowed) return;
  const seconds = Math.max(
    1,
    Math.ceil((hit.resetAt.getTime() - context.deps.clock.now().getTime()) / 1000),
  );
  throw createGraphQLError(
    `Too many requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        http: { status: 429, headers: { 'retry-after': String(seconds) } },
      },
    },
  );
}
