import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimMany } from '../../server/db/leases.ts';
import { claimJobRun } from '../../server/domain/leased-job.ts';
import { enqueueNotification, messageIdOf } from '../../server/domain/notifications/outbox.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import {
  freePort,
  type Started,
  startScript,
  waitForHttp,
  waitForLine,
} from '../support/processes.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildCoordinating,
  createReferralTo,
  GET,
  TRANSITION,
} from './referral-fixture.ts';

/**
 * Several server processes on one database and one Meilisearch behave as one system. The test
 * runs `npm run db`'s script, three app processes (`server/main.ts`, A, B and C) pointed at it
 * and at the run's Meilisearch, and an in-process server on the same database and index that
 * only builds fixtures (its own background work is stopped). Without a Meilisearch binary the
 * run's setup prints one line and this suite is skipped.
 */

const meili = inject('meili');
// Long enough that a loaded two-core machine renews claims in time (a claim about to lapse is
// not worked on), short enough that a dead instance's work is taken over soon.
const LEASE_SECONDS = 10;
const MESSAGES = 500;
/**
 * An edit is found through every instance within 2 s (the median of the rounds; a single round
 * may take longer on a loaded two-core machine, never past the hard bound), and a live event
 * crosses instances within 1 s.
 */
const SEARCH_CONVERGES_MS = 2000;
const SEARCH_HARD_BOUND_MS = 5000;
const LIVE_EVENT_MS = 1000;

type Instance = Started & { url: string; pid: number };

const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateServiceInput!) { updateService(input: $input) { id name } }
`;
const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) { edges { node { id name } } }
  }
`;
const CREATE_CLIENT = /* GraphQL */ `
  mutation CreateClient($input: CreateClientInput!) { createClient(input: $input) { id } }
`;
const UPDATE_CLIENT = /* GraphQL */ `
  mutation UpdateClient($input: UpdateClientInput!) { updateClient(input: $input) { version } }
`;
const READ_CLIENT = /* GraphQL */ `
  query Client($id: ID!) { client(id: $id) { version householdSize } }
`;
const SUBSCRIBE = /* GraphQL */ `
  subscription { referralEvents { kind referral { id status } } }
`;

type Received = { messageId: string; to: string };
type LiveEvent = { id: string; kind: string; status: string; at: number };

