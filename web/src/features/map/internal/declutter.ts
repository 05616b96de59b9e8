/** A label to place: its anchor on screen (pixels) and its size. */
export type LabelBox = { x: number; y: number; width: number; height: number };

/**
 * Keeps the labels that do not overlap a label kept before them (give them most important
 * first), with `gap` pixels of room around each. Returns the indexes kept.
 */
export function declutter(boxes: LabelBox[], gap = 4): number[] {
  const kept: number[] = [];
  const placed: LabelBox[] = [];
  boxes.forEach((box, index) => {
    const left = box.x - box.width / 2 - gap;
    const right = box.x + box.width / 2 + gap;
    const top = box.y - box.height / 2 - gap;
    const bottom = box.y + box.height / 2 + gap;
    const overlaps = placed.some(
      (p) =>
        left < p.x + p.width / 2 &&
        right > p.x - p.width / 2 &&
        top < p.y + p.height / 2 &&
        bottom > p.y - p.height / 2,
    );
    if (overlaps) return;
    kept.push(index);
    placed.push(box);
  });
  return kept;
}
