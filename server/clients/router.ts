import express, { type Router } from 'express';
import { resolveSession } from '../domain/accounts/sessions.ts';
import { renderCarePlanPdf } from '../domain/care-plan/print.ts';
import type { DomainDeps } from '../domain/deps.ts';
import { UserError } from '../domain/errors.ts';
import { failRequest as fail, sessionToken } from '../http/session.ts';

/**
 * Client records over plain HTTP: `GET /clients/:id/care-plan.pdf` renders the client's care
 * plan as a PDF for the coordinating organization that keeps the client (session cookie or
 * bearer token; another organization's client is 404). `?lang=en|es` overrides the client's
 * language. Every other path under /clients is the web app's.
 */
export function createClientsRouter(deps: DomainDeps): Router {
  const router = express.Router();
  router.get(/^\/([^/]+)\/care-plan\.pdf$/, async (req, res, next) => {
    try {
      const id = decodeURIComponent(String((req.params as Record<string, string>)[0] ?? ''));
      const token = sessionToken(req);
      const resolved = token ? await resolveSession(deps, token, req.ip ?? null) : null;
      if (!resolved) {
        fail(res, 'NOT_SIGNED_IN', 'Please sign in to continue.');
        return;
      }
      const pdf = await renderCarePlanPdf(deps, resolved.actor, id, req.query.lang);
      res
        .status(200)
        .type('application/pdf')
        .setHeader('cache-control', 'private, no-store')
        .setHeader('content-disposition', 'inline; filename="care-plan.pdf"')
        .send(pdf);
    } catch (error) {
      if (error instanceof UserError) {
        fail(res, error.code, error.message);
        return;
      }
      next(error);
    }
  });
  return router;
}
