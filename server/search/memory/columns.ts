import type { SearchDocument } from '../engine.ts';
import { parseLocalDate } from '../local-date.ts';
import { type Bitset, createBitset, setBit } from './bitset.ts';
import { growFloat64, growInt32, growUint8, IntList } from './int-list.ts';

/** A multi-valued string field: a dictionary, per-value postings of slots and per-slot values. */
/** Tag recorded for a document whose list field is empty; no real value can equal it. */
export const EMPTY_TAG = '\u0000empty';

export class TagColumn {
  readonly ordinals = new Map<string, number>();
  readonly values: string[] = [];
  readonly postings: IntList[] = [];
  /** Values of slot s are `valueOrds[offsets[s] .. offsets[s + 1])`. */
  offsets = new Int32Array(1024);
  readonly valueOrds = new IntList(1024);
  /** Per-value slot bit sets, kept only for facet fields so counts are AND + popcount. */
  readonly bitsets: Bitset[] | null;

  constructor(withBitsets = false) {
    this.bitsets = withBitsets ? [] : null;
  }

  ordinal(value: string): number {
    let ord = this.ordinals.get(value);
    if (ord === undefined) {
      ord = this.values.length;
      this.ordinals.set(value, ord);
      this.values.push(value);
      this.postings.push(new IntList(2));
      this.bitsets?.push(new Uint32Array(0));
    }
    return ord;
  }

  add(slot: number, values: readonly string[]): void {
    this.offsets = growInt32(this.offsets, slot + 2);
    this.offsets[slot] = this.valueOrds.length;
    for (const value of values) {
      const ord = this.ordinal(value);
      const posting = this.postings[ord];
      // Slots only grow, so a repeated value within one document shows up as the last entry.
      if (
        posting !== undefined &&
        (posting.length === 0 || posting.data[posting.length - 1] !== slot)
      ) {
        posting.push(slot);
        this.valueOrds.push(ord);
        if (this.bitsets !== null) this.setBit(ord, slot);
      }
    }
    this.offsets[slot + 1] = this.valueOrds.length;
  }

  private setBit(ord: number, slot: number): void {
    if (this.bitsets === null) return;
    let bits = this.bitsets[ord] ?? new Uint32Array(0);
    const w = slot >>> 5;
    if (w >= bits.length) {
      const next = new Uint32Array(Math.max(w + 1, bits.length * 2, 32));
      next.set(bits);
      bits = next;
      this.bitsets[ord] = bits;
    }
    bits[w] = (bits[w] ?? 0) | (1 << (slot & 31));
  }
}

const GRID_DEGREES = 0.1;

/** The slots of one grid cell with their unit vectors alongside, so a radius scan reads in order. */
export class GridCell {
  slots = new Int32Array(8);
  /** x, y, z of `slots[i]` at `xyz[3i .. 3i + 2]`. */
  xyz = new Float64Array(24);
  length = 0;

  push(slot: number, x: number, y: number, z: number): void {
    if (this.length === this.slots.length) {
      this.slots = growInt32(this.slots, this.length * 2);
      this.xyz = growFloat64(this.xyz, this.length * 6);
    }
    const i = this.length++;
    this.slots[i] = slot;
    this.xyz[3 * i] = x;
    this.xyz[3 * i + 1] = y;
    this.xyz[3 * i + 2] = z;
  }
}

/** Grid cell key of a point. */
export function gridCell(latitude: number, longitude: number): number {
  const row = Math.floor((latitude + 90) / GRID_DEGREES);
  const col = Math.floor((longitude + 180) / GRID_DEGREES);
  return row * 4000 + col;
}

/** Cell row and column ranges covering a bounding box. */
export function gridRange(
  minLat: number,
  maxLat: number,
  minLng: number,
  maxLng: number,
): { rows: [number, number]; cols: [number, number] } {
  return {
    rows: [
      Math.floor((Math.max(-90, minLat) + 90) / GRID_DEGREES),
      Math.floor((Math.min(90, maxLat) + 90) / GRID_DEGREES),
    ],
    cols: [
      Math.floor((Math.max(-180, minLng) + 180) / GRID_DEGREES),
      Math.floor((Math.min(180, maxLng) + 180) / GRID_DEGREES),
    ],
  };
}

const DEG = Math.PI / 180;

/** The numeric fields a range filter compares. */
export type RangeField = 'minAge' | 'maxAge' | 'incomeLimit';

/**
 * How many live slots hold each value of a numeric column (nulls left out), and the values
 * sorted, rebuilt when asked for after a change. Such columns hold few distinct values (ages,
 * income limits), so a bound can be moved to the nearest value present and filters that differ
 * only between two values share one result.
 */
export class ValueCounts {
  private readonly counts = new Map<number, number>();
  private sorted: Float64Array | null = new Float64Array(0);

