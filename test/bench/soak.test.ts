import { describe, expect, it } from 'vitest';
import { runSoak, type SoakSample } from './soak.ts';

/**
 * The soak of `npm run bench -- --soak 600`, short and small: the same server process, load and
 * checks for about 20 seconds, so the soak keeps working. Too short to judge memory; it checks
 * that every answer was right, every change reached the subscribers owed it, and the samples.
 */

const SAMPLE_KEYS: ReadonlyArray<keyof SoakSample> = [
  't',
  'rssMb',
  'heapUsedMb',
  'heapTotalMb',
  'externalMb',
  'heapAfterFullGcMb',
  'fullGcs',
  'eventLoopP50Ms',
  'eventLoopP99Ms',
  'eventLoopMaxMs',
  'cpuPct',
  'liveSubscribers',
  'openSubscribers',
  'searches',
  'creates',
  'transitions',
  'edits',
];

describe('the soak', () => {
  it('runs mixed load with no error and every live change delivered', async () => {
    const soak = await runSoak({
      seconds: 20,
      sampleEverySeconds: 5,
      agencies: 4,
      coordinators: 4,
      subscribers: 8,
      subscriberSeconds: [3, 8],
      demoDirectory: false,
      log: () => {},
    });

    expect(soak.errorExamples).toEqual([]);
    expect(soak.errors).toBe(0);
    expect(soak.lostEventExamples).toEqual([]);
    expect(soak.lostEvents).toBe(0);
    expect(soak.foreignEvents).toBe(0);
    expect(soak.duplicateEvents).toBe(0);
    expect(soak.liveSubscribersAtEnd).toBe(0);
    expect(soak.serverExitCode).toBe(0);

    // Every kind of load ran, subscribers joined and left, and changes were owed and delivered.
    expect(soak.searches).toBeGreaterThan(50);
    expect(soak.creates).toBeGreaterThan(5);
    expect(soak.opens).toBeGreaterThan(0);
    expect(soak.transitions).toBeGreaterThan(5);
    expect(soak.edits).toBeGreaterThan(2);
    expect(soak.subscribersOpened).toBeGreaterThan(8);
    expect(soak.eventsExpected).toBeGreaterThan(10);
    expect(soak.eventsDelivered).toBe(soak.eventsExpected);
    expect(soak.search.count).toBe(soak.searches);

    // A sample at 0, 5, 10, 15 and 20 s, each with every figure.
    expect(soak.samples.map((s) => s.t)).toEqual([0, 5, 10, 15, 20]);
    for (const sample of soak.samples) {
      expect(Object.keys(sample).sort()).toEqual([...SAMPLE_KEYS].sort());
      expect(sample.rssMb).toBeGreaterThan(sample.heapUsedMb);
      expect(sample.heapUsedMb).toBeGreaterThan(0);
      expect(Number.isFinite(sample.eventLoopP99Ms)).toBe(true);
    }
    expect(soak.samples.at(-1)?.liveSubscribers).toBeGreaterThan(0);
    // Too short for the full collections the memory figures rest on; they are there all the same.
    expect(soak).toHaveProperty('rssGrowthPct');
    expect(soak).toHaveProperty('heapGrowthPct');
    expect(typeof soak.memoryFlat).toBe('boolean');
  }, 120_000);
});
