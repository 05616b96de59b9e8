import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeilisearchApiError } from 'meilisearch';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type MeilisearchExchange,
  meilisearchExchanges,
  meilisearchTransport,
} from './meilisearch-http.ts';

/** A server answering JSON, which drops a connection without answering where `drop` says. */
async function serve(
  drop: (nthOnConnection: number) => boolean,
): Promise<{ server: Server; url: string; received: () => number }> {
  const counts = new WeakMap<object, number>();
  let received = 0;
  const server = createServer((req, res) => {
    received += 1;
    const n = (counts.get(req.socket) ?? 0) + 1;
    counts.set(req.socket, n);
    if (drop(n)) {
      req.socket.destroy();
      return;
    }
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const status = req.url === '/missing' ? 404 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        status === 200
          ? JSON.stringify({ method: req.method, body, processingTimeMs: 1 })
          : JSON.stringify({ message: 'Index `x` not found.', code: 'index_not_found' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
  };
}

describe('the Meilisearch transport', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('sends the body, parses the answer and publishes the exchange', async () => {
    const { server, url } = await serve(() => false);
    const transport = meilisearchTransport(5_000);
    cleanups.push(() => server.close(), transport.close);
    const seen: MeilisearchExchange[] = [];
    const listen = (message: unknown) => seen.push(message as MeilisearchExchange);
    meilisearchExchanges.subscribe(listen);
    cleanups.push(() => meilisearchExchanges.unsubscribe(listen));

    const answer = await transport.request(new URL(`${url}/indexes/x/search`), {
      method: 'POST',
      body: '{"q":"é"}',
      headers: new Headers({ 'content-type': 'application/json' }),
    });
    expect(answer).toEqual({ method: 'POST', body: '{"q":"é"}', processingTimeMs: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/indexes/x/search', status: 200 });
  });

  it("throws Meilisearch's own error for an answer that is not a success", async () => {
    const { server, url } = await serve(() => false);
    const transport = meilisearchTransport(5_000);
    cleanups.push(() => server.close(), transport.close);
    const error = await transport.request(`${url}/missing`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeilisearchApiError);
    expect((error as MeilisearchApiError).response.status).toBe(404);
    expect((error as MeilisearchApiError).cause?.code).toBe('index_not_found');
  });

  it('sends again on a new connection when a kept-alive one was closed under the request', async () => {
    // Every second request on a connection finds it closed.
    const { server, url, received } = await serve((n) => n === 2);
    const transport = meilisearchTransport(5_000);
    cleanups.push(() => server.close(), transport.close);
    expect(await transport.request(`${url}/a`)).toMatchObject({ method: 'GET' });
    expect(await transport.request(`${url}/b`)).toMatchObject({ method: 'GET' });
    // The second request went out twice: on the kept-alive connection, then on a new one.
    expect(received()).toBe(3);
  });

  it('fails when a new connection is closed without an answer', async () => {
    const { server, url } = await serve(() => true);
    const transport = meilisearchTransport(5_000);
    cleanups.push(() => server.close(), transport.close);
    await expect(transport.request(`${url}/a`)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
