import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, renameSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Logger } from '../logger.ts';

/**
 * The embedded database: FerretDB v1 over SQLite, run by our small Go launcher
 * (server/db/ferretdb). FerretDB must never have two processes on one SQLite directory, so the
 * launcher holds an exclusive lock on it, and whoever starts it publishes the URI in
 * `<dataDir>/ferretdb.json`; a second process (a CLI next to a running server) reads that file
 * and connects to the running instance instead of starting its own.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const launcherSource = path.join(repoRoot, 'server/db/ferretdb');
const defaultBinary = path.join(repoRoot, '.cache/ferretdb-launcher');
const EXIT_LOCKED = 3;
/** The launcher's log (its stderr, whole) in the data directory; the previous one keeps `.1`. */
export const LAUNCHER_LOG = 'ferretdb.log';
const LOG_ROTATE_BYTES = 16 * 1024 * 1024;
/** Lines of goroutine trace kept after a crash's `panic:` / `fatal error:` line. */
const CRASH_TRACE_LINES = 80;

export type EmbeddedDatabase = {
  uri: string;
  /** True when another process owns the database and we only connected to it. */
  shared: boolean;
  /** The launcher's process id when we started it; null when we only joined another's. */
  pid: number | null;
  stop(): Promise<void>;
};

/** Builds the launcher with the Go toolchain when it is missing or older than its source. */
export async function ensureLauncherBinary(binary = defaultBinary): Promise<string> {
  const sources = readdirSync(launcherSource)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .map((f) => path.join(launcherSource, f));
  const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestSource) return binary;
  await mkdir(path.dirname(binary), { recursive: true });
  try {
    await promisify(execFile)('go', ['build', '-o', binary, '.'], {
      cwd: launcherSource,
      env: { ...process.env, CGO_ENABLED: '0' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not build the embedded database launcher with Go: ${detail}`);
  }
  return binary;
}

type Published = { uri: string; pid: number };

async function readPublished(file: string): Promise<Published | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'uri' in parsed &&
      'pid' in parsed &&
      typeof parsed.uri === 'string' &&
      typeof parsed.pid === 'number'
    ) {
      return { uri: parsed.uri, pid: parsed.pid };
    }
  } catch {
    // missing or half-written: treated as "nobody published"
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts FerretDB on a free loopback port with its SQLite files under `<dataDir>/ferretdb`, or
 * joins the instance another process already runs there. Throws when it cannot start.
 */
export async function startEmbeddedDatabase(opts: {
  dataDir: string;
  binary?: string;
  logger: Logger;
  /** host:port to listen on; a free loopback port unless given (e.g. to restart on the same one). */
  listen?: string;
  /**
   * Called when the database exits without being stopped (a crash or a kill), with what explains
   * it: the `panic:` / `fatal error:` line and the goroutine trace after it, else the end of its
   * log; `log` is the file that holds everything it printed.
   */
  onUnexpectedExit?: (exit: {
    code: number | null;
    signal: string | null;
    stderr: string;
    log: string;
  }) => void;
}): Promise<EmbeddedDatabase> {
  const dbDir = path.join(opts.dataDir, 'ferretdb');
  const publishedFile = path.join(opts.dataDir, 'ferretdb.json');
  await mkdir(dbDir, { recursive: true });

  const existing = await readPublished(publishedFile);
  if (existing && isAlive(existing.pid)) {
    opts.logger.info({ uri: existing.uri }, 'using the embedded database of a running process');
    return { uri: existing.uri, shared: true, pid: null, stop: async () => {} };
  }

  const binary = opts.binary ?? (await ensureLauncherBinary());
  // Everything the launcher prints goes to its log file, straight from the child (so nothing is
  // lost should we be slow to read, or gone); a crash's whole goroutine trace lands there too.
  const logFile = path.join(opts.dataDir, LAUNCHER_LOG);
  rotateLog(logFile);
  const logFd = openSync(logFile, 'a');
  const child = spawn(binary, ['-dir', dbDir, '-listen', opts.listen ?? '127.0.0.1:0'], {
    stdio: ['pipe', 'pipe', logFd],
    // Every goroutine in a crash report, not only the failing one: the cause is often another.
    env: { ...process.env, GOTRACEBACK: process.env.GOTRACEBACK ?? 'all' },
  });
  closeSync(logFd);
  const lastWords = async (): Promise<string> =>
    crashReport(await readFile(logFile, 'utf8').catch(() => ''));

  const started = await new Promise<Published | 'locked'>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      try {
        const parsed = JSON.parse(line) as Published;
        resolve(parsed);
      } catch {
        reject(new Error(`Unexpected output from the embedded database: ${line}`));
      }
    });
    child.once('exit', (code) => {
      if (code === EXIT_LOCKED) resolve('locked');
      else
        lastWords().then((words) =>
          reject(new Error(`The embedded database exited with code ${code}: ${words}`)),
        );
    });
    child.once('error', reject);
  });

  if (started === 'locked') {
    // Another process won the race for the directory; it publishes its URI right after start.
    for (let i = 0; i < 100; i++) {
      const published = await readPublished(publishedFile);
      if (published && isAlive(published.pid)) {
        return { uri: published.uri, shared: true, pid: null, stop: async () => {} };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `The database in ${dbDir} is locked by another process that published no address.`,
    );
  }

  await writeFile(publishedFile, JSON.stringify({ uri: started.uri, pid: process.pid }));
  opts.logger.info({ uri: started.uri, dir: dbDir }, 'embedded database started');
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (stopping || !opts.onUnexpectedExit) return;
    const report = opts.onUnexpectedExit;
    lastWords().then((words) => report({ code, signal, stderr: words, log: logFile }));
  });
  return {
    uri: started.uri,
    shared: false,
    pid: started.pid,
    stop: () => {
      stopping = true;
      return stopChild(child, publishedFile);
    },
  };
}

/** Starts a new log when the current one has grown large, keeping the one before it. */
function rotateLog(file: string): void {
  try {
    if (statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
}

/**
 * What explains a launcher's death in its output: the first line of a Go crash (`panic:`,
 * `fatal error:`, `unexpected fault address`, `runtime:`) with the goroutine trace that follows it,
 * else the last 3000 characters.
 */
export function crashReport(output: string): string {
  const lines = output.split('\n');
  const first = lines.findIndex((line) =>
    /^(panic: |fatal error: |unexpected fault address |runtime: )/.test(line),
  );
  if (first === -1) return output.trim().slice(-3000);
  return lines
    .slice(first, first + 1 + CRASH_TRACE_LINES)
    .join('\n')
    .trim();
}

async function stopChild(child: ChildProcess, publishedFile: string): Promise<void> {
  const published = await readPublished(publishedFile);
  if (published?.pid === process.pid) await rm(publishedFile, { force: true });
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
