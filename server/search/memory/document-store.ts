import type { SearchDocument } from '../engine.ts';
import { growFloat64, growInt32 } from './int-list.ts';

/**
 * Stored documents, packed: each slot's document lives as bytes off the JavaScript heap and is
 * decoded only when a page returns it. A document splits in two records: what its service's
 * documents share (every field but the site's own, the payload included), written once per
 * service while it is unchanged, and the site's own fields. Short strings (tags, words, dates,
 * names) are kept once in a dictionary and written as numbers; ids shaped like UUIDs take 16
 * bytes; a longer string repeated within a record (a description in the payload) is written once.
 * Objects are written as a shape (their keys, kept once) and their values.
 *
 * A document holding anything but JSON-like values (plain objects, arrays, strings, numbers,
 * booleans, null, undefined) is kept as the object it is, so every document reads back equal.
 */

/** Fields that belong to one site; the rest is the same for every document of a service. */
const SITE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'locationId',
  'latitude',
  'longitude',
  'timezone',
  'weeklyHours',
  'hoursKnown',
  'datedHours',
  'closedDates',
  'siteCount',
  'firstSite',
]);

/** Strings at most this long are kept once in the dictionary. */
const DICTIONARY_MAX = 40;
/** Bytes of one storage chunk; a record never spans chunks (a larger one gets its own). */
const CHUNK_BITS = 22;
const CHUNK = 1 << CHUNK_BITS;
/** Nesting deeper than this is kept as the object (a cycle would never end). */
const MAX_DEPTH = 64;

const T_NULL = 0;
const T_UNDEFINED = 1;
const T_FALSE = 2;
const T_TRUE = 3;
/** A non-negative integer, varint. */
const T_UINT = 4;
/** A negative integer, its negation as a varint. */
const T_NINT = 5;
const T_FLOAT = 6;
/** A dictionary string, its number as a varint. */
const T_WORD = 7;
/** An ASCII string: length varint and bytes. */
const T_LATIN1 = 8;
/** Any other string: UTF-8 byte length varint and bytes. */
const T_UTF8 = 9;
/** A lowercase UUID string as 16 bytes. */
const T_UUID = 10;
/** The record's n-th remembered string again. */
const T_REPEAT = 11;
const T_ARRAY = 12;
/** An object: its shape number as a varint, then one value per key. */
const T_OBJECT = 13;
/** A list of short strings kept once (keywords repeat whole), its number as a varint. */
const T_LIST = 14;

/** A YYYY-MM-DD date as its day number since 1970-01-01, a varint (dates repeat by the million). */
const T_DATE = 15;

/** Lists of at least this many short strings are kept once, up to LIST_CHARS characters. */
const LIST_MIN = 4;
const LIST_CHARS = 16 * 1024 * 1024;

/** Integers up to this size are written as varints (beyond, as doubles). */
const MAX_VARINT = 2 ** 52;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * Node's own decoders behind `buf.toString(encoding, start, end)`, called straight: a page's
 * documents hold dozens of strings each, and toString's argument checks and encoding lookup cost
 * a good part of what copying a short string does.
 */
type SlicingBuffer = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

/** Thrown inside the encoder for a value that is not JSON-like; the document is kept as is. */
class NotPackable extends Error {}

/** Where a record lives: chunk number times CHUNK plus the offset in it. */
type Address = number;

/** The byte writer: a growing scratch buffer each record is written into before it is stored. */
class Writer {
  buf = Buffer.allocUnsafe(4096);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  varint(value: number): void {
    this.ensure(8);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }
}

/** A packed record being read. */
type Reader = { buf: Buffer; pos: number; repeats: string[] };