  add(value: number): void {
    if (Number.isNaN(value)) return;
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.sorted = null;
  }

  remove(value: number): void {
    if (Number.isNaN(value)) return;
    const n = (this.counts.get(value) ?? 0) - 1;
    if (n > 0) this.counts.set(value, n);
    else this.counts.delete(value);
    this.sorted = null;
  }

  /** The distinct values, ascending. */
  values(): Float64Array {
    if (this.sorted === null) this.sorted = Float64Array.from(this.counts.keys()).sort();
    return this.sorted;
  }
}

/** Typed-array columns for everything filters, geo, hours, ranking and facets read. */
export class Columns {
  size = 0;
  aliveCount = 0;
  alive = new Uint8Array(1024);
  aliveBits: Bitset = createBitset(1024);

  latitude = new Float64Array(1024);
  longitude = new Float64Array(1024);
  /** Unit vectors, so a radius test is one dot product. */
  /**
   * Unit vectors, so a radius test is one dot product: x, y, z of slot s at `xyz[3s .. 3s + 2]`,
   * side by side so testing a slot reads one place; NaN for a slot without a location.
   */
  xyz = new Float64Array(3 * 1024);
  readonly grid = new Map<number, GridCell>();

  minAge = new Float64Array(1024);
  maxAge = new Float64Array(1024);
  incomeLimit = new Float64Array(1024);
  /** Distinct values of the range-filtered columns. */
  readonly rangeValues: Record<RangeField, ValueCounts> = {
    minAge: new ValueCounts(),
    maxAge: new ValueCounts(),
    incomeLimit: new ValueCounts(),
  };
  veteranOnly = new Uint8Array(1024);
  acceptsReferrals = new Uint8Array(1024);
  assuredAt = new Float64Array(1024);
  /** Ordinal into `capacityValues`; 0 means none published. */
  capacityOrd = new Uint8Array(1024);
  readonly capacityValues: string[] = [''];
  readonly capacityOrdinals = new Map<string, number>();
  /** NaN when none published. */
  capacityExpiresAt = new Float64Array(1024);

  serviceOrd = new Int32Array(1024);
  /** Slots of services with more than one site: the only ones "one per service" can drop. */
  multiSite: Bitset = createBitset(1024);
  timezoneOrd = new Int32Array(1024);
  readonly timezones: string[] = [];
  readonly timezoneOrdinals = new Map<string, number>();
  hoursKnown = new Uint8Array(1024);

  /** Weekly intervals of slot s: `weekly*[weeklyOffsets[s] .. weeklyOffsets[s + 1])`. */
  weeklyOffsets = new Int32Array(1024);
  readonly weeklyStart = new IntList(1024);
  readonly weeklyEnd = new IntList(1024);
  datedOffsets = new Int32Array(1024);
  readonly datedDay = new IntList(64);
  readonly datedStart = new IntList(64);
  readonly datedEnd = new IntList(64);
  closedOffsets = new Int32Array(1024);
  readonly closedDay = new IntList(64);

  /**
   * Facet values of slot s as bit masks (bit i is value ordinal i), usable while a field has at
   * most 32 values (`facetPackable[f]`): each slot's combination of them per field (categories,
   * languages, costs), numbered per field in order of first sight (`facetCombo[3s + f]`), and
   * the bit mask of each combination. A search counts combinations, one per slot and field, and
   * spreads them over values once.
   */
  facetCombo = new Int32Array(3 * 1024);
  readonly facetPackable = [true, true, true];
  readonly facetComboValues: number[][] = [[], [], []];
  private readonly facetComboIds = [
    new Map<number, number>(),
    new Map<number, number>(),
    new Map<number, number>(),
  ];

  /**
   * Each slot's three combinations taken together (`facetJoint[s]`), numbered in order of first
   * sight, joint combination j being the fields' combinations `facetJointCombos[3j + f]`. A
   * search counting facets then counts one joint combination per slot rather than three: a
   * directory holds far fewer joint combinations than slots, most listings repeating a few
   * patterns. A removed slot keeps its own until the next compaction numbers them afresh.
   */
  facetJoint = new Int32Array(1024);
  readonly facetJointCombos = new IntList(3 * 64);
  private readonly facetJointIds = new Map<string, number>();

  readonly tags = {
    categories: new TagColumn(true),
    languages: new TagColumn(true),
    costs: new TagColumn(true),
    residency: new TagColumn(),
    genders: new TagColumn(),
    serviceId: new TagColumn(),
    organizationId: new TagColumn(),
  };

