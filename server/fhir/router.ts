import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { resolveSession } from '../domain/accounts/sessions.ts';
import type { DomainDeps } from '../domain/deps.ts';
import { UserError } from '../domain/errors.ts';
import { hitRateLimitInBlocks } from '../domain/rate-limit.ts';
import { searchsetBundle } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import type { FhirRequest, ResourceHandler } from './handler.ts';
import { FhirError, fromUserError, type Json, operationOutcome } from './outcome.ts';
import { handlerFor, resourceHandlers } from './resource-types.ts';
import { referralServiceRequest, referralTask } from './resources/referral-mapping.ts';
import { partsOfBundle } from './resources/referral-write.ts';
import { createReferralFrom } from './resources/task.ts';
import { parseSearchQuery } from './search-params.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const BODY_TYPES = ['application/fhir+json', 'application/json', 'application/json-patch+json'];

function send(res: Response, status: number, body: Json): void {
  const meta = body.meta as { versionId?: string; lastUpdated?: string } | undefined;
  if (meta?.versionId) res.setHeader('etag', `W/"${meta.versionId}"`);
  if (meta?.lastUpdated) res.setHeader('last-modified', new Date(meta.lastUpdated).toUTCString());
  res
    .status(status)
    .setHeader('cache-control', 'private, no-store')
    .type(FHIR_JSON)
    .send(JSON.stringify(body));
}

function sendError(res: Response, error: FhirError): void {
  if (error.status === 401) res.setHeader('www-authenticate', 'Bearer realm="wayfinder"');
  send(res, error.status, operationOutcome(error.issues));
}

function baseOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** The version an If-Match header names (W/"3" or "3"), or null when there is none. */
function ifMatchOf(req: Request): number | null {
  const header = req.headers['if-match'];
  if (!header) return null;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match?.[1]) {
    throw new FhirError(400, [
      { code: 'invalid', text: 'If-Match must be a version ETag such as W/"3".' },
    ]);
  }
  return Number(match[1]);
}

function resourceId(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw new FhirError(400, [{ code: 'invalid', text: `"${id}" is not a valid resource id.` }]);
  }
  return id;
}

function handlerOf(req: Request): ResourceHandler {
  const type = String(req.params.type ?? '');
  const handler = handlerFor(type);
  if (!handler) {
    throw new FhirError(404, [
      {
        code: 'not-supported',
        text: `Resource type "${type}" is not supported here. See /fhir/metadata for the supported types.`,
      },
    ]);
  }
  return handler;
}

function notAllowed(type: string, what: string): FhirError {
  return new FhirError(405, [{ code: 'not-supported', text: `${type} does not support ${what}.` }]);
}

function requireBody(req: Request): unknown {
  if (req.body === undefined || !req.is(BODY_TYPES)) {
    throw new FhirError(415, [
      {
        code: 'structure',
        text: 'Send the body as application/fhir+json (JSON Patch: application/json-patch+json).',
      },
    ]);
  }
  return req.body;
}

/**
 * The FHIR R4 interface (`/fhir`): the CapabilityStatement, then read, search and the referral
 * writes of each type in the resource table, for callers with a bearer token (no cookies, so no
 * cross-site request can act for a signed-in browser). Every failure is an OperationOutcome.
 */
