import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result as CannonResult } from 'autocannon';
import {
  type MeiliServer,
  meilisearchBinary,
  startMeilisearch,
} from '../support/meilisearch-server.ts';
import { authHeaders, type ForwardedCaller, postGraphQL as post } from './post.ts';
import type { LoadStats, MeiliRequest, RunnerMessage, ServerMessage } from './protocol.ts';
import { qualityProbes } from './quality.ts';
import { runSoak } from './soak.ts';
import {
  buildWorkload,
  checkSearchResponse,
  QUERY_KINDS,
  type QueryKind,
  type ResponseCheck,
  rememberingCheck,
  type WorkItem,
} from './workload.ts';

/**
 * End-to-end search benchmark: a real server (buildApp over real DomainDeps) in a child process
 * loaded with N synthetic services, a mixed GraphQL search workload over HTTP, every response
 * checked. Phase 1: a steady rate for latency (open loop, measured from the scheduled send time).
 * Phase 2: many connections for throughput. Then the transport floor: the same stack serving a
 * constant payload of the same size; and the resolved floor: the real app whose engine answers
 * one constant 20-hit page, so the search's own cost shows against it (`floorResolvedRps`).
 * Then, each in its own processes, the referral workload (referrals.ts: 50 coordinators and 50
 * agencies creating and moving referrals) and the HSDS API
 * workload (hsds.ts: pages and an NDJSON stream over N services), reported under `referrals` and
 * `hsds`, and the scale-out workload (scaleout.ts: mixed searches and referral creates against one
 * and then two app processes on one `npm run db` database), reported under `scaleout`, and the
 * caseload workload (caseload.ts: `myCaseload` for 500 clients with 5,000 referrals), reported
 * under `caseload` (`caseload.p95Ms`).
 * `--soak <seconds>` runs only the soak (soak.ts: mixed load with live subscribers, the server's
 * memory and event-loop delay sampled), reported under `soak`.
 * `--workloads search,referrals` picks some. The last line of stdout is one JSON object.
 */
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    rate: { type: 'string', default: '100' },
    'steady-requests': { type: 'string', default: '2000' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '15' },
    db: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    /**
     * Which workloads to run, comma-separated: search, meilisearch, referrals, hsds, scaleout,
     * caseload; or floor (the floors alone, a quick loop).
     */
    workloads: { type: 'string', default: 'search,meilisearch,referrals,hsds,scaleout,caseload' },
    /** Seconds of load per phase (one instance, then two) of the scale-out workload. */
    'scaleout-duration': { type: 'string', default: '5' },
    'referral-duration': { type: 'string', default: '20' },
    /** Fewer than the embedded engine's: each Meilisearch search is a few HTTP round trips. */
    'meili-steady-requests': { type: 'string', default: '1000' },
    /** Meilisearch's steady rate: the target is p95 at 50 searches/s. */
    'meili-rate': { type: 'string', default: '50' },
    /** Searches of each query kind sent one at a time to measure Meilisearch's share. */
    'meili-profile': { type: 'string', default: '30' },
    /** Seconds of the soak (soak.ts); given, the soak runs alone. */
    soak: { type: 'string' },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const rate = Number(values.rate);
const steadyRequests = Number(values['steady-requests']);
const connections = Number(values.connections);
const duration = Number(values.duration);
/**
 * Searches built per second of the throughput phase: more than the engine answers (so none is
 * sent twice), fewer than would make building them slow.
 */
const THROUGHPUT_SEARCHES_PER_S = 2_000;

const log = (message: string) => console.error(`[bench] ${message}`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

type Child = {
  process: ChildProcess;
  next<T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }>>;
  send(message: RunnerMessage): void;
  stop(): Promise<void>;
};

