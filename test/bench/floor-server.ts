import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import SchemaBuilder from '@pothos/core';
import express from 'express';
import { createYoga } from 'graphql-yoga';
import { createMaskError } from '../../server/graphql/errors.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import { type RunnerMessage, rssSampler, send } from './protocol.ts';

/**
 * The transport floor: the server's stack (express 5, graphql-yoga 5 with the same plugins, error
 * mask and per-request context, a Pothos schema) answering one query with a constant payload. The
 * runner hands it the data of a real search response, so both servers send the same bytes.
 */
let payload: unknown = null;

const builder = new SchemaBuilder<{
  Context: { requestId: string; logger: Logger };
  Scalars: { JSON: { Input: unknown; Output: unknown } };
}>({});
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
const yoga = createYoga<{ req: express.Request; res: express.Response }>({
  schema,
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  logging: logger,
  maskedErrors: { maskError: createMaskError(logger, false) },
  plugins: [maxDepthPlugin({ n: 12 }), costLimitPlugin({ maxCost: 20_000 })],
  context: () => {
    const requestId = randomUUID();
    return { requestId, logger: logger.child({ requestId }) };
  },
});
const app = express();
app.disable('x-powered-by');
app.use(yoga.graphqlEndpoint, (req, res) => {
  void yoga.handle(req, res);
});

const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const sampler = rssSampler();
sampler.start();

process.on('message', (message: RunnerMessage) => {
  if (message.type === 'payload') {
    payload = message.data;
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  }
  if (message.type === 'memory') send(sampler.report());
  if (message.type === 'stop') stop();
});
process.on('disconnect', () => stop());

function stop(): void {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
