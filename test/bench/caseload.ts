import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import type { Actor } from '../../server/domain/accounts/actor.ts';
import { createSession } from '../../server/domain/accounts/sessions.ts';
import { createUser, saveMember } from '../../server/domain/accounts/users.ts';
import { addCaseNote } from '../../server/domain/clients/case-notes.ts';
import { createClient } from '../../server/domain/clients/clients.ts';
import { recordConsent } from '../../server/domain/clients/consent.ts';
import type { DomainDeps } from '../../server/domain/deps.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { createReferral } from '../../server/domain/referrals/create-referral.ts';
import { transitionReferral } from '../../server/domain/referrals/transition-referral.ts';
import { createTask } from '../../server/domain/tasks/tasks.ts';
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
 * Caseload benchmark: one coordinator with 500 clients and 5,000 referrals (10 a client, a share
 * accepted or declined, which also makes follow-up tasks), a task and a note for each client, and
 * another organization's clients beside them; then `myCaseload` over HTTP, one request at a
 * time, with each sort. Everything is made through the domain, as the app makes it. Prints one
 * JSON line (`p95Ms` is reported as `caseload.p95Ms` by `npm run bench`). Run alone with
 * `npx tsx test/bench/caseload.ts` or `npm run bench -- --workloads caseload`.
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    referrals: { type: 'string', default: '10' },
    requests: { type: 'string', default: '200' },
    others: { type: 'string', default: '200' },
  },
});
const clientCount = Number(values.clients);
const perClient = Number(values.referrals);
const requests = Number(values.requests);
const otherCount = Number(values.others);
const log = (message: string) => console.error(`[caseload-bench] ${message}`);

const actorOf = (user: { id: string; organizationId: string; role: Actor['role'] }): Actor => ({
  userId: user.id,
  organizationId: user.organizationId,
  role: user.role,
  sessionId: 'bench',
  ip: null,
});

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

async function seed(deps: DomainDeps) {
  const organization = buildOrganization({ name: 'Bench Pantry' });
  const location = buildLocation();
  const service = buildService(organization, { name: 'Bench Groceries', categories: ['food'] });
  await storeBundle(
    deps,
    bundleOf({
      organizations: [organization],
      locations: [location],
      services: [service],
      serviceAtLocations: [link(service, location)],
    }),
  );
  await saveMember(deps, { id: organization.id, name: 'Bench Pantry', kinds: ['agency'] });
  const password = 'bench password that is long';
  const staff = await createUser(deps, {
    email: 'staff@bench.example.org',
    name: 'Staff',
    organizationId: organization.id,
    role: 'agency_staff',
    password,
  });
  const member = await saveMember(deps, {
    id: randomUUID(),
    name: 'Bench Center',
    kinds: ['coordinating'],
  });
  const user = await createUser(deps, {
    email: 'coordinator@bench.example.org',
    name: 'Coordinator',
    organizationId: member.id,
    role: 'coordinator',
    password,
  });
  const other = await createUser(deps, {
    email: 'colleague@bench.example.org',
    name: 'Colleague',
    organizationId: member.id,
    role: 'coordinator',
    password,
  });
  const actor = actorOf(user);
  const agency = actorOf(staff);
  const today = deps.clock.now().toISOString().slice(0, 10);
  let referrals = 0;
  await pool(
    Array.from({ length: clientCount }, (_, i) => i),
    4,
    async (i) => {
      const client = await createClient(deps, actor, {
        name: `Client ${String(i).padStart(3, '0')}`,
        dateOfBirth: '1985-06-01',
        postalCode: '80202',
      });
      const consent = await recordConsent(deps, actor, {
        clientId: client.id,
        agencyOrganizationId: organization.id,
        method: 'VERBAL',
        givenBy: 'client',
        fields: ['name'],
      });
      for (let k = 0; k < perClient; k++) {
        const referral = await createReferral(deps, actor, {
          clientId: client.id,
          consentId: consent.id,
          serviceId: service.id,
          needs: ['food'],
          urgency: 'ROUTINE',
          idempotencyKey: randomUUID(),
          send: true,
        });
        referrals += 1;
        const to = k % 10 === 0 ? 'ACCEPTED' : k % 10 === 1 ? 'REJECTED' : null;
        if (to) {
          await transitionReferral(deps, agency, {
            referralId: referral.id,
            expectedVersion: referral.version,
            to,
            ...(to === 'REJECTED' ? { reasonCode: 'NO_CAPACITY' } : {}),
          });
        }
      }
      await createTask(deps, actor, { clientId: client.id, title: 'Call back', dueDate: today });
      await addCaseNote(deps, actor, { clientId: client.id, text: 'Met at intake', contact: true });
      if ((i + 1) % 50 === 0) log(`${i + 1} clients, ${referrals} referrals`);
    },
  );
  // A colleague's clients share the collection but not the caseload.
  await pool(
    Array.from({ length: otherCount }, (_, i) => i),
    4,
    async (i) => {
      await createClient(deps, actorOf(other), { name: `Other ${i}`, dateOfBirth: '1990-01-01' });
    },
  );
  const { token } = await createSession(deps, user, { ttlHours: 4, ip: null });
  return { token, referrals };
}

const CASELOAD = `query($input: CaseloadInput) { myCaseload(input: $input) {
  clientId name openNeeds openReferrals referralsByStatus { status count } nextTaskDue overdueTasks
  lastContactAt } }`;
const SORTS = ['NAME', 'NEXT_TASK_DUE', 'OVERDUE', 'LAST_CONTACT'];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-caseload-bench-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SEED_ON_START: 'false',
  });
  const runtime = await startRuntime(config, createLogger(config.LOG_LEVEL), { seed: false });
  const started = performance.now();
  log(`seeding ${clientCount} clients with ${perClient} referrals each`);
  const { token, referrals } = await seed(runtime.deps);
  const seedS = (performance.now() - started) / 1000;
  const app = buildApp(runtime.deps, { isProduction: true, isDevelopment: false });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const latencies: number[] = [];
  let failures = 0;
  let rows = 0;
  for (let i = 0; i < requests + 20; i++) {
    const body = JSON.stringify({
      query: CASELOAD,
      variables: { input: { sort: SORTS[i % SORTS.length] } },
    });
    const t0 = performance.now();
    const { text } = await postGraphQL(port, body, token);
    const ms = performance.now() - t0;
    const parsed = JSON.parse(text) as { data?: { myCaseload?: unknown[] }; errors?: unknown };
    rows = parsed.data?.myCaseload?.length ?? 0;
    if (parsed.errors || rows !== clientCount) failures += 1;
    if (i >= 20) latencies.push(ms);
  }
  latencies.sort((a, b) => a - b);
  // The floor: a signed-in request that reads nothing else.
  const floor: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await postGraphQL(port, JSON.stringify({ query: '{ me { id } }' }), token);
    floor.push(performance.now() - t0);
  }
  floor.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  const result = {
    clients: rows,
    referrals,
    requests,
    failures,
    seedS: Math.round(seedS),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.at(-1) ?? 0),
    signedInFloorP50Ms: round(percentile(floor, 50)),
  };
  closeConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
  process.exit(failures > 0 ? 1 : 0);
}

await main();
