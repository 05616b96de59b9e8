import express, { type Router } from 'express';
import { resolveSession } from '../domain/accounts/sessions.ts';
import { appointmentCalendar } from '../domain/appointments/calendar.ts';
import type { DomainDeps } from '../domain/deps.ts';
import { UserError } from '../domain/errors.ts';
import { failRequest, sessionToken } from '../http/session.ts';

/**
 * Appointments over plain HTTP: `GET /appointments/:id.ics` downloads one as an iCalendar file,
 * for the organizations of its referral (session cookie or bearer token, like the API; anyone
 * else gets 404). The read is audited.
 */
export function createAppointmentsRouter(deps: DomainDeps): Router {
  const router = express.Router();
  router.get(/^\/([^/]+)\.ics$/, async (req, res, next) => {
    try {
      const id = decodeURIComponent(String((req.params as Record<string, string>)[0] ?? ''));
      const token = sessionToken(req);
      const resolved = token ? await resolveSession(deps, token, req.ip ?? null) : null;
      if (!resolved) {
        failRequest(res, 'NOT_SIGNED_IN', 'Please sign in to continue.');
        return;
      }
      const calendar = await appointmentCalendar(deps, resolved.actor, id);
      res
        .status(200)
        .type('text/calendar; charset=utf-8')
        .setHeader('cache-control', 'private, no-store')
        .setHeader('content-disposition', `attachment; filename="${calendar.filename}"`)
        .send(calendar.body);
    } catch (error) {
      if (error instanceof UserError) {
        failRequest(res, error.code, error.message);
        return;
      }
      next(error);
    }
  });
  return router;
}
