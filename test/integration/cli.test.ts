import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueIndexPrefix } from '../search/engines.ts';
import { freePort } from '../support/meilisearch-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const jsonFixture = path.join(repoRoot, 'test/fixtures/hsds/hsds3-json');
const tabularFixture = path.join(repoRoot, 'test/fixtures/hsds/tabular-1x');

/** The environment of a fresh install: embedded database and engine, state under `dataDir`. */
function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.MONGODB_URI;
  delete env.MEILI_URL;
  delete env.MEILI_KEY;
  return { ...env, ...extra };
}

function runCli(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', `server/cli/${script}`, ...args],
      { cwd: repoRoot, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `npm start` as a child process on a free port; resolves once GraphQL answers. */
async function startServerProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 45_000,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const server: ChildProcess = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const stop = async () => {
    if (server.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
  };
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error('the server exited');
    const up = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).catch(() => null);
    if (up?.ok) break;
    if (Date.now() > until) {
      await stop();
      throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop };
}

/** The names a server's search finds for `text`. */
async function searchNames(url: string, text: string): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'query($t: String) { searchServices(input: { text: $t }) { edges { node { name } } } }',
      variables: { t: text },
    }),
  });
  const body = (await response.json()) as {
    data?: { searchServices: { edges: Array<{ node: { name: string } }> } };
  };
  return body.data?.searchServices.edges.map((e) => e.node.name) ?? [];
}

describe('the import CLI', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports a source, prints counts and every issue, and exits 0', async () => {
    const run = await runCli('import.ts', [tabularFixture], cliEnv(dataDir));
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Imported ${tabularFixture} (hsds-tabular)`);
    expect(run.stdout).toMatch(/organizations\s+1\s+0/);
    expect(run.stdout).toMatch(/services\s+3\s+0/);
    expect(run.stdout).toContain('Skipped: 10 rows with errors (not stored).');
    expect(run.stdout).toContain('data/organizations.csv:2 email — must be an email address');
    // Errors are listed before warnings.
    expect(run.stdout.indexOf('Errors (')).toBeLessThan(run.stdout.indexOf('Warnings ('));
    expect(run.stdout).toContain('the server builds its index from the database when it starts');

    const again = await runCli('import.ts', [tabularFixture], cliEnv(dataDir));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/services\s+0\s+3/);
  });

  it('exits 1 with a clear message when the path does not exist', async () => {
    const missing = path.join(dataDir, 'nowhere');
    const run = await runCli('import.ts', [missing], cliEnv(dataDir));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No HSDS data at ${missing}.`);
  });

  describe('next to a running server on the same DATA_DIR', () => {
    let server: Awaited<ReturnType<typeof startServerProcess>>;
    let serverDir: string;
    beforeAll(async () => {
      serverDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-cli-server-'));
      server = await startServerProcess(cliEnv(serverDir, { SEED_ON_START: 'false' }));
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
      await rm(serverDir, { recursive: true, force: true });
    });

    it('joins the server’s database, and the server’s search shows the import within seconds', async () => {
      expect(await searchNames(server.url, 'Coastside pantry')).toEqual([]);
      const run = await runCli('import.ts', [jsonFixture], cliEnv(serverDir));
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('a running server applies the changes from the outbox');
      const imported = Date.now();
      let names: string[] = [];
      while (Date.now() - imported < 10_000) {
        names = await searchNames(server.url, 'Coastside pantry');
        if (names.length > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(names).toContain('Coastside Food Pantry');

      const reindex = await runCli('reindex.ts', [], cliEnv(serverDir));
      expect(reindex.code).toBe(0);
      expect(reindex.stdout).toContain('The server rebuilt its search index');
      expect(await searchNames(server.url, 'Rides to Clinic')).toContain('Rides to Clinic');
    });
  });
});

const meili = inject('meili');

describe.skipIf(meili === null)('the reindex CLI with Meilisearch', () => {
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-cli-meili-'));
    env = cliEnv(dataDir, {
      MEILI_URL: meili?.url ?? '',
      MEILI_KEY: meili?.key ?? '',
      MEILI_INDEX_PREFIX: uniqueIndexPrefix('cli'),
    });
    // The demo directory (2000 services), indexed into a new Meilisearch index at start.
    server = await startServerProcess({ ...env, SEED_ON_START: 'true' }, 110_000);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('builds a fresh index and swaps it in, printing progress, while search keeps answering', async () => {
    const before = await searchNames(server.url, 'food');
    expect(before.length).toBeGreaterThan(0);
    let reindexing = true;
    const during: number[] = [];
    const watch = (async () => {
      while (reindexing) {
        during.push((await searchNames(server.url, 'food')).length);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const run = await runCli('reindex.ts', [], env).finally(() => {
      reindexing = false;
    });
    await watch;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Rebuilt the Meilisearch index: 2000 services, \d+ documents in/);
    expect(run.stderr).toContain('Indexing 2000/2000');
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((n) => n === before.length)).toBe(true);
    expect(await searchNames(server.url, 'food')).toEqual(before);
  });
});
