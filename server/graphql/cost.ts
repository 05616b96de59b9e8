import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * What an operation may ask for. Every field costs 1; a paged field (one with `first` or `last`,
 * directly or in its `input`) costs its selection once per item asked for, so 600 aliases of a
 * 100-item search cost what they would cost to answer. Aliases are capped on their own too.
 */
export type CostLimits = { maxCost: number; maxAliases: number };

/** A paged field without `first`/`last` returns this many items. */
const DEFAULT_PAGE = 20;
const PAGE_ARGS = ['first', 'last'];

type Walk = {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
};

/** Whether a field is paged: it has `first`/`last`, directly or in its `input`. */
function isPaged(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => {
    if (PAGE_ARGS.includes(a.name)) return true;
    const type = getNamedType(a.type);
    return (
      a.name === 'input' && isInputObjectType(type) && PAGE_ARGS.some((p) => p in type.getFields())
    );
  });
}

/** The items a paged field asks for. */
function pageSize(node: FieldNode, variables: Record<string, unknown>): number {
  const given = (value: ValueNode | undefined): unknown =>
    value ? valueFromASTUntyped(value, variables) : undefined;
  for (const argument of node.arguments ?? []) {
    const value = given(argument.value);
    if (PAGE_ARGS.includes(argument.name.value) && typeof value === 'number') return value;
    if (argument.name.value === 'input' && typeof value === 'object' && value !== null) {
      for (const name of PAGE_ARGS) {
        const inner = (value as Record<string, unknown>)[name];
        if (typeof inner === 'number') return inner;
      }
    }
  }
  return DEFAULT_PAGE;
}

/** An operation's cost given its variables: compiled once per document, then only arithmetic. */
type CostOf = (variables: Record<string, unknown>) => number;

const constant = (cost: number): CostOf & { fixed: number } =>
  Object.assign(() => cost, { fixed: cost });

function compileSelection(
  walk: Walk,
  type: GraphQLNamedType | undefined,
  set: SelectionSetNode | undefined,
  seen: ReadonlySet<string>,
): CostOf & { fixed?: number } {
  if (!set) return constant(0);
  let fixed = 0;
  const varying: CostOf[] = [];
  const add = (part: CostOf & { fixed?: number }) => {
    if (part.fixed !== undefined) fixed += part.fixed;
    else varying.push(part);
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : undefined;
      const field = fields?.[selection.name.value];
      if (!field) {
        fixed += 1;
        continue;
      }
      const inner = compileSelection(walk, getNamedType(field.type), selection.selectionSet, seen);
      if (!isPaged(field)) {
        add(inner.fixed !== undefined ? constant(1 + inner.fixed) : (v) => 1 + inner(v));
      } else {
        add((v) => 1 + Math.max(1, pageSize(selection, v)) * inner(v));
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : type;
      add(compileSelection(walk, on ?? type, selection.selectionSet, seen));
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      const on = walk.schema.getType(fragment.typeCondition.name.value) ?? type;
      add(compileSelection(walk, on, fragment.selectionSet, new Set([...seen, name])));
    }
  }
  if (varying.length === 0) return constant(fixed);
  return (v) => {
    let cost = fixed;
    for (const part of varying) cost += part(v);
    return cost;
  };
}

/** Compiled costs per document and operation name (yoga hands its cached document to every request). */
const compiledCosts = new WeakMap<
  DocumentNode,
  Map<string, { schema: GraphQLSchema; cost: CostOf }>
>();

/** The cost of one operation of a document, with its variables. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  let byName = compiledCosts.get(document);
  if (!byName) {
    byName = new Map();
    compiledCosts.set(document, byName);
  }
  const key = operationName ?? '';
  let known = byName.get(key);
  if (!known || known.schema !== schema) {
    known = { schema, cost: compileOperation(schema, document, operationName) };
    byName.set(key, known);
  }
  return known.cost(variables);
}

function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): CostOf {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations[0];
  if (!operation) return constant(0);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const root = schema.getRootType(operation.operation) ?? undefined;
  return compileSelection({ schema, fragments }, root, operation.selectionSet, new Set<string>());
}

/** Alias counts of parsed documents: yoga hands its cached document to every request. */
const aliasCounts = new WeakMap<DocumentNode, number>();

/** Aliased fields anywhere in a document. */
export function aliasCount(document: DocumentNode): number {
  const known = aliasCounts.get(document);
  if (known !== undefined) return known;
  let count = 0;
  visit(document, {
    Field(node) {
      if (node.alias) count++;
    },
  });
  aliasCounts.set(document, count);
  return count;
}

function refusal(message: string, code: string) {
  return { errors: [createGraphQLError(message, { extensions: { code } })] };
}

/**
 * Refuses a document over the alias cap right after parsing (before validation walks it), and an
 * operation over the cost limit before it runs (when its variables are known).
 */
export function costLimitPlugin(limits: CostLimits): Plugin {
  const overCost = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ) => {
    const cost = operationCost(schema, document, operationName, variables ?? {});
    if (cost <= limits.maxCost) return null;
    return refusal(
      `This request asks for too much at once (cost ${cost}, limit ${limits.maxCost}). ` +
        'Ask for fewer items or fields per request.',
      'QUERY_TOO_COMPLEX',
    );
  };
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error || !result || aliasCount(result) <= limits.maxAliases) return;
        replaceParseResult(
          createGraphQLError(
            `This request uses more than ${limits.maxAliases} aliases. Split it into smaller ` +
              'requests.',
            { extensions: { code: 'QUERY_TOO_COMPLEX' } },
          ),
        );
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refused = overCost(args.schema, args.document, args.operationName, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = overCost(args.schema, args.document, args.operationName, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
