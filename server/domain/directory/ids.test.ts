import { describe, expect, it } from 'vitest';
import { isUuid, uuidv5 } from './ids.ts';

describe('uuidv5', () => {
  it('matches the RFC 9562 DNS-namespace example', () => {
    // Known vector: uuid5(NAMESPACE_DNS, "www.example.com") in Python's uuid module.
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('is deterministic and version 5', () => {
    const a = uuidv5('miami:service:136');
    expect(uuidv5('miami:service:136')).toBe(a);
    expect(uuidv5('miami:service:143')).not.toBe(a);
    expect(a[14]).toBe('5');
    expect(isUuid(a)).toBe(true);
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidv5('x', 'nope')).toThrow(TypeError);
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs only', () => {
    expect(isUuid('AC148810-D857-441C-9679-408F346DE14B')).toBe(true);
    expect(isUuid('136')).toBe(false);
    expect(isUuid('ac148810d857441c9679408f346de14b')).toBe(false);
  });
});
