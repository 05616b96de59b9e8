import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { aliasCount, operationCost } from './cost.ts';

const schema = buildSchema(`
  type Query {
    items(first: Int, after: String): ItemConnection!
    search(input: SearchInput!): ItemConnection!
    item(id: ID!): Item
  }
  input SearchInput { text: String, first: Int }
  type ItemConnection { edges: [ItemEdge!]! }
  type ItemEdge { node: Item! }
  type Item { id: ID! name: String! tags(first: Int): [String!]! }
`);

const cost = (query: string, variables?: Record<string, unknown>) =>
  operationCost(schema, parse(query), undefined, variables);

describe('operation cost', () => {
  it('counts fields, and a paged selection once per item asked for', () => {
    expect(cost('{ item(id: "1") { id name } }')).toBe(3);
    // items: 1 + 10 × (edges 1 + node (1 + id + name))
    expect(cost('{ items(first: 10) { edges { node { id name } } } }')).toBe(41);
    // No page size: the default of 20.
    expect(cost('{ items { edges { node { id } } } }')).toBe(61);
  });

  it('reads page sizes from input objects and variables, and adds aliases up', () => {
    expect(cost('{ search(input: { first: 5 }) { edges { node { id } } } }')).toBe(16);
    expect(
      cost('query($n: Int) { a: items(first: $n) { edges { node { id } } } }', { n: 100 }),
    ).toBe(301);
    expect(
      cost('query($i: SearchInput!) { a: search(input: $i) { edges { node { id } } } }', {
        i: { first: 50 },
      }),
    ).toBe(151);
    expect(cost('{ a: item(id: "1") { id } b: item(id: "2") { id } }')).toBe(4);
  });

  it('expands fragments, nested pages multiply', () => {
    const query = `
      { items(first: 10) { edges { node { ...F } } } }
      fragment F on Item { id tags(first: 3) }
    `;
    // items 1 + 10 × (edges 1 + node 1 + id 1 + tags 1)
    expect(cost(query)).toBe(41);
    expect(aliasCount(parse('{ a: item(id: "1") { x: id } b: item(id: "2") { id } }'))).toBe(3);
  });

  it('prices one parsed document anew for each request’s variables', () => {
    const document = parse(
      'query($i: SearchInput!) { search(input: $i) { edges { node { id name } } } }',
    );
    const priced = (first: number) => operationCost(schema, document, undefined, { i: { first } });
    // search 1 + first × (edges 1 + node 1 + id 1 + name 1)
    expect([priced(5), priced(100), priced(5)]).toEqual([21, 401, 21]);
    expect(operationCost(schema, document, undefined, { i: {} })).toBe(81);
  });
});
