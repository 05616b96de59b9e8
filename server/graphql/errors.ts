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
 * Yoga's error mask: our UserErrors pass with their code and field issues; GraphQL's own
 * validation errors pass as they are; anything else is logged once, here, and masked.
 */
export function createMaskError(logger: Logger, isDev: boolean) {
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
    if (error instanceof GraphQLError && !error.originalError) return error;
    // A scalar's own parse failure (e.g. a malformed DateTime) already speaks to the user.
    if (error instanceof GraphQLError && error.originalError) {
      const original = error.originalError;
      if ('extensions' in original && isInvalidInputCode(original.extensions)) return error;
    }
    logger.error({ err: error }, 'unexpected error');
    return defaultMaskError(error, message, isDev);
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
