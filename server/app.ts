import { existsSync } from 'node:fs';
import path from 'node:path';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import express, { type Express } from 'express';
import { createYoga } from 'graphql-yoga';
import { createAppointmentsRouter } from './appointments/router.ts';
import { createClientsRouter } from './clients/router.ts';
import type { DomainDeps } from './domain/deps.ts';
import { createFhirRouter } from './fhir/router.ts';
import { bodyLimitPlugin } from './graphql/body-limit.ts';
import { compiledSearchPlugin } from './graphql/compiled-search.ts';
import type { GraphQLContext } from './graphql/context.ts';
import { costLimitPlugin } from './graphql/cost.ts';
import { csrfCheckPlugin } from './graphql/csrf.ts';
import { createMaskError } from './graphql/errors.ts';
import { limitGraphQLCaller } from './graphql/rate-limit.ts';
import { createRequestContext } from './graphql/request-context.ts';
import { schema } from './graphql/schema.ts';
import { createHsdsRouter } from './hsds/router.ts';
import { finalErrorHandler, notFoundHandler } from './http/error-handler.ts';
import { createMetrics } from './http/metrics.ts';
import { readinessHandler } from './http/readiness.ts';
import { securityHeaders } from './http/security-headers.ts';
import { defaultHttpSettings, type HttpSettings } from './http/settings.ts';
import { createListingConfirmationRouter } from './listings/confirmation-router.ts';
import { createListsRouter } from './lists/router.ts';

export type AppOptions = {
  isProduction: boolean;
  isDevelopment: boolean;
  /** The built web app (default web/dist); tests pass their own build. */
  webDist?: string;
  /** Proxies, CORS, limits and headers (server/http/settings.ts); tools may leave it out. */
  http?: HttpSettings;
};

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Wayfinder</title>
<h1>Wayfinder</h1><p>The web app is not built yet. Run <code>npm run build:web</code> (or
<code>npm start</code>, which builds it) and reload. The GraphQL API is at
<a href="/graphql">/graphql</a>.</p></html>`;

/** The express app with GraphQL mounted at /graphql. Never listens; main.ts and tests do. */
export function buildApp(deps: DomainDeps, options: AppOptions): Express {
  const http = options.http ?? defaultHttpSettings;
  const metrics = createMetrics(deps, { token: http.metricsToken });
  const yoga = createYoga<{ req: express.Request; res: express.Response }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.isDevelopment,
    landingPage: false,
    logging: deps.logger,
    maskedErrors: { maskError: createMaskError(deps.logger) },
    // bodyLimitPlugin below applies the same limit at less cost per request.
    maxRequestBodySize: false,
    // Same origin only, unless CORS_ORIGINS names other sites (yoga's default lets any in).
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (!origin || !http.corsOrigins.includes(origin)) return false;
      return {
        origin: [origin],
        credentials: true,
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'authorization', 'x-csrf-token'],
        maxAge: 600,
      };
    },
    plugins: [
      maxDepthPlugin({ n: 12 }),
      costLimitPlugin(http),
      csrfCheckPlugin(),
      metrics.graphqlPlugin,
      // Last: every check above runs first, and may stop the request before it executes.
      compiledSearchPlugin(),
      // The schema is public in development (tools, codegen); production does not advertise it.
      ...(options.isProduction ? [useDisableIntrospection()] : []),
      // After every request parser, as yoga places its own limit.
      bodyLimitPlugin(),
    ],
    context: async ({ req, res }) => {
      const context = await createRequestContext(deps, req, res, {
        secureCookies: options.isProduction,
      });
      await limitGraphQLCaller(context, http.graphqlPerMinute);
      return context;
    },
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', http.trustProxy);
  app.use(metrics.timeRequests);
  app.use(
    securityHeaders({
      mapTileUrl: http.mapTileUrl,
      hsts: http.hsts,
      // GraphiQL (development only) loads its scripts from a CDN.
      skipCsp: (req) =>
        options.isDevelopment && req.method === 'GET' && req.path === yoga.graphqlEndpoint,
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', readinessHandler(deps));
  app.get('/metrics', (req, res, next) => {
    metrics.handler(req, res).catch(next);
  });
  app.use('/hsds', createHsdsRouter(deps));
  app.use('/listings/confirm', createListingConfirmationRouter(deps));
  app.use('/lists', createListsRouter(deps));
  app.use('/fhir', createFhirRouter(deps, { perMinute: http.graphqlPerMinute }));
  app.use('/appointments', createAppointmentsRouter(deps));
  app.use('/clients', createClientsRouter(deps));
  app.use(yoga.graphqlEndpoint, (req, res) => {
    void yoga.handle(req, res);
  });
  serveWebApp(app, options.webDist ?? path.resolve(import.meta.dirname, '../web/dist'));
  app.use(notFoundHandler);
  app.use(finalErrorHandler(deps.logger));
  return app;
}

/**
 * The built web app: hashed assets cached for a year, and index.html (never cached) for any other
 * GET that is not the API, so client-side routes such as /services/:id load on refresh.
 */
function serveWebApp(app: Express, webDist: string): void {
  const indexHtml = path.join(webDist, 'index.html');
  app.use(
    '/assets',
    express.static(path.join(webDist, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  app.use(express.static(webDist, { index: false, maxAge: '1h' }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/graphql' || req.path.startsWith('/graphql/')) return next();
    if (req.path.startsWith('/hsds/') || req.path.startsWith('/assets/')) return next();
    if (!existsSync(indexHtml)) {
      res.type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexHtml);
  });
}
