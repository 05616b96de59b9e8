import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Helpers for benchmarks that run server processes of their own (scaleout.ts, soak.ts). */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Stops a child with SIGTERM (its graceful shutdown) and waits for it; resolves its exit code. */
export async function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGTERM');
  return exited;
}

/** Waits until an app process on `port` answers /readyz (throws when it exits first). */
export async function waitUntilReady(child: ChildProcess, port: number): Promise<void> {
  for (let tries = 0; ; tries++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (child.exitCode !== null || tries > 600) throw new Error('an app process did not start');
    await sleep(100);
  }
}
