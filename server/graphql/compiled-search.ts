import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

/** The root fields whose operations run compiled: the public directory search. */
const COMPILED_ROOT_FIELDS: ReadonlySet<string> = new Set(['searchServices']);

/**
 * Compiling takes some milliseconds, about ten executions' worth: a document is compiled on its
 * tenth execution, so documents sent only a few times each (a client's or an attacker's) cost what
 * the usual executor costs, and no stream of new documents costs much more than twice that, while
 * an app's own few documents are compiled within their first seconds.
 */
export const COMPILE_AFTER_EXECUTIONS = 10;

/**
 * Runs directory-search operations as compiled JavaScript (graphql-jit) instead of walking the
 * document for every field of every hit, which was most of the GraphQL layer's CPU per search.
 * The same schema, resolvers (and so auth scopes), context and info; the answer is the same JSON
 * byte for byte. Only a query whose root fields are all `searchServices` runs compiled; anything
 * else takes the usual executor, and so does a request whose variables the compiled query refuses
 * (before anything ran), so its errors read as they always have. A document is compiled once, on
 * its tenth execution (see COMPILE_AFTER_EXECUTIONS).
 */
export function compiledSearchPlugin(): Plugin {
  /** Per document and operation: executions so far, then the compiled query (null: it cannot be). */
  const byDocument = new WeakMap<DocumentNode, Map<string, number | CompiledQuery | null>>();
  const compiledFor = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
  ): CompiledQuery | null => {
    let byName = byDocument.get(document);
    if (!byName) {
      byName = new Map();
      byDocument.set(document, byName);
    }
    const key = operationName ?? '';
    const known = byName.get(key) ?? 0;
    if (typeof known !== 'number') return known;
    if (known + 1 < COMPILE_AFTER_EXECUTIONS) {
      byName.set(key, known + 1);
      return null;
    }
    const result = compileQuery(schema, document, operationName ?? undefined);
    // A document it cannot compile runs as before.
    const compiled = isCompiledQuery(result) ? result : null;
    byName.set(key, compiled);
    return compiled;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = operationOf(args.document, args.operationName);
      if (!operation || !isSearchOnly(operation)) return;
      const compiled = compiledFor(args.schema, args.document, args.operationName);
      if (!compiled) return;
      setExecuteFn(async (execution) => {
        const result = (await compiled.query(
          execution.rootValue,
          execution.contextValue,
          execution.variableValues ?? {},
        )) as ExecutionResult;
        if (!result.errors) return result;
        // Variables it refused (no data: nothing ran): graphql-js says why, in its own words.
        if (!('data' in result)) return executeFn(execution);
        // As graphql-js reports them: errors first, each located in the document's source.
        return {
          errors: result.errors.map((e) => asGraphQLJsError(e, args.document)),
          data: result.data,
        };
      });
    },
  };
}

function operationOf(
  document: DocumentNode,
  name: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? operations.find((o) => o.name?.value === name) : operations[0];
}

/** A query (no directives on it) whose root selections are all fields named in COMPILED_ROOT_FIELDS. */
function isSearchOnly(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    (operation.directives?.length ?? 0) === 0 &&
    operation.selectionSet.selections.every(
      (s) => s.kind === Kind.FIELD && COMPILED_ROOT_FIELDS.has(s.name.value),
    )
  );
}

/**
 * A compiled query's error as graphql-js builds one (located by source positions, extensions of
 * its original error), so the error mask and yoga treat and print it the same.
 */
function asGraphQLJsError(error: GraphQLError, document: DocumentNode): GraphQLError {
  const source = document.loc?.source;
  const positions =
    source && error.locations
      ? error.locations.map((l) => positionOf(source.body, l.line, l.column))
      : undefined;
  return new GraphQLError(error.message, {
    ...(positions ? { source, positions } : {}),
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/** The character offset of a 1-based line and column, counting line breaks as graphql-js does. */
function positionOf(body: string, line: number, column: number): number {
  const lineBreak = /\r\n|[\n\r]/g;
  let start = 0;
  for (let current = 1; current < line; current++) {
    const match = lineBreak.exec(body);
    if (!match) break;
    start = match.index + match[0].length;
  }
  return start + column - 1;
}
