import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { demoDataset, startRuntime } from '../../server/runtime.ts';
import { type LiveStream, openLiveStream } from './live-stream.ts';
import { type CookieSession, closeConnections, postGraphQL, staleConnections } from './post.ts';
import { freePort, stopChild, waitUntilReady } from './processes.ts';
import { BENCH_PASSWORD, paced, setUpReferralParties } from './referrals.ts';
import {
  ErrorLog,
  type FullGc,
  growthPct,
  latency,
  memoryCycles,
  parseFullGc,
  parseMetrics,
  round,
} from './soak-figures.ts';
import { createRandom } from './synthetic-documents.ts';
import { buildWorkload, checkSearchResponse } from './workload.ts';

/**
 * Soak: minutes of mixed load against one real server process (server/main.ts in production
 * mode, embedded database in a temporary DATA_DIR, the demo directory plus the bench agencies),
 * all over HTTP with accounts signed in as the web app signs in (cookie and CSRF token):
 * anonymous and signed-in searches, referrals created by coordinators and moved by agencies
 * (opened, accepted or rejected, started, completed), listing edits, and live-update subscribers
 * (`referralEvents` over server-sent events) joining and leaving. Every response is checked.
 *
 * Nothing lost: every subscriber that was listening when a create or move was sent, and still
 * when its answer came, must receive that change if its organization is a party to the referral;
 * before a subscriber leaves it waits (up to DRAIN_MS) for what it is owed.
 *
 * Every `sampleEverySeconds` the server's /metrics (METRICS_TOKEN) gives RSS, heap and
 * event-loop delay; V8's --trace-gc lines (full collections only) give the heap left after each
 * full collection, the live heap. Past the warm-up, a least-squares line through the live heap
 * after each full collection, and one through the highest RSS of each collection cycle, say how
 * much each grows over the rest of the run, in percent of its mean (soak-figures.ts tells why
 * not through every sample). `memoryFlat`: both at most 5 %; it needs four full collections
 * past the warm-up, which the default mix makes in about five minutes.
 */

export type SoakOptions = {
  seconds: number;
  /** Nothing before this is fitted (default: the first 20 % of the run, at most 60 s). */
  warmupSeconds?: number;
  sampleEverySeconds?: number;
  agencies?: number;
  coordinators?: number;
  /** Searches per second over all visitors. */
  searchesPerSecond?: number;
  /** Referrals created per second over all coordinators (each is then moved to its end). */
  referralsPerSecond?: number;
  /** Listing edits per second over all agencies. */
  editsPerSecond?: number;
  /** Live subscribers connected at any time; each leaves after its lifetime and another joins. */
  subscribers?: number;
  /** A subscriber's lifetime in seconds, drawn between these. */
  subscriberSeconds?: [number, number];
  /** Load the demo directory (2,000 services) for searches; else only the bench agencies'. */
  demoDirectory?: boolean;
  log?: (message: string) => void;
};

export type SoakSample = {
  /** Seconds since the load started. */
  t: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** The heap left by the last full collection before this sample (null before the first). */
  heapAfterFullGcMb: number | null;
  /** Full collections since the previous sample. */
  fullGcs: number;
  /** Event-loop delay over the interval beyond prom-client's 10 ms sampling timer. */
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Server CPU over the interval, in percent of one core. */
  cpuPct: number;
  /** Live streams the server counts, and the ones the load generator holds open. */
  liveSubscribers: number;
  openSubscribers: number;
  searches: number;
  creates: number;
  transitions: number;
  edits: number;
};

export type SoakResult = Awaited<ReturnType<typeof runSoak>>;

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** prom-client's event-loop histogram times a 10 ms timer; what is beyond it is the delay. */
const EVENT_LOOP_RESOLUTION_MS = 10;
/** How long after its first bytes a stream counts as listening. */
const LISTENING_AFTER_MS = 100;
/** How long a leaving subscriber waits for the changes it is owed. */
const DRAIN_MS = 10_000;

