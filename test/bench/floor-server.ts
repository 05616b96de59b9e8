import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import express from 'express';
import { createYoga, type Plugin } from 'graphql-yoga';
import { csrfCheckPlugin as csrfCheckPlugin } from '../../server/graphql/csrf.ts';
import { createMaskError } from '../../server/graphql/errors.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import { type RunnerMessage, rssSampler, send } from './protocol.ts';

/**
 * The transport floor: the server's stack (express 5, graphql-yoga 5 with the same plugins, error
 * mask and per-request context, a Pothos schema) answering one query with a constant payload. The
 * runner hands it the data of a real search response, so both servers send the same bytes.
 */
const sampler = rssSampler();
sampler.start();
let payload: unknown = null;
let port: number | null = null;
// Listen first: the runner may send the payload while the app is still being set up.
process.on('message', (message: RunnerMessage) => {
  if (message.type === 'payload') {
    payload = message.data;
    announce();
  }
  if (message.type === 'memory') send(sampler.report());
  if (message.type === 'stop') stop();
});
process.on('disconnect', () => stop());

function announce(): void {
  if (payload !== null && port !== null) send({ type: 'ready', port });
}

/** What the server's context holds for an anonymous request (no session to resolve). */
type FloorContext = {
  requestId: string;
  ip: string | null;
  logger: Logger;
  actor: null;
  authVia: null;
  csrfValid: boolean;
};

// The server's builder plugins, in its order, with nothing to authorize.
const builder = new SchemaBuilder<{
  Context: FloorContext;
  Scalars: { JSON: { Input: unknown; Output: unknown } };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin],
  scopeAuth: { authScopes: () => ({}) },
  errors: { defaultTypes: [] },
});
builder.scalarType('JSON', { serialize: (value) => value });
builder.queryType({
  fields: (t) => ({
    floor: t.field({
      type: 'JSON',
      nullable: true,
      args: { input: t.arg({ type: 'JSON' }) },
      resolve: () => payload,
    }),
  }),
});
const schema = builder.toSchema();

const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
const yoga = createYoga<{ req: express.Request; res: express.Response }, FloorContext>({
  schema,
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  logging: logger,
  maskedErrors: { maskError: createMaskError(logger) },
  plugins: [
    maxDepthPlugin({ n: 12 }),
    costLimitPlugin({ maxCost: 20_000 }),
    // It reads only authVia and csrfValid, which the floor's context has.
    csrfCheckPlugin() as unknown as Plugin<FloorContext>,
  ],
  context: ({ req }) => {
    const requestId = randomUUID();
    return {
      requestId,
      ip: req.ip ?? req.socket.remoteAddress ?? null,
      logger: logger.child({ requestId, actorId: undefined }),
      actor: null,
      authVia: null,
      csrfValid: false,
    };
  },
});
const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 'loopback');
app.use(yoga.graphqlEndpoint, (req, res) => {
  void yoga.handle(req, res);
});

const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});

port = (server.address() as AddressInfo).port;
announce();

function stop(): void {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
