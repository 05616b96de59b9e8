import { claimOne, claimToken, isDuplicateKeyError, isUnleased } from '../db/leases.ts';
import type { DomainDeps } from './deps.ts';
import { jobStatsFor, type Poller, startPoller } from './poller.ts';

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'logger'>;

export type LeasedJobOptions = {
  /** The job's name: one `job_leases` document per name, shared by every process. */
  name: string;
  /** How often the job runs, across all processes together. */
  intervalMs: number;
  /** How long a run may go unrenewed before another process takes it over. */
  leaseMs: number;
  /** The first run ever on a database waits one interval (so a first start stays quick). */
  delayFirstRun?: boolean;
};

/**
 * Claims this period's run of a job: when the run is due (or `whenDue` is false) and nobody holds
 * a live lease, one insert of the next claim record decides between processes (see
 * server/db/leases.ts); the very first claim on a database is the insert of the job's document.
 * Returns the claim token, or null when this process must not run.
 */
export async function claimJobRun(
  deps: Deps,
  options: LeasedJobOptions,
  now: Date,
  whenDue = true,
): Promise<string | null> {
  const { JobLease, Claim } = deps.db.models;
  const token = claimToken();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const job = await JobLease.collection.findOne({ _id: options.name as never });
  if (!job) {
    const later = whenDue && options.delayFirstRun === true;
    try {
      await JobLease.collection.insertOne({
        _id: options.name as never,
        leaseOwner: later ? null : token,
        leaseUntil: later ? null : leaseUntil,
        claimGen: 0,
        nextRunAt: later ? new Date(now.getTime() + options.intervalMs) : now,
        lastRunAt: null,
      });
      return later ? null : token;
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }
  if (!isUnleased(job, now)) return null;
  if (whenDue && new Date(job.nextRunAt as Date).getTime() > now.getTime()) return null;
  const claimGen = await claimOne(
    Claim.collection,
    `job_leases:${options.name}`,
    Number(job.claimGen ?? 0),
    {
      token,
      now,
      leaseMs: options.leaseMs,
    },
  );
  if (claimGen === null) return null;
  await JobLease.collection.updateOne(
    { _id: options.name as never },
    { $set: { leaseOwner: token, leaseUntil, claimGen } },
  );
  return token;
}

/** Ends a claimed run: releases the lease and, when it succeeded, sets the next run's time. */
async function finishJobRun(
  deps: Deps,
  options: LeasedJobOptions,
  token: string,
  startedAt: Date,
  succeeded: boolean,
): Promise<void> {
  const set: Record<string, unknown> = { leaseOwner: null, leaseUntil: null };
  if (succeeded) {
    set.nextRunAt = new Date(startedAt.getTime() + options.intervalMs);
    set.lastRunAt = startedAt;
  }
  await deps.db.models.JobLease.collection.updateOne(
    { _id: options.name as never, leaseOwner: token },
    { $set: set },
  );
}

/** Extends a held lease; false when it was lost (expired and taken over). */
async function renewJobRun(deps: Deps, options: LeasedJobOptions, token: string): Promise<boolean> {
  const leaseUntil = new Date(deps.clock.now().getTime() + options.leaseMs);
  const result = await deps.db.models.JobLease.collection.updateOne(
    { _id: options.name as never, leaseOwner: token },
    { $set: { leaseUntil } },
  );
  return result.matchedCount > 0;
}

/**
 * Runs `job` at most once per interval across every process on the database: each process polls,
 * and the one that claims the due run does it, renewing its lease while it works. A process
 * killed mid-run leaves the run due; another one takes it over once the lease has expired.
 * `kick()` asks for a run now, due or not (still never two at once). Returns a Poller whose
 * `stop()` waits for a run under way and releases its lease.
 */
export function startLeasedJob(
  deps: Deps,
  job: () => Promise<void>,
  options: LeasedJobOptions,
): Poller {
  // Poll more often than the interval, so a takeover after a crash waits about one lease.
  const pollMs = Math.max(250, Math.min(options.intervalMs, options.leaseMs / 2));
  let kicked = false;
  const poller = startPoller(
    async () => {
      const startedAt = deps.clock.now();
      const whenDue = !kicked;
      kicked = false;
      const token = await claimJobRun(deps, options, startedAt, whenDue);
      if (!token) return false;
      const renew = setInterval(() => {
        renewJobRun(deps, options, token).catch((error: unknown) => {
          deps.logger.warn({ err: error, job: options.name }, 'could not renew a job lease');
        });
      }, options.leaseMs / 3);
      renew.unref();
      let succeeded = false;
      try {
        await job();
        succeeded = true;
      } finally {
        clearInterval(renew);
        await finishJobRun(deps, options, token, startedAt, succeeded);
      }
      return true;
    },
    { intervalMs: pollMs, logger: deps.logger, name: options.name, stats: jobStatsFor(deps.db) },
  );
  return {
    ...poller,
    kick: () => {
      kicked = true;
      poller.kick();
    },
  };
}
