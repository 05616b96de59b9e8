/**
 * A small least-recently-used map whose entries all belong to one index generation: any change
 * to the index empties it.
 */
export class GenerationCache<V> {
  private readonly entries = new Map<string, V>();
  private generation = -1;
  private weight = 0;
  private readonly capacity: number;
  private readonly maxWeight: number;
  private readonly weigh: (value: V) => number;

  constructor(capacity: number, maxWeight: number, weigh: (value: V) => number) {
    this.capacity = capacity;
    this.maxWeight = maxWeight;
    this.weigh = weigh;
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  get(key: string, generation: number): V | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.weight = 0;
      this.generation = generation;
      return undefined;
    }
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V, generation: number): void {
    if (this.capacity <= 0 || generation !== this.generation) return;
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    this.entries.set(key, value);
    this.weight += weight;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.capacity && this.weight <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.weight -= this.weigh(old);
    }
  }
}
