import { channel } from 'node:diagnostics_channel';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MeilisearchApiError } from 'meilisearch';

/**
 * One request to Meilisearch and its answer, published on `meilisearchExchanges` while anything
 * subscribes (the benchmark counts requests, bytes and Meilisearch's own time with it).
 */
export type MeilisearchExchange = {
  method: string;
  path: string;
  /** The request body as sent, if any. */
  body: string | undefined;
  status: number;
  /** The answer's bytes. */
  bytes: number;
  /** The answer as parsed (undefined when empty). */
  answer: unknown;
};

/** Every Meilisearch request this process makes, once answered (see `MeilisearchExchange`). */
export const meilisearchExchanges = channel('wayfinder:meilisearch');

/** How long a kept-alive connection may stay idle before it is closed. */
const IDLE_MS = 4_000;

/** What the Meilisearch client hands its `httpClient`. */
type ClientInit = {
  method?: string;
  body?: unknown;
  headers?: unknown;
};

/** Header pairs from what the client passes (a Headers object, or pairs, or a record). */
function headerRecord(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (headers instanceof Headers || Array.isArray(headers))
    return Object.fromEntries(headers as Iterable<[string, string]>);
  return { ...(headers as Record<string, string>) };
}

/**
 * The Meilisearch client's transport (its `httpClient`) over node:http with kept-alive
 * connections: Node's `fetch` builds WHATWG requests, responses and streams around every call,
 * which cost the app more CPU per search than parsing the answer does. `request` resolves to the
 * parsed JSON answer, and rejects with MeilisearchApiError for an answer that is not a 2xx (as the
 * client's own transport does) or with the network error when no answer came (refused, reset, or
 * silent for `timeoutMs`); the client wraps either in a MeilisearchRequestError. `close` drops the
 * kept-alive connections.
 */
export function meilisearchTransport(timeoutMs: number): {
  request: (input: string | URL | Request, init?: RequestInit) => Promise<unknown>;
  close: () => void;
} {
  // Idle connections are closed after IDLE_MS, before a server's usual 5 s keep-alive ends them.
  const agents = {
    http: new Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_MS }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 64, timeout: IDLE_MS }),
  };
  // The client passes the same Headers object to every request without headers of its own.
  const converted = new WeakMap<object, Record<string, string>>();
  const headersOf = (headers: unknown): Record<string, string> => {
    if (typeof headers !== 'object' || headers === null) return headerRecord(headers);
    let record = converted.get(headers);
    if (record === undefined) {
      record = headerRecord(headers);
      converted.set(headers, record);
    }
    return record;
  };
  const send = (input: string | URL | Request, rawInit?: RequestInit): Promise<unknown> => {
    const init = (rawInit ?? {}) as ClientInit;
    const url =
      input instanceof URL ? input : new URL(input instanceof Request ? input.url : input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? init.body : undefined;
    const https = url.protocol === 'https:';
    const attempt = (retry: boolean): Promise<unknown> =>
      new Promise((resolve, reject) => {
        let answered = false;
        const failed = (cause: unknown) => {
          // A kept-alive connection the server closed as the request left: it never arrived.
          const reset = (cause as { code?: unknown } | null)?.code === 'ECONNRESET';
          if (retry && reset && !answered && req.reusedSocket) resolve(attempt(false));
          else reject(cause);
        };
        const req = (https ? httpsRequest : request)(
          url,
          {
            method,
            agent: https ? agents.https : agents.http,
            headers:
              body === undefined
                ? headersOf(init.headers)
                : { ...headersOf(init.headers), 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            answered = true;
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', failed);
            res.on('end', () => {
              const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
              const status = res.statusCode ?? 0;
              let answer: unknown;
              try {
                answer = buffer.length === 0 ? undefined : JSON.parse(buffer.toString('utf8'));
              } catch (error) {
                failed(error);
                return;
              }
              if (meilisearchExchanges.hasSubscribers) {
                meilisearchExchanges.publish({
                  method,
                  path: url.pathname,
                  body,
                  status,
                  bytes: buffer.length,
                  answer,
                } satisfies MeilisearchExchange);
              }
              if (status >= 200 && status < 300) resolve(answer);
              else
                reject(
                  new MeilisearchApiError(
                    new Response(null, { status, statusText: res.statusMessage ?? '' }),
                    answer as ConstructorParameters<typeof MeilisearchApiError>[1],
                  ),
                );
            });
          },
        );
        req.setTimeout(timeoutMs, () =>
          req.destroy(new Error(`Meilisearch did not answer within ${timeoutMs} ms`)),
        );
        req.on('error', failed);
        req.end(body);
      });
    return attempt(true);
  };
  return {
    request: send,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