const SIGN_IN = `mutation SoakSignIn($input: SignInInput!) { signIn(input: $input) { csrfToken user { organization { id } } } }`;
const CREATE = `mutation SoakCreate($input: CreateReferralInput!) { createReferral(input: $input) { id version status } }`;
const OPEN = `query SoakOpen($id: ID!) { referral(id: $id) { id version status receivedAt } }`;
const MOVE = `mutation SoakMove($input: TransitionReferralInput!) { transitionReferral(input: $input) { id version status } }`;
const EDITABLE = `query SoakEditable($id: ID!) { editableService(id: $id) { id lastModified languages } }`;
const UPDATE = `mutation SoakUpdate($input: UpdateServiceInput!) { updateService(input: $input) { id description } }`;
const CAPACITY = `mutation SoakCapacity($input: SetServiceCapacityInput!) { setServiceCapacity(input: $input) { id } }`;
const SUBSCRIBE = `subscription SoakEvents { referralEvents { kind referral { id version status } } }`;

type GqlAnswer = {
  data?: Record<string, Record<string, unknown> | null> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

type Account = {
  kind: 'agency' | 'coordinator';
  email: string;
  organizationId: string;
  session: CookieSession;
};

/** A create or move whose change the parties' subscribers are owed. */
type Change = {
  key: string;
  referralId: string;
  kind: string;
  organizations: readonly string[];
  sentAt: number;
  answeredAt: number;
};

type Subscriber = {
  id: number;
  account: Account;
  stream: LiveStream;
  leaveAt: number;
  received: Map<string, number>;
  duplicates: number;
};

/** Points and postal codes of the demo directory's sites, for searches near them. */
function demoPlaces() {
  type Site = {
    latitude?: number;
    longitude?: number;
    addresses?: Array<{ postal_code?: string }>;
  };
  const services = JSON.parse(readFileSync(demoDataset, 'utf8')) as Array<{
    service_at_locations?: Array<{ location?: Site }>;
  }>;
  const points: Array<{ latitude: number; longitude: number }> = [];
  const postalCodes = new Set<string>();
  for (const service of services) {
    for (const { location } of service.service_at_locations ?? []) {
      if (location?.latitude !== undefined && location.longitude !== undefined) {
        points.push({ latitude: location.latitude, longitude: location.longitude });
      }
      for (const address of location?.addresses ?? []) {
        if (address.postal_code) postalCodes.add(address.postal_code);
      }
    }
  }
  return { points, postalCodes: [...postalCodes] };
}

/** The server: an environment for server/main.ts, the directory and accounts loaded first. */
async function prepareServer(
  dataDir: string,
  options: Required<Pick<SoakOptions, 'agencies' | 'coordinators' | 'demoDirectory'>>,
  log: (message: string) => void,
) {
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HMAC_KEY: randomBytes(32).toString('base64'),
    METRICS_TOKEN: randomBytes(24).toString('base64url'),
    // The limiter counts every request; one address carries all the anonymous visitors here.
    GRAPHQL_RATE_LIMIT_PER_MINUTE: '100000',
  };
  log(`loading ${options.demoDirectory ? 'the demo directory and ' : ''}the bench accounts`);
  const setup = await startRuntime(parseConfig(env), createLogger('warn'), {
    seed: options.demoDirectory,
  });
  const parties = await setUpReferralParties(
    setup.deps,
    options.coordinators,
    options.agencies,
    log,
  );
  await setup.close();
  return { port, env, parties };
}

type ServerProcess = {
  child: ChildProcess;
  fullGcs: FullGc[];
  /** Error-level lines the server logged and Node's warnings, and how many warnings it logged. */
  errorLines: string[];
  warnings: number;
  /** Resolves when its output is read to the end (after exit). */
  drained: Promise<void>;
};

