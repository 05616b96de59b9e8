import { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as defaultMaskError } from 'graphql-yoga';
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

function findUserError(error: unknown): UserError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof UserError) return current;
    current =
      current instanceof GraphQLError || current instanceof Error
        ? (current.cause ?? (current as GraphQLError).originalError)
        : null;
  }
  return null;
}

/**
 * An error as it may be shown: yoga's own request errors (invalid JSON, say) carry the parser's
 * error in `extensions.originalError`, which names internals, so that is dropped.
 */
function withoutOriginalError(error: GraphQLError): GraphQLError {
  // Edited in place: yoga picks the HTTP status from this very error object.
  if (error.extensions && 'originalError' in error.extensions) {
    delete (error.extensions as Record<string, unknown>).originalError;
  }
  return error;
}

/**
 * Yoga's error mask: our UserErrors pass with their code and field issues; GraphQL's own
 * validation errors pass as they are; anything else is logged once, here, and masked. The
 * detail (stack, original error) goes to the log only, in development too.
 */
export function createMaskError(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const userError = findUserError(error);
    // An outage behind a user-facing error (search down) is logged once, here, with its cause.
    if (userError?.cause !== undefined)
      logger.error({ err: userError.cause, code: userError.code }, userError.message);
    if (userError) {
      // Already reported with the UserError's own extensions: returning it as is also keeps yoga
      // from logging an expected error as a failure.
      if (error instanceof GraphQLError && error.extensions?.code === userError.code) return error;
      const path = error instanceof GraphQLError ? error.path : undefined;
      return createGraphQLError(userError.message, {
        path,
        extensions: {
          code: userError.code,
          ...(userError.issues.length > 0 ? { issues: userError.issues } : {}),
        },
      });
    }
    if (error instanceof GraphQLError && !error.originalError) return withoutOriginalError(error);
    // A scalar's own parse failure (e.g. a malformed DateTime) already speaks to the user.
    if (error instanceof GraphQLError && error.originalError) {
      const original = error.originalError;
      if ('extensions' in original && isInvalidInputCode(original.extensions)) return error;
    }
    logger.error({ err: error }, 'unexpected error');
    return defaultMaskError(error, message, false);
  };
}

function isInvalidInputCode(extensions: unknown): boolean {
  return (
    typeof extensions === 'object' &&
    extensions !== null &&
    'code' in extensions &&
    extensions.code === 'INVALID_INPUT'
  );
}
