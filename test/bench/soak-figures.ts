import { percentile } from './referrals.ts';

/** Figures of the soak: the server's metrics text, GC trace lines, trends and latency summaries. */

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The unlabelled samples of a Prometheus text exposition, by metric name. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values.set(match[1], Number(match[2]));
  }
  return values;
}

/** A full (mark-compact) collection as V8's --trace-gc prints it. */
export type FullGc = {
  /** Milliseconds since the isolate started. */
  atMs: number;
  beforeMb: number;
  afterMb: number;
};

const FULL_GC =
  /^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: Mark-Compact(?: \([a-z ]+\))?\s+([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

/** The full collection a --trace-gc line reports, or null for any other line. */
export function parseFullGc(line: string): FullGc | null {
  const match = FULL_GC.exec(line);
  if (!match) return null;
  return { atMs: Number(match[1]), beforeMb: Number(match[2]), afterMb: Number(match[3]) };
}

/**
 * How much a series grows over `spanS` seconds, in percent of its mean: the least-squares slope
 * times the span. Null with fewer than three points.
 */
export function growthPct(points: ReadonlyArray<{ t: number; v: number }>, spanS: number) {
  if (points.length < 3) return null;
  const tMean = points.reduce((s, p) => s + p.t, 0) / points.length;
  const vMean = points.reduce((s, p) => s + p.v, 0) / points.length;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - tMean) * (p.v - vMean);
    den += (p.t - tMean) ** 2;
  }
  if (den === 0 || vMean === 0) return null;
  return round(((num / den) * spanS * 100) / vMean, 2);
}

/**
 * Memory per full-collection cycle past the warm-up. The heap: what V8 reports left right after
 * each full collection (the live heap). RSS: the highest sampled in each cycle, from one full
 * collection to the next. A leak raises both; a straight line through every sample mostly tells
 * where in its cycle the run ended (the heap here doubles between full collections, which come a
 * minute or two apart), and RSS after a collection depends on whether V8 gave pages back.
 */
export function memoryCycles(
  samples: ReadonlyArray<{ t: number; rssMb: number }>,
  fullGcs: ReadonlyArray<{ t: number; mb: number }>,
  warmupS: number,
  endS: number,
) {
  const after = fullGcs.filter((gc) => gc.t >= warmupS && gc.t <= endS);
  const heap = after.map((gc) => ({ t: round(gc.t), heapMb: gc.mb }));
  const rss = after.slice(1).flatMap((gc, i) => {
    const start = after[i]?.t ?? gc.t;
    const inCycle = samples.filter((s) => s.t >= start && s.t < gc.t).map((s) => s.rssMb);
    return inCycle.length === 0 ? [] : [{ t: round(gc.t), rssPeakMb: Math.max(...inCycle) }];
  });
  return { heap, rss };
}

export type Latency = { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };

/** Count and percentiles of latencies in milliseconds. */
export function latency(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Errors by kind, with the first few messages. */
export class ErrorLog {
  count = 0;
  readonly byKind: Record<string, number> = {};
  readonly examples: string[] = [];
  constructor(private readonly log: (message: string) => void) {}
  add(kind: string, message: string): void {
    this.count += 1;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    if (this.examples.length < 10) {
      this.examples.push(`${kind}: ${message}`);
      this.log(`ERROR ${kind}: ${message}`);
    }
  }
}
