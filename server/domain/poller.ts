import type { Logger } from '../logger.ts';

/** A background job run on an interval and on demand, never twice at once. */
export type Poller = {
  /** Runs the job now (or once more right after the current run). */
  kick(): void;
  /** Resolves when no run is under way. */
  idle(): Promise<void>;
  /** Stops the interval and waits for the current run. */
  stop(): Promise<void>;
};

/**
 * Runs `job` every `intervalMs` and on `kick()`. FerretDB has no change streams, so workers
 * poll; a kick after a local write saves the wait. Errors are logged and the next run retries.
 */
export function startPoller(
  job: () => Promise<void>,
  options: { intervalMs: number; logger: Logger; name: string },
): Poller {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await job();
      } catch (error) {
        options.logger.error({ err: error, job: options.name }, 'background job failed');
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        }
      }
    })();
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    kick: run,
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
