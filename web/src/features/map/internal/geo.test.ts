import { describe, expect, it } from 'vitest';
import { haversineKm, radiusForBounds } from './geo';

describe('map geometry', () => {
  it('measures great-circle distances', () => {
    // Denver Union Station to the State Capitol: about 1.9 km.
    const km = haversineKm({ lat: 39.7527, lng: -105.0001 }, { lat: 39.7393, lng: -104.9848 });
    expect(km).toBeGreaterThan(1.8);
    expect(km).toBeLessThan(2.1);
  });

  it('fits the search radius inside the visible map', () => {
    const center = { lat: 39.74, lng: -104.99 };
    const radius = radiusForBounds(center, {
      north: 39.79,
      south: 39.69,
      east: -104.89,
      west: -105.09,
    });
    // 0.05° of latitude ≈ 5.6 km is nearer than 0.1° of longitude ≈ 8.6 km.
    expect(radius).toBeCloseTo(5.6, 1);
    expect(radiusForBounds(center, { north: 89, south: -89, east: 179, west: -179 })).toBe(500);
    expect(
      radiusForBounds(center, { north: 39.74, south: 39.74, east: -104.99, west: -104.99 }),
    ).toBe(0.1);
  });
});