/** Resolves once `check` answers true, polling every `everyMs`; false when `timeoutMs` passes. */
async function pollUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A live subscription over server-sent events: the events seen so far, and how to end it. */
async function subscribe(url: string, token: string) {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: SUBSCRIBE }),
    signal: abort.signal,
  });
  const seen: LiveEvent[] = [];
  const reading = (async () => {
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        buffered += decoder.decode(chunk.value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('data:')) continue;
          const payload = JSON.parse(line.slice(5)) as {
            data?: { referralEvents: { kind: string; referral: { id: string; status: string } } };
          };
          const event = payload.data?.referralEvents;
          if (event) {
            seen.push({ ...event.referral, kind: event.kind, at: Date.now() });
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    seen,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

/** How many live subscribers an instance serves now, from its /metrics. */
async function liveSubscribers(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^wayfinder_live_subscribers (\d+)/m.exec(text)?.[1] ?? 0);
}

describe.skipIf(meili === null)('three instances on one database and one Meilisearch', () => {
  let dataDir: string;
  let db: Started;
  let uri: string;
  let tool: TestServer;
  const instances: Instance[] = [];
  let smtp: SMTPServer;
  const received: Received[] = [];
  let agency: Agency;
  let coordinator: TestActor;

  const env = (port: number, smtpPort: number, dbName: string): Record<string, string> => ({
    NODE_ENV: 'test',
    PORT: String(port),
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    SEED_ON_START: 'false',
    LOG_LEVEL: 'warn',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    LEASE_SECONDS: String(LEASE_SECONDS),
    FEED_POLL_MS: '200',
    MEILI_URL: meili?.url ?? '',
    MEILI_KEY: meili?.key ?? '',
    MEILI_INDEX_PREFIX: dbName,
    ENCRYPTION_KEY: keys.ENCRYPTION_KEY,
    HMAC_KEY: keys.HMAC_KEY,
  });
  const keys = {
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HMAC_KEY: randomBytes(32).toString('base64'),
  };

  /** Queues `count` emails to `<prefix>-<n>@example.org`, all at once. */
  const queueEmails = (prefix: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        enqueueNotification(tool.runtime.deps, {
          channel: 'email',
          to: `${prefix}-${i}@example.org`,
          template: 'referral.reminder.agency',
          data: { serviceName: 'Harbor Groceries', agencyName: 'Harbor Pantry', link: 'x' },
        }),
      ),
    );

  /** The instances still running. */
  const alive = () =>
    instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);

  /** The fixture server's deps with instance `i`'s address, for the actor helpers. */
  const via = (i: number): TestServer => {
    const instance = instances[i];
    if (!instance) throw new Error(`no instance ${i}`);
    return { ...tool, url: `${instance.url}/graphql` };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-instances-'));
    db = startScript('server/cli/db.ts', { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    uri = (await waitForLine(db, /^MONGODB_URI=(mongodb:\/\/\S+)$/))[1] ?? '';

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
          // A slow mail server, so a kill lands while messages are still going out.
          setTimeout(() => {
            received.push({ messageId, to: String(session.envelope.rcptTo[0]?.address) });
            callback();
          }, 15);
        });
      },
    });
    // A killed instance's connections end in resets; the sink carries on.
    smtp.on('error', () => {});
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as { port: number }).port;

    const dbName = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    // It builds the (empty) index first; the instances then find it there.
    tool = await startTestServer({
      dbName,
      engine: 'meilisearch',
      env: { MONGODB_URI: uri, ...keys },
    });
    await tool.runtime.notifications.stop();
    await tool.runtime.reminders.stop();
    await tool.runtime.listingConfirmations.stop();
    await tool.runtime.worker.stop();

    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      const started = startScript('server/main.ts', env(port, smtpPort, dbName));
      instances.push({
        ...started,
        url: `http://127.0.0.1:${port}`,
        pid: started.child.pid ?? 0,
      });
    }
    const started = Date.now();
    await Promise.all(instances.map((i) => waitForHttp(`${i.url}/healthz`, i, 120_000)));
    console.info(`three instances ready in ${Date.now() - started} ms`);

    agency = await buildAgency(via(0), { name: 'Harbor Pantry', serviceName: 'Harbor Groceries' });
    ({ coordinator } = await buildCoordinating(via(0)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop('SIGKILL')));
    await tool?.close();
    await db?.stop('SIGTERM');
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("finds an agency's edit made through A in searches through B and C", async () => {
    const staff = await signedInAs(via(0), 'agency_staff', {
      organizationId: agency.organization.id,
    });
    const rounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      const name = `Harbor Market ${randomUUID().slice(0, 6)}`;
      const edited = await staff.gql(UPDATE, { input: { serviceId: agency.service.id, name } });
      expect(edited.errors).toBeUndefined();
      const editedAt = Date.now();
      const foundAfter = await Promise.all(
        [1, 2].map(async (i) => {
          const found = await pollUntil(async () => {
            const res = await via(i).gql<{
              searchServices: { edges: Array<{ node: { name: string } }> };
            }>(SEARCH, { input: { text: name, first: 5 } });
            return res.data?.searchServices.edges.some((e) => e.node.name === name) ?? false;
          }, SEARCH_HARD_BOUND_MS * 2);
          return found ? Date.now() - editedAt : Number.POSITIVE_INFINITY;
        }),
      );
      console.info(
        `edit through A found through B after ${foundAfter[0]} ms, C ${foundAfter[1]} ms`,
      );
      expect(Math.max(...foundAfter)).toBeLessThanOrEqual(SEARCH_HARD_BOUND_MS);
      rounds.push(Math.max(...foundAfter));
    }
    const median = [...rounds].sort((a, b) => a - b)[1] ?? Number.POSITIVE_INFINITY;
    expect(median).toBeLessThanOrEqual(SEARCH_CONVERGES_MS);
  });

  it('tells a live subscriber on C about referral transitions made through A', async () => {
    const live = await subscribe(instances[2]?.url ?? '', agency.staff.token);
    try {
      expect(live.status).toBe(200);
      // Subscribed once C counts it (no fixed wait).
      expect(
        await pollUntil(async () => (await liveSubscribers(instances[2]?.url ?? '')) > 0, 10_000),
      ).toBe(true);
      const referral = await createReferralTo(via(0), coordinator, agency);
      const sentAt = Date.now();
      await pollUntil(() => live.seen.some((e) => e.id === referral.id), LIVE_EVENT_MS * 5, 10);
      const sent = live.seen.find((e) => e.id === referral.id);
      expect(sent).toMatchObject({ id: referral.id, kind: 'SENT', status: 'SENT' });

      // The agency opens it and accepts it, both through A (its session was made through A).
      const opened = await agency.staff.gql<{ referral: { version: number } }>(GET, {
        id: referral.id,
      });
      const accepted = await agency.staff.gql(TRANSITION, {
        input: {
          referralId: referral.id,
          expectedVersion: opened.data?.referral.version,
          to: 'ACCEPTED',
        },
      });
      expect(accepted.errors).toBeUndefined();
      const acceptedAt = Date.now();
      const isAccepted = (e: LiveEvent) => e.id === referral.id && e.status === 'ACCEPTED';
      await pollUntil(() => live.seen.some(isAccepted), LIVE_EVENT_MS * 5, 10);
      const moved = live.seen.find(isAccepted);
      console.info(
        `live events crossed instances ${sent ? sent.at - sentAt : '-'} ms (sent) and ${moved ? moved.at - acceptedAt : '-'} ms (accepted) after the mutation answered (negative: before)`,
      );
      expect(moved).toBeDefined();
      expect((sent?.at ?? Number.POSITIVE_INFINITY) - sentAt).toBeLessThanOrEqual(LIVE_EVENT_MS);
      expect((moved?.at ?? Number.POSITIVE_INFINITY) - acceptedAt).toBeLessThanOrEqual(
        LIVE_EVENT_MS,
      );
    } finally {
      await live.close();
    }
  });

  it('saves one of several client updates made at once through the three instances', async () => {
    const organizationId = coordinator.user.organizationId;
    const colleagues = [
      await signedInAs(via(0), 'coordinator', { organizationId }),
      await signedInAs(via(1), 'coordinator', { organizationId }),
      await signedInAs(via(2), 'coordinator', { organizationId }),
    ];
    // FerretDB v1 lets concurrent conditional writes both match now and then: several rounds.
    for (let round = 0; round < 8; round++) {
      const made = await coordinator.gql<{ createClient: { id: string } }>(CREATE_CLIENT, {
        input: { name: 'Ada Lark', dateOfBirth: '1984-02-03' },
      });
      const id = made.data?.createClient.id;
      const sizes = [3, 4, 5, 6, 7, 8];
      const results = await Promise.all(
        sizes.map((householdSize, i) =>
          colleagues[i % 3]?.gql(UPDATE_CLIENT, {
            input: { id, expectedVersion: 1, householdSize },
          }),
        ),
      );
      const won = results.filter((r) => !r?.errors);
      expect(won).toHaveLength(1);
      for (const lost of results.filter((r) => r?.errors)) {
        expect(lost?.errors?.[0]?.extensions?.code).toBe('CONFLICT');
        expect(lost?.errors?.[0]?.message).toMatch(/^This client record was changed by someone/);
      }
      const read = await coordinator.gql<{ client: unknown }>(READ_CLIENT, { id });
      expect(read.data?.client).toEqual({
        version: 2,
        householdSize: sizes[results.findIndex((r) => !r?.errors)],
      });
    }
  });

  it('gives each unit of work to one of many concurrent claimers', async () => {
    // FerretDB v1 lets two conditional updates of one document both succeed; the claims must not.
    const { connection, models } = tool.runtime.deps.db;
    const units = connection.collection('claim_probe');
    for (let round = 0; round < 10; round++) {
      await units.deleteMany({});
      await units.insertMany(
        Array.from({ length: 40 }, (_, i) => ({ _id: `r${round}-${i}` as never, n: i })),
      );
      const docs = await units.find({}).toArray();
      const now = new Date();
      const won = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          claimMany(units, models.Claim.collection, docs, {
            token: `claimer-${round}-${i}`,
            now,
            leaseMs: 5000,
          }),
        ),
      );
      const ids = won.flat().map((d) => String(d._id));
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    }
  });

  it("lets one process of many claim a periodic run, and another take over a dead one's", async () => {
    const options = { name: `probe-${randomUUID()}`, intervalMs: 60_000, leaseMs: 2000 };
    const now = new Date();
    await claimJobRun(tool.runtime.deps, { ...options, delayFirstRun: true }, now);
    // Due now and free: of four processes asking at once, one runs it.
    await tool.runtime.deps.db.models.JobLease.collection.updateOne(
      { _id: options.name as never },
      { $set: { nextRunAt: now } },
    );
    const claims = await Promise.all(
      [0, 1, 2, 3].map(() => claimJobRun(tool.runtime.deps, options, now)),
    );
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    // Its owner never finishes (it died): nobody else runs it while the lease lives …
    const during = new Date(now.getTime() + options.leaseMs - 1);
    expect(await claimJobRun(tool.runtime.deps, options, during)).toBeNull();
    // … and exactly one process takes it over once the lease has expired.
    const after = new Date(now.getTime() + options.leaseMs + 1);
    const takeovers = await Promise.all(
      [0, 1, 2].map(() => claimJobRun(tool.runtime.deps, options, after)),
    );
    expect(takeovers.filter((c) => c !== null)).toHaveLength(1);
  });

  it('delivers each queued message once while an instance is killed mid-run', async () => {
    const { Notification, NotificationLog } = tool.runtime.deps.db.models;
    const queuedAt = Date.now();
    const queued = await queueEmails('person', MESSAGES);
    // Once delivery is under way, kill the instance holding the most claims.
    const holders: Instance[] = [];
    await pollUntil(
      async () => {
        if (received.length < MESSAGES / 10) return false;
        const held = await Notification.collection
          .find({ leaseUntil: { $gt: new Date() } }, { projection: { leaseOwner: 1 } })
          .toArray();
        const count = (i: Instance) =>
          held.filter((h) => String(h.leaseOwner).includes(`:${i.pid}:`)).length;
        holders.push(...instances.filter((i) => count(i) > 0).sort((a, b) => count(b) - count(a)));
        return holders.length > 0;
      },
      60_000,
      10,
    );
    const victim = holders[0];
    if (!victim) throw new Error('no instance held claims while delivering');
    await victim.stop('SIGKILL');
    const killedAt = Date.now();
    const orphaned = await Notification.collection
      .find({ leaseOwner: { $regex: `:${victim.pid}:` } })
      .toArray();
    console.info(
      `killed one instance after ${received.length} deliveries; it held ${orphaned.length} claims`,
    );
    expect(orphaned.length).toBeGreaterThan(0);

    let left = MESSAGES;
    await pollUntil(
      async () => {
        left = await Notification.collection.countDocuments({});
        return left === 0;
      },
      120_000,
      100,
    );
    expect(left).toBe(0);
    console.info(
      `the two survivors finished ${Date.now() - killedAt} ms after the kill (${Date.now() - queuedAt} ms after queueing)`,
    );
    // The dead instance's claims were taken over, and not before their lease ran out; the few
    // it was finishing as it died (writes already on their way to the database) are its own.
    const unsent = orphaned.filter((o) => !o.sent);
    const logs = await NotificationLog.collection
      .find({ _id: { $in: unsent.map((o) => o._id) } })
      .toArray();
    expect(logs).toHaveLength(unsent.length);
    const afterLease = logs.filter((log) => {
      const claim = unsent.find((o) => o._id === log._id);
      return new Date(log.deliveredAt).getTime() >= new Date(claim?.leaseUntil).getTime();
    });
    console.info(`${afterLease.length} of its ${unsent.length} unsent claims were taken over`);
    expect(afterLease.length).toBeGreaterThanOrEqual(unsent.length - 8);

    const logged = await NotificationLog.collection.countDocuments({ to: /^person-/ });
    expect(logged).toBe(MESSAGES);
    const ours = received.filter((r) => r.to.startsWith('person-'));
    const unique = new Set(ours.map((r) => r.messageId));
    console.info(
      `delivered ${ours.length} emails for ${MESSAGES} queued; ${unique.size} distinct Message-IDs`,
    );
    expect(unique.size).toBe(MESSAGES);
    // Each Message-ID is the one derived from its queue entry, whoever sent it.
    const from = 'Wayfinder <no-reply@wayfinder.invalid>';
    expect([...unique].sort()).toEqual(queued.map((id) => messageIdOf(id, from)).sort());
    expect(new Set(ours.map((r) => r.to)).size).toBe(MESSAGES);
    // A repeat is possible only for a message in flight (8 lanes per instance) when its sender
    // died, or on a machine so loaded that a send outlasted what was left of its claim; it
    // carries the same Message-ID, so the receiving side can tell.
    expect(ours.length - unique.size).toBeLessThanOrEqual(8 * instances.length);
  }, 200_000);

  it('stops gracefully on SIGTERM: finishes its run and leaves no claim behind', async () => {
    const { Notification } = tool.runtime.deps.db.models;
    const running = alive();
    expect(running.length).toBeGreaterThan(0);
    const before = received.length;
    await queueEmails('later', 60);
    await pollUntil(() => received.length >= before + 5, 30_000, 10);
    // Every instance still running stops at once, mid-delivery.
    const stoppedAt = Date.now();
    const codes = await Promise.all(running.map((i) => i.stop('SIGTERM')));
    console.info(`${running.length} instances stopped gracefully in ${Date.now() - stoppedAt} ms`);
    expect(codes).toEqual(running.map(() => 0));
    const held = await Notification.collection
      .find({ leaseOwner: { $regex: `:(${running.map((i) => i.pid).join('|')}):` } })
      .toArray();
    expect(held).toEqual([]);
    // What they did not get to is free for the next server at once.
    const left = await Notification.collection.find({}).toArray();
    expect(left.every((entry) => entry.leaseUntil === null || entry.leaseUntil === undefined)).toBe(
      true,
    );
    const later = received.filter((r) => r.to.startsWith('later-'));
    expect(new Set(later.map((r) => r.messageId)).size).toBe(later.length);
    expect(later.length + left.length).toBe(60);
  }, 60_000);
});