  /** Appends a document at the next slot and returns the slot. */
  add(doc: SearchDocument): number {
    const slot = this.size++;
    this.ensure(slot + 1);
    this.alive[slot] = 1;
    this.aliveCount++;
    const w = slot >>> 5;
    this.aliveBits[w] = (this.aliveBits[w] ?? 0) | (1 << (slot & 31));

    const lat = doc.latitude;
    const lng = doc.longitude;
    if (lat !== null && lng !== null && Number.isFinite(lat) && Number.isFinite(lng)) {
      this.latitude[slot] = lat;
      this.longitude[slot] = lng;
      const cosLat = Math.cos(lat * DEG);
      const x = cosLat * Math.cos(lng * DEG);
      const y = cosLat * Math.sin(lng * DEG);
      const z = Math.sin(lat * DEG);
      this.xyz[3 * slot] = x;
      this.xyz[3 * slot + 1] = y;
      this.xyz[3 * slot + 2] = z;
      const key = gridCell(lat, lng);
      let cell = this.grid.get(key);
      if (cell === undefined) {
        cell = new GridCell();
        this.grid.set(key, cell);
      }
      cell.push(slot, x, y, z);
    } else {
      this.latitude[slot] = Number.NaN;
      this.longitude[slot] = Number.NaN;
      this.xyz.fill(Number.NaN, 3 * slot, 3 * slot + 3);
    }

    this.minAge[slot] = doc.minAge ?? Number.NaN;
    this.maxAge[slot] = doc.maxAge ?? Number.NaN;
    this.incomeLimit[slot] = doc.incomeLimitFplPercent ?? Number.NaN;
    this.rangeValues.minAge.add(this.minAge[slot] ?? Number.NaN);
    this.rangeValues.maxAge.add(this.maxAge[slot] ?? Number.NaN);
    this.rangeValues.incomeLimit.add(this.incomeLimit[slot] ?? Number.NaN);
    this.veteranOnly[slot] = doc.veteranOnly ? 1 : 0;
    this.acceptsReferrals[slot] = doc.acceptsReferrals ? 1 : 0;
    this.assuredAt[slot] = doc.assuredAt ?? Number.NaN;
    this.hoursKnown[slot] = doc.hoursKnown ? 1 : 0;
    const capacity = doc.capacityStatus;
    const expiresAt = doc.capacityExpiresAt;
    if (capacity !== null && expiresAt !== null) {
      this.capacityOrd[slot] = this.capacityOrdinal(capacity);
      this.capacityExpiresAt[slot] = expiresAt;
    } else {
      this.capacityOrd[slot] = 0;
      this.capacityExpiresAt[slot] = Number.NaN;
    }

    let tz = this.timezoneOrdinals.get(doc.timezone);
    if (tz === undefined) {
      tz = this.timezones.length;
      this.timezones.push(doc.timezone);
      this.timezoneOrdinals.set(doc.timezone, tz);
    }
    this.timezoneOrd[slot] = tz;

    this.weeklyOffsets[slot] = this.weeklyStart.length;
    for (const [start, end] of doc.weeklyHours) {
      this.weeklyStart.push(start);
      this.weeklyEnd.push(end);
    }
    this.weeklyOffsets[slot + 1] = this.weeklyStart.length;
    this.datedOffsets[slot] = this.datedDay.length;
    for (const [date, start, end] of doc.datedHours) {
      const day = parseLocalDate(date);
      if (day === null) continue;
      this.datedDay.push(day);
      this.datedStart.push(start);
      this.datedEnd.push(end);
    }
    this.datedOffsets[slot + 1] = this.datedDay.length;
    this.closedOffsets[slot] = this.closedDay.length;
    for (const date of doc.closedDates) {
      const day = parseLocalDate(date);
      if (day !== null) this.closedDay.push(day);
    }
    this.closedOffsets[slot + 1] = this.closedDay.length;

    const t = this.tags;
    t.categories.add(slot, doc.categories);
    t.languages.add(slot, doc.languages);
    t.costs.add(slot, doc.costs);
    // An empty list is stored as a sentinel tag so `isEmpty` is an ordinary posting lookup.
    t.residency.add(slot, doc.residency.length > 0 ? doc.residency : [EMPTY_TAG]);
    t.genders.add(slot, doc.genders.length > 0 ? doc.genders : [EMPTY_TAG]);
    this.packFacets(slot, 0, t.categories);
    this.packFacets(slot, 1, t.languages);
    this.packFacets(slot, 2, t.costs);
    this.joinFacets(slot);
    t.serviceId.add(slot, [doc.serviceId]);
    t.organizationId.add(slot, [doc.organizationId]);
    const serviceOrd = t.serviceId.ordinal(doc.serviceId);
    this.serviceOrd[slot] = serviceOrd;
    const sites = t.serviceId.postings[serviceOrd];
    if (sites !== undefined && sites.length > 1) {
      // The first site joins when the second arrives; later ones join as they come.
      if (sites.length === 2) setBit(this.multiSite, sites.data[0] ?? 0);
      setBit(this.multiSite, slot);
    }
    return slot;
  }