/** Starts server/main.ts as `npm start` does, with full collections traced on its stdout. */
function startServer(env: Record<string, string>, log: (message: string) => void): ServerProcess {
  const inherited = { ...process.env };
  // Always the embedded database and engine, whatever the calling shell points at.
  for (const key of ['MONGODB_URI', 'MEILI_URL', 'MEILI_KEY', 'NODE_OPTIONS'])
    delete inherited[key];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--trace-gc', '--trace-gc-ignore-scavenger', 'server/main.ts'],
    { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const server: ServerProcess = {
    child,
    fullGcs: [],
    errorLines: [],
    warnings: 0,
    drained: Promise.resolve(),
  };
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const stderr = createInterface({ input: child.stderr as NodeJS.ReadableStream });
  server.drained = Promise.all(
    [lines, stderr].map((r) => new Promise<void>((resolve) => r.once('close', () => resolve()))),
  ).then(() => undefined);
  // Node's own warnings (a listener leak, an unhandled rejection) count as errors.
  stderr.on('line', (line) => {
    if (/^\(node:\d+\) \w*(Warning|Error)\b/.test(line)) server.errorLines.push(line.slice(0, 500));
    log(`server: ${line.slice(0, 500)}`);
  });
  lines.on('line', (line) => {
    const gc = parseFullGc(line);
    if (gc) {
      server.fullGcs.push(gc);
      return;
    }
    let level = 0;
    try {
      level = Number((JSON.parse(line) as { level?: number }).level ?? 0);
    } catch {
      // Not a log line (V8 prints other GC notes): shown as it is.
    }
    if (level >= 50) server.errorLines.push(line.slice(0, 500));
    if (level === 40) server.warnings += 1;
    log(`server: ${line.slice(0, 500)}`);
  });
  return server;
}

/** Signs an account in as the web app does: the session cookie, then the CSRF token. */
async function signIn(port: number, email: string) {
  const body = JSON.stringify({
    query: SIGN_IN,
    variables: { input: { email, password: BENCH_PASSWORD } },
  });
  const { status, text, headers } = await postGraphQL(port, body);
  const answer = JSON.parse(text) as GqlAnswer;
  const signedIn = answer.data?.signIn as
    | { csrfToken: string; user: { organization: { id: string } } }
    | undefined;
  const cookie = [headers['set-cookie'] ?? []]
    .flat()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('wf_session='));
  if (status !== 200 || !signedIn || !cookie) {
    throw new Error(`sign-in of ${email} failed: HTTP ${status} ${text.slice(0, 200)}`);
  }
  return {
    session: { cookie, csrfToken: signedIn.csrfToken },
    organizationId: signedIn.user.organization.id,
  };
}