function startChild(script: string, args: string[], cpuProfDir?: string): Child {
  const child = fork(path.join(import.meta.dirname, script), args, {
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
    ],
    // The server's own output (logs) joins our progress output on stderr.
    stdio: ['ignore', 2, 2, 'ipc'],
    // As the server runs in production (the Dockerfile's): libraries take their production
    // paths (graphql-js skips its development-only type checks).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const waiting = new Map<string, (message: ServerMessage) => void>();
  child.on('message', (message: ServerMessage) => {
    if (message.type === 'progress') log(`server: ${message.message}`);
    const resolve = waiting.get(message.type);
    if (resolve) {
      waiting.delete(message.type);
      resolve(message);
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', (code) => {
    for (const type of waiting.keys()) {
      log(`${script} exited (${code}) while we waited for "${type}"`);
      process.exit(1);
    }
  });
  return {
    process: child,
    next: (type) =>
      new Promise((resolve) => waiting.set(type, resolve as (message: ServerMessage) => void)),
    send: (message) => child.send(message),
    stop: async () => {
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

type Sample = { kind: QueryKind; latencyMs: number; totalCount: number };

class Failures {
  count = 0;
  readonly examples: string[] = [];
  add(error: string, count = 1): void {
    this.count += count;
    if (this.examples.length < 5) {
      this.examples.push(error);
      log(`FAILED ${error}`);
    }
  }
}

/** Sends items closed-loop with `concurrency` in flight; checks every response. */
async function closedLoop(
  port: number,
  items: readonly WorkItem[],
  concurrency: number,
  failures: Failures,
): Promise<Array<{ item: WorkItem; text: string; ms: number }>> {
  const out: Array<{ item: WorkItem; text: string; ms: number }> = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as WorkItem;
      const t0 = performance.now();
      const { status, text } = await post(port, item.body);
      const ms = performance.now() - t0;
      const checked = checkSearchResponse(item, status, text);
      if (checked.error) failures.add(checked.error);
      out.push({ item, text, ms });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate whatever happened before,
 * and its latency counts from that due time (no coordinated omission).
 */
async function steadyRate(
  port: number,
  items: readonly WorkItem[],
  perSecond: number,
  failures: Failures,
  check: ResponseCheck = checkSearchResponse,
  callerOf?: (index: number) => ForwardedCaller,
): Promise<{ samples: Sample[]; seconds: number; lateSends: number }> {
  const interval = 1000 / perSecond;
  const start = performance.now() + 20;
  const samples: Sample[] = [];
  const pending: Array<Promise<void>> = [];
  let lateSends = 0;
  for (let i = 0; i < items.length; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (performance.now() - due > 5) lateSends += 1;
    const item = items[i] as WorkItem;
    pending.push(
      post(port, item.body, callerOf?.(i)).then(
        ({ status, text }) => {
          const latencyMs = performance.now() - due;
          const checked = check(item, status, text);
          if (checked.error) failures.add(checked.error);
          samples.push({ kind: item.kind, latencyMs, totalCount: checked.totalCount });
        },
        (error: Error) => failures.add(`${item.kind}: ${error.message}`),
      ),
    );
  }
  await Promise.all(pending);
  return { samples, seconds: (performance.now() - start) / 1000, lateSends };
}

type Cannon = {
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** The load generator's own CPU per request (sending, parsing, checking): it shares the box. */
  clientCpuMs: number;
};

/** A run's figures, from autocannon's result and this process's CPU use since `cpuBefore`. */
function cannonFigures(result: CannonResult, cpuBefore: NodeJS.CpuUsage): Cannon {
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    clientCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, result.requests.total),
  };
}

/** Closed-loop load with autocannon: `connections` connections, each cycling through its share. */
async function cannon(
  port: number,
  requests: Array<{
    body: string;
    headers?: Record<string, string>;
    check: (status: number, body: string) => string | null;
  }>,
  seconds: number,
  failures: Failures,
): Promise<Cannon> {
  // Each connection sends its own share of the requests, in turn (so none is sent twice while
  // there are more than the run sends); autocannon renders each connection's requests up front.
  const share = Math.max(1, Math.ceil(requests.length / connections));
  const asRequests = (connection: number) =>
    requests.slice(connection * share, (connection + 1) * share).map((r) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...r.headers },
      body: r.body,
      onResponse: (status: number, body: string) => {
        const error = r.check(status, body);
        if (error) failures.add(error);
      },
    }));
  let clients = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    // Seconds; an overloaded server answers late rather than not at all.
    timeout: 60,
    requests: asRequests(0),
    setupClient: (client) => {
      client.setRequests(asRequests(clients % Math.ceil(requests.length / share)));
      clients += 1;
    },
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors > 0) {
    failures.add(
      `${errors} failed requests (${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
      errors,
    );
  }
  return cannonFigures(result, cpuBefore);
}

/** The child's memory and CPU so far. */
async function usage(child: Child) {
  child.send({ type: 'memory' });
  return child.next('memory');
}

/** The transport floor: the same stack serving a constant payload of the search's size. */
async function floorBench(
  typicalText: string,
  workload: readonly WorkItem[],
  failures: Failures,
): Promise<Pick<Cannon, 'rps' | 'p50Ms' | 'clientCpuMs'> & { cpuMs: number }> {
  log(
    `transport floor: constant ${Buffer.byteLength(typicalText)}-byte payload, ${connections} connections`,
  );
  const floorServer = startChild('floor-server.ts', [], values['cpu-prof']);
  const data = (JSON.parse(typicalText) as { data: { searchServices: unknown } }).data
    .searchServices;
  floorServer.send({ type: 'payload', data });
  const floorReady = await floorServer.next('ready');
  const floorBodies = workload.slice(0, 200).map((item) => ({
    body: JSON.stringify({
      query: 'query Floor($input: JSON) { floor(input: $input) }',
      variables: { input: item.input },
    }),
    check: (status: number, body: string) =>
      status === 200 && body.startsWith('{"data":{"floor":{') ? null : `floor: HTTP ${status}`,
  }));
  await cannon(floorReady.port, floorBodies, 3, failures);
  const floorBefore = await usage(floorServer);
  const floor = await cannon(floorReady.port, floorBodies, duration, failures);
  const floorAfter = await usage(floorServer);
  const floorCpuMs = (floorAfter.cpuMs - floorBefore.cpuMs) / floor.requests;
  await floorServer.stop();
  log(`floor: ${round(floor.rps)} requests/s, ${round(floorCpuMs, 2)} ms server CPU each`);

  return { rps: floor.rps, p50Ms: floor.p50Ms, cpuMs: floorCpuMs, clientCpuMs: floor.clientCpuMs };
}

/** Services in the resolved floor's directory: enough for a full page of "food" hits. */
const RESOLVED_FLOOR_SERVICES = 2_000;

/**
 * The rate-limited resolved floor's callers: requests come from this many addresses in turn (by
 * X-Forwarded-For), each a busy user well within the production default of 600 a minute. At the
 * floor's 2,000–3,000 requests a second, a phase of 18 s (warm-up and the default 15 s) asks
 * each of them about 100–140 times; with 64, the busiest went past 600 and were refused.
 */
const RATE_LIMITED_CALLERS = 400;
const callerOf = (index: number): ForwardedCaller => {
  const caller = index % RATE_LIMITED_CALLERS;
  return { forwardedFor: `10.0.${Math.floor(caller / 200)}.${(caller % 200) + 1}` };
};

/**
 * The resolved floor: the real server (same runtime, app and schema) whose engine answers every
 * search with one constant 20-hit page, under the same search requests. What it costs is what
 * everything but the engine costs: HTTP, yoga and its plugins, the request context, input checks,
 * each hit's eligibility, open status and view, the Pothos types and serialisation. Every
 * response is checked to be a full page without errors. `rateLimited`: with the production
 * GraphQL rate limiter on (the bench's servers run without it), so its cost shows against the
 * plain resolved floor. `steady`: first its latency at a steady rate.
 */
async function floorResolvedBench(
  workload: readonly WorkItem[] | ((ready: ReadyMessage) => WorkItem[]),
  failures: Failures,
  options: { rateLimited?: boolean; steady?: { requests: number; rate: number } } = {},
): Promise<ResolvedFloor> {
  const label = options.rateLimited ? 'rate-limited resolved floor' : 'resolved floor';
  log(`${label}: a constant 20-hit page through the real app, ${connections} connections`);
  const server = startChild(
    'server-process.ts',
    [
      '--n',
      String(RESOLVED_FLOOR_SERVICES),
      '--seed',
      String(seed),
      '--constant-page',
      ...(options.rateLimited ? ['--graphql-per-minute', '600'] : []),
    ],
    values['cpu-prof'],
  );
  const ready = await server.next('ready');
  const items = typeof workload === 'function' ? workload(ready) : workload;
  let text = '';
  const bodies = items.map((item, i) => ({
    body: item.body,
    ...(options.rateLimited ? { headers: authHeaders(callerOf(i)) } : {}),
    check: (status: number, body: string) => {
      text = body;
      return checkConstantPage(item, status, body);
    },
  }));
  await cannon(ready.port, bodies, 3, failures);
  let steadyP95Ms: number | null = null;
  let steadyCpuMs: number | null = null;
  let steadyDbCpuMs: number | null = null;
  if (options.steady) {
    const { requests, rate: perSecond } = options.steady;
    const before = await usage(server);
    const steady = await steadyRate(
      ready.port,
      items.slice(0, requests),
      perSecond,
      failures,
      (item, status, body) => ({ error: checkConstantPage(item, status, body), totalCount: 20 }),
      options.rateLimited ? callerOf : undefined,
    );
    const after = await usage(server);
    const sorted = steady.samples.map((s) => s.latencyMs).sort((a, b) => a - b);
    steadyP95Ms = percentile(sorted, 95);
    steadyCpuMs = (after.cpuMs - before.cpuMs) / Math.max(1, steady.samples.length);
    steadyDbCpuMs = (after.childCpuMs - before.childCpuMs) / Math.max(1, steady.samples.length);
    log(`${label} at ${perSecond}/s: p95 ${round(steadyP95Ms, 2)} ms`);
  }
  const before = await usage(server);
  const resolved = await cannon(ready.port, bodies, duration, failures);
  const after = await usage(server);
  const cpuMs = (after.cpuMs - before.cpuMs) / resolved.requests;
  const dbCpuMs = (after.childCpuMs - before.childCpuMs) / resolved.requests;
  await server.stop();
  log(
    `${label}: ${round(resolved.rps)} requests/s, ${round(cpuMs, 2)} ms server CPU each ` +
      `(and ${round(dbCpuMs, 2)} ms of the database's)`,
  );
  return {
    rps: resolved.rps,
    p50Ms: resolved.p50Ms,
    cpuMs,
    bytes: Buffer.byteLength(text),
    text,
    steadyP95Ms,
    steadyCpuMs,
    dbCpuMs,
    steadyDbCpuMs,
  };
}

type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;

/**
 * `count` searches of the mixed workload over the directory a server reported ready with; each
 * phase passes its own `seedOffset`, so no phase asks another's searches.
 */
function searchWorkload(ready: ReadyMessage, count: number, seedOffset: number): WorkItem[] {
  return buildWorkload(count, seed + seedOffset, ready.points ?? [], ready.postalCodes ?? []);
}

type ResolvedFloor = {
  rps: number;
  p50Ms: number;
  cpuMs: number;
  bytes: number;
  /** A response, to size the transport floor's payload when no real search ran. */
  text: string;
  steadyP95Ms: number | null;
  steadyCpuMs: number | null;
  /** The embedded database's CPU per request (its own process). */
  dbCpuMs: number;
  steadyDbCpuMs: number | null;
};

/**
 * The floors alone (`--workloads floor`), a quick loop for the cost of everything but the engine:
 * the resolved floor with and without the rate limiter, each also at the steady rate, and the
 * transport floor sending the resolved floor's page.
 */
async function floorsBench(): Promise<Record<string, unknown> & { failures: number }> {
  const failures = new Failures();
  const started = performance.now();
  let workload: WorkItem[] = [];
  const steady = { requests: steadyRequests, rate };
  const resolved = await floorResolvedBench(
    (ready) => {
      workload = searchWorkload(ready, Math.max(steadyRequests, 2_000), 7);
      return workload;
    },
    failures,
    { steady },
  );
  const limited = await floorResolvedBench(workload, failures, { rateLimited: true, steady });
  const floor = await floorBench(resolved.text, workload, failures);
  return {
    floorRps: round(floor.rps),
    floorCpuMsPerRequest: round(floor.cpuMs, 2),
    ...resolvedFigures(resolved, limited),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    failures: failures.count,
    failureExamples: failures.examples,
    totalS: round((performance.now() - started) / 1000),
  };
}

/** The resolved floors' figures, with and without the rate limiter. */
function resolvedFigures(resolved: ResolvedFloor, limited: ResolvedFloor) {
  return {
    /** The real app over an engine that answers one constant page: all but the engine. */
    floorResolvedRps: round(resolved.rps),
    floorResolvedP50MsAtConnections: resolved.p50Ms,
    floorResolvedCpuMsPerRequest: round(resolved.cpuMs, 2),
    floorResolvedResponseBytes: resolved.bytes,
    ...(resolved.steadyP95Ms === null
      ? {}
      : { floorResolvedSteadyP95Ms: round(resolved.steadyP95Ms, 2) }),
    /** The resolved floor with the production GraphQL rate limiter on. */
    rateLimitedRps: round(limited.rps),
    rateLimitedCpuMsPerRequest: round(limited.cpuMs, 2),
    /** Server CPU per request that the rate limiter adds (at full load, then at the steady rate). */
    rateLimitCpuMsPerRequest: round(limited.cpuMs - resolved.cpuMs, 2),
    /** The database's CPU per request that the rate limiter adds (FerretDB runs apart). */
    rateLimitDbCpuMsPerRequest: round(limited.dbCpuMs - resolved.dbCpuMs, 2),
    ...(limited.steadyP95Ms === null ||
    limited.steadyCpuMs === null ||
    resolved.steadyCpuMs === null
      ? {}
      : {
          rateLimitedSteadyP95Ms: round(limited.steadyP95Ms, 2),
          rateLimitSteadyCpuMsPerRequest: round(limited.steadyCpuMs - resolved.steadyCpuMs, 2),
          rateLimitSteadyDbCpuMsPerRequest: round(
            (limited.steadyDbCpuMs ?? 0) - (resolved.steadyDbCpuMs ?? 0),
            2,
          ),
        }),
  };
}

/** A resolved-floor response: HTTP 200, no errors, the constant page's 20 edges. */
function checkConstantPage(item: WorkItem, status: number, body: string): string | null {
  if (status !== 200) return `resolved floor ${item.kind}: HTTP ${status}: ${body.slice(0, 200)}`;
  try {
    const parsed = JSON.parse(body) as {
      data?: { searchServices?: { edges?: unknown[] } } | null;
      errors?: unknown[];
    };
    if (parsed.errors?.length) {
      return `resolved floor ${item.kind}: errors ${JSON.stringify(parsed.errors).slice(0, 300)}`;
    }
    const edges = parsed.data?.searchServices?.edges?.length ?? 0;
    return edges === 20 ? null : `resolved floor ${item.kind}: ${edges} edges, not 20`;
  } catch {
    return `resolved floor ${item.kind}: response is not JSON`;
  }
}

/** CPU time (user + system) a process has used so far, from /proc; null where there is none. */
function processCpuMs(pid: number | null | undefined): number | null {
  if (pid === null || pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** What the server has sent Meilisearch so far. */
async function meiliStats(child: Child, capture?: boolean) {
  child.send({ type: 'meiliStats', capture });
  return child.next('meiliStats');
}

type MeiliKindFigures = {
  requestsPerSearch: number;
  bytesPerSearch: number;
  /** Meilisearch's own processing time (sum of `processingTimeMs`) per search. */
  meiliMsPerSearch: number;
  /** The search's wall time at the client, one at a time. */
  appMsPerSearch: number;
};

/**
 * Each query kind's searches one at a time: how many Meilisearch requests and bytes one search
 * costs, and Meilisearch's processing time against the search's wall time. The Meilisearch
 * requests are captured to replay against Meilisearch alone.
 */
async function meiliProfile(
  server: Child,
  port: number,
  workload: readonly WorkItem[],
  failures: Failures,
): Promise<{
  byKind: Record<string, MeiliKindFigures>;
  requestsPerSearch: number;
  captured: MeiliRequest[];
}> {
  const perKind = Number(values['meili-profile']);
  log(`meilisearch profile: ${perKind} searches of each kind, one at a time`);
  const byKind: Record<string, MeiliKindFigures> = {};
  const captured: MeiliRequest[] = [];
  let requests = 0;
  let searches = 0;
  await meiliStats(server, true);
  for (const kind of QUERY_KINDS) {
    const items = workload.filter((w) => w.kind === kind).slice(0, perKind);
    const before = await meiliStats(server);
    const t0 = performance.now();
    await closedLoop(port, items, 1, failures);
    const appMs = (performance.now() - t0) / items.length;
    const after = await meiliStats(server);
    captured.push(...after.captured);
    const count = Math.max(1, items.length);
    byKind[kind] = {
      requestsPerSearch: round((after.requests - before.requests) / count, 2),
      bytesPerSearch: Math.round((after.bytes - before.bytes) / count),
      meiliMsPerSearch: round((after.processingMs - before.processingMs) / count, 2),
      appMsPerSearch: round(appMs, 2),
    };
    requests += after.requests - before.requests;
    searches += items.length;
    log(`  ${kind}: ${JSON.stringify(byKind[kind])}`);
  }
  await meiliStats(server, false);
  return { byKind, requestsPerSearch: requests / Math.max(1, searches), captured };
}

/** Meilisearch alone answering the requests the server sent it, as fast as it can. */
async function meiliCeiling(
  meili: { url: string; key: string },
  captured: readonly MeiliRequest[],
  failures: Failures,
): Promise<Cannon | null> {
  if (captured.length === 0) return null;
  log(`meilisearch alone: replaying ${captured.length} requests, ${connections} connections`);
  const requests = captured.map((r) => ({
    method: 'POST' as const,
    path: r.path,
    headers: {
      'content-type': 'application/json',
      ...(meili.key ? { authorization: `Bearer ${meili.key}` } : {}),
    },
    body: r.body,
  }));
  let clients = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: meili.url,
    connections,
    duration,
    timeout: 60,
    requests,
    setupClient: (client) => {
      const offset = Math.floor((clients++ * requests.length) / connections);
      client.setRequests(
        requests.map(
          (_, i) => requests[(i + offset) % requests.length] as (typeof requests)[number],
        ),
      );
    },
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors > 0) failures.add(`meilisearch alone: ${errors} failed requests`, errors);
  log(`meilisearch alone: ${round(result.requests.total / result.duration)} requests/s`);
  return cannonFigures(result, cpuBefore);
}

type SearchBenchOptions = {
  /** Extra arguments of the server process (the engine to use). */
  serverArgs: string[];
  /** Also measure the transport floor (once is enough: it does not depend on the engine). */
  floor: boolean;
  /** Searches in the steady phase. */
  steadyRequests: number;
  /** Searches per second in the steady phase. */
  rate: number;
  /** Meilisearch behind the server: also measure its traffic and replay it against it alone. */
  meili?: { url: string; key: string; pid?: () => number | null };
};

async function searchBench(
  options: SearchBenchOptions,
): Promise<Record<string, unknown> & { failures: number }> {
  const failures = new Failures();
  log(
    `load average before the run: ${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(' ')}`,
  );
  const started = performance.now();
  const meiliCpuAtStart = processCpuMs(options.meili?.pid?.());
  log(`starting the server with ${n} services${values.db ? ' (through the database)' : ''}`);
  const server = startChild(
    'server-process.ts',
    [
      '--n',
      String(n),
      '--seed',
      String(seed),
      ...(values.db ? ['--db'] : []),
      ...options.serverArgs,
    ],
    values['cpu-prof'],
  );
  const ready = await server.next('ready');
  const stats = ready.stats as LoadStats;
  log(
    `ready in ${round((performance.now() - started) / 1000)} s: ${stats.documents} documents, ` +
      `load ${round(stats.loadS)} s, index ${round(stats.indexBuildS, 2)} s`,
  );
  const port = ready.port;
  const meiliCpuAtReady = processCpuMs(options.meili?.pid?.());
  const meiliIndexCpuS =
    meiliCpuAtStart !== null && meiliCpuAtReady !== null
      ? round((meiliCpuAtReady - meiliCpuAtStart) / 1000, 1)
      : null;
  const { steadyRequests } = options;
  // Each phase asks searches of its own (the same mix, another seed), so the engine's cache of
  // recent answers serves only what the mix itself repeats (common texts and filters), never a
  // search replayed from an earlier phase. The throughput phase has more than it can send.
  const workload = searchWorkload(ready, Math.max(steadyRequests, 2_000), 7);
  const throughputWorkload = searchWorkload(ready, duration * THROUGHPUT_SEARCHES_PER_S, 13);

  // Warm up (JIT, lazy structures) and capture responses to size the floor's payload.
  log('warming up');
  const warm = await closedLoop(port, searchWorkload(ready, 450, 3), 4, failures);
  const sizes = warm
    .filter((w) => w.item.kind !== 'geoBrowse' || w.text.length > 0)
    .map((w) => ({ bytes: Buffer.byteLength(w.text), text: w.text }))
    .sort((a, b) => a.bytes - b.bytes);
  const typical = sizes[Math.floor(sizes.length / 2)] ?? { bytes: 0, text: '{}' };

  log('quality probes: known items and typos');
  const quality = await qualityProbes(port, ready.knownItems ?? []);
  log(`quality: ${JSON.stringify(quality)}`);

  const profile = options.meili ? await meiliProfile(server, port, workload, failures) : null;

  const rate = options.rate;
  log(`steady phase: ${steadyRequests} searches at ${rate}/s`);
  const trafficBefore = options.meili ? await meiliStats(server) : null;
  const steadyBefore = await usage(server);
  const steady = await steadyRate(port, workload.slice(0, steadyRequests), rate, failures);
  const steadyAfter = await usage(server);
  const trafficAfter = options.meili ? await meiliStats(server) : null;
  const latencies = steady.samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const byKind: Record<string, { p50Ms: number; p95Ms: number; empty: number; count: number }> = {};
  for (const kind of QUERY_KINDS) {
    const mine = steady.samples.filter((s) => s.kind === kind);
    const sorted = mine.map((s) => s.latencyMs).sort((a, b) => a - b);
    byKind[kind] = {
      p50Ms: round(percentile(sorted, 50), 2),
      p95Ms: round(percentile(sorted, 95), 2),
      empty: round(mine.filter((s) => s.totalCount === 0).length / Math.max(1, mine.length), 2),
      count: mine.length,
    };
  }
  log(
    `steady: p50 ${round(percentile(latencies, 50), 2)} ms, p95 ${round(percentile(latencies, 95), 2)} ms, ` +
      `p99 ${round(percentile(latencies, 99), 2)} ms`,
  );

  log(`throughput phase: ${connections} connections for ${duration} s`);
  const check = rememberingCheck();
  const byBody = throughputWorkload.map((item) => ({
    body: item.body,
    check: (status: number, body: string) => check(item, status, body).error,
  }));
  const before = await usage(server);
  const meiliCpuBefore = processCpuMs(options.meili?.pid?.());
  const search = await cannon(port, byBody, duration, failures);
  const meiliCpuAfter = processCpuMs(options.meili?.pid?.());
  const memory = await usage(server);
  const searchCpuMs = (memory.cpuMs - before.cpuMs) / search.requests;
  const answered = (usage: typeof memory) => usage.answerCache?.hits ?? 0;
  const asked = (usage: typeof memory) =>
    answered(usage) + (usage.answerCache?.misses ?? Number.NaN);
  /** Share of a phase's searches the embedded engine answered from its whole-answer cache. */
  const hitRate = (from: typeof memory, to: typeof memory) =>
    (answered(to) - answered(from)) / (asked(to) - asked(from));
  const answerCacheHitRate = hitRate(before, memory);
  const steadyAnswerCacheHitRate = hitRate(steadyBefore, steadyAfter);
  log(`search: ${round(search.rps)} requests/s, ${round(searchCpuMs, 2)} ms server CPU each`);
  let edit: Record<string, number | null> | null = null;
  if (options.meili) {
    const edits: Array<{ visibleMs: number; writeMs: number; meiliMs: number | null }> = [];
    for (let i = 0; i < 5; i++) {
      server.send({ type: 'editProbe' });
      edits.push(await server.next('editProbe'));
    }
    const most = (pick: (e: (typeof edits)[number]) => number | null) => {
      const values = edits.map(pick).filter((v): v is number => v !== null);
      return values.length === 0 ? null : round(Math.max(...values));
    };
    edit = {
      editVisibleMs: most((e) => e.visibleMs),
      editWriteMs: most((e) => e.writeMs),
      editMeiliMs: most((e) => e.meiliMs),
    };
    log(
      `edit visible in search after ${edits.map((e) => round(e.visibleMs)).join(', ')} ms ` +
        `(database write ${edits.map((e) => round(e.writeMs)).join(', ')} ms, ` +
        `Meilisearch ${edits.map((e) => (e.meiliMs === null ? '-' : round(e.meiliMs))).join(', ')} ms)`,
    );
  }
  await server.stop();
  const ceiling =
    options.meili && profile ? await meiliCeiling(options.meili, profile.captured, failures) : null;

  const floor = options.floor ? await floorBench(typical.text, workload, failures) : null;
  const resolved = options.floor ? await floorResolvedBench(workload, failures) : null;
  const limited = options.floor
    ? await floorResolvedBench(workload, failures, { rateLimited: true })
    : null;

  const result = {
    n,
    services: stats.services,
    documents: stats.documents,
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    maxMs: round(latencies.at(-1) ?? Number.NaN, 2),
    steadyRate: options.rate,
    steadyRequests: steady.samples.length,
    steadyLateSends: steady.lateSends,
    rps: round(search.rps),
    ...(floor === null
      ? {}
      : {
          floorRps: round(floor.rps),
          throughputRatio: round(search.rps / floor.rps, 3),
          floorP50MsAtConnections: floor.p50Ms,
          floorCpuMsPerRequest: round(floor.cpuMs, 2),
          floorClientCpuMsPerRequest: round(floor.clientCpuMs, 2),
          cpuRatio: round(floor.cpuMs / searchCpuMs, 3),
        }),
    ...(resolved === null || limited === null
      ? {}
      : {
          ...resolvedFigures(resolved, limited),
          resolvedThroughputRatio: round(search.rps / resolved.rps, 3),
          resolvedCpuRatio: round(resolved.cpuMs / searchCpuMs, 3),
          /** Server CPU per search that the engine adds over the resolved floor. */
          engineCpuMsPerRequest: round(searchCpuMs - resolved.cpuMs, 2),
        }),
    connections,
    searchP50MsAtConnections: search.p50Ms,
    searchP99MsAtConnections: search.p99Ms,
    /** Server CPU per request at full load: robust to other work on the machine. */
    searchCpuMsPerRequest: round(searchCpuMs, 2),
    searchClientCpuMsPerRequest: round(search.clientCpuMs, 2),
    ...(Number.isNaN(answerCacheHitRate)
      ? {}
      : {
          answerCacheHitRate: round(answerCacheHitRate, 2),
          steadyAnswerCacheHitRate: round(steadyAnswerCacheHitRate, 2),
        }),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    responseBytes: typical.bytes,
    rssMiB: memory.servingPeakRssMiB,
    maxRssMiB: memory.maxRssMiB,
    heapMiB: memory.heapMiB,
    loadS: round(stats.loadS, 2),
    indexBuildS: round(stats.indexBuildS, 2),
    ...(stats.dbLoadS !== undefined ? { dbLoadS: round(stats.dbLoadS, 2) } : {}),
    ...(stats.dbRebuildS !== undefined ? { dbRebuildS: round(stats.dbRebuildS, 2) } : {}),
    byKind,
    /** Known-item and typo probes: search quality, to compare engines and runs. */
    quality,
    ...(trafficBefore && trafficAfter && profile
      ? {
          meiliRequestsPerSearch: round(
            (trafficAfter.requests - trafficBefore.requests) / steady.samples.length,
            2,
          ),
          meiliBytesPerSearch: Math.round(
            (trafficAfter.bytes - trafficBefore.bytes) / steady.samples.length,
          ),
          meiliProcessingMsPerSearch: round(
            (trafficAfter.processingMs - trafficBefore.processingMs) / steady.samples.length,
            2,
          ),
          meiliByKind: profile.byKind,
          ...(meiliCpuBefore !== null && meiliCpuAfter !== null
            ? {
                /** Meilisearch's CPU per search at full load: robust to other work on the machine. */
                meiliCpuMsPerSearch: round((meiliCpuAfter - meiliCpuBefore) / search.requests, 2),
              }
            : {}),
          ...(ceiling
            ? {
                /** Meilisearch alone answering the captured requests, in searches per second. */
                ceilingRps: round(ceiling.rps / profile.requestsPerSearch),
                ceilingRequestRps: round(ceiling.rps),
                ceilingP50Ms: ceiling.p50Ms,
                ceilingP99Ms: ceiling.p99Ms,
                rpsOfCeiling: round(search.rps / (ceiling.rps / profile.requestsPerSearch), 3),
              }
            : {}),
          /**
           * The slowest of five listing edits, from the start of the database write to found by
           * search (`editVisibleMs`); the write alone; Meilisearch's part (its tasks' first
           * enqueue to last finish).
           */
          ...(edit ?? { editVisibleMs: null }),
          /** Meilisearch's CPU while it indexed the directory (all its threads). */
          meiliIndexCpuS,
        }
      : {}),
    failures: failures.count,
    failureExamples: failures.examples,
    totalS: round((performance.now() - started) / 1000),
  };
  return result;
}

/**
 * The same search workload on the same synthetic directory with Meilisearch as the engine (one
 * started from MEILI_BIN or ../shared/bin, or MEILI_URL): latency, throughput and how long
 * indexing the directory took. Null, with a line saying so, when there is no Meilisearch.
 */
async function meilisearchBench(): Promise<
  (Record<string, unknown> & { failures: number }) | null
> {
  let connection: { url: string; key: string; pid?: () => number | null };
  let meili: MeiliServer | null = null;
  if (process.env.MEILI_URL) {
    connection = { url: process.env.MEILI_URL, key: process.env.MEILI_KEY ?? '' };
  } else {
    const binary = meilisearchBinary();
    if (binary === null) {
      log('meilisearch: skipped, no binary at MEILI_BIN or ../shared/bin/meilisearch');
      return null;
    }
    // As the deployment guide has production start it (its own threads, bounded memory).
    meili = await startMeilisearch(binary, { indexing: 'production' });
    connection = { url: meili.url, key: meili.key, pid: meili.pid };
  }
  try {
    log(`meilisearch at ${connection.url}`);
    const result = await searchBench({
      serverArgs: ['--meili-url', connection.url, '--meili-key', connection.key],
      floor: false,
      steadyRequests: Number(values['meili-steady-requests']),
      rate: Number(values['meili-rate']),
      meili: connection,
    });
    const { indexBuildS, ...rest } = result;
    return { ...rest, indexSeconds: indexBuildS };
  } finally {
    await meili?.dispose();
  }
}

/** Runs one of the other benchmark scripts in its own process; its last stdout line is JSON. */
function runScript(script: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, script), args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ ...(JSON.parse(last) as Record<string, unknown>), exitCode: code });
      } catch {
        reject(new Error(`${script} exited with ${code} and printed no figures`));
      }
    });
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  if (values.soak !== undefined) {
    const seconds = Number(values.soak);
    if (!Number.isFinite(seconds) || seconds < 10) {
      log(`--soak takes the seconds to run, 10 or more (got "${values.soak}")`);
      process.exit(2);
    }
    const soak = await runSoak({ seconds });
    console.log(JSON.stringify({ soak, benchTotalS: round((performance.now() - started) / 1000) }));
    process.exit(soak.passed ? 0 : 1);
  }
  const chosen = new Set((values.workloads ?? '').split(',').map((w) => w.trim()));
  const result: Record<string, unknown> = {};
  let failed = false;
  if (chosen.has('floor')) {
    const floors = await floorsBench();
    result.floors = floors;
    failed ||= floors.failures > 0;
  }
  if (chosen.has('search')) {
    const search = await searchBench({ serverArgs: [], floor: true, steadyRequests, rate });
    Object.assign(result, search);
    failed ||= search.failures > 0;
  }
  if (chosen.has('meilisearch')) {
    const meilisearch = await meilisearchBench();
    if (meilisearch !== null) {
      result.meilisearch = meilisearch;
      failed ||= meilisearch.failures > 0;
    }
  }
  // The workloads that run as scripts of their own: name, what it does, script, arguments.
  const scripts: Array<[name: string, what: string, script: string, args: string[]]> = [
    [
      'referrals',
      'referral workload: 50 coordinators and 50 agencies over HTTP',
      'referrals.ts',
      ['--duration', values['referral-duration'] ?? '20'],
    ],
    [
      'hsds',
      `HSDS API workload over ${n} services`,
      'hsds.ts',
      ['--n', String(n), '--seed', String(seed)],
    ],
    [
      'scaleout',
      'scale-out workload: one app process, then two, on one database',
      'scaleout.ts',
      ['--duration', values['scaleout-duration'] ?? '5'],
    ],
    [
      'caseload',
      'caseload workload: myCaseload for 500 clients with 5,000 referrals',
      'caseload.ts',
      [],
    ],
  ];
  for (const [name, what, script, args] of scripts) {
    if (!chosen.has(name)) continue;
    log(what);
    const figures = await runScript(script, args);
    result[name] = figures;
    failed ||= figures.exitCode !== 0;
  }
  result.benchTotalS = round((performance.now() - started) / 1000);
  console.log(JSON.stringify(result));
  process.exit(failed ? 1 : 0);
}

await main();
