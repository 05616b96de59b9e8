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

/** Runs and failures of each background job of one database, by job name (for /metrics). */
export type JobStats = Map<string, { runs: number; failures: number }>;

const statsByDatabase = new WeakMap<object, JobStats>();

/** The job counters of the jobs started on `database` (any object that identifies it). */
export function jobStatsFor(database: object): JobStats {
  let stats = statsByDatabase.get(database);
  if (!stats) {
    stats = new Map();
    statsByDatabase.set(database, stats);
  }
  return stats;
}

/**
 * Runs `job` every `intervalMs` and on `kick()`. FerretDB has no change streams, so workers
 * poll; a kick after a local write saves the wait. Errors are logged and the next run retries.
 */
export function startPoller(
  /** Resolves false when there was nothing to do this time (not counted as a run). */
  job: () => Promise<void | boolean>,
  options: { intervalMs: number; logger: Logger; name: string; stats?: JobStats },
): Poller {
  const count = (field: 'runs' | 'failures'): void => {
    if (!options.stats) return;
    let entry = options.stats.get(options.name);
    if (!entry) {
      entry = { runs: 0, failures: 0 };
      options.stats.set(options.name, entry);
    }
    entry[field] += 1;
  };
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
        if ((await job()) !== false) count('runs');
      } catch (error) {
        count('runs');
        count('failures');
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