function readVarint(r: Reader): number {
  const buf = r.buf;
  let byte = buf[r.pos++] ?? 0;
  if (byte < 0x80) return byte;
  let value = byte & 0x7f;
  let scale = 0x80;
  for (;;) {
    byte = buf[r.pos++] ?? 0;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
}

function hasDigit(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

const DAY_MS = 86_400_000;
/** Dates decoded so far, by day number. */
const dates: string[] = [];

/**
 * The day number of a canonical YYYY-MM-DD date from 1970 to 9999 (one that reads back as the
 * same string), or -1.
 */
function dayNumber(value: string): number {
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  const parts = [0, 0, 0];
  for (let i = 0, part = 0; i < 10; i++) {
    if (i === 4 || i === 7) {
      part++;
      continue;
    }
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    parts[part] = (parts[part] ?? 0) * 10 + digit;
  }
  const day = Date.UTC(parts[0] ?? 0, (parts[1] ?? 0) - 1, parts[2] ?? 0) / DAY_MS;
  if (!(day >= 0) || dateOfDay(day) !== value) return -1;
  return day;
}

function dateOfDay(day: number): string {
  let date = dates[day];
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dates[day] = date;
  }
  return date;
}

/** The value of a lowercase hex digit's code, or 16 for anything else. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return 16;
}

/** Whether `value` is a UUID in lowercase hex (so its 16 bytes give it back exactly). */
function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const code = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return false;
    } else if (hexValue(code) === 16) return false;
  }
  return true;
}

/** Reads one value of a record. */
type ReadValue = (r: Reader) => unknown;

/**
 * A shape: the keys of an object in their order, and, once read, a function building such an
 * object from its values in one object literal (so it gets its final layout at once rather than
 * one key at a time).
 */
type Shape = {
  keys: string[];
  special: boolean;
  build?: (read: ReadValue, r: Reader) => Record<string, unknown>;
};

/** The builder of objects of `keys`: an object literal whose values are read in key order. */
function builderOf(keys: readonly string[]): NonNullable<Shape['build']> {
  const body = keys.map((key) => `${JSON.stringify(key)}: read(r)`).join(', ');
  return new Function('read', 'r', `return { ${body} };`) as NonNullable<Shape['build']>;
}

export class DocumentStore {
  private readonly chunks: Buffer[] = [];
  /** Bytes written into the last chunk. */
  private used = 0;
  private written = 0;
  private readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  private readonly shapes: Shape[] = [];
  private readonly readValue: ReadValue = (r) => this.read(r);
  private readonly shapesByFirst = new Map<string, number[]>();
  private readonly lists: string[][] = [];
  private readonly listsByHash = new Map<number, number[]>();
  private listChars = 0;
  /** Per slot: the address of its shared record and of its site record; -1 when not stored. */
  private sharedAt = new Float64Array(1024).fill(-1);
  private siteAt = new Float64Array(1024).fill(-1);
  /** The last shared record written per service, so an unchanged one is written once. */
  private groupShared = new Float64Array(1024).fill(-1);
  private groupLength = new Int32Array(1024);
  /** Documents that are not JSON-like, kept as objects. */
  private readonly whole = new Map<number, SearchDocument>();
  /** Per slot: the document id and name (what ranking and map points read without decoding). */
  private ids: Array<string | undefined> = [];
  private names: string[] = [];

  private readonly writer = new Writer();
  private readonly repeats = new Map<string, number>();
  /** The last document packed and its group, while its objects may be shared. */
  private lastDoc: SearchDocument | null = null;
  private lastGroup = -1;
  private topKeys: string[] = [];
  private sharedKeys: string[] = [];
  private siteKeys: string[] = [];
  private lastSharedKeys: string[] | null = null;

