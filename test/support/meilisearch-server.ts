import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 60_000;

/** A Meilisearch server the tests started: its URL and master key. */
export type MeiliConnection = { url: string; key: string };

export type MeiliServer = MeiliConnection & {
  dbPath: string;
  port: number;
  /** The running process's id, or null while stopped. */
  pid(): number | null;
  /** Stops the process (the database stays, so `start` can bring it back on the same data). */
  stop(): Promise<void>;
  /** Starts it again on the same port and database. */
  start(): Promise<void>;
  /** Stops it and deletes its database. */
  dispose(): Promise<void>;
};

/**
 * The Meilisearch binary the tests run: MEILI_BIN, else ../shared/bin/meilisearch beside the
 * checkout (CI always has it). Null when neither exists.
 */
export function meilisearchBinary(): string | null {
  const fromEnv = process.env.MEILI_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : null;
  const shared = path.resolve(repoRoot, '../shared/bin/meilisearch');
  return existsSync(shared) ? shared : null;
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`Meilisearch exited before it was ready:\n${output()}`);
    const res = await fetch(`${url}/health`).catch(() => null);
    if (res?.ok && ((await res.json()) as { status?: string }).status === 'available') return;
    if (Date.now() > until) throw new Error(`Meilisearch was not ready in time:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The indexing memory the deployment guide recommends (docs/deploy.md): enough for a whole
 * directory's build, small enough that a one-listing batch does not spend most of a second on it.
 */
export const PRODUCTION_INDEXING_MEMORY = '1GiB';

function indexingArgs(indexing: 'small' | 'production' | 'default'): string[] {
  if (indexing === 'small')
    return ['--max-indexing-threads', '1', '--max-indexing-memory', '256MiB'];
  if (indexing === 'production') return ['--max-indexing-memory', PRODUCTION_INDEXING_MEMORY];
  return [];
}

/**
 * Starts Meilisearch on a free loopback port with a throwaway database and a master key, and
 * waits for GET /health.
 */
export async function startMeilisearch(
  binary: string,
  options: {
    /**
     * `small` (tests): one indexing thread and 256 MiB, which the two cores of a test run can
     * spare. `production`: what the deployment guide recommends, Meilisearch's own threads and
     * PRODUCTION_INDEXING_MEMORY. `default`: Meilisearch's own, which reserves most of the
     * machine's memory per indexing batch: that alone makes each small batch (one listing edit)
     * take most of a second.
     */
    indexing?: 'small' | 'production' | 'default';
    /** More command-line options (e.g. `--max-indexing-memory`), after the ones above. */
    args?: string[];
  } = {},
): Promise<MeiliServer> {
  const dbPath = await mkdtemp(path.join(tmpdir(), 'wayfinder-meili-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const key = `test-master-key-${Math.random().toString(36).slice(2)}-0123456789`;
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    let output = '';
    const proc = spawn(
      binary,
      [
        '--db-path',
        path.join(dbPath, 'data.ms'),
        '--http-addr',
        `127.0.0.1:${port}`,
        '--master-key',
        key,
        '--no-analytics',
        '--env',
        'development',
        '--dump-dir',
        path.join(dbPath, 'dumps'),
        '--snapshot-dir',
        path.join(dbPath, 'snapshots'),
        ...indexingArgs(options.indexing ?? 'small'),
        ...(options.args ?? []),
        '--log-level',
        'WARN',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    child = proc;
    await waitHealthy(url, proc, () => output);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    url,
    key,
    dbPath,
    port,
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    stop,
    start,
    dispose: async () => {
      await stop();
      await rm(dbPath, { recursive: true, force: true });
    },
  };
}
