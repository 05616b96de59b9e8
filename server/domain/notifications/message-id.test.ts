import { describe, expect, it } from 'vitest';
import { messageIdOf } from './outbox.ts';

describe('messageIdOf', () => {
  const from = 'Wayfinder <no-reply@wayfinder.example.org>';

  it('gives one queue entry the same Message-ID every time, in the sender’s domain', () => {
    const id = messageIdOf('reminder:r-1:agency', from);
    expect(id).toBe(messageIdOf('reminder:r-1:agency', from));
    expect(id).toMatch(/^<notification\.[A-Za-z0-9_-]{32}@wayfinder\.example\.org>$/);
  });

  it('gives different entries different ids', () => {
    expect(messageIdOf('a', from)).not.toBe(messageIdOf('b', from));
  });

  it('falls back to a reserved domain when the sender has none', () => {
    expect(messageIdOf('a', 'Wayfinder')).toMatch(/@wayfinder\.invalid>$/);
  });
});