  /** Stores `doc` at `slot`; `group` numbers its service (documents that may share a record). */
  add(slot: number, doc: SearchDocument, group: number): void {
    this.ensure(slot + 1, group + 1);
    this.ids[slot] = doc.id;
    // The dictionary's copy of a short name, so the name is held once.
    const word = this.wordIds.get(doc.name);
    this.names[slot] = word === undefined ? doc.name : (this.words[word] ?? doc.name);
    this.splitKeys(doc);
    const last = this.lastDoc;
    this.lastDoc = null;
    if (last !== null && this.lastGroup === group && this.sharesWith(doc, last)) {
      // A sibling site built from the same objects: its shared record is the last one.
      this.sharedAt[slot] = this.groupShared[group] ?? -1;
    } else {
      const shared = this.tryPack(doc, this.sharedKeys);
      if (shared < 0) {
        this.keepWhole(slot, doc);
        return;
      }
      const previous = this.groupShared[group] ?? -1;
      if (previous >= 0 && this.sameBytes(previous, this.groupLength[group] ?? 0, shared)) {
        this.sharedAt[slot] = previous;
      } else {
        const at = this.store(shared);
        this.sharedAt[slot] = at;
        this.groupShared[group] = at;
        this.groupLength[group] = shared;
      }
    }
    const site = this.tryPack(doc, this.siteKeys);
    if (site < 0) {
      this.keepWhole(slot, doc);
      return;
    }
    this.siteAt[slot] = this.store(site);
    this.lastDoc = doc;
    this.lastGroup = group;
  }

  /**
   * Ends a batch of adds: no later document reuses a record because it holds the same objects
   * as one added before (the caller may change its objects between batches).
   */
  settle(): void {
    this.lastDoc = null;
  }

  private keepWhole(slot: number, doc: SearchDocument): void {
    this.sharedAt[slot] = -1;
    this.siteAt[slot] = -1;
    this.whole.set(slot, { ...doc });
  }

