import path from 'node:path';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import express, { type Express } from 'express';
import { createYoga } from 'graphql-yoga';
import type { DomainDeps } from './domain/deps.ts';
import type { GraphQLContext } from './graphql/context.ts';
import { useCsrfCheck } from './graphql/csrf.ts';
import { createMaskError } from './graphql/errors.ts';
import { createRequestContext } from './graphql/request-context.ts';
import { schema } from './graphql/schema.ts';
import { createHsdsRouter } from './hsds/router.ts';

export type AppOptions = { isProduction: boolean; isDevelopment: boolean };

/** The express app with GraphQL mounted at /graphql. Never listens; main.ts and tests do. */
export function buildApp(deps: DomainDeps, options: AppOptions): Express {
  const yoga = createYoga<{ req: express.Request; res: express.Response }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.isDevelopment,
    landingPage: false,
    logging: deps.logger,
    maskedErrors: { maskError: createMaskError(deps.logger, options.isDevelopment) },
    plugins: [maxDepthPlugin({ n: 12 }), costLimitPlugin({ maxCost: 20_000 }), useCsrfCheck()],
    context: ({ req, res }) =>
      createRequestContext(deps, req, res, { secureCookies: options.isProduction }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/hsds', createHsdsRouter(deps));
  app.use(yoga.graphqlEndpoint, (req, res) => {
    void yoga.handle(req, res);
  });
  app.use(express.static(path.resolve(import.meta.dirname, '../web')));
  return app;
}
