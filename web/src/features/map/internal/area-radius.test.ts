import { describe, expect, it } from 'vitest';
import { areaRadius } from './area-radius';

describe('area circle radius', () => {
  it('grows the circle area, not the radius, with the count, within 6–30 px', () => {
    expect(areaRadius(0, 10)).toBe(6);
    expect(areaRadius(10, 10)).toBe(30);
    expect(areaRadius(1, 4)).toBe(18);
    expect(areaRadius(20, 10)).toBe(30);
    expect(areaRadius(5, 0)).toBe(6);
  });
});
