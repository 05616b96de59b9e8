import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import type { Actor } from '../../server/domain/accounts/actor.ts';
import { createSession } from '../../server/domain/accounts/sessions.ts';
import { createUser, saveMember } from '../../server/domain/accounts/users.ts';
import { createClient } from '../../server/domain/clients/clients.ts';
import { recordConsent } from '../../server/domain/clients/consent.ts';
import type { DomainDeps } from '../../server/domain/deps.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { flushReferralHeads, loadReferral } from '../../server/domain/referrals/store.ts';
import { createLogger } from '../../server/logger.ts';
import { startRuntime } from '../../server/runtime.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { closeConnections, postGraphQL } from './post.ts';

/**
 * Referral benchmark: 50 coordinators and 50 agencies (real users with bearer tokens) create and
 * move referrals concurrently over HTTP against a real server in a child process (embedded
 * FerretDB in a temporary directory). Each user runs paced: it starts one operation per slot and
 * never overlaps its own operations, so latency is measured at a known offered load. A share of
 * creates is retried with the same idempotency key and a share of moves is raced by a second
 * identical request. Afterwards the server checks every referral's version chain. Prints one
 * JSON line. Run alone with `npx tsx test/bench/referrals.ts`.
 */

export type ReferralBenchOptions = {
  coordinators?: number;
  agencies?: number;
  durationS?: number;
  /** Creates per second per coordinator. */
  createRate?: number;
  /** Moves per second per agency. */
  transitionRate?: number;
  log?: (message: string) => void;
};

export type ReferralBenchResult = {
  coordinators: number;
  agencies: number;
  durationS: number;
  creates: number;
  transitions: number;
  referralCreateP50Ms: number;
  referralCreateP95Ms: number;
  referralCreateP99Ms: number;
  referralTransitionP50Ms: number;
  referralTransitionP95Ms: number;
  referralTransitionP99Ms: number;
  transitionsPerS: number;
  createsPerS: number;
  retriedCreates: number;
  racedTransitions: number;
  raceConflicts: number;
  /** A move reported as done that the final state does not show. */
  lostUpdates: number;
  /** Idempotency keys that made more than one referral, or retries that got another referral. */
  duplicates: number;
  /** Referrals with a gap in their versions, or whose repaired head disagrees with them. */
  brokenChains: number;
  /** Heads found behind their versions at the end (repaired by the verifying read). */
  headsBehind: number;
  unexpectedErrors: number;
  errorExamples: string[];
};

type SetupMessage = {
  type: 'ready';
  port: number;
  coordinators: Array<{
    email: string;
    organizationId: string;
    token: string;
    clients: Record<string, { clientId: string; consentId: string }>;
  }>;
  agencies: Array<{ id: string; email: string; token: string; serviceId: string }>;
};
type VerifyReply = {
  type: 'verified';
  referrals: number;
  lostUpdates: number;
  duplicateKeys: number;
  brokenChains: number;
  headsBehind: number;
};
type ChildMessage = SetupMessage | VerifyReply | { type: 'progress'; message: string };
type ParentMessage =
  | { type: 'verify'; expected: Record<string, number>; keys: string[] }
  | { type: 'stop' };

// ---------------------------------------------------------------------------------------------
// The server process.

