import { describe, expect, it } from 'vitest';
import { markerClassName, markerZIndexOffset } from './marker-icon';

describe('service marker icon state', () => {
  it('adds classes for highlight and selection', () => {
    expect(markerClassName({ active: false, selected: false })).toBe('service-marker');
    expect(markerClassName({ active: false, selected: false, referable: true })).toBe(
      'service-marker is-referable',
    );
    expect(markerClassName({ active: true, selected: false })).toBe('service-marker is-active');
    expect(markerClassName({ active: true, selected: true })).toBe(
      'service-marker is-active is-selected',
    );
  });

  it('puts the selected marker above the highlighted one', () => {
    expect(markerZIndexOffset({ active: true, selected: true })).toBeGreaterThan(
      markerZIndexOffset({ active: true, selected: false }),
    );
    expect(markerZIndexOffset({ active: false, selected: false })).toBe(0);
  });
});
