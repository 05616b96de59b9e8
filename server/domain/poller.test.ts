import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { jobStatsFor, startPoller } from './poller.ts';

describe('startPoller job counters', () => {
  it('counts runs that did work and failures, not polls that found nothing', async () => {
    const stats = jobStatsFor({});
    const outcomes: Array<'work' | 'none' | 'fail'> = ['work', 'none', 'fail', 'work'];
    const poller = startPoller(
      async () => {
        const outcome = outcomes.shift();
        if (outcome === 'fail') throw new Error('boom');
        return outcome === 'work';
      },
      { intervalMs: 60_000, logger: createLogger('silent'), name: 'probe', stats },
    );
    for (let i = 0; i < 4; i++) {
      poller.kick();
      await poller.idle();
    }
    await poller.stop();
    expect(stats.get('probe')).toEqual({ runs: 3, failures: 1 });
  });

  it('keeps one set of counters per database', () => {
    const a = {};
    expect(jobStatsFor(a)).toBe(jobStatsFor(a));
    expect(jobStatsFor(a)).not.toBe(jobStatsFor({}));
  });
});
