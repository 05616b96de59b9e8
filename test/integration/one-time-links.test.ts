import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import type { DomainDeps } from '../../server/domain/deps.ts';
import {
  OneTimeLinkError,
  previewOneTimeLink,
  readOneTimeLink,
  signOneTimeLink,
  useOneTimeLink,
} from '../../server/domain/links/one-time-links.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const WORDING = { subject: 'This link', instead: 'Ask for a new one.' };
const NOW = new Date('2026-12-01T10:00:00Z');

function failure(run: () => unknown): OneTimeLinkError {
  try {
    run();
  } catch (error) {
    if (error instanceof OneTimeLinkError) return error;
    throw error;
  }
  throw new Error('did not fail');
}

async function asyncFailure(run: () => Promise<unknown>): Promise<OneTimeLinkError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OneTimeLinkError) return error;
    throw error;
  }
  throw new Error('did not fail');
}

describe('one-time links', () => {
  let server: TestServer;
  let deps: DomainDeps;
  let now = NOW;
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    deps = server.runtime.deps;
  });
  afterAll(async () => {
    await server?.close();
  });

  const sign = (claims: Record<string, string> = { s: 'x' }, days = 7) =>
    signOneTimeLink(deps, 'test', claims, new Date(now.getTime() + days * 86_400_000));

  it('reads back the claims and expiry of a valid link', async () => {
    const token = sign({ s: 'screening-1' });
    const read = await previewOneTimeLink(deps, 'test', token, WORDING);
    expect(read.claims).toEqual({ s: 'screening-1' });
    expect(read.expiresAt.toISOString()).toBe('2026-12-08T10:00:00.000Z');
  });

  it('refuses a tampered link, a link for another purpose, and junk', () => {
    const token = sign({ s: 'a' });
    const [version, , signature] = token.split('.');
    const forged = `${version}.${Buffer.from(JSON.stringify({ c: { s: 'b' }, x: 9e9 })).toString('base64url')}.${signature}`;
    for (const bad of [
      forged,
      `${token}x`,
      token.slice(0, -2),
      'l1.abc',
      42,
      null,
      'x'.repeat(5000),
    ]) {
      const error = failure(() => readOneTimeLink(deps, 'test', bad, WORDING));
      expect(error.reason).toBe('invalid');
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toBe(
        'This link is not valid. Copy the whole link from the message. Ask for a new one.',
      );
    }
    expect(failure(() => readOneTimeLink(deps, 'other', token, WORDING)).reason).toBe('invalid');
  });

  it('refuses an expired link, naming the day it expired', () => {
    const token = sign({ s: 'a' }, 1);
    now = new Date(NOW.getTime() + 86_400_000);
    try {
      const error = failure(() => readOneTimeLink(deps, 'test', token, WORDING));
      expect(error.reason).toBe('expired');
      expect(error.message).toMatch(/^This link expired on .+\. Ask for a new one\.$/);
    } finally {
      now = NOW;
    }
  });

  it('works once: a second use, or a preview after use, is refused', async () => {
    const token = sign({ s: 'once' });
    await useOneTimeLink(deps, 'test', token, WORDING, 'once');
    const again = await asyncFailure(() => useOneTimeLink(deps, 'test', token, WORDING));
    expect(again.reason).toBe('used');
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toBe(
      'This link has been used already; each link works once. Ask for a new one.',
    );
    expect(
      (await asyncFailure(() => previewOneTimeLink(deps, 'test', token, WORDING))).reason,
    ).toBe('used');
  });

  it('lets exactly one of several simultaneous uses win', async () => {
    const token = sign({ s: 'race' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => useOneTimeLink(deps, 'test', token, WORDING)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(OneTimeLinkError);
        expect((outcome.reason as OneTimeLinkError).reason).toBe('used');
      }
    }
  });
});
