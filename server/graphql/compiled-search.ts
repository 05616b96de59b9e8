import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  GraphQLID,
  type GraphQLSchema,
  GraphQLString,
  getNamedType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
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
  const byDocument = new WeakMap<DocumentNode, Map<string, number | CompiledSearch | null>>();
  const compiledFor = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
  ): CompiledSearch | null => {
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
    const textAsUtf8 = leavesAreTextSafe(schema, document);
    const result = compileQuery(
      schema,
      document,
      operationName ?? undefined,
      textAsUtf8 ? { customSerializers: UTF8_TEXT_SERIALIZERS } : {},
    );
    // A document it cannot compile runs as before.
    const compiled = isCompiledQuery(result) ? { query: result.query, textAsUtf8 } : null;
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
        if (!result.errors) return withUtf8Stringify(result, compiled.textAsUtf8);
        // Variables it refused (no data: nothing ran): graphql-js says why, in its own words.
        if (!('data' in result)) return executeFn(execution);
        if (compiled.textAsUtf8) result.data = utf16Data(result.data);
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

/**
 * A compiled search, and whether its text leaves come out as UTF-8 bytes (see utf8Bytes): then a
 * plugin reading `result.data` after execution would see those bytes, so none should.
 */
type CompiledSearch = {
  query: CompiledQuery['query'];
  textAsUtf8: boolean;
};

/** Scalars whose values serialise to ASCII or to numbers; String and ID are made UTF-8 below. */
const TEXT_SAFE_SCALARS: ReadonlySet<string> = new Set([
  'String',
  'ID',
  'Int',
  'Float',
  'Boolean',
  'DateTime',
]);

/**
 * Whether every leaf the document selects is a String, an ID, an enum (names are ASCII) or a
 * scalar of TEXT_SAFE_SCALARS: then every non-ASCII character of the answer's data comes from a
 * String or an ID, which utf8Bytes serialises.
 */
function leavesAreTextSafe(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let safe = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (!type) {
          safe = false;
          return;
        }
        const named = getNamedType(type);
        if (isScalarType(named) && !TEXT_SAFE_SCALARS.has(named.name)) safe = false;
      },
    }),
  );
  return safe;
}

/**
 * Text with any character beyond ASCII becomes its UTF-8 bytes, one character each (a one-byte
 * string): a page whose text has one such character would otherwise make the whole answer a
 * two-byte string, slower to serialise, to measure and to write to the socket. Such a page's
 * JSON is then its UTF-8 bytes as one-byte characters, written as they are (utf8Json). Text that
 * is not well formed (a lone surrogate) stays as it is, and the answer takes the usual path.
 */
function utf8Bytes(text: string): string {
  return NON_ASCII.test(text) && !LONE_SURROGATE.test(text)
    ? Buffer.from(text, 'utf8').toString('latin1')
    : text;
}

const NON_ASCII = /[^\x00-\x7f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A character beyond one byte: not the UTF-8 bytes utf8Bytes makes. */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

const UTF8_TEXT_SERIALIZERS = {
  String: (value: unknown) => utf8Bytes(GraphQLString.serialize(value)),
  ID: (value: unknown) => utf8Bytes(GraphQLID.serialize(value)),
};

/** Text utf8Bytes made, read back as the characters it came from, anywhere in `data`. */
function utf16Data(data: ExecutionResult['data']): ExecutionResult['data'] {
  return utf16Text(data) as ExecutionResult['data'];
}

function utf16Text(value: unknown): unknown {
  if (typeof value === 'string') {
    return NON_ASCII.test(value) && !BEYOND_LATIN1.test(value)
      ? Buffer.from(value, 'latin1').toString('utf8')
      : value;
  }
  if (Array.isArray(value)) return value.map(utf16Text);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = utf16Text(field);
    return out;
  }
  return value;
}

/**
 * The result, serialised by yoga (which uses a result's own `stringify`) straight to its UTF-8
 * bytes: yoga's response would otherwise measure a two-byte string's UTF-8 length and the socket
 * write encode it again. The same bytes either way. With `textAsUtf8` its text is already UTF-8
 * bytes, so a result of data alone whose JSON has nothing beyond one byte is written as is;
 * anything else (errors or extensions a plugin added) has its text read back first.
 */
function withUtf8Stringify(result: ExecutionResult, textAsUtf8: boolean): ExecutionResult {
  return Object.assign(result, { stringify: textAsUtf8 ? utf8TextJson : utf8Json });
}

function utf8Json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function utf8TextJson(value: ExecutionResult): Buffer {
  if (value.errors === undefined && value.extensions === undefined) {
    const json = JSON.stringify(value);
    if (!BEYOND_LATIN1.test(json)) return Buffer.from(json, 'latin1');
  }
  return utf8Json({ ...value, data: utf16Data(value.data) });
}
