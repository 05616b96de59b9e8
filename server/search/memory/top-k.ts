/** Returns the `k` best of `candidates[0..count)` in rank order, using a bounded heap. */
export function topK(
  candidates: Int32Array,
  count: number,
  k: number,
  before: (a: number, b: number) => boolean,
): number[] {
  if (k <= 0 || count === 0) return [];
  // A heap with the worst kept candidate at the root.
  const heap = new Int32Array(Math.min(k, count));
  let size = 0;
  const siftUp = (i: number): void => {
    const item = heap[i] ?? 0;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] ?? 0;
      if (!before(p, item)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  };
  const siftDown = (i: number): void => {
    const item = heap[i] ?? 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let worst = left;
      if (right < size && before(heap[left] ?? 0, heap[right] ?? 0)) worst = right;
      const w = heap[worst] ?? 0;
      if (!before(item, w)) break;
      heap[i] = w;
      i = worst;
    }
    heap[i] = item;
  };
  for (let c = 0; c < count; c++) {
    const slot = candidates[c] ?? 0;
    if (size < heap.length) {
      heap[size++] = slot;
      siftUp(size - 1);
    } else if (before(slot, heap[0] ?? 0)) {
      heap[0] = slot;
      siftDown(0);
    }
  }
  const out = Array.from(heap.subarray(0, size));
  out.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  return out;
}
