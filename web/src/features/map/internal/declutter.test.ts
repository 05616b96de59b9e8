import { describe, expect, it } from 'vitest';
import { declutter } from './declutter';

describe('declutter', () => {
  it('keeps the first of two overlapping labels and every label clear of the others', () => {
    const boxes = [
      { x: 100, y: 100, width: 60, height: 16 },
      { x: 120, y: 105, width: 40, height: 12 },
      { x: 300, y: 100, width: 60, height: 16 },
      { x: 100, y: 140, width: 60, height: 16 },
    ];
    expect(declutter(boxes)).toEqual([0, 2, 3]);
  });

  it('keeps room around labels', () => {
    const boxes = [
      { x: 0, y: 0, width: 20, height: 10 },
      { x: 22, y: 0, width: 20, height: 10 },
    ];
    expect(declutter(boxes, 0)).toEqual([0, 1]);
    expect(declutter(boxes, 4)).toEqual([0]);
  });
});
