import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DomainDeps } from '../domain/deps.ts';
import { feedLag } from '../domain/directory/outbox-worker.ts';
import { notificationLag } from '../domain/notifications/outbox.ts';
import { jobStatsFor } from '../domain/poller.ts';
import { liveSubscriberCount } from '../graphql/subscription.ts';

/**
 * GET /metrics in Prometheus' text format: request latency by GraphQL operation and by HTTP
 * route, how far the search index and the notification outbox are behind, background job runs
 * and failures, live subscribers, and Node's process metrics. One registry per app (tests build
 * several apps in one process), never prom-client's global one.
 *
 * Who may read it: with METRICS_TOKEN set, only a request bearing it (`Authorization: Bearer`);
 * without, only a request made straight to the process from its own machine (a loopback peer and
 * no forwarding header, so a reverse proxy on the same host does not make the public "local").
 */

export type MetricsOptions = { token?: string | undefined };

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** At most this many distinct operation names are labelled; the rest count as `other`. */
const MAX_OPERATIONS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIRST_OPERATION =
  /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

/** The bounded set of HTTP route labels (the web app's own paths all count as `web`). */
const ROUTES = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/hsds',
  '/listings/confirm',
  '/lists',
  '/assets',
];

function routeOf(path: string): string {
  for (const route of ROUTES) {
    if (path === route || path.startsWith(`${route}/`)) return route;
  }
  return 'web';
}

export type AppMetrics = {
  registry: Registry;
  /** Times every request; mount first. */
  timeRequests(req: Request, res: Response, next: NextFunction): void;
  /** Names the GraphQL operation of a request for its latency label. */
  graphqlPlugin: Plugin<Record<string, never>, { req: Request; res: Response }>;
  /** The /metrics handler, with its access rule. */
  handler(req: Request, res: Response): Promise<void>;
};

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return (
    address === '::1' ||
    address.startsWith('127.') ||
    address.startsWith('::ffff:127.') ||
    address === '::ffff:7f00:1'
  );
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether a request may read the metrics (see the file comment). */
export function mayReadMetrics(req: Request, token: string | undefined): boolean {
  if (token) {
    const header = req.get('authorization') ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    return given !== '' && timingSafeEqual(sha256(given), sha256(token));
  }
  const forwarded = req.get('x-forwarded-for') ?? req.get('forwarded') ?? req.get('x-real-ip');
  return forwarded === undefined && isLoopback(req.socket.remoteAddress);
}

/** The metrics of one app over `deps`. */
export function createMetrics(
  deps: Pick<DomainDeps, 'db' | 'search' | 'clock'>,
  options: MetricsOptions = {},
): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const graphqlLatency = new Histogram({
    name: 'wayfinder_graphql_request_duration_seconds',
    help: 'GraphQL requests over HTTP by operation name, from arrival to the response being sent.',
    labelNames: ['operation', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const httpLatency = new Histogram({
    name: 'wayfinder_http_request_duration_seconds',
    help: 'Other HTTP requests by route (the web app counts as `web`).',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const lag = async () => {
    const now = deps.clock.now();
    const [feed, notifications] = await Promise.all([
      feedLag(deps, now),
      notificationLag(deps, now),
    ]);
    return { feed, notifications };
  };
  // Collected once per scrape, shared by the gauges below.
  let pending: ReturnType<typeof lag> | null = null;
  const current = () => {
    pending ??= lag().finally(() => {
      setImmediate(() => {
        pending = null;
      });
    });
    return pending;
  };
  const backlogs = [
    ['search_feed', 'feed', 'listing changes the search index has yet to apply'],
    ['notification_outbox', 'notifications', 'queued notifications not yet delivered'],
  ] as const;
  for (const [prefix, key, what] of backlogs) {
    new Gauge({
      name: `wayfinder_${prefix}_waiting_entries`,
      help: `How many ${what}.`,
      registers: [registry],
      async collect() {
        this.set((await current())[key].waiting);
      },
    });
    new Gauge({
      name: `wayfinder_${prefix}_oldest_waiting_seconds`,
      help: `Age of the oldest of the ${what} (0 when none waits).`,
      registers: [registry],
      async collect() {
        this.set((await current())[key].oldestAgeSeconds);
      },
    });
  }
  const jobs = jobStatsFor(deps.db);
  const jobCounter = (name: string, help: string, field: 'runs' | 'failures') =>
    new Counter({
      name,
      help,
      labelNames: ['job'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [job, stats] of jobs) this.inc({ job }, stats[field]);
      },
    });
  jobCounter(
    'wayfinder_job_runs_total',
    'Runs of background jobs in this process that found work (a failed run counts too).',
    'runs',
  );
  jobCounter(
    'wayfinder_job_failures_total',
    'Runs of background jobs in this process that failed (retried on the next run).',
    'failures',
  );
  new Gauge({
    name: 'wayfinder_live_subscribers',
    help: 'Live (server-sent events) subscriptions this process serves now.',
    registers: [registry],
    collect() {
      this.set(liveSubscriberCount(deps.db));
    },
  });

  const operations = new Set<string>();
  const operationLabel = (name: string | null | undefined, query: string | undefined): string => {
    const found = name ?? (query ? FIRST_OPERATION.exec(query)?.[2] : undefined);
    if (!found) return 'anonymous';
    if (!OPERATION_NAME.test(found)) return 'other';
    if (!operations.has(found)) {
      if (operations.size >= MAX_OPERATIONS) return 'other';
      operations.add(found);
    }
    return found;
  };

  return {
    registry,
    timeRequests: (req, res, next) => {
      const start = process.hrtime.bigint();
      // Read now: a mounted router rewrites req.url before the response ends.
      const path = req.path;
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        const status = String(res.statusCode);
        if (path === '/graphql' || path.startsWith('/graphql/')) {
          const operation = (res.locals.graphqlOperation as string | undefined) ?? 'none';
          graphqlLatency.observe({ operation, status }, seconds);
        } else {
          httpLatency.observe({ method: req.method, route: routeOf(path), status }, seconds);
        }
      });
      next();
    },
    graphqlPlugin: {
      onParams({ params, context }) {
        context.res.locals.graphqlOperation = operationLabel(params.operationName, params.query);
      },
    },
    handler: async (req, res) => {
      if (!mayReadMetrics(req, options.token)) {
        res
          .status(options.token ? 401 : 403)
          .set(options.token ? { 'www-authenticate': 'Bearer' } : {})
          .type('text')
          .send(
            options.token
              ? 'Metrics need the METRICS_TOKEN bearer token.\n'
              : 'Metrics are served to this machine only (or set METRICS_TOKEN).\n',
          );
        return;
      }
      res.set('cache-control', 'no-store').type(registry.contentType);
      res.send(await registry.metrics());
    },
  };
}
