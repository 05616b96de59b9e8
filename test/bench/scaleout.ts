import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startRuntime } from '../../server/runtime.ts';
import { postGraphQL as post } from './post.ts';
import { freePort, stopChild as stop, waitUntilReady } from './processes.ts';
import { setUpReferralParties } from './referrals.ts';
import { buildWorkload, checkSearchResponse } from './workload.ts';

/**
 * Scale-out benchmark: the same mixed load (two searches to one referral create, over HTTP,
 * closed loop) against one app process and then against two, both on one `npm run db` database
 * (the embedded FerretDB), with the demo directory. Requests go round robin over the processes,
 * as a proxy would send them. Reports `instances1Rps` and `instances2Rps` (requests per second,
 * every response checked) and their ratio. On a machine with few cores the database and the load
 * generator compete with the servers, so the ratio says how much a second process helps there,
 * not in general. Prints one JSON line. Run alone with `npx tsx test/bench/scaleout.ts`.
 */

export type ScaleoutResult = {
  durationS: number;
  connections: number;
  instances1Rps: number;
  instances2Rps: number;
  speedup: number;
  requests: { instances1: number; instances2: number };
  failures: number;
  failureExamples: string[];
};

const root = path.resolve(import.meta.dirname, '../..');
const tsx = ['--import', 'tsx'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const CREATE = `mutation ScaleoutCreate($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;

/** `npm run db` on a new directory: resolves with its MONGODB_URI once it prints it. */
async function startDatabase(dataDir: string): Promise<{ uri: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...tsx, 'server/cli/db.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const found = /MONGODB_URI=(\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`npm run db exited with ${code}`)));
  });
  return { uri, child };
}

/** One app process (server/main.ts, as `npm start` runs it) on the shared database. */
async function startInstance(
  env: Record<string, string>,
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...tsx, 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilReady(child, port);
  return { port, child };
}

type Parties = Awaited<ReturnType<typeof setUpReferralParties>>;

/**
 * Runs the mixed load over `ports` for `seconds` with `connections` in flight; returns the
 * requests completed (a warm-up second first is not counted).
 */
async function mixedLoad(
  ports: readonly number[],
  parties: Parties,
  seconds: number,
  connections: number,
  fail: (message: string) => void,
): Promise<{ rps: number; requests: number }> {
  const searches = buildWorkload(600, 11, [{ latitude: 39.7392, longitude: -104.9903 }], ['80202']);
  let counting = false;
  let running = true;
  let done = 0;
  let next = 0;
  const one = async (): Promise<void> => {
    const i = next++;
    const port = ports[i % ports.length] as number;
    if (i % 3 === 2) {
      const coordinator = parties.coordinators[i % parties.coordinators.length];
      const [agencyId, client] = Object.entries(coordinator?.clients ?? {})[0] ?? [];
      const agency = parties.agencies.find((a) => a.id === agencyId);
      if (!coordinator || !agency || !client) return fail('no coordinator with a consent');
      const body = JSON.stringify({
        query: CREATE,
        variables: {
          input: {
            clientId: client.clientId,
            consentId: client.consentId,
            serviceId: agency.serviceId,
            needs: ['food'],
            urgency: 'ROUTINE',
            idempotencyKey: randomUUID(),
            send: true,
          },
        },
      });
      const { status, text } = await post(port, body, coordinator.token);
      if (status !== 200 || !text.includes('"createReferral":{"id"')) {
        fail(`createReferral: HTTP ${status} ${text.slice(0, 200)}`);
      }
    } else {
      const item = searches[i % searches.length];
      if (!item) return;
      const { status, text } = await post(port, item.body);
      const checked = checkSearchResponse(item, status, text);
      if (checked.error) fail(checked.error);
    }
    if (counting) done += 1;
  };
  const worker = async () => {
    while (running) await one().catch((error: Error) => fail(error.message));
  };
  const workers = Array.from({ length: connections }, worker);
  await sleep(1000);
  counting = true;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  counting = false;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(workers);
  return { rps: done / elapsed, requests: done };
}

/** Runs the scale-out benchmark and returns its figures. */
export async function runScaleoutBench(
  options: { durationS?: number; connections?: number; log?: (message: string) => void } = {},
): Promise<ScaleoutResult> {
  const durationS = options.durationS ?? 5;
  const connections = options.connections ?? 16;
  const log = options.log ?? ((message: string) => console.error(`[scaleout] ${message}`));
  const failures: string[] = [];
  let failureCount = 0;
  const fail = (message: string) => {
    failureCount += 1;
    if (failures.length < 5) {
      failures.push(message);
      log(`FAILED ${message}`);
    }
  };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-scaleout-bench-'));
  const children: ChildProcess[] = [];
  try {
    const db = await startDatabase(dataDir);
    children.push(db.child);
    log(`database at ${db.uri}; loading the demo directory and the referral parties`);
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      MONGODB_URI: db.uri,
      LOG_LEVEL: 'warn',
      SEED_ON_START: 'false',
      GRAPHQL_RATE_LIMIT_PER_MINUTE: '0',
    };
    const config = parseConfig({ ...env, SEED_ON_START: 'true' });
    const setup = await startRuntime(config, createLogger('warn'), { seed: true });
    const parties = await setUpReferralParties(setup.deps, 20, 20, log);
    await setup.close();

    const first = await startInstance(env);
    children.push(first.child);
    log(`one instance: ${connections} connections for ${durationS} s`);
    const one = await mixedLoad([first.port], parties, durationS, connections, fail);
    log(`one instance: ${round(one.rps)} requests/s`);

    const second = await startInstance(env);
    children.push(second.child);
    log(`two instances: ${connections} connections for ${durationS} s`);
    const two = await mixedLoad([first.port, second.port], parties, durationS, connections, fail);
    log(`two instances: ${round(two.rps)} requests/s`);
    return {
      durationS,
      connections,
      instances1Rps: round(one.rps),
      instances2Rps: round(two.rps),
      speedup: round(two.rps / one.rps, 2),
      requests: { instances1: one.requests, instances2: two.requests },
      failures: failureCount,
      failureExamples: failures,
    };
  } finally {
    // The app processes first (they hold claims in the database), then the database.
    for (const child of children.reverse()) await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
    },
  });
  const result = await runScaleoutBench({
    durationS: Number(values.duration),
    connections: Number(values.connections),
  });
  console.log(JSON.stringify(result));
  process.exit(result.failures > 0 ? 1 : 0);
}
