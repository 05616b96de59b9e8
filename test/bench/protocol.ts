import { readdirSync, readFileSync } from 'node:fs';

/** Messages between the benchmark runner and its server processes (over the fork IPC channel). */

/** When the benchmark's clock stands: a Tuesday, 11:30 in Denver, two days after the data's reference date. */
export const BENCH_NOW = '2026-11-03T18:30:00.000Z';

export type LoadStats = {
  services: number;
  documents: number;
  /** Generating the services and reading them through the HSDS importer, building documents. */
  loadS: number;
  /** Building the search index from the documents. */
  indexBuildS: number;
  /** With `--db`: storing the records in the embedded database (storeBundle). */
  dbLoadS?: number;
  /** With `--db`: rebuilding the index from the database (rebuildIndex), which then serves. */
  dbRebuildS?: number;
  readS: number;
  documentsS: number;
};

export type ServerMessage =
  | { type: 'progress'; message: string }
  | {
      type: 'ready';
      port: number;
      stats?: LoadStats;
      points?: Array<{ latitude: number; longitude: number }>;
      postalCodes?: string[];
      knownItems?: Array<{ id: string; name: string }>;
    }
  | {
      type: 'memory';
      rssMiB: number;
      servingPeakRssMiB: number;
      maxRssMiB: number;
      heapMiB: number;
      /** CPU time the process has used so far (user + system). */
      cpuMs: number;
      /** CPU time its running child processes (the embedded database) have used so far. */
      childCpuMs: number;
      /** Searches the embedded engine answered from its whole-answer cache so far, and not. */
      answerCache?: { hits: number; misses: number };
    }
  | {
      type: 'meiliStats';
      /** Requests the server sent Meilisearch so far, the bytes of their answers, and the sum of
       * Meilisearch's own `processingTimeMs` over every query they ran. */
      requests: number;
      bytes: number;
      processingMs: number;
      /** The search requests captured since the last `meiliStats` that asked for them. */
      captured: MeiliRequest[];
    }
  | EditProbe;

/** How long one listing edit took to show in search (upsert sent until a search finds it). */
/**
 * A listing edit through the real path: from the start of its write to found by search, the
 * write alone, and Meilisearch's part (first task enqueued to last done; null without it).
 */
export type EditProbe = {
  type: 'editProbe';
  visibleMs: number;
  writeMs: number;
  meiliMs: number | null;
  meiliTasks: number;
};

/** One request the server sent Meilisearch, to replay against Meilisearch alone. */
export type MeiliRequest = { path: string; body: string };

export type RunnerMessage =
  | { type: 'memory' }
  /** Meilisearch traffic so far; `capture` starts (true) or stops (false) recording searches. */
  | { type: 'meiliStats'; capture?: boolean }
  | { type: 'stop' }
  | { type: 'editProbe' }
  | { type: 'payload'; data: unknown };

/** Samples the process's RSS, keeping the peak since `start()`. */
export function rssSampler(intervalMs = 100): {
  start(): void;
  report(): Extract<ServerMessage, { type: 'memory' }>;
} {
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  return {
    start() {
      sample();
      timer = setInterval(sample, intervalMs);
      timer.unref();
    },
    report() {
      sample();
      const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
      return {
        type: 'memory',
        rssMiB: mib(process.memoryUsage.rss()),
        servingPeakRssMiB: mib(peak),
        // resourceUsage().maxRSS is in KiB.
        maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        heapMiB: mib(process.memoryUsage().heapUsed),
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
        childCpuMs: childProcessesCpuMs(),
      };
    },
  };
}

/** CPU time (user + system) of this process's running children, from /proc; 0 where there is none. */
function childProcessesCpuMs(): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command (which may hold spaces): ppid is the 2nd, utime and stime the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // It ended meanwhile.
    }
  }
  return total;
}

/** Sends a message to the runner (no-op when not forked). */
export function send(message: ServerMessage): void {
  process.send?.(message);
}
