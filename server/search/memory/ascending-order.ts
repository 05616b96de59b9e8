/**
 * The positions 0..n-1 of `keys` (whole numbers, at least 0) in ascending order of key, ties in
 * position order. Each key is packed above its position into one number and the numbers sorted
 * natively, many times faster than a sort with a comparator; keys too large to pack with the
 * positions take the comparator.
 */
export function ascendingOrder(keys: ArrayLike<number>, n = keys.length): Int32Array {
  let span = 1;
  while (span < n) span *= 2;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, keys[i] ?? 0);
  const order = new Int32Array(n);
  if ((max + 1) * span > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
  }
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = (keys[i] ?? 0) * span + i;
  packed.sort();
  for (let i = 0; i < n; i++) order[i] = (packed[i] ?? 0) % span;
  return order;
}