  /** Whether every shared field of `doc` holds the very value `previous` holds. */
  private sharesWith(doc: SearchDocument, previous: SearchDocument): boolean {
    const a = doc as unknown as Record<string, unknown>;
    const b = previous as unknown as Record<string, unknown>;
    const keys = this.sharedKeys;
    if (keys !== this.lastSharedKeys) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? '';
      if (a[key] !== b[key]) return false;
    }
    return true;
  }

  /** Splits the keys of `doc` into shared and site keys, reusing the last split for the same keys. */
  private splitKeys(doc: SearchDocument): void {
    const keys = Object.keys(doc);
    const known = this.topKeys;
    let same = known.length === keys.length;
    for (let i = 0; i < keys.length && same; i++) same = keys[i] === known[i];
    this.lastSharedKeys = this.sharedKeys;
    if (same) return;
    this.topKeys = keys;
    this.sharedKeys = keys.filter((k) => !SITE_FIELDS.has(k));
    this.siteKeys = keys.filter((k) => SITE_FIELDS.has(k));
  }

  /** Forgets the document at `slot` (its bytes stay until the store is rebuilt). */
  remove(slot: number): void {
    this.sharedAt[slot] = -1;
    this.siteAt[slot] = -1;
    this.whole.delete(slot);
    this.ids[slot] = undefined;
  }

  /**
   * Renumbers the stored documents: the one at `order[i]` moves to slot i, and slots left out
   * are forgotten. Records stay where they are written; only the per-slot addresses move. Group
   * numbers given so far no longer apply, so a later add shares no record through them.
   */
  renumber(order: Int32Array): void {
    const n = order.length;
    const sharedAt = new Float64Array(Math.max(1024, n)).fill(-1);
    const siteAt = new Float64Array(sharedAt.length).fill(-1);
    // Grown in order, not allocated at length: a long array made at its length is a slow one.
    const ids: Array<string | undefined> = [];
    const names: string[] = [];
    const whole = new Map<number, SearchDocument>();
    for (let slot = 0; slot < n; slot++) {
      const from = order[slot] ?? 0;
      sharedAt[slot] = this.sharedAt[from] ?? -1;
      siteAt[slot] = this.siteAt[from] ?? -1;
      ids.push(this.ids[from]);
      names.push(this.names[from] ?? '');
      const kept = this.whole.get(from);
      if (kept !== undefined) whole.set(slot, kept);
    }
    this.sharedAt = sharedAt;
    this.siteAt = siteAt;
    this.ids = ids;
    this.names = names;
    this.whole.clear();
    for (const [slot, doc] of whole) this.whole.set(slot, doc);
    this.groupShared.fill(-1);
    this.lastDoc = null;
  }

  /** The id of the document at `slot`, if any. */
  id(slot: number): string | undefined {
    return this.ids[slot];
  }

  /** The name of the document at `slot` ('' if none). */
  name(slot: number): string {
    return this.names[slot] ?? '';
  }

  /** The document at `slot`, decoded afresh (undefined if none). */
  get(slot: number): SearchDocument | undefined {
    if (this.ids[slot] === undefined) return undefined;
    const kept = this.whole.get(slot);
    if (kept !== undefined) return kept;
    const doc = this.readRecord(this.sharedAt[slot] ?? -1);
    this.readInto(this.siteAt[slot] ?? -1, doc);
    return doc as SearchDocument;
  }

  /** Bytes of the records written so far. */
  get bytes(): number {
    return this.written;
  }

  /**
   * Encodes the site fields (`site`) or the shared ones of `doc` as one object record into the
   * writer; returns its length in bytes (at the writer's start until the next pack), or -1 if it
   * is not packable.
   */
  private tryPack(doc: SearchDocument, keys: string[]): number {
    const w = this.writer;
    w.pos = 0;
    this.repeats.clear();
    const entries = doc as unknown as Record<string, unknown>;
    try {
      this.writeObject(entries, keys, 1);
    } catch (error) {
      if (error instanceof NotPackable) return -1;
      throw error;
    }
    return w.pos;
  }

  private writeObject(value: Record<string, unknown>, keys: string[], depth: number): void {
    const w = this.writer;
    w.byte(T_OBJECT);
    w.varint(this.shapeOf(keys));
    for (const key of keys) this.write(value[key], depth + 1);
  }

  /** The number of the shape with these keys, found among the shapes of the same first key. */
  private shapeOf(keys: string[]): number {
    const first = keys[0] ?? '';
    let candidates = this.shapesByFirst.get(first);
    if (candidates === undefined) {
      candidates = [];
      this.shapesByFirst.set(first, candidates);
    }
    for (const id of candidates) {
      const known = this.shapes[id]?.keys ?? [];
      if (known.length !== keys.length) continue;
      let same = true;
      for (let i = 1; i < keys.length && same; i++) same = known[i] === keys[i];
      if (same) return id;
    }
    const id = this.shapes.length;
    this.shapes.push({ keys, special: keys.includes('__proto__') });
    candidates.push(id);
    return id;
  }

  private write(value: unknown, depth: number): void {
    const w = this.writer;
    if (depth > MAX_DEPTH) throw new NotPackable();
    switch (typeof value) {
      case 'string':
        this.writeString(value);
        return;
      case 'number':
        if (Number.isInteger(value) && Math.abs(value) < MAX_VARINT && !Object.is(value, -0)) {
          w.byte(value < 0 ? T_NINT : T_UINT);
          w.varint(Math.abs(value));
        } else {
          w.byte(T_FLOAT);
          w.ensure(8);
          w.buf.writeDoubleLE(value, w.pos);
          w.pos += 8;
        }
        return;
      case 'boolean':
        w.byte(value ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        w.byte(T_UNDEFINED);
        return;
      case 'object': {
        if (value === null) {
          w.byte(T_NULL);
          return;
        }
        if (Array.isArray(value)) {
          if (value.length >= LIST_MIN && this.writeList(value)) return;
          w.byte(T_ARRAY);
          w.varint(value.length);
          for (let i = 0; i < value.length; i++) this.write(value[i], depth + 1);
          return;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) throw new NotPackable();
        const record = value as Record<string, unknown>;
        this.writeObject(record, Object.keys(record), depth);
        return;
      }
      default:
        throw new NotPackable();
    }
  }

  /** Writes a list of short strings as a reference to its one kept copy; false if it is not one. */
  private writeList(list: unknown[]): boolean {
    // A hash of each string's length and first, middle and last characters picks candidates.
    let hash = list.length;
    let chars = 0;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (typeof item !== 'string') return false;
      const n = item.length;
      if (n > DICTIONARY_MAX) return false;
      chars += n;
      hash = Math.imul(hash ^ n, 16777619);
      if (n > 0) {
        hash = Math.imul(hash ^ item.charCodeAt(0), 16777619);
        hash = Math.imul(hash ^ item.charCodeAt(n >> 1), 16777619);
        hash = Math.imul(hash ^ item.charCodeAt(n - 1), 16777619);
      }
    }
    const strings = list as string[];
    let candidates = this.listsByHash.get(hash);
    let id = -1;
    for (const candidate of candidates ?? []) {
      const kept = this.lists[candidate] ?? [];
      if (kept.length !== strings.length) continue;
      let same = true;
      for (let i = 0; i < kept.length && same; i++) same = kept[i] === strings[i];
      if (same) {
        id = candidate;
        break;
      }
    }
    if (id < 0) {
      if (this.listChars + chars > LIST_CHARS) return false;
      id = this.lists.length;
      this.lists.push(strings.slice());
      this.listChars += chars;
      if (candidates === undefined) {
        candidates = [];
        this.listsByHash.set(hash, candidates);
      }
      candidates.push(id);
    }
    const w = this.writer;
    w.byte(T_LIST);
    w.varint(id);
    return true;
  }

  private writeString(value: string): void {
    const w = this.writer;
    const n = value.length;
    if (n === 10) {
      const day = dayNumber(value);
      if (day >= 0) {
        w.byte(T_DATE);
        w.varint(day);
        return;
      }
    }
    // Short words without digits repeat (tags, cities, names); numbers, addresses and ids rarely.
    if (n <= DICTIONARY_MAX && !hasDigit(value)) {
      let id = this.wordIds.get(value);
      if (id === undefined) {
        id = this.words.length;
        this.words.push(value);
        this.wordIds.set(value, id);
      }
      w.ensure(6);
      const buf = w.buf;
      buf[w.pos++] = T_WORD;
      if (id < 0x80) {
        buf[w.pos++] = id;
      } else {
        while (id >= 0x80) {
          buf[w.pos++] = (id & 0x7f) | 0x80;
          id >>>= 7;
        }
        buf[w.pos++] = id;
      }
      return;
    }
    // Every string past this point is long (or a UUID): a repeat within the record is a reference.
    const seen = this.repeats.get(value);
    if (seen !== undefined) {
      w.byte(T_REPEAT);
      w.varint(seen);
      return;
    }
    this.repeats.set(value, this.repeats.size);
    if (n === 36 && isUuid(value)) {
      w.ensure(17);
      const buf = w.buf;
      buf[w.pos++] = T_UUID;
      for (let i = 0; i < 36; i += 2) {
        if (i === 8 || i === 13 || i === 18 || i === 23) i++;
        buf[w.pos++] = (hexValue(value.charCodeAt(i)) << 4) | hexValue(value.charCodeAt(i + 1));
      }
      return;
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes === n) {
      // ASCII: one byte per character, read back as Latin-1 (the cheapest decode).
      w.byte(T_LATIN1);
      w.varint(n);
      w.ensure(n);
      w.pos += w.buf.write(value, w.pos, n, 'latin1');
      return;
    }
    w.byte(T_UTF8);
    w.varint(bytes);
    w.ensure(bytes);
    w.pos += w.buf.write(value, w.pos, bytes, 'utf8');
  }

  /** Copies the packed record (the writer's first `n` bytes) into the chunks; returns its address. */
  private store(n: number): Address {
    let chunk = this.chunks.at(-1);
    if (chunk === undefined || this.used + n > chunk.length) {
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK, n));
      this.chunks.push(chunk);
      this.used = 0;
    }
    this.writer.buf.copy(chunk, this.used, 0, n);
    const at = (this.chunks.length - 1) * CHUNK + this.used;
    this.used += n;
    this.written += n;
    return at;
  }

  /** Whether the record at `at` of `length` bytes equals the packed record of `n` bytes. */
  private sameBytes(at: Address, length: number, n: number): boolean {
    if (length !== n) return false;
    const chunk = this.chunks[Math.floor(at / CHUNK)];
    if (chunk === undefined) return false;
    const start = at % CHUNK;
    return chunk.compare(this.writer.buf, 0, n, start, start + n) === 0;
  }

  /** The object record at `at` (an empty object for none). */
  private readRecord(at: Address): Record<string, unknown> {
    if (at < 0) return {};
    const buf = this.chunks[Math.floor(at / CHUNK)];
    if (buf === undefined) return {};
    const r: Reader = { buf, pos: at % CHUNK, repeats: [] };
    return this.read(r) as Record<string, unknown>;
  }

  private readInto(at: Address, target: Record<string, unknown>): void {
    if (at < 0) return;
    const buf = this.chunks[Math.floor(at / CHUNK)];
    if (buf === undefined) return;
    const r: Reader = { buf, pos: at % CHUNK, repeats: [] };
    r.pos++; // T_OBJECT
    const shape = this.shapes[readVarint(r)];
    if (shape === undefined) return;
    for (const key of shape.keys) target[key] = this.read(r);
  }

  private read(r: Reader): unknown {
    const buf = r.buf;
    const tag = buf[r.pos++];
    switch (tag) {
      case T_WORD:
        return this.words[readVarint(r)];
      case T_UINT:
        return readVarint(r);
      case T_NINT:
        return -readVarint(r);
      case T_NULL:
        return null;
      case T_UNDEFINED:
        return undefined;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_FLOAT: {
        const value = buf.readDoubleLE(r.pos);
        r.pos += 8;
        return value;
      }
      case T_LATIN1:
      case T_UTF8: {
        const n = readVarint(r);
        const value =
          tag === T_LATIN1
            ? (buf as SlicingBuffer).latin1Slice(r.pos, r.pos + n)
            : (buf as SlicingBuffer).utf8Slice(r.pos, r.pos + n);
        r.pos += n;
        r.repeats.push(value);
        return value;
      }
      case T_UUID: {
        const value = uuidAt(buf, r.pos);
        r.pos += 16;
        r.repeats.push(value);
        return value;
      }
      case T_LIST:
        return (this.lists[readVarint(r)] ?? []).slice();
      case T_DATE:
        return dateOfDay(readVarint(r));
      case T_REPEAT:
        return r.repeats[readVarint(r)];
      case T_ARRAY: {
        const n = readVarint(r);
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.read(r);
        return out;
      }
      case T_OBJECT: {
        const shape = this.shapes[readVarint(r)];
        const out: Record<string, unknown> = {};
        if (shape === undefined) return out;
        if (shape.special) {
          for (const key of shape.keys) {
            Object.defineProperty(out, key, {
              value: this.read(r),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
        } else {
          shape.build ??= builderOf(shape.keys);
          return shape.build(this.readValue, r);
        }
        return out;
      }
      default:
        throw new Error(`Corrupt stored document (tag ${tag}).`);
    }
  }

  private ensure(slots: number, groups: number): void {
    if (slots > this.sharedAt.length) {
      this.sharedAt = growFloat64(this.sharedAt, slots, -1);
      this.siteAt = growFloat64(this.siteAt, slots, -1);
    }
    if (groups > this.groupShared.length) {
      this.groupShared = growFloat64(this.groupShared, groups, -1);
      this.groupLength = growInt32(this.groupLength, groups);
    }
  }
}

/** The lowercase UUID whose 16 bytes start at `pos`. */
const uuidScratch = Buffer.allocUnsafe(36);
function uuidAt(buf: Buffer, pos: number): string {
  const out = uuidScratch;
  let o = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
    const byte = buf[pos + i] ?? 0;
    out[o++] = HEX[byte >>> 4] ?? 0;
    out[o++] = HEX[byte & 15] ?? 0;
  }
  return (out as SlicingBuffer).latin1Slice(0, 36);
}
