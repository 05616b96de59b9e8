import { describe, expect, it } from 'vitest';
import { parseSse } from './event-stream';

describe('server-sent events', () => {
  it('splits whole messages and keeps the unfinished rest', () => {
    const { messages, rest } = parseSse(
      ': keep-alive\n\nevent: next\ndata: {"data":{"a":1}}\n\nevent: next\r\ndata: {"da',
    );
    expect(messages).toEqual([{ event: 'next', data: '{"data":{"a":1}}' }]);
    expect(rest).toBe('event: next\ndata: {"da');
  });

  it('joins multi-line data and reports completion', () => {
    const { messages } = parseSse('data: a\ndata: b\n\nevent: complete\ndata:\n\n');
    expect(messages).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'complete', data: '' },
    ]);
  });
});
