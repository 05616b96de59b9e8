import type { Request, Response } from 'express';
import type { DomainDeps } from '../domain/deps.ts';

/**
 * What /readyz reports: each dependency `ok` or the reason it is not, and whether listing changes
 * wait for the index because applying them failed (shown, but no reason to stop serving).
 */
export type Readiness = { ready: boolean; database: string; search: string; indexing: string };

const CHECK_TIMEOUT_MS = 3000;

async function check(work: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 3 s')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/** `ok`, or how many change-feed entries failed to reach the index (and are not applied yet). */
async function indexingState(deps: Pick<DomainDeps, 'db'>): Promise<string> {
  const failing = await deps.db.models.Outbox.collection
    .find({ attempts: { $gt: 0 }, appliedAt: null })
    .sort({ createdAt: -1 })
    .limit(100)
    .toArray();
  if (failing.length === 0) return 'ok';
  const changes =
    failing.length === 1
      ? '1 listing change waits'
      : `${failing.length === 100 ? 'At least 100' : failing.length} listing changes wait`;
  return `${changes} for the search index; the last attempt failed: ${String(failing[0]?.lastError)}`;
}

/** Whether the database and the search index answer now. Throws nothing. */
export async function checkReadiness(deps: Pick<DomainDeps, 'db' | 'search'>): Promise<Readiness> {
  const [database, search] = await Promise.all([
    check(
      () =>
        deps.db.connection.db?.command({ ping: 1 }) ?? Promise.reject(new Error('not connected')),
    ),
    check(() => deps.search.ready()),
  ]);
  const indexing =
    database === 'ok' ? await indexingState(deps).catch((e: unknown) => String(e)) : 'unknown';
  return { ready: database === 'ok' && search === 'ok', database, search, indexing };
}

/**
 * GET /readyz: 200 when the database and search answer, else 503 with the reason in JSON, so a
 * load balancer stops sending traffic to an instance that cannot serve it (/healthz stays the
 * liveness check). A change of state is logged once, not every probe.
 */
export function readinessHandler(deps: Pick<DomainDeps, 'db' | 'search' | 'logger'>) {
  let wasReady: boolean | null = null;
  return async (_req: Request, res: Response): Promise<void> => {
    const readiness = await checkReadiness(deps);
    if (readiness.ready !== wasReady) {
      if (readiness.ready) deps.logger.info({ readiness }, 'ready: database and search answer');
      else deps.logger.error({ readiness }, 'not ready: a dependency does not answer');
      wasReady = readiness.ready;
    }
    res.status(readiness.ready ? 200 : 503).json(readiness);
  };
}
