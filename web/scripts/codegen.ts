/**
 * Types the web app's GraphQL documents from the printed SDL.
 *
 *   npm run codegen            writes web/src/generated/graphql.ts
 *   npm run codegen:check      fails when that file is stale
 *
 * Reads schema/schema.graphql and every `.graphql` file in web/src/features/<feature>/graphql/,
 * validates the operations against the schema, and emits for each operation its result type, its
 * variables type and the document text typed with both. Deliberately small: fields, aliases,
 * lists, nullability, scalars, enums and input objects, and @include/@skip (the field is optional);
 * no fragments.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildSchema,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  typeFromAST,
  validate,
} from 'graphql';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const generatedPath = path.join(repoRoot, 'web/src/generated/graphql.ts');

const scalars: Record<string, string> = {
  ID: 'string',
  String: 'string',
  Int: 'number',
  Float: 'number',
  Boolean: 'boolean',
  DateTime: 'string',
};

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}

class Emitter {
  readonly named = new Map<string, string>();

  scalar(name: string): string {
    const ts = scalars[name];
    if (!ts) throw new Error(`codegen: no TypeScript mapping for scalar ${name}`);
    return ts;
  }

  /** Emits an enum or input object once, as a named export, and returns its name. */
  namedType(type: GraphQLNamedType): string {
    if (isScalarType(type)) return this.scalar(type.name);
    if (this.named.has(type.name)) return type.name;
    if (isEnumType(type)) {
      const values = type.getValues().map((v) => `'${v.name}'`);
      const line = `export type ${type.name} = ${values.join(' | ')};`;
      this.named.set(
        type.name,
        line.length <= 100
          ? line
          : `export type ${type.name} =\n${values.map((v) => `  | ${v}`).join('\n')};`,
      );
      return type.name;
    }
    if (isInputObjectType(type)) {
      this.named.set(type.name, ''); // reserve first: input types may refer to themselves
      const lines = Object.values(type.getFields()).map((field) => {
        const optional = !isNonNullType(field.type);
        return `  ${field.name}${optional ? '?' : ''}: ${this.inputType(field.type)};`;
      });
      this.named.set(type.name, `export type ${type.name} = {\n${lines.join('\n')}\n};`);
      return type.name;
    }
    throw new Error(`codegen: unsupported named type ${type.name}`);
  }

  inputType(type: GraphQLInputType): string {
    if (isNonNullType(type)) return this.inputTypeInner(type.ofType);
    return `${this.inputTypeInner(type)} | null`;
  }

  private inputTypeInner(type: GraphQLInputType): string {
    if (isListType(type)) return `Array<${this.inputType(type.ofType)}>`;
    return this.namedType(getNamedType(type));
  }

  outputType(type: GraphQLOutputType, selection: SelectionSetNode | undefined, depth: number) {
    if (isNonNullType(type)) return this.outputTypeInner(type.ofType, selection, depth);
    return `${this.outputTypeInner(type, selection, depth)} | null`;
  }

  private outputTypeInner(
    type: GraphQLOutputType,
    selection: SelectionSetNode | undefined,
    depth: number,
  ): string {
    if (isListType(type)) return `Array<${this.outputType(type.ofType, selection, depth)}>`;
    if (isObjectType(type)) {
      if (!selection) throw new Error(`codegen: ${type.name} needs a selection`);
      const lines: string[] = [];
      for (const node of selection.selections) {
        if (node.kind !== Kind.FIELD) throw new Error('codegen: fragments are not supported');
        const key = node.alias?.value ?? node.name.value;
        if (node.name.value === '__typename') {
          lines.push(`${indent(depth + 1)}${key}: '${type.name}';`);
          continue;
        }
        const field = type.getFields()[node.name.value];
        if (!field) throw new Error(`codegen: ${type.name}.${node.name.value} does not exist`);
        // A field under @include or @skip may be absent from the result.
        const optional = node.directives?.some((d) => ['include', 'skip'].includes(d.name.value));
        lines.push(
          `${indent(depth + 1)}${key}${optional ? '?' : ''}: ${this.outputType(field.type, node.selectionSet, depth + 1)};`,
        );
      }
      return `{\n${lines.join('\n')}\n${indent(depth)}}`;
    }
    const named = getNamedType(type);
    if (isScalarType(named) || isEnumType(named)) return this.namedType(named);
    throw new Error(`codegen: unsupported output type ${named.name}`);
  }
}

