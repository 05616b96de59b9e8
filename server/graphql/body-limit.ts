import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Yoga's own limit on a request body (its `maxRequestBodySize` default). */
export const MAX_REQUEST_BODY_BYTES = 25_000_000;

const CONTENT_LENGTH = /^\d+$/;

const tooLarge = () =>
  createGraphQLError('Request body too large', {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });

/**
 * Yoga's request body limit (use it with `maxRequestBodySize: false`), the same checks and
 * errors, without its cost on every request: yoga counts the bytes of every body through a
 * stream transform and a second Request, which was a tenth of a search's GraphQL-layer CPU. A
 * body with a valid Content-Length within the limit, sent plainly (no Transfer-Encoding or
 * Content-Encoding), cannot be longer: Node's HTTP parser reads exactly that many bytes. Only
 * other bodies (chunked, encoded) are counted as yoga counts them.
 */
export function bodyLimitPlugin(limit = MAX_REQUEST_BODY_BYTES): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
        if (Number(contentLength) > limit) throw tooLarge();
        const plain =
          !request.headers.has('transfer-encoding') &&
          (request.headers.get('content-encoding') ?? 'identity') === 'identity';
        if (plain) return;
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((req) => {
        const body = req.body;
        if (body === null) return parse(req);
        let bytesRead = 0;
        // As yoga does: a native stream needs the native transform, a ponyfill one the ponyfill.
        const Transform =
          body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytesRead += chunk.byteLength;
              if (bytesRead > limit) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(req.url, {
            method: req.method,
            headers: req.headers,
            signal: req.signal,
            body: counted,
            // @ts-expect-error Node's fetch needs it for a streamed body; the DOM types lack it.
            duplex: 'half',
          }),
        );
      });
    },
  };
}
