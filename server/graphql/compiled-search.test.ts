import { GraphQLError, GraphQLScalarType } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { COMPILE_AFTER_EXECUTIONS, compiledSearchPlugin } from './compiled-search.ts';

/**
 * A compiled search writes its text as UTF-8 bytes (one-byte strings) and must answer the same
 * bytes as graphql-js' executor whatever the text holds: ASCII, Latin-1, beyond (’, emoji),
 * a lone surrogate, a custom scalar holding text, errors beside data.
 */
const TEXTS = [
  'plain',
  'Clínica São José',
  'first month’s rent',
  '12–24 🏠',
  'lone \ud800 half',
  '',
];

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    scalar JSON
    type Hit { id: ID! name: String! tags: [String!]! extra: JSON broken: String }
    type Page { totalCount: Int! hits: [Hit!]! }
    type Query { searchServices(texts: [String!]!): Page! }
  `,
  resolvers: {
    JSON: new GraphQLScalarType({ name: 'JSON', serialize: (value) => value }),
    Query: {
      searchServices: (_root: unknown, args: { texts: string[] }) => ({
        totalCount: args.texts.length,
        hits: args.texts.map((text, i) => ({ id: `${text}-${i}`, name: text, tags: [text, 'é'] })),
      }),
    },
    Hit: {
      extra: (hit: { name: string }) => ({ note: hit.name }),
      broken: (hit: { name: string }) => {
        throw new GraphQLError(`Nothing for ${hit.name}`);
      },
    },
  },
});

function server(compiled: boolean) {
  return createYoga({ schema, plugins: compiled ? [compiledSearchPlugin()] : [] });
}

async function answer(yoga: ReturnType<typeof server>, query: string, texts: string[]) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { texts } }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    length: response.headers.get('content-length'),
    bytes: bytes.toString('hex'),
  };
}

const QUERIES = {
  text: 'query($texts: [String!]!) { searchServices(texts: $texts) { totalCount hits { id name tags } } }',
  customScalar:
    'query($texts: [String!]!) { searchServices(texts: $texts) { hits { name extra } } }',
  errors: 'query($texts: [String!]!) { searchServices(texts: $texts) { hits { name broken } } }',
};

describe('compiled search answers', () => {
  it.each(Object.entries(QUERIES))(
    'are the same bytes as the usual executor’s (%s)',
    async (_name, query) => {
      const compiled = server(true);
      const usual = server(false);
      // Compiled from the COMPILE_AFTER_EXECUTIONS-th execution of a document on.
      for (let i = 0; i < COMPILE_AFTER_EXECUTIONS; i++) await answer(compiled, query, ['warm']);
      for (const texts of [TEXTS, [TEXTS[1] ?? ''], [TEXTS[4] ?? ''], ['ascii only']]) {
        expect(await answer(compiled, query, texts)).toEqual(await answer(usual, query, texts));
      }
    },
  );
});
