/** A growable list of 32-bit integers backed by a typed array. */
export class IntList {
  data: Int32Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }
}

/** Returns a copy of `array` with room for at least `size` elements (doubling). */
export function growFloat64(
  array: Float64Array<ArrayBuffer>,
  size: number,
  fill = 0,
): Float64Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Float64Array(Math.max(size, array.length * 2));
  if (fill !== 0) next.fill(fill, array.length);
  next.set(array);
  return next;
}

/** Returns a copy of `array` with room for at least `size` elements (doubling). */
export function growInt32(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Int32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** Returns a copy of `array` with room for at least `size` elements (doubling). */
export function growUint8(array: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Uint8Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** Returns a copy of `array` with room for at least `size` elements (doubling). */
export function growUint16(
  array: Uint16Array<ArrayBuffer>,
  size: number,
): Uint16Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Uint16Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** Returns a copy of `array` with room for at least `size` elements (doubling). */
export function growFloat32(
  array: Float32Array<ArrayBuffer>,
  size: number,
): Float32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Float32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}
