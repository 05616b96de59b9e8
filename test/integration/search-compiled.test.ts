import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/domain/clock.ts';
import { COMPILE_AFTER_EXECUTIONS } from '../../server/graphql/compiled-search.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Searches run compiled (server/graphql/compiled-search.ts) once their document has run a few
 * times; any other operation takes graphql-js' executor. The same search with `__typename` beside
 * it is not search-only, so it runs the usual way: both answers must be the same bytes (but for
 * that one field), errors included.
 */

const WEB_SEARCH = readFileSync(
  path.resolve(
    import.meta.dirname,
    '../../web/src/features/search/graphql/search-services.graphql',
  ),
  'utf8',
);

const CARD = /* GraphQL */ `
  query Card($input: SearchServicesInput!, $skipHours: Boolean = false) {
    searchServices(input: $input) {
      totalCount
      facets { categories { value count } languages { value count } costs { value count } }
      edges {
        cursor
        distanceKm
        eligibility { status reasons }
        openStatus { isOpen nextChange timeZone }
        node {
          ...Card
          hoursSummary @skip(if: $skipHours)
          hours { __typename }
          categories { code name }
          url
          description
          status
        }
      }
      pageInfo { hasNextPage endCursor }
      origin { label approximate source }
    }
  }
  fragment Card on Service {
    id
    name
    alternateName
    organization { id name phones { number } }
    locations { id name phones { number } address { address1 city postalCode } }
  }
`;

/** The operation with `__typename` first in its root selection (on its line): not search-only. */
function unchanged(query: string, operationName?: string): string {
  const start = query.indexOf('{', operationName ? query.indexOf(`query ${operationName}`) : 0) + 1;
  return `${query.slice(0, start)} __typename${query.slice(start)}`;
}

describe('compiled searches', () => {
  let server: TestServer;
  const post = async (
    query: string,
    variables: Record<string, unknown>,
    operationName?: string,
  ) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: response.status, text: await response.text() };
  };
  const expectSameAnswer = async (
    query: string,
    variables: Record<string, unknown>,
    operationName?: string,
  ) => {
    const compiled = await post(query, variables, operationName);
    const usual = await post(unchanged(query, operationName), variables, operationName);
    expect(compiled.status).toBe(usual.status);
    expect(compiled.text).toBe(usual.text.replace('"__typename":"Query",', ''));
    return compiled;
  };

  beforeAll(async () => {
    server = await startTestServer({
      seed: true,
      clock: fixedClock('2026-11-03T18:30:00.000Z'),
    });
  }, 120_000);
  beforeAll(async () => {
    // Each document runs compiled from its COMPILE_AFTER_EXECUTIONS-th execution on.
    for (let i = 0; i < COMPILE_AFTER_EXECUTIONS; i++) {
      await post(WEB_SEARCH, { input: { text: 'food' }, withMapPoints: false }, 'SearchServices');
      await post(CARD, { input: { text: 'food', first: 1 } });
      await post(WEB_SEARCH, {}, 'DirectoryMapPoints');
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the web app’s search the same, with and without map points', async () => {
    for (const input of [
      { text: 'food' },
      { text: 'food pantry', near: { latitude: 39.7392, longitude: -104.9903 }, radiusKm: 25 },
      { categories: ['housing'], postalCode: '80205', sort: 'DISTANCE', first: 5 },
      { text: 'comida zzzz' },
      { text: 'clinic', openNow: true, first: 50 },
    ]) {
      for (const withMapPoints of [true, false]) {
        const { text } = await expectSameAnswer(
          WEB_SEARCH,
          { input, withMapPoints },
          'SearchServices',
        );
        expect(text).toContain('"searchServices":{');
      }
    }
  });

  it('answers the directory map’s points (an input written in the document) the same', async () => {
    const { text } = await expectSameAnswer(WEB_SEARCH, {}, 'DirectoryMapPoints');
    expect(JSON.parse(text).data.searchServices.mapPoints.length).toBeGreaterThan(100);
  });

  it('answers a card search with fragments, directives, eligibility and paging the same', async () => {
    const first = await expectSameAnswer(CARD, {
      input: {
        text: 'food',
        client: { age: 70, householdSize: 2, annualIncome: 18_000, languages: ['es'] },
        first: 3,
      },
    });
    const after = JSON.parse(first.text).data.searchServices.pageInfo.endCursor as string;
    await expectSameAnswer(CARD, { input: { text: 'food', first: 3, after }, skipHours: true });
    await expectSameAnswer(CARD, {
      input: { openAt: '2026-11-07T16:00:00Z', categories: ['food'], eligibleOnly: true },
    });
  });

  it('names bad input the same way', async () => {
    const radius = await expectSameAnswer(CARD, { input: { text: 'food', radiusKm: 9_999 } });
    expect(JSON.parse(radius.text).errors[0].extensions.code).toBe('INVALID_INPUT');
    const openAt = await expectSameAnswer(CARD, { input: { openAt: 'Tuesday' } });
    expect(JSON.parse(openAt.text).errors[0].message).toContain('input.openAt');
    await expectSameAnswer(CARD, { input: { first: 0 } });
    await expectSameAnswer(CARD, { input: { after: 'not a cursor' } });
    await expectSameAnswer(CARD, {});
    // Variables graphql-js coerces or refuses in its own words.
    for (const input of [
      { bogus: 1 },
      { first: '20' },
      { first: 2.5 },
      { radiusKm: 'far' },
      { costs: ['CHEAP'] },
      { costs: 'FREE', categories: 'food', first: 2 },
      { client: { age: 1.5 } },
      { near: { latitude: 39.7 } },
      { openAt: '2026-11-07' },
    ]) {
      await expectSameAnswer(CARD, { input });
    }
  });
});
