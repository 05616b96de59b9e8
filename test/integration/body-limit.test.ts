import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitPlugin } from '../../server/graphql/body-limit.ts';

/**
 * bodyLimitPlugin answers every body as yoga's own limit does: two servers, one with yoga's
 * `maxRequestBodySize`, one with the plugin, get the same requests and must give the same answers.
 */
const LIMIT = 200;
const schema = createSchema({
  typeDefs: 'type Query { echo(text: String): String }',
  resolvers: { Query: { echo: (_: unknown, args: { text?: string }) => args.text ?? null } },
});

function listen(handler: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

type Sent = { headers: Record<string, string>; chunks: string[] };

/** Sends raw chunks with exactly these headers (chunked when no Content-Length is given). */
function send(server: http.Server, sent: Sent): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: sent.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of sent.chunks) req.write(chunk);
    req.end();
  });
}

/** Yoga enforcing its own body limit, and yoga with the limit left to the plugin. */
const yogaWithItsLimit = () => createYoga({ schema, maxRequestBodySize: LIMIT, logging: false });
const yogaWithOurLimit = () =>
  createYoga({
    schema,
    maxRequestBodySize: false,
    logging: false,
    plugins: [bodyLimitPlugin(LIMIT)],
  });

describe('the request body limit', () => {
  let yogas: http.Server;
  let ours: http.Server;
  beforeAll(async () => {
    yogas = await listen(yogaWithItsLimit());
    ours = await listen(yogaWithOurLimit());
  });
  afterAll(() => {
    yogas?.close();
    ours?.close();
  });

  const body = (text: string) =>
    JSON.stringify({ query: '{ echo(text: $t) }'.replace('$t', JSON.stringify(text)) });
  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, Sent]> = [
    [
      'a small body',
      {
        headers: { ...json, 'content-length': String(Buffer.byteLength(body('hi'))) },
        chunks: [body('hi')],
      },
    ],
    [
      'a Content-Length over the limit',
      {
        headers: { ...json, 'content-length': String(Buffer.byteLength(body('x'.repeat(300)))) },
        chunks: [body('x'.repeat(300))],
      },
    ],
    [
      'a chunked body within the limit',
      { headers: json, chunks: [body('hi').slice(0, 10), body('hi').slice(10)] },
    ],
    [
      'a chunked body over the limit',
      {
        headers: json,
        chunks: [body('y'.repeat(300)).slice(0, 100), body('y'.repeat(300)).slice(100)],
      },
    ],
  ];

  it.each(cases)('answers %s as yoga does', async (_name, sent) => {
    const expected = await send(yogas, sent);
    const got = await send(ours, sent);
    expect(got).toEqual(expected);
    expect([200, 413]).toContain(got.status);
  });

  it('refuses an invalid Content-Length as yoga does', async () => {
    // Node's HTTP client will not send one; a request yoga sees through fetch can.
    const request = () =>
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { ...json, 'content-length': '-1' },
        body: body('hi'),
      });
    const yoga = yogaWithItsLimit();
    const mine = yogaWithOurLimit();
    const expected = await yoga.fetch(request());
    const got = await mine.fetch(request());
    expect(got.status).toBe(expected.status);
    expect(await got.text()).toBe(await expected.text());
  });
});
