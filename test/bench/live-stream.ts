import http from 'node:http';
import { authHeaders, type CookieSession } from './post.ts';

/**
 * A GraphQL subscription over server-sent events (POST /graphql, Accept: text/event-stream), as
 * the web app opens one: every `next` payload is handed to `onPayload` with the time it arrived.
 * `openedAt` is when the server's first bytes came (yoga starts each stream with a `:` ping, just
 * before it starts listening for events).
 */
export type LiveStream = {
  /** performance.now() when the first bytes arrived; null until then. */
  openedAt: number | null;
  /** Whether the stream is over (closed by us, ended by the server, or failed). */
  ended: boolean;
  /** Why it ended without being closed by us (server end, HTTP error, network error). */
  failure: string | null;
  /** Closes the stream from our side. */
  close(): void;
};

export function openLiveStream(
  port: number,
  session: CookieSession,
  query: string,
  onPayload: (payload: unknown, at: number) => void,
): LiveStream {
  const body = JSON.stringify({ query });
  let closedByUs = false;
  const stream: LiveStream = {
    openedAt: null,
    ended: false,
    failure: null,
    close: () => {
      closedByUs = true;
      stream.ended = true;
      req.destroy();
    },
  };
  const end = (failure: string | null) => {
    if (stream.ended) return;
    stream.ended = true;
    if (!closedByUs) stream.failure = failure;
  };
  const req = http.request(
    {
      host: '127.0.0.1',
      port,
      path: '/graphql',
      method: 'POST',
      // A connection of its own: a stream never goes back to a pool.
      agent: false,
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...authHeaders(session),
      },
    },
    (res) => {
      res.setEncoding('utf8');
      const type = String(res.headers['content-type'] ?? '');
      if (res.statusCode !== 200 || !type.includes('text/event-stream')) {
        let text = '';
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => end(`HTTP ${res.statusCode} ${type}: ${text.slice(0, 200)}`));
        return;
      }
      let buffered = '';
      res.on('data', (chunk: string) => {
        const at = performance.now();
        stream.openedAt ??= at;
        buffered += chunk;
        for (let cut = buffered.indexOf('\n\n'); cut >= 0; cut = buffered.indexOf('\n\n')) {
          const block = buffered.slice(0, cut);
          buffered = buffered.slice(cut + 2);
          const lines = block.split('\n');
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (event === 'complete') end('the server completed the stream');
          else if (data) {
            try {
              onPayload(JSON.parse(data), at);
            } catch {
              onPayload({ errors: [{ message: `not JSON: ${data.slice(0, 100)}` }] }, at);
            }
          }
        }
      });
      res.on('end', () => end('the server ended the stream'));
      res.on('close', () => end('the connection closed'));
      res.on('error', (error) => end(error.message));
    },
  );
  req.on('error', (error) => end(error.message));
  req.end(body);
  return stream;
}
