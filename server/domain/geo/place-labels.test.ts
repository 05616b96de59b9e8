import { describe, expect, it } from 'vitest';
import { placeLabels } from './place-labels.ts';

const DENVER_METRO = { south: 39.5, west: -105.3, north: 40.1, east: -104.6 };
const DOWNTOWN = { south: 39.735, west: -105.0, north: 39.755, east: -104.975 };

describe('placeLabels', () => {
  it('names the metro’s cities at metro zoom, the biggest first, without ZIP codes', () => {
    const labels = placeLabels(DENVER_METRO, 10);
    expect(labels[0]?.name).toBe('Denver');
    const names = labels.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['Aurora', 'Arvada', 'Littleton']));
    expect(labels.every((l) => l.kind === 'CITY')).toBe(true);
  });

  it('adds ZIP codes at street zoom', () => {
    const labels = placeLabels(DOWNTOWN, 15);
    expect(labels.filter((l) => l.kind === 'POSTAL_CODE').map((l) => l.name)).toContain('80202');
  });

  it('shows nothing at country zoom, and only big cities at state zoom', () => {
    expect(placeLabels({ south: 20, west: -130, north: 50, east: -60 }, 4)).toEqual([]);
    const colorado = placeLabels({ south: 37, west: -109, north: 41, east: -102 }, 6);
    expect(colorado.map((l) => l.name)).toEqual(['Denver', 'Colorado Springs']);
  });
});
