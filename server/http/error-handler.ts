import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** The one shape of an HTTP error outside GraphQL: a code and a sentence, never a stack. */
export type HttpErrorBody = { error: { code: string; message: string } };

function statusOf(error: unknown): number {
  const raw =
    typeof error === 'object' && error !== null
      ? ((error as { status?: unknown; statusCode?: unknown }).status ??
        (error as { statusCode?: unknown }).statusCode)
      : undefined;
  return typeof raw === 'number' && raw >= 400 && raw < 600 ? raw : 500;
}

/** Answers any route nobody handled with a JSON 404. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({
    error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' },
  } satisfies HttpErrorBody);
};

/**
 * The last error handler: a client's mistake (a malformed URL or body, 4xx) is answered as such,
 * anything else is logged once, here, and answered as an internal error. Express's own handler,
 * which prints the stack with file paths outside production, is never reached.
 */
export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, path: req.path }, 'unexpected error');
    if (res.headersSent) {
      res.end();
      return;
    }
    const body: HttpErrorBody =
      status >= 500
        ? { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side.' } }
        : { error: { code: 'BAD_REQUEST', message: 'This request is not valid.' } };
    res.status(status).setHeader('cache-control', 'no-store').json(body);
  };
}