async function documentFiles(): Promise<string[]> {
  const features = path.join(repoRoot, 'web/src/features');
  const files: string[] = [];
  for (const feature of (await readdir(features, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!feature.isDirectory()) continue;
    const dir = path.join(features, feature.name, 'graphql');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (name.endsWith('.graphql')) files.push(path.join(dir, name));
    }
  }
  return files;
}

/** The text of web/src/generated/graphql.ts for the current schema and documents. */
export async function generate(): Promise<string> {
  const schema = buildSchema(await readFile(path.join(repoRoot, 'schema/schema.graphql'), 'utf8'));
  const emitter = new Emitter();
  const operations: string[] = [];
  for (const file of await documentFiles()) {
    const relative = path.relative(repoRoot, file).split(path.sep).join('/');
    const document = parse(await readFile(file, 'utf8'));
    const errors = validate(schema, document);
    if (errors.length > 0) {
      throw new Error(`${relative}: ${errors.map((e) => e.message).join('; ')}`);
    }
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) {
        throw new Error(`${relative}: only operations are supported`);
      }
      operations.push(emitOperation(schema, emitter, definition, relative));
    }
  }
  const named = [...emitter.named.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, text]) => text);
  const text = [
    '// Generated by `npm run codegen` from schema/schema.graphql and',
    '// web/src/features/*/graphql/*.graphql. Do not edit.',
    '',
    '/** A GraphQL document with its result and variables types attached. */',
    'export type TypedDocument<Result, Variables> = string & {',
    '  readonly __result?: Result;',
    '  readonly __variables?: Variables;',
    '};',
    '',
    ...named.flatMap((text) => [text, '']),
    ...operations,
  ].join('\n');
  return formatted(text);
}

function emitOperation(
  schema: GraphQLSchema,
  emitter: Emitter,
  operation: OperationDefinitionNode,
  file: string,
): string {
  const name = operation.name?.value;
  if (!name) throw new Error(`${file}: every operation needs a name`);
  const kind = pascal(operation.operation);
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) throw new Error(`${file}: the schema has no ${operation.operation} type`);
  const result = emitter.outputType(root, operation.selectionSet, 0);
  const variables = (operation.variableDefinitions ?? []).map((definition) => {
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) throw new Error(`${file}: unknown type of $${definition.variable.name.value}`);
    const optional = !isNonNullType(type) || definition.defaultValue !== undefined;
    return `  ${definition.variable.name.value}${optional ? '?' : ''}: ${emitter.inputType(type)};`;
  });
  const resultName = `${name}${kind}`;
  const variablesName = `${name}${kind}Variables`;
  const text = print(operation).replaceAll('`', '\\`');
  return [
    `/** ${file} */`,
    `export type ${resultName} = ${result.replace(/ \| null$/, '')};`,
    '',
    variables.length > 0
      ? `export type ${variablesName} = {\n${variables.join('\n')}\n};`
      : `export type ${variablesName} = Record<string, never>;`,
    '',
    // Break after `=` when the first line is too long, as the formatter does (lineWidth 100).
    `export const ${name}Document =${
      `export const ${name}Document = \``.length + (text.split('\n')[0] ?? '').length > 100
        ? '\n  '
        : ' '
    }\`${text}\` as TypedDocument<${resultName}, ${variablesName}>;`,
    '',
  ].join('\n');
}

/** The generated text as the project's formatter leaves it, so `npm run lint` agrees with it. */
function formatted(text: string): string {
  const biome = path.join(repoRoot, 'node_modules/.bin/biome');
  return execFileSync(biome, ['format', '--stdin-file-path=web/src/generated/graphql.ts'], {
    cwd: repoRoot,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function main(): Promise<void> {
  const text = await generate();
  if (process.argv.includes('--check')) {
    const current = await readFile(generatedPath, 'utf8').catch(() => '');
    if (current !== text) {
      console.error('web/src/generated/graphql.ts is stale: run `npm run codegen`.');
      process.exit(1);
    }
    console.log('web/src/generated/graphql.ts is current.');
    return;
  }
  await writeFile(generatedPath, text);
  console.log('wrote web/src/generated/graphql.ts');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
