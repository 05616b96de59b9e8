import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GraphQLContext } from './context.ts';

function operationOf(document: DocumentNode, name: string | null | undefined) {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? operations.find((o) => o.name?.value === name) : operations[0];
}

/**
 * Refuses a mutation that authenticated with the session cookie but did not send the session's
 * CSRF token in `x-csrf-token`. SameSite=Strict already stops most cross-site requests; this is
 * the second lock. Bearer-token clients are not exposed to CSRF and are not asked for it.
 */
export function csrfCheckPlugin(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const operation = operationOf(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      if (context.authVia === 'cookie' && !context.csrfValid) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(
              'This request is missing its security token. Reload the page and try again.',
              { extensions: { code: 'CSRF_TOKEN_MISSING' } },
            ),
          ],
        });
      }
    },
  };
}
