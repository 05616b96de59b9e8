import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/graphql/schema.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Every root field that is not on this list must refuse an anonymous caller with NOT_SIGNED_IN.
 * A new query or mutation without a guard fails this suite until it is guarded or, if it is
 * really public, added here on purpose.
 */
const PUBLIC_FIELDS = new Set([
  'Query.searchServices',
  'Query.service',
  'Query.organization',
  'Query.taxonomy',
  'Query.mapSettings',
  'Query.mapPlaces',
  'Query.me',
  'Mutation.signIn',
  // A client answers a screening through a signed one-time link, without an account.
  'Query.screeningLink',
  'Mutation.submitScreeningByLink',
  // A client's feedback survey: the signed single-use link is the credential.
  'Query.feedbackSurvey',
  'Mutation.submitFeedback',
]);

function dummyValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummyValue(type.ofType);
  if (isListType(type)) return [dummyValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = dummyValue(field.type);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 1;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return '2026-11-24T12:00:00Z';
      default:
        return 'x';
    }
  }
  return null;
}

function operationFor(
  kind: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
) {
  const args = field.args as readonly GraphQLArgument[];
  const variableDefs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const argList = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  const variables = Object.fromEntries(args.map((a) => [a.name, dummyValue(a.type)]));
  const query = `${kind}${variableDefs ? `(${variableDefs})` : ''} { ${field.name}${argList ? `(${argList})` : ''}${selection} }`;
  return { query, variables };
}

const roots = [
  ['query', schema.getQueryType()],
  ['mutation', schema.getMutationType()],
] as const;

const guarded = roots.flatMap(([kind, type]) =>
  Object.values(type?.getFields() ?? {})
    .filter((field) => !PUBLIC_FIELDS.has(`${type?.name}.${field.name}`))
    .map((field) => [`${type?.name}.${field.name}`, kind, field] as const),
);

describe('every non-public root field refuses anonymous callers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has guarded fields to check', () => {
    expect(guarded.length).toBeGreaterThan(10);
  });

  it.each(guarded)('%s', async (_name, kind, field) => {
    const { query, variables } = operationFor(kind, field);
    const res = await server.gql(query, variables);
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe('NOT_SIGNED_IN');
  });
});

/**
 * Care coordination (care plans, tasks, notes, caseloads) belongs to the client's coordinating
 * organization: agency staff and network admins are refused every such root field by role, before
 * any input is looked at. (Another organization's coordinator is refused by the domain: see
 * care-plan.test.ts.)
 */
const CARE_FIELDS = new Set([
  'Query.myCaseload',
  'Query.tasksDue',
  'Mutation.createGoal',
  'Mutation.updateGoal',
  'Mutation.createTask',
  'Mutation.completeTask',
  'Mutation.addCaseNote',
]);
const careFields = guarded.filter(([name]) => CARE_FIELDS.has(name));

describe('care coordination fields refuse roles that keep no clients', () => {
  let server: TestServer;
  let others: TestActor[];
  beforeAll(async () => {
    server = await startTestServer();
    others = [
      await signedInAs(server, 'agency_staff'),
      await signedInAs(server, 'network_admin', { kinds: ['coordinating'] }),
    ];
  });
  afterAll(async () => {
    await server?.close();
  });

  it('covers every care field', () => {
    expect(careFields.map(([name]) => name).sort()).toEqual([...CARE_FIELDS].sort());
  });

  it.each(careFields)('%s', async (_name, kind, field) => {
    const { query, variables } = operationFor(kind, field);
    for (const actor of others) {
      const res = await actor.gql(query, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe('NOT_ALLOWED');
    }
  });
});