/** Runs the soak and returns its figures; `passed` says whether it held. */
export async function runSoak(options: SoakOptions) {
  const seconds = options.seconds;
  const warmupSeconds = options.warmupSeconds ?? Math.min(60, Math.round(seconds * 0.2));
  const sampleEvery = options.sampleEverySeconds ?? 10;
  const agencyCount = options.agencies ?? 8;
  const coordinatorCount = options.coordinators ?? 8;
  const searchesPerSecond = options.searchesPerSecond ?? 8;
  const referralsPerSecond = options.referralsPerSecond ?? 1;
  const editsPerSecond = options.editsPerSecond ?? 0.5;
  const subscriberTarget = options.subscribers ?? 12;
  const [lifeMin, lifeMax] = options.subscriberSeconds ?? [15, 60];
  const demoDirectory = options.demoDirectory ?? true;
  const log = options.log ?? ((message: string) => console.error(`[soak] ${message}`));
  const errors = new ErrorLog(log);
  const random = createRandom(20261206);
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const staleBefore = staleConnections.retries;

  const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-soak-'));
  let server: ServerProcess | null = null;
  try {
    const { port, env, parties } = await prepareServer(
      dataDir,
      { agencies: agencyCount, coordinators: coordinatorCount, demoDirectory },
      log,
    );
    server = startServer(env, log);
    await waitUntilReady(server.child, port);
    const metricsToken = env.METRICS_TOKEN ?? '';
    log(`server ready on port ${port}; signing in ${agencyCount + coordinatorCount} accounts`);

    const agencies = await Promise.all(
      parties.agencies.map(async (a) => ({ ...a, ...(await signIn(port, a.email)) })),
    );
    const coordinators = await Promise.all(
      parties.coordinators.map(async (c) => ({ ...c, ...(await signIn(port, c.email)) })),
    );
    const accounts: Account[] = [
      ...agencies.map((a) => ({ kind: 'agency' as const, ...a })),
      ...coordinators.map((c) => ({ kind: 'coordinator' as const, ...c })),
    ];

    const post = async (kind: string, body: string, session?: CookieSession) => {
      try {
        const { status, text } = await postGraphQL(port, body, session);
        const answer = JSON.parse(text) as GqlAnswer;
        if (status !== 200 || answer.errors?.length) {
          errors.add(kind, `HTTP ${status} ${JSON.stringify(answer.errors ?? text).slice(0, 300)}`);
          return null;
        }
        return answer.data ?? null;
      } catch (error) {
        errors.add(kind, (error as Error).message);
        return null;
      }
    };

    // ----- Figures kept while the load runs.
    const ms = {
      search: [] as number[],
      create: [] as number[],
      move: [] as number[],
      edit: [] as number[],
    };
    const counts = { searches: 0, creates: 0, opens: 0, transitions: 0, edits: 0 };
    const changes: Change[] = [];
    const partiesOf = new Map<string, readonly string[]>();
    const record = (change: Change) => {
      changes.push(change);
      partiesOf.set(change.referralId, change.organizations);
    };

    let running = true;
    const isRunning = () => running;
    const started = performance.now();

    // ----- Searches: visitors, every other one signed in as a coordinator.
    const { points, postalCodes } = demoDirectory
      ? demoPlaces()
      : { points: [{ latitude: 39.7392, longitude: -104.9903 }], postalCodes: ['80202'] };
    const workload = buildWorkload(5_000, 7, points, postalCodes);
    let nextSearch = 0;
    const visitors = Math.max(1, Math.ceil(searchesPerSecond / 2));
    const visitorLoops = Array.from({ length: visitors }, (_, v) => {
      const session = v % 2 === 1 ? coordinators[v % coordinators.length]?.session : undefined;
      return paced(
        searchesPerSecond / visitors,
        (v * 1000) / searchesPerSecond,
        isRunning,
        async () => {
          const item = workload[nextSearch++ % workload.length];
          if (!item) return;
          const t0 = performance.now();
          try {
            const { status, text } = await postGraphQL(port, item.body, session);
            ms.search.push(performance.now() - t0);
            const checked = checkSearchResponse(item, status, text);
            if (checked.error) errors.add('search', checked.error);
            counts.searches += 1;
          } catch (error) {
            errors.add('search', (error as Error).message);
          }
        },
      );
    });

    // ----- Referrals: coordinators create, agencies open and move them to their end.
    type Open = { id: string; version: number; status: string; opened: boolean };
    const queues = new Map<string, Open[]>(agencies.map((a) => [a.id, []]));
    const coordinatorLoops = coordinators.map((coordinator, i) => {
      const targets = Object.entries(coordinator.clients);
      let n = 0;
      const rate = referralsPerSecond / coordinators.length;
      return paced(rate, (i * 1000) / referralsPerSecond, isRunning, async () => {
        const [agencyId, client] = targets[n++ % targets.length] ?? [];
        const agency = agencies.find((a) => a.id === agencyId);
        if (!agency || !client) return;
        const body = JSON.stringify({
          query: CREATE,
          variables: {
            input: {
              clientId: client.clientId,
              consentId: client.consentId,
              serviceId: agency.serviceId,
              needs: ['food'],
              urgency: 'ROUTINE',
              note: 'Soak referral.',
              idempotencyKey: randomUUID(),
              send: true,
            },
          },
        });
        const sentAt = performance.now();
        const data = await post('createReferral', body, coordinator.session);
        const answeredAt = performance.now();
        const created = data?.createReferral as { id: string; version: number; status: string };
        if (!created) return;
        if (created.status !== 'SENT' || created.version !== 1) {
          errors.add('createReferral', `created as ${created.status} v${created.version}`);
          return;
        }
        ms.create.push(answeredAt - sentAt);
        counts.creates += 1;
        record({
          key: `${created.id}:1`,
          referralId: created.id,
          kind: 'SENT',
          organizations: [coordinator.organizationId, agency.id],
          sentAt,
          answeredAt,
        });
        queues.get(agency.id)?.push({ ...created, opened: false });
      });
    });

    const agencyLoops = agencies.flatMap((agency, i) => {
      const queue = queues.get(agency.id) ?? [];
      const coordinatorOf = (referralId: string) => partiesOf.get(referralId)?.[0] ?? '';
      let moves = 0;
      // Fast enough to keep up: a referral takes up to four steps.
      const moveRate = Math.max(0.5, (referralsPerSecond * 6) / agencies.length);
      const moving = paced(
        moveRate,
        (i * 1000) / moveRate / agencies.length,
        isRunning,
        async () => {
          const item = queue.shift();
          if (!item) return;
          if (!item.opened) {
            // Opening a sent referral records it as received (a version, no live change).
            const data = await post(
              'referral',
              JSON.stringify({ query: OPEN, variables: { id: item.id } }),
              agency.session,
            );
            const read = data?.referral as {
              version: number;
              status: string;
              receivedAt: string | null;
            };
            if (!read) return;
            if (
              read.status !== item.status ||
              read.version !== item.version + 1 ||
              !read.receivedAt
            ) {
              errors.add(
                'referral',
                `opened ${item.id} v${item.version} ${item.status}: got v${read.version} ${read.status}`,
              );
              return;
            }
            counts.opens += 1;
            item.version = read.version;
            item.opened = true;
          }
          moves += 1;
          const step: Record<string, string> | null =
            item.status === 'SENT'
              ? moves % 5 === 0
                ? { to: 'REJECTED', reasonCode: 'NO_CAPACITY', reasonText: 'Full this week.' }
                : { to: 'ACCEPTED' }
              : item.status === 'ACCEPTED'
                ? { to: 'IN_PROGRESS' }
                : item.status === 'IN_PROGRESS'
                  ? { to: 'COMPLETED', outcome: 'GOT_HELP' }
                  : null;
          if (!step) return;
          const body = JSON.stringify({
            query: MOVE,
            variables: { input: { referralId: item.id, expectedVersion: item.version, ...step } },
          });
          const sentAt = performance.now();
          const data = await post('transitionReferral', body, agency.session);
          const answeredAt = performance.now();
          const moved = data?.transitionReferral as { version: number; status: string };
          if (!moved) return;
          if (moved.status !== step.to || moved.version !== item.version + 1) {
            errors.add(
              'transitionReferral',
              `${step.to} from v${item.version}: got v${moved.version} ${moved.status}`,
            );
            return;
          }
          ms.move.push(answeredAt - sentAt);
          counts.transitions += 1;
          record({
            key: `${item.id}:${moved.version}`,
            referralId: item.id,
            kind: moved.status,
            organizations: [coordinatorOf(item.id), agency.id],
            sentAt,
            answeredAt,
          });
          if (moved.status !== 'COMPLETED' && moved.status !== 'REJECTED') {
            queue.push({ ...item, version: moved.version, status: moved.status });
          }
        },
      );
      // Listing edits: the listing's fields (read first, to send back its lastModified), or its capacity.
      let edits = 0;
      const editRate = editsPerSecond / agencies.length;
      const editing = paced(editRate, (i * 1000) / editsPerSecond, isRunning, async () => {
        edits += 1;
        const t0 = performance.now();
        if (edits % 3 === 0) {
          const input = {
            serviceId: agency.serviceId,
            status: edits % 2 === 0 ? 'AVAILABLE' : 'WAITLIST',
            count: edits % 20,
            unit: 'beds',
          };
          if (
            !(await post(
              'setServiceCapacity',
              JSON.stringify({ query: CAPACITY, variables: { input } }),
              agency.session,
            ))
          )
            return;
        } else {
          const read = await post(
            'editableService',
            JSON.stringify({ query: EDITABLE, variables: { id: agency.serviceId } }),
            agency.session,
          );
          const editable = read?.editableService as {
            lastModified: string | null;
            languages: string[];
          };
          if (!editable) return;
          const description = `Meals and groceries for families, edit ${edits}.`;
          const input = {
            serviceId: agency.serviceId,
            expectedLastModified: editable.lastModified,
            description,
            languages: editable.languages.includes('es') ? ['en'] : ['en', 'es'],
          };
          const data = await post(
            'updateService',
            JSON.stringify({ query: UPDATE, variables: { input } }),
            agency.session,
          );
          const updated = data?.updateService as { description: string } | undefined;
          if (!updated) return;
          if (updated.description !== description) {
            errors.add('updateService', `description not saved (${updated.description})`);
            return;
          }
        }
        ms.edit.push(performance.now() - t0);
        counts.edits += 1;
      });
      return [moving, editing];
    });

    // ----- Live subscribers joining and leaving.
    let subscriberIds = 0;
    let nextAccount = 0;
    const listening = new Set<Subscriber>();
    const leaving: Array<Promise<void>> = [];
    const owed = { expected: 0, delivered: 0, lost: 0, duplicates: 0, foreign: 0 };
    const lost: Array<{ change: Change; subscriber: Subscriber; from: number; leftAt: number }> =
      [];
    // Per change: how many subscribers were owed it, and how many got it.
    const tallies = new Map<string, { owed: number; delivered: number }>();
    const delivery: number[] = [];
    const join = (lifetimeS: number) => {
      const account = accounts[nextAccount++ % accounts.length] as Account;
      const subscriber: Subscriber = {
        id: ++subscriberIds,
        account,
        leaveAt: performance.now() + lifetimeS * 1000,
        received: new Map(),
        duplicates: 0,
        stream: openLiveStream(port, account.session, SUBSCRIBE, (payload, at) => {
          const answer = payload as {
            data?: {
              referralEvents?: {
                kind: string;
                referral: { id: string; version: number; status: string };
              };
            };
            errors?: Array<{ message: string }>;
          };
          const event = answer.data?.referralEvents;
          if (!event || answer.errors?.length) {
            errors.add('referralEvents', JSON.stringify(answer).slice(0, 300));
            return;
          }
          if (event.kind !== event.referral.status) {
            errors.add(
              'referralEvents',
              `kind ${event.kind} for a referral ${event.referral.status}`,
            );
          }
          const key = `${event.referral.id}:${event.referral.version}`;
          if (subscriber.received.has(key)) subscriber.duplicates += 1;
          else subscriber.received.set(key, at);
        }),
      };
      listening.add(subscriber);
    };
    /** Waits for what the subscriber is owed (up to DRAIN_MS), closes it and counts. */
    const leave = async (subscriber: Subscriber) => {
      listening.delete(subscriber);
      const { stream, account, received } = subscriber;
      const leftAt = performance.now();
      const from = stream.openedAt === null ? null : stream.openedAt + LISTENING_AFTER_MS;
      const due =
        from === null
          ? []
          : changes.filter(
              (c) =>
                c.sentAt >= from &&
                c.answeredAt <= leftAt &&
                c.organizations.includes(account.organizationId),
            );
      const deadline = leftAt + DRAIN_MS;
      while (
        !stream.ended &&
        performance.now() < deadline &&
        due.some((c) => !received.has(c.key))
      ) {
        await sleep(50);
      }
      stream.close();
      if (stream.failure)
        errors.add('referralEvents', `stream ${subscriber.id}: ${stream.failure}`);
      if (stream.openedAt === null && !stream.failure) {
        errors.add('referralEvents', `stream ${subscriber.id} never opened`);
      }
      owed.expected += due.length;
      owed.duplicates += subscriber.duplicates;
      for (const change of due) {
        const tally = tallies.get(change.key) ?? { owed: 0, delivered: 0 };
        tallies.set(change.key, tally);
        tally.owed += 1;
        const at = received.get(change.key);
        if (at !== undefined) {
          tally.delivered += 1;
          owed.delivered += 1;
          delivery.push(at - change.sentAt);
        } else {
          owed.lost += 1;
          lost.push({ change, subscriber, from: from ?? 0, leftAt });
        }
      }
      for (const key of received.keys()) {
        const organizations = partiesOf.get(key.slice(0, key.lastIndexOf(':')));
        if (organizations && !organizations.includes(account.organizationId)) {
          owed.foreign += 1;
          errors.add('referralEvents', `${key} delivered to ${account.email}, not a party`);
        }
      }
    };
    const lifetime = () => lifeMin + random() * (lifeMax - lifeMin);
    // The first ones leave at staggered times, so joining and leaving go on all along.
    for (let i = 0; i < subscriberTarget; i++) join(lifetime() * ((i + 1) / subscriberTarget));
    const subscriberLoop = (async () => {
      while (running) {
        const now = performance.now();
        for (const subscriber of [...listening]) {
          if (subscriber.leaveAt <= now) leaving.push(leave(subscriber));
        }
        while (listening.size < subscriberTarget) join(lifetime());
        await sleep(200);
      }
    })();

    // ----- Samples of the server every sampleEvery seconds.
    const samples: SoakSample[] = [];
    let previousCpu: { at: number; seconds: number } | null = null;
    const scrape = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      return parseMetrics(await response.text());
    };
    let startEpochS = 0;
    const sample = async (t: number) => {
      let metrics: Map<string, number>;
      try {
        metrics = await scrape();
      } catch (error) {
        errors.add('metrics', (error as Error).message);
        return;
      }
      startEpochS = metrics.get('process_start_time_seconds') ?? startEpochS;
      const mb = (name: string) => round((metrics.get(name) ?? Number.NaN) / 2 ** 20);
      const delayMs = (name: string) =>
        round(Math.max(0, (metrics.get(name) ?? Number.NaN) * 1000 - EVENT_LOOP_RESOLUTION_MS), 2);
      const cpu = { at: performance.now(), seconds: metrics.get('process_cpu_seconds_total') ?? 0 };
      const cpuPct = previousCpu
        ? round(((cpu.seconds - previousCpu.seconds) * 100_000) / (cpu.at - previousCpu.at))
        : 0;
      previousCpu = cpu;
      samples.push({
        t,
        rssMb: mb('process_resident_memory_bytes'),
        heapUsedMb: mb('nodejs_heap_size_used_bytes'),
        heapTotalMb: mb('nodejs_heap_size_total_bytes'),
        externalMb: mb('nodejs_external_memory_bytes'),
        // Filled in after the run: V8 prints its trace lines when its output buffer fills.
        heapAfterFullGcMb: null,
        fullGcs: 0,
        eventLoopP50Ms: delayMs('nodejs_eventloop_lag_p50_seconds'),
        eventLoopP99Ms: delayMs('nodejs_eventloop_lag_p99_seconds'),
        eventLoopMaxMs: delayMs('nodejs_eventloop_lag_max_seconds'),
        cpuPct,
        liveSubscribers: metrics.get('wayfinder_live_subscribers') ?? -1,
        openSubscribers: listening.size,
        searches: counts.searches,
        creates: counts.creates,
        transitions: counts.transitions,
        edits: counts.edits,
      });
      const s = samples.at(-1) as SoakSample;
      log(
        `t=${t}s rss ${s.rssMb} MB, heap ${s.heapUsedMb} MB, event loop p99 ${s.eventLoopP99Ms} ms, ` +
          `cpu ${s.cpuPct} %, ${s.liveSubscribers} live streams; ${counts.searches} searches, ` +
          `${counts.creates} creates, ${counts.transitions} moves, ${counts.edits} edits, ${errors.count} errors`,
      );
    };
    const sampleEpochs: number[] = [];
    for (let t = 0; t <= seconds; t += sampleEvery) {
      const wait = started + t * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
      sampleEpochs.push(Date.now() / 1000);
      await sample(t);
    }
    const wait = started + seconds * 1000 - performance.now();
    if (wait > 0) await sleep(wait);

    // ----- The end: the load stops, the subscribers collect what they are owed and leave.
    running = false;
    await Promise.all([...visitorLoops, ...coordinatorLoops, ...agencyLoops, subscriberLoop]);
    for (const subscriber of [...listening]) leaving.push(leave(subscriber));
    await Promise.all(leaving);
    let liveSubscribersAtEnd = -1;
    for (let tries = 0; tries < 50; tries++) {
      liveSubscribersAtEnd = (await scrape()).get('wayfinder_live_subscribers') ?? -1;
      if (liveSubscribersAtEnd === 0) break;
      await sleep(100);
    }
    if (liveSubscribersAtEnd !== 0) {
      errors.add(
        'referralEvents',
        `the server still serves ${liveSubscribersAtEnd} live streams after all left`,
      );
    }
    closeConnections();
    const serverExitCode = await stopChild(server.child);
    await server.drained;
    if (serverExitCode !== 0) errors.add('server', `exited with ${serverExitCode}`);
    for (const line of server.errorLines) errors.add('server log', line);

    // ----- Figures.
    const secondsOf = (at: number) => round((at - started) / 1000, 2);
    const lostEventExamples = lost.slice(0, 20).map(({ change, subscriber, from, leftAt }) => {
      const tally = tallies.get(change.key);
      const sameReferral = [...subscriber.received]
        .filter(([key]) => key.startsWith(`${change.referralId}:`))
        .map(([key, at]) => `${key.slice(key.lastIndexOf(':') + 1)}@${secondsOf(at)}s`);
      return (
        `${change.kind} ${change.key} sent ${secondsOf(change.sentAt)}s, answered ` +
        `${secondsOf(change.answeredAt)}s: not delivered to subscriber ${subscriber.id} ` +
        `(${subscriber.account.kind} ${subscriber.account.email}, listening ` +
        `${secondsOf(from)}–${secondsOf(leftAt)}s, ${subscriber.received.size} changes received, ` +
        `of this referral versions [${sameReferral.join(' ')}]); ` +
        `${tally?.delivered ?? 0} of ${tally?.owed ?? 0} subscribers owed it got it`
      );
    });
    // Full collections on the run's clock (seconds since the first sample).
    const firstEpoch = sampleEpochs[0] ?? 0;
    const fullGcs = server.fullGcs.map((gc) => ({
      t: startEpochS + gc.atMs / 1000 - firstEpoch,
      mb: gc.afterMb,
    }));
    for (const [i, s] of samples.entries()) {
      const before = fullGcs.filter((gc) => gc.t <= s.t);
      s.heapAfterFullGcMb = before.at(-1)?.mb ?? null;
      s.fullGcs = before.filter((gc) => gc.t > (samples[i - 1]?.t ?? -Infinity)).length;
    }
    const cycles = memoryCycles(samples, fullGcs, warmupSeconds, seconds);
    const span = seconds - warmupSeconds;
    const rssGrowthPct = growthPct(
      cycles.rss.map((c) => ({ t: c.t, v: c.rssPeakMb })),
      span,
    );
    const heapGrowthPct = growthPct(
      cycles.heap.map((c) => ({ t: c.t, v: c.heapMb })),
      span,
    );
    const fitted = samples.filter((s) => s.t >= warmupSeconds);
    const memoryFlat =
      rssGrowthPct !== null && heapGrowthPct !== null && rssGrowthPct <= 5 && heapGrowthPct <= 5;

    const result = {
      seconds,
      warmupSeconds,
      sampleEverySeconds: sampleEvery,
      mix: {
        agencies: agencyCount,
        coordinators: coordinatorCount,
        searchesPerSecond,
        referralsPerSecond,
        editsPerSecond,
        subscribers: subscriberTarget,
        subscriberSeconds: [lifeMin, lifeMax],
        demoDirectory,
      },
      machine: {
        cpus: os.cpus().length,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg().map((l) => round(l, 2)),
      },
      samples,
      searches: counts.searches,
      creates: counts.creates,
      opens: counts.opens,
      transitions: counts.transitions,
      edits: counts.edits,
      subscribersOpened: subscriberIds,
      eventsExpected: owed.expected,
      eventsDelivered: owed.delivered,
      lostEvents: owed.lost,
      lostEventExamples,
      duplicateEvents: owed.duplicates,
      foreignEvents: owed.foreign,
      delivery: latency(delivery),
      liveSubscribersAtEnd,
      errors: errors.count,
      errorsByKind: errors.byKind,
      errorExamples: errors.examples,
      serverWarnings: server.warnings,
      staleConnectionRetries: staleConnections.retries - staleBefore,
      serverExitCode,
      rssGrowthPct,
      heapGrowthPct,
      memoryFlat,
      memoryCycles: cycles,
      // A straight line through every sample, for comparison: it mostly tells where in its
      // collection cycle the run ended.
      rssSampleTrendPct: growthPct(
        fitted.map((s) => ({ t: s.t, v: s.rssMb })),
        span,
      ),
      heapSampleTrendPct: growthPct(
        fitted.map((s) => ({ t: s.t, v: s.heapUsedMb })),
        span,
      ),
      rssMb: {
        min: Math.min(...samples.map((s) => s.rssMb)),
        max: Math.max(...samples.map((s) => s.rssMb)),
        last: samples.at(-1)?.rssMb ?? null,
      },
      eventLoop: {
        worstP99Ms: Math.max(...samples.slice(1).map((s) => s.eventLoopP99Ms)),
        maxMs: Math.max(...samples.slice(1).map((s) => s.eventLoopMaxMs)),
      },
      search: latency(ms.search),
      create: latency(ms.create),
      transition: latency(ms.move),
      edit: latency(ms.edit),
    };
    return {
      ...result,
      passed:
        result.errors === 0 && result.lostEvents === 0 && result.foreignEvents === 0 && memoryFlat,
    };
  } finally {
    if (server) await stopChild(server.child);
    closeConnections();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '600' } } });
  const soak = await runSoak({ seconds: Number(values.seconds) });
  console.log(JSON.stringify({ soak }));
  process.exit(soak.passed ? 0 : 1);
}
