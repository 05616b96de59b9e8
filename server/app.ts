import { existsSync } from 'node:fs';
import path from 'node:path';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import express, { type Express } from 'express';
import { createYoga } from 'graphql-yoga';
import type { DomainDeps } from './domain/deps.ts';
import type { GraphQLContext } from './graphql/context.ts';
import { csrfCheckPlugin } from './graphql/csrf.ts';
import { createMaskError } from './graphql/errors.ts';
import { createRequestContext } from './graphql/request-context.ts';
import { schema } from './graphql/schema.ts';
import { createHsdsRouter } from './hsds/router.ts';
import { createListingConfirmationRouter } from './listings/confirmation-router.ts';
import { createListsRouter } from './lists/router.ts';
import { readinessHandler } from './readiness.ts';

export type AppOptions = {
  isProduction: boolean;
  isDevelopment: boolean;
  /** The built web app (default web/dist); tests pass their own build. */
  webDist?: string;
};

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Wayfinder</title>
<h1>Wayfinder</h1><p>The web app is not built yet. Run <code>npm run build:web</code> (or
<code>npm start</code>, which builds it) and reload. The GraphQL API is at
<a href="/graphql">/graphql</a>.</p></html>`;

/** The express app with GraphQL mounted at /graphql. Never listens; main.ts and tests do. */
export function buildApp(deps: DomainDeps, options: AppOptions): Express {
  const yoga = createYoga<{ req: express.Request; res: express.Response }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.isDevelopment,
    landingPage: false,
    logging: deps.logger,
    maskedErrors: { maskError: createMaskError(deps.logger, options.isDevelopment) },
    plugins: [
      maxDepthPlugin({ n: 12 }),
      costLimitPlugin({ maxCost: 20_000 }),
      csrfCheckPlugin(),
      // The schema is public in development (tools, codegen); production does not advertise it.
      ...(options.isProduction ? [useDisableIntrospection()] : []),
    ],
    context: ({ req, res }) =>
      createRequestContext(deps, req, res, { secureCookies: options.isProduction }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', readinessHandler(deps));
  app.use('/hsds', createHsdsRouter(deps));
  app.use('/listings/confirm', createListingConfirmationRouter(deps));
  app.use('/lists', createListsRouter(deps));
  app.use(yoga.graphqlEndpoint, (req, res) => {
    void yoga.handle(req, res);
  });
  serveWebApp(app, options.webDist ?? path.resolve(import.meta.dirname, '../web/dist'));
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
