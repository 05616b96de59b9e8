import { describe, expect, it } from 'vitest';
import { zip3Centre } from './zip3-areas.ts';

describe('ZIP3 area centres', () => {
  it('places an area at the mean of its ZIP codes', () => {
    const denver = zip3Centre('802');
    expect(denver?.latitude).toBeGreaterThan(39.5);
    expect(denver?.latitude).toBeLessThan(40);
    expect(denver?.longitude).toBeGreaterThan(-105.2);
    expect(denver?.longitude).toBeLessThan(-104.7);
    expect(zip3Centre('802')).toBe(denver);
  });

  it('has no centre for an unused prefix or a malformed area', () => {
    expect(zip3Centre('000')).toBeNull();
    expect(zip3Centre('80')).toBeNull();
    expect(zip3Centre('abc')).toBeNull();
  });
});