export function createFhirRouter(deps: DomainDeps, options: { perMinute: number }): Router {
  const router = express.Router();
  router.use(express.json({ type: BODY_TYPES, limit: '256kb', strict: true }));

  router.get('/metadata', (req, res) => {
    send(res, 200, capabilityStatement(resourceHandlers, baseOf(req), deps.clock.now()));
  });

  /** Each account's requests count against the same per-minute budget as its GraphQL ones. */
  const limitCaller = async (userId: string, res: Response) => {
    if (options.perMinute <= 0) return;
    const hit = await hitRateLimitInBlocks(deps, 'fhir', `user:${userId}`, {
      limit: options.perMinute,
      windowMs: 60_000,
    });
    if (hit.allowed) return;
    const now = deps.clock.now().getTime();
    const seconds = Math.max(1, Math.ceil((hit.resetAt.getTime() - now) / 1000));
    res.setHeader('retry-after', String(seconds));
    throw new FhirError(429, [
      { code: 'throttled', text: `Too many requests. Try again in ${seconds} seconds.` },
    ]);
  };

  const authed = (work: (request: FhirRequest, req: Request, res: Response) => Promise<void>) => {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const resolved = bearer ? await resolveSession(deps, bearer, req.ip ?? null) : null;
        if (!resolved) {
          throw new FhirError(401, [
            { code: 'login', text: 'Send a Wayfinder API token: Authorization: Bearer <token>.' },
          ]);
        }
        await limitCaller(resolved.actor.userId, res);
        await work({ deps, actor: resolved.actor, base: baseOf(req) }, req, res);
      } catch (error) {
        next(error);
      }
    };
  };

  router.post(
    '/',
    authed(async (request, req, res) => {
      const parts = partsOfBundle(requireBody(req));
      const { referral, created } = await createReferralFrom(request, parts);
      const status = created ? '201 Created' : '200 OK';
      const entries = (req.body.entry as Json[]).map((entry) => {
        const resource =
          (entry.resource as Json).resourceType === 'Task'
            ? referralTask(referral)
            : referralServiceRequest(referral);
        const location = `${resource.resourceType}/${referral.id}/_history/${referral.version}`;
        return {
          fullUrl: `${request.base}/${resource.resourceType}/${referral.id}`,
          resource,
          response: {
            status,
            location,
            etag: `W/"${referral.version}"`,
            lastModified: new Date(referral.updatedAt).toISOString(),
          },
        };
      });
      send(res, 200, { resourceType: 'Bundle', type: 'transaction-response', entry: entries });
    }),
  );

  router.get(
    '/:type',
    authed(async (request, req, res) => {
      const handler = handlerOf(req);
      if (!handler.search) throw notAllowed(handler.type, 'search');
      const url = new URL(req.originalUrl, 'http://fhir.invalid');
      const query = parseSearchQuery(
        url.searchParams,
        handler.search.params.map((p) => p.name),
      );
      const page = await handler.search.run(request, query);
      send(res, 200, searchsetBundle(request.base, handler.type, query, page));
    }),
  );

  router.get(
    '/:type/:id',
    authed(async (request, req, res) => {
      const handler = handlerOf(req);
      if (!handler.read) throw notAllowed(handler.type, 'read');
      send(res, 200, await handler.read(request, resourceId(req)));
    }),
  );

  router.post(
    '/:type',
    authed(async (request, req, res) => {
      const handler = handlerOf(req);
      if (!handler.create) throw notAllowed(handler.type, 'create');
      const { resource, created } = await handler.create(request, requireBody(req));
      res.setHeader('location', `${request.base}/${handler.type}/${String(resource.id)}`);
      send(res, created ? 201 : 200, resource);
    }),
  );

  router.put(
    '/:type/:id',
    authed(async (request, req, res) => {
      const handler = handlerOf(req);
      if (!handler.update) throw notAllowed(handler.type, 'update');
      const id = resourceId(req);
      send(res, 200, await handler.update(request, id, requireBody(req), ifMatchOf(req)));
    }),
  );

  router.patch(
    '/:type/:id',
    authed(async (request, req, res) => {
      const handler = handlerOf(req);
      if (!handler.patch) throw notAllowed(handler.type, 'patch');
      const id = resourceId(req);
      send(res, 200, await handler.patch(request, id, requireBody(req), ifMatchOf(req)));
    }),
  );

  router.use((req, res) => {
    sendError(
      res,
      new FhirError(req.method === 'GET' ? 404 : 405, [
        {
          code: 'not-supported',
          text: `${req.method} ${req.originalUrl} is not part of this FHIR interface.`,
        },
      ]),
    );
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof FhirError) return sendError(res, error);
    if (error instanceof UserError) return sendError(res, fromUserError(error));
    const parseFailed = (error as { type?: string }).type;
    if (parseFailed === 'entity.parse.failed') {
      return sendError(
        res,
        new FhirError(400, [{ code: 'structure', text: 'The body is not valid JSON.' }]),
      );
    }
    if (parseFailed === 'entity.too.large') {
      return sendError(
        res,
        new FhirError(413, [{ code: 'too-costly', text: 'The body is larger than 256 kB.' }]),
      );
    }
    deps.logger.error({ err: error }, 'fhir request failed');
    if (res.headersSent) return next(error);
    sendError(
      res,
      new FhirError(500, [{ code: 'exception', text: 'Something went wrong on our side.' }]),
    );
  });
  return router;
}