async function serve(coordinatorCount: number, agencyCount: number): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-referral-bench-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SEED_ON_START: 'false',
  });
  const logger = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, logger, { seed: false });
  const deps = runtime.deps;
  const { agencies, coordinators } = await setUpReferralParties(
    deps,
    coordinatorCount,
    agencyCount,
    (message) => send({ type: 'progress', message }),
  );

  const app = buildApp(deps, { isProduction: true, isDevelopment: false });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  send({
    type: 'ready',
    port: (server.address() as AddressInfo).port,
    coordinators,
    agencies,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'verify') void verify(message).then(send);
  });
  process.on('disconnect', () => void stop());

  async function verify(message: Extract<ParentMessage, { type: 'verify' }>): Promise<VerifyReply> {
    const models = deps.db.models;
    // Heads refreshed in the background are written first; any still behind after that is one
    // a failed write left behind.
    await flushReferralHeads(deps);
    const heads = await models.Referral.collection.find({}).toArray();
    const versions = await models.ReferralVersion.collection
      .find({}, { projection: { referralId: 1, version: 1 } })
      .toArray();
    const byReferral = new Map<string, number[]>();
    for (const v of versions) {
      const list = byReferral.get(String(v.referralId)) ?? [];
      list.push(Number(v.version));
      byReferral.set(String(v.referralId), list);
    }
    let brokenChains = 0;
    let headsBehind = 0;
    const headVersion = new Map<string, number>();
    const perKey = new Map<string, number>();
    for (const head of heads) {
      const id = String(head._id);
      const numbers = (byReferral.get(id) ?? []).sort((a, b) => a - b);
      const contiguous = numbers.every((n, i) => n === i + 1);
      let current = {
        version: Number(head.version),
        historyLength: Array.isArray(head.history) ? head.history.length : -1,
      };
      if (current.version !== numbers.length) {
        // A head left behind (its write failed after the version was in): a read repairs it.
        headsBehind += 1;
        const repaired = await loadReferral(deps, id);
        current = {
          version: repaired?.version ?? -1,
          historyLength: repaired?.history.length ?? -1,
        };
      }
      if (
        !contiguous ||
        numbers.length !== current.version ||
        current.historyLength !== current.version
      ) {
        brokenChains += 1;
      }
      headVersion.set(id, current.version);
      const key = `${head.referringOrganizationId}:${head.idempotencyKey}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    if (byReferral.size !== heads.length) brokenChains += Math.abs(byReferral.size - heads.length);
    let lostUpdates = 0;
    for (const [id, version] of Object.entries(message.expected)) {
      if (headVersion.get(id) !== version) lostUpdates += 1;
    }
    const duplicateKeys = [...perKey.values()].filter((n) => n > 1).length;
    return {
      type: 'verified',
      referrals: heads.length,
      lostUpdates,
      duplicateKeys,
      brokenChains,
      headsBehind,
    };
  }
}

/** The password of every account setUpReferralParties makes. */
export const BENCH_PASSWORD = 'bench password that is long';

/**
 * Agencies (each with one service and a signed-in staff member) and coordinators (each signed in,
 * with a client and a consent for a handful of the agencies), for referral workloads.
 */
export async function setUpReferralParties(
  deps: DomainDeps,
  coordinatorCount: number,
  agencyCount: number,
  progress: (message: string) => void,
): Promise<Pick<SetupMessage, 'agencies' | 'coordinators'>> {
  progress(`setting up ${agencyCount} agencies`);

  const organizations = Array.from({ length: agencyCount }, (_, i) =>
    buildOrganization({ name: `Bench Agency ${i + 1}` }),
  );
  const locations = organizations.map(() => buildLocation());
  const services = organizations.map((org, i) =>
    buildService(org, { name: `Bench Service ${i + 1}` }),
  );
  await storeBundle(
    deps,
    bundleOf({
      organizations,
      locations,
      services,
      serviceAtLocations: services.map((s, i) => link(s, locations[i] ?? buildLocation())),
    }),
  );
  const agencies: SetupMessage['agencies'] = [];
  for (const [i, org] of organizations.entries()) {
    await saveMember(deps, { id: org.id, name: org.name, kinds: ['agency'] });
    const email = `agency-${i}@bench.example.org`;
    const user = await createUser(deps, {
      email,
      name: `Agency staff ${i}`,
      organizationId: org.id,
      role: 'agency_staff',
      password: BENCH_PASSWORD,
    });
    const { token } = await createSession(deps, user, { ttlHours: 4, ip: null });
    agencies.push({ id: org.id, email, token, serviceId: services[i]?.id ?? '' });
  }

  progress(`setting up ${coordinatorCount} coordinators`);
  const coordinators: SetupMessage['coordinators'] = [];
  for (let i = 0; i < coordinatorCount; i++) {
    const member = await saveMember(deps, {
      id: randomUUID(),
      name: `Bench Center ${i + 1}`,
      kinds: ['coordinating'],
    });
    const email = `coordinator-${i}@bench.example.org`;
    const user = await createUser(deps, {
      email,
      name: `Coordinator ${i}`,
      organizationId: member.id,
      role: 'coordinator',
      password: BENCH_PASSWORD,
    });
    const { token } = await createSession(deps, user, { ttlHours: 4, ip: null });
    const actor: Actor = {
      userId: user.id,
      organizationId: member.id,
      role: 'coordinator',
      sessionId: 'bench',
      ip: null,
    };
    // Every coordinator refers to a handful of agencies, one client with a consent for each.
    const clients: Record<string, { clientId: string; consentId: string }> = {};
    for (let k = 0; k < 5; k++) {
      const agency = agencies[(i + k * 7) % agencies.length];
      if (!agency || clients[agency.id]) continue;
      const client = await createClient(deps, actor, {
        name: `Client ${i}-${k}`,
        dateOfBirth: '1985-06-01',
        postalCode: '80202',
      });
      const consent = await recordConsent(deps, actor, {
        clientId: client.id,
        agencyOrganizationId: agency.id,
        method: 'VERBAL',
        givenBy: 'client',
        fields: ['name'],
      });
      clients[agency.id] = { clientId: client.id, consentId: consent.id };
    }
    coordinators.push({ email, organizationId: member.id, token, clients });
  }
  return { agencies, coordinators };
}

// ---------------------------------------------------------------------------------------------
// The load generator.

type GqlResult = {
  data?: Record<string, { id: string; version: number; status: string } | undefined> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

async function post(port: number, token: string, body: string): Promise<GqlResult> {
  const { text } = await postGraphQL(port, body, token);
  return JSON.parse(text) as GqlResult;
}

const CREATE = `mutation C($input: CreateReferralInput!) { createReferral(input: $input) { id version status } }`;
const MOVE = `mutation M($input: TransitionReferralInput!) { transitionReferral(input: $input) { id version status } }`;

/** The p-th percentile of sorted values (NaN when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` once per slot of 1/rate seconds, the first after `offsetMs`, never overlapping
 * itself (a slot missed while work ran is skipped), while `running()` holds.
 */
export async function paced(
  rate: number,
  offsetMs: number,
  running: () => boolean,
  work: () => Promise<void>,
): Promise<void> {
  if (!(rate > 0)) return;
  const interval = 1000 / rate;
  let next = performance.now() + offsetMs;
  while (running()) {
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    if (!running()) break;
    await work();
    next += interval;
    if (next < performance.now() - interval) next = performance.now();
  }
}

function startServer(coordinators: number, agencies: number, log: (m: string) => void) {
  const child: ChildProcess = fork(
    fileURLToPath(import.meta.url),
    ['--serve', '--coordinators', String(coordinators), '--agencies', String(agencies)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 2, 2, 'ipc'],
    },
  );
  const waiting = new Map<string, (message: ChildMessage) => void>();
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'progress') log(`server: ${message.message}`);
    waiting.get(message.type)?.(message);
    waiting.delete(message.type);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
      return new Promise((resolve, reject) => {
        waiting.set(type, resolve as (message: ChildMessage) => void);
        void exited.then(() => reject(new Error(`server exited while waiting for ${type}`)));
      });
    },
    send: (message: ParentMessage) => child.send(message),
    stop: async () => {
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/** Runs the referral benchmark and returns its figures. */
export async function runReferralBench(
  options: ReferralBenchOptions = {},
): Promise<ReferralBenchResult> {
  const coordinatorCount = options.coordinators ?? 50;
  const agencyCount = options.agencies ?? 50;
  const durationS = options.durationS ?? 20;
  const createRate = options.createRate ?? 3.5;
  const transitionRate = options.transitionRate ?? 10;
  const log = options.log ?? ((message: string) => console.error(`[referral-bench] ${message}`));

  const server = startServer(coordinatorCount, agencyCount, log);
  const ready = await server.next('ready');
  const { port } = ready;
  log(`ready on port ${port}`);

  const createMs: number[] = [];
  const transitionMs: number[] = [];
  const errors: string[] = [];
  let unexpectedErrors = 0;
  let retriedCreates = 0;
  let racedTransitions = 0;
  let raceConflicts = 0;
  let duplicateRetries = 0;
  const expected: Record<string, number> = {};
  const keys: string[] = [];
  const queues = new Map<string, Array<{ id: string; version: number }>>(
    ready.agencies.map((a) => [a.id, []]),
  );
  const fail = (message: string) => {
    unexpectedErrors += 1;
    if (errors.length < 5) {
      errors.push(message);
      log(`FAILED ${message}`);
    }
  };

  let running = true;
  const isRunning = () => running;
  // Shared counters, so retries and races happen at a steady share whatever each user's pace.
  let createCount = 0;
  let moveCount = 0;
  const started = performance.now();
  let measuring = false;
  const warmupS = Math.min(3, durationS / 5);

  const coordinatorLoops = ready.coordinators.map((coordinator, i) => {
    const targets = Object.entries(coordinator.clients);
    let n = 0;
    return paced(createRate, (i * 1000) / createRate / coordinatorCount, isRunning, async () => {
      const entry = targets[n++ % targets.length];
      if (!entry) return;
      const [agencyId, { clientId, consentId }] = entry;
      const agency = ready.agencies.find((a) => a.id === agencyId);
      if (!agency) return;
      const key = `bench-${randomUUID()}`;
      const body = JSON.stringify({
        query: CREATE,
        variables: {
          input: {
            clientId,
            consentId,
            serviceId: agency.serviceId,
            needs: ['food'],
            urgency: 'ROUTINE',
            note: 'Benchmark referral.',
            idempotencyKey: key,
            send: true,
          },
        },
      });
      const t0 = performance.now();
      const res = await post(port, coordinator.token, body);
      const ms = performance.now() - t0;
      const created = res.data?.createReferral;
      if (!created || res.errors) {
        fail(`create: ${res.errors?.[0]?.message ?? 'no data'}`);
        return;
      }
      if (measuring) createMs.push(ms);
      keys.push(key);
      expected[created.id] = 1;
      // One create in ten is retried, as a client would after a lost response.
      if (++createCount % 10 === 0) {
        retriedCreates += 1;
        const again = await post(port, coordinator.token, body);
        if (again.data?.createReferral?.id !== created.id) duplicateRetries += 1;
      }
      queues.get(agencyId)?.push({ id: created.id, version: 1 });
    });
  });

  const agencyLoops = ready.agencies.map((agency, i) => {
    const queue = queues.get(agency.id) ?? [];
    let n = 0;
    return paced(transitionRate, (i * 1000) / transitionRate / agencyCount, isRunning, async () => {
      const item = queue.shift();
      if (!item) return;
      n += 1;
      const step = nextStep(item.version, n);
      if (!step) return;
      const body = JSON.stringify({
        query: MOVE,
        variables: { input: { referralId: item.id, expectedVersion: item.version, ...step } },
      });
      // One move in twenty is raced by an identical second request: exactly one may win.
      const race = ++moveCount % 20 === 0;
      const t0 = performance.now();
      const [res, rival] = await Promise.all([
        post(port, agency.token, body),
        race ? post(port, agency.token, body) : Promise.resolve(null),
      ]);
      const ms = performance.now() - t0;
      const results = rival ? [res, rival] : [res];
      const won = results.filter((r) => r.data?.transitionReferral && !r.errors);
      const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
      if (race) {
        racedTransitions += 1;
        raceConflicts += conflicts.length;
      }
      if (won.length !== 1 || won.length + conflicts.length !== results.length) {
        fail(`move ${step.to}: ${results.map((r) => r.errors?.[0]?.message ?? 'ok').join(' / ')}`);
        return;
      }
      if (measuring) transitionMs.push(ms);
      const moved = won[0]?.data?.transitionReferral;
      if (!moved) return;
      expected[item.id] = moved.version;
      if (moved.status !== 'COMPLETED' && moved.status !== 'REJECTED') {
        queue.push({ id: item.id, version: moved.version });
      }
    });
  });

  await sleep(warmupS * 1000);
  measuring = true;
  const measureStart = performance.now();
  await sleep((durationS - warmupS) * 1000);
  measuring = false;
  const measuredS = (performance.now() - measureStart) / 1000;
  running = false;
  await Promise.all([...coordinatorLoops, ...agencyLoops]);
  log(`load done in ${round((performance.now() - started) / 1000, 1)} s; verifying`);

  server.send({ type: 'verify', expected, keys });
  const verified = await server.next('verified');
  await server.stop();
  closeConnections();

  const creates = [...createMs].sort((a, b) => a - b);
  const moves = [...transitionMs].sort((a, b) => a - b);
  return {
    coordinators: coordinatorCount,
    agencies: agencyCount,
    durationS,
    creates: creates.length,
    transitions: moves.length,
    referralCreateP50Ms: round(percentile(creates, 50)),
    referralCreateP95Ms: round(percentile(creates, 95)),
    referralCreateP99Ms: round(percentile(creates, 99)),
    referralTransitionP50Ms: round(percentile(moves, 50)),
    referralTransitionP95Ms: round(percentile(moves, 95)),
    referralTransitionP99Ms: round(percentile(moves, 99)),
    transitionsPerS: round(moves.length / measuredS, 1),
    createsPerS: round(creates.length / measuredS, 1),
    retriedCreates,
    racedTransitions,
    raceConflicts,
    lostUpdates: verified.lostUpdates,
    duplicates: verified.duplicateKeys + duplicateRetries,
    brokenChains: verified.brokenChains,
    headsBehind: verified.headsBehind,
    unexpectedErrors,
    errorExamples: errors,
  };
}

/** The lifecycle the agencies walk: accept, start, complete; one referral in five is rejected. */
function nextStep(version: number, n: number): Record<string, string> | null {
  switch (version) {
    case 1:
      return n % 5 === 0
        ? { to: 'REJECTED', reasonCode: 'NO_CAPACITY', reasonText: 'Full this week.' }
        : { to: 'ACCEPTED' };
    case 2:
      return { to: 'IN_PROGRESS' };
    case 3:
      return { to: 'COMPLETED', outcome: 'GOT_HELP' };
    default:
      return null;
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      serve: { type: 'boolean', default: false },
      coordinators: { type: 'string', default: '50' },
      agencies: { type: 'string', default: '50' },
      duration: { type: 'string', default: '20' },
      'create-rate': { type: 'string', default: '3.5' },
      'transition-rate': { type: 'string', default: '10' },
    },
  });
  if (values.serve) {
    await serve(Number(values.coordinators), Number(values.agencies));
  } else {
    const result = await runReferralBench({
      coordinators: Number(values.coordinators),
      agencies: Number(values.agencies),
      durationS: Number(values.duration),
      createRate: Number(values['create-rate']),
      transitionRate: Number(values['transition-rate']),
    });
    console.log(JSON.stringify(result));
    const failed =
      result.lostUpdates + result.duplicates + result.brokenChains + result.unexpectedErrors > 0;
    process.exit(failed ? 1 : 0);
  }
}
