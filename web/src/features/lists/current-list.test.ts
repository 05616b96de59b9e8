import { describe, expect, it } from 'vitest';
import { parseCurrentList, withService } from './current-list';

describe('the list being filled', () => {
  it('reads what was stored and ignores anything malformed', () => {
    expect(parseCurrentList('{"id":"l1","serviceIds":["a","b"]}')).toEqual({
      id: 'l1',
      serviceIds: ['a', 'b'],
    });
    expect(parseCurrentList('{"id":"l1","serviceIds":[1,"b"]}')).toEqual({
      id: 'l1',
      serviceIds: ['b'],
    });
    expect(parseCurrentList('{"id":""}')).toBeNull();
    expect(parseCurrentList('not json')).toBeNull();
    expect(parseCurrentList(null)).toBeNull();
  });

  it('adds a service once', () => {
    const list = { id: 'l1', serviceIds: ['a'] };
    expect(withService(list, 'b')).toEqual({ id: 'l1', serviceIds: ['a', 'b'] });
    expect(withService(list, 'a')).toBe(list);
  });
});