  private packFacets(slot: number, field: number, column: TagColumn): void {
    let bits = 0;
    const end = column.offsets[slot + 1] ?? 0;
    for (let i = column.offsets[slot] ?? 0; i < end; i++) {
      const ord = column.valueOrds.data[i] ?? 0;
      if (ord >= 32) this.facetPackable[field] = false;
      else bits |= 1 << ord;
    }
    const ids = this.facetComboIds[field] ?? new Map<number, number>();
    let combo = ids.get(bits);
    if (combo === undefined) {
      const values = this.facetComboValues[field] ?? [];
      combo = values.length;
      values.push(bits);
      ids.set(bits, combo);
    }
    this.facetCombo[slot * 3 + field] = combo;
  }

  /** Numbers the slot's joint combination of its three fields' combinations. */
  private joinFacets(slot: number): void {
    const combos = this.facetCombo;
    const a = combos[slot * 3] ?? 0;
    const b = combos[slot * 3 + 1] ?? 0;
    const c = combos[slot * 3 + 2] ?? 0;
    const key = `${a},${b},${c}`;
    let joint = this.facetJointIds.get(key);
    if (joint === undefined) {
      joint = this.facetJointCount;
      this.facetJointIds.set(key, joint);
      this.facetJointCombos.push(a);
      this.facetJointCombos.push(b);
      this.facetJointCombos.push(c);
    }
    this.facetJoint[slot] = joint;
  }

  /** How many joint combinations `facetJoint` numbers. */
  get facetJointCount(): number {
    return this.facetJointCombos.length / 3;
  }

  /** The ordinal of a capacity status (1..255), added on first sight. */
  capacityOrdinal(status: string): number {
    let ord = this.capacityOrdinals.get(status);
    if (ord === undefined) {
      ord = this.capacityValues.length;
      // A handful of statuses exist; a byte per slot keeps the column small.
      if (ord > 255) throw new RangeError('Too many distinct capacity statuses.');
      this.capacityOrdinals.set(status, ord);
      this.capacityValues.push(status);
    }
    return ord;
  }

  /** Tombstones a slot; its postings stay until the next compaction and are skipped. */
  remove(slot: number): void {
    if (this.alive[slot] !== 1) return;
    this.alive[slot] = 0;
    this.aliveCount--;
    this.rangeValues.minAge.remove(this.minAge[slot] ?? Number.NaN);
    this.rangeValues.maxAge.remove(this.maxAge[slot] ?? Number.NaN);
    this.rangeValues.incomeLimit.remove(this.incomeLimit[slot] ?? Number.NaN);
    const w = slot >>> 5;
    this.aliveBits[w] = (this.aliveBits[w] ?? 0) & ~(1 << (slot & 31));
  }

  /** Makes room for `size` slots at once, as a rebuild that knows how many it will add does. */
  reserve(size: number): void {
    this.ensure(size);
  }

  private ensure(size: number): void {
    if (size <= this.alive.length) return;
    this.alive = growUint8(this.alive, size);
    const bits = createBitset(this.alive.length);
    bits.set(this.aliveBits);
    this.aliveBits = bits;
    const multi = createBitset(this.alive.length);
    multi.set(this.multiSite);
    this.multiSite = multi;
    this.latitude = growFloat64(this.latitude, size);
    this.longitude = growFloat64(this.longitude, size);
    this.xyz = growFloat64(this.xyz, 3 * this.alive.length);
    this.minAge = growFloat64(this.minAge, size);
    this.maxAge = growFloat64(this.maxAge, size);
    this.incomeLimit = growFloat64(this.incomeLimit, size);
    this.veteranOnly = growUint8(this.veteranOnly, size);
    this.acceptsReferrals = growUint8(this.acceptsReferrals, size);
    this.assuredAt = growFloat64(this.assuredAt, size);
    this.capacityOrd = growUint8(this.capacityOrd, size);
    this.capacityExpiresAt = growFloat64(this.capacityExpiresAt, size);
    this.serviceOrd = growInt32(this.serviceOrd, size);
    if (this.facetCombo.length < this.alive.length * 3) {
      const combos = new Int32Array(this.alive.length * 3);
      combos.set(this.facetCombo);
      this.facetCombo = combos;
    }
    this.facetJoint = growInt32(this.facetJoint, size);
    this.timezoneOrd = growInt32(this.timezoneOrd, size);
    this.hoursKnown = growUint8(this.hoursKnown, size);
    this.weeklyOffsets = growInt32(this.weeklyOffsets, size + 1);
    this.datedOffsets = growInt32(this.datedOffsets, size + 1);
    this.closedOffsets = growInt32(this.closedOffsets, size + 1);
  }
}
