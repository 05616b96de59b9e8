import type { TypedDocument } from '../generated/graphql';
import { config } from './config';

export type StreamHandlers<Result> = {
  onOpen?: () => void;
  onData: (data: Result) => void;
  /** The stream ended (server closed it, an error, or the network): reconnect if still wanted. */
  onClose: (error: unknown) => void;
};

type SseMessage = { event: string; data: string };

/** Splits server-sent events text into whole messages; returns the unfinished rest. */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const normalized = buffer.replace(/\r\n/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0 || event !== 'message') messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

/**
 * Runs a GraphQL subscription over server-sent events (graphql-yoga answers a POST with
 * `Accept: text/event-stream`), reading the body with a ReadableStream reader. Returns a function
 * that stops it.
 */
export function subscribe<Result, Variables>(
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  handlers: StreamHandlers<Result>,
): () => void {
  const controller = new AbortController();
  let closed = false;
  const close = (error: unknown) => {
    if (closed || controller.signal.aborted) return;
    closed = true;
    handlers.onClose(error);
  };

  (async () => {
    const response = await fetch(config.VITE_GRAPHQL_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: document, variables }),
      signal: controller.signal,
    });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !response.body || !type.includes('text/event-stream')) {
      throw new Error(`HTTP ${response.status} ${type}`);
    }
    handlers.onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const parsed = parseSse(buffer);
      buffer = parsed.rest;
      for (const message of parsed.messages) {
        if (message.event === 'complete') {
          close(null);
          return;
        }
        if (message.event !== 'next' && message.event !== 'message') continue;
        const payload = JSON.parse(message.data) as { data?: Result; errors?: unknown[] };
        if (payload.errors?.length) throw new Error(JSON.stringify(payload.errors[0]));
        if (payload.data) handlers.onData(payload.data);
      }
    }
    close(null);
  })().catch(close);

  return function unsubscribe() {
    controller.abort();
  };
}
