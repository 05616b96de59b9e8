import express, { type Request, type Response, type Router } from 'express';
import { resolveSession } from '../domain/accounts/sessions.ts';
import type { DomainDeps } from '../domain/deps.ts';
import { UserError } from '../domain/errors.ts';
import { getResourceList } from '../domain/lists/lists.ts';
import { renderListPdf } from '../domain/lists/pdf.ts';
import { buildListView } from '../domain/lists/view.ts';
import { isListLanguage } from '../domain/lists/wording.ts';
import { SESSION_COOKIE } from '../graphql/request-context.ts';

const STATUS: Record<string, number> = { NOT_SIGNED_IN: 401, NOT_ALLOWED: 403, NOT_FOUND: 404 };

/** The session token of a request: a bearer token, else the session cookie. */
export function sessionToken(req: Request): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** Answers a plain-HTTP route's failure as JSON with the status its code calls for. */
export function fail(res: Response, code: string, message: string): void {
  res
    .status(STATUS[code] ?? 400)
    .setHeader('cache-control', 'no-store')
    .json({ error: { code, message } });
}

/**
 * Resource lists over plain HTTP: `GET /lists/:id.pdf` renders a list as a PDF for the
 * coordinating organization that keeps it (session cookie or bearer token, like the API; another
 * organization's list is 404). `?lang=en|es` overrides the list's language. The read is audited.
 */
export function createListsRouter(deps: DomainDeps): Router {
  const router = express.Router();
  router.get(/^\/([^/]+)\.pdf$/, async (req, res, next) => {
    try {
      const id = decodeURIComponent(String((req.params as Record<string, string>)[0] ?? ''));
      const token = sessionToken(req);
      const resolved = token ? await resolveSession(deps, token, req.ip ?? null) : null;
      if (!resolved) {
        fail(res, 'NOT_SIGNED_IN', 'Please sign in to continue.');
        return;
      }
      const list = await getResourceList(deps, resolved.actor, id, 'pdf');
      const lang = isListLanguage(req.query.lang) ? req.query.lang : list.language;
      const pdf = await renderListPdf({ ...(await buildListView(deps, list)), language: lang });
      res
        .status(200)
        .type('application/pdf')
        .setHeader('cache-control', 'private, no-store')
        .setHeader('content-disposition', 'inline; filename="resource-list.pdf"')
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
