import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');

/** A free TCP port on the loopback interface (free when asked; taken by whoever binds first). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export type Started = {
  child: ChildProcess;
  /** Everything it wrote to stderr (the end of it), for failure messages. */
  stderr(): string;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/**
 * Runs a TypeScript entry point of the repository with this environment, in one node process
 * (tsx as a loader, not its CLI, whose wrapper process would take the signals meant for it).
 */
export function startScript(script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  return {
    child,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      child.kill(signal);
      return exited;
    },
  };
}

/** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
export function waitForLine(started: Started, pattern: RegExp, timeoutMs = 60_000) {
  return new Promise<RegExpExecArray>((resolve, reject) => {
    const lines = createInterface({ input: started.child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`timed out: ${started.stderr()}`)), timeoutMs);
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(match);
    });
    started.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${started.stderr()}`));
    });
  });
}

/** Polls `url` until it answers 200. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`exited: ${started.stderr()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${(await response.text()).slice(0, 500)}`;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer 200 (last: ${last}): ${started.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
