import { ascendingOrder } from './ascending-order.ts';
import { gridCell } from './columns.ts';
import { growFloat64, growInt32 } from './int-list.ts';

/** Bits of a grid row or column (1,800 rows and 3,600 columns of 0.1°). */
const CELL_BITS = 12;
/** The place of a service without a located site: after every place. */
const NOWHERE = 2 ** (2 * CELL_BITS);

/**
 * Where a point falls along a Z curve through the grid cells: the cell's row and column bits
 * interleaved, so points near each other mostly sit near each other in this order.
 */
export function placeKey(latitude: number, longitude: number): number {
  const cell = gridCell(latitude, longitude);
  const row = Math.floor(cell / 4000);
  const col = cell % 4000;
  let key = 0;
  for (let bit = CELL_BITS - 1; bit >= 0; bit--) {
    key = key * 4 + ((row >>> bit) & 1) * 2 + ((col >>> bit) & 1);
  }
  return key;
}

/**
 * The order to index a directory in, learnt as its documents are stored: each service's
 * documents together, in the order they came, and services along the Z curve of their first
 * located site (ties and services without a site in the order they came, the latter last).
 */
export class PlaceOrder {
  /** Per service (numbered in order of first sight): its place key. */
  private groupPlace = new Float64Array(1024).fill(Number.NaN);
  /** Per document (numbered in order of arrival): its service. */
  private docGroup = new Int32Array(1024);
  private readonly groups = new Map<string, number>();
  private docs = 0;

  /** Records the next document; returns its service's number. */
  add(serviceId: string, latitude: number | null, longitude: number | null): number {
    let group = this.groups.get(serviceId);
    if (group === undefined) {
      group = this.groups.size;
      this.groups.set(serviceId, group);
      this.groupPlace = growFloat64(this.groupPlace, group + 1, Number.NaN);
    }
    if (
      Number.isNaN(this.groupPlace[group] ?? 0) &&
      latitude !== null &&
      longitude !== null &&
      Number.isFinite(latitude) &&
      Number.isFinite(longitude)
    ) {
      this.groupPlace[group] = placeKey(latitude, longitude);
    }
    this.docGroup = growInt32(this.docGroup, this.docs + 1);
    this.docGroup[this.docs++] = group;
    return group;
  }

  /** The documents (by arrival number) for which `keep` holds, in the order to index them. */
  order(keep: (doc: number) => boolean): Int32Array {
    const groups = this.groups.size;
    // Services by place, then by first sight.
    const places = new Float64Array(groups);
    for (let g = 0; g < groups; g++) {
      const place = this.groupPlace[g] ?? Number.NaN;
      places[g] = Number.isNaN(place) ? NOWHERE : place;
    }
    const byPlace = ascendingOrder(places);
    const counts = new Int32Array(groups);
    for (let doc = 0; doc < this.docs; doc++) {
      const g = this.docGroup[doc] ?? 0;
      if (keep(doc)) counts[g] = (counts[g] ?? 0) + 1;
    }
    // Each service's first position: the counts of the services before it in place order.
    const first = new Int32Array(groups);
    let at = 0;
    for (let i = 0; i < groups; i++) {
      const g = byPlace[i] ?? 0;
      first[g] = at;
      at += counts[g] ?? 0;
    }
    const order = new Int32Array(at);
    for (let doc = 0; doc < this.docs; doc++) {
      if (!keep(doc)) continue;
      const g = this.docGroup[doc] ?? 0;
      const to = first[g] ?? 0;
      order[to] = doc;
      first[g] = to + 1;
    }
    return order;
  }
}
