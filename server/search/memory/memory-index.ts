import { haversineKm } from '../../lib/distance.ts';
import { tokenize, tokenizeQuery } from '../../lib/tokenize.ts';
import type {
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchPoint,
  SearchQuery,
  SearchResult,
  Synonyms,
} from '../engine.ts';
import { type Bitset, collectBits, createBitset, intersectionCount } from './bitset.ts';
import { Columns, gridRange } from './columns.ts';
import { evaluateFilter } from './filter.ts';
import { growFloat64, growInt32 } from './int-list.ts';
import { TextIndex, type TextMatches, type Variant } from './text-index.ts';
import { topK } from './top-k.ts';

const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;
const FACET_FIELDS = ['categories', 'languages', 'costs'] as const;
/** Rebuild once tombstones are this share of slots (and at least MIN_TOMBSTONES). */
const COMPACT_RATIO = 0.25;
const MIN_TOMBSTONES = 1000;
/** Added to the primary key of a currently available document under AVAILABLE_FIRST. */
const AVAILABLE_BONUS = 1e12;

type Near = NonNullable<SearchQuery['near']>;

/** Options of the embedded engine. */
export type MemorySearchOptions = { synonyms?: Synonyms };

/**
 * Query expansion: each synonym (a word or a phrase, as its folded, stemmed words joined by
 * spaces) → the single words it also finds. A phrase alternative ("family and children") is
 * left out: the index keeps no word positions to hold a phrase together.
 */
function wordExpansions(synonyms: Synonyms): Map<string, string[]> {
  const expansions = new Map<string, string[]>();
  for (const [from, to] of Object.entries(synonyms)) {
    const key = tokenize(from).join(' ');
    if (key === '') continue;
    const words = new Set(expansions.get(key));
    for (const phrase of to) {
      const [word, ...rest] = tokenize(phrase);
      if (word !== undefined && rest.length === 0 && word !== key) words.add(word);
    }
    if (words.size > 0) expansions.set(key, [...words]);
  }
  return expansions;
}

/** The embedded engine: typed-array columns for structure, a typed-array inverted index for text. */
export class MemorySearchIndex implements SearchIndex {
  readonly kind = 'memory';
  private cols = new Columns();
  private text = new TextIndex();
  private docs: Array<SearchDocument | undefined> = [];
  private readonly slotById = new Map<string, number>();
  private nameRank = new Int32Array(0);
  private nameRankValid = false;

  private primary = new Float64Array(1024);
  private distance = new Float64Array(1024);
  private score = new Float64Array(1024);
  private candidates = new Int32Array(1024);
  private serviceStamp = new Int32Array(64);
  private serviceBest = new Int32Array(64);
  private stamp = 0;
  private readonly expansions: Map<string, string[]>;
  private readonly longestExpansion: number;

  constructor(options: MemorySearchOptions = {}) {
    this.expansions = wordExpansions(options.synonyms ?? {});
    this.longestExpansion = Math.max(
      0,
      ...[...this.expansions.keys()].map((key) => key.split(' ').length),
    );
  }

  async init(): Promise<void> {}

  async ready(): Promise<void> {}

  async upsert(docs: SearchDocument[]): Promise<void> {
    for (const doc of docs) {
      const previous = this.slotById.get(doc.id);
      if (previous !== undefined) this.removeSlot(previous);
      this.addDoc({ ...doc });
    }
    this.nameRankValid = false;
    this.maybeCompact();
  }

  async removeServices(serviceIds: string[]): Promise<void> {
    const column = this.cols.tags.serviceId;
    for (const serviceId of serviceIds) {
      const ord = column.ordinals.get(serviceId);
      const posting = ord === undefined ? undefined : column.postings[ord];
      if (posting === undefined) continue;
      for (let i = 0; i < posting.length; i++) {
        const slot = posting.data[i] ?? 0;
        if (this.cols.alive[slot] === 1) this.removeSlot(slot);
      }
    }
    this.nameRankValid = false;
    this.maybeCompact();
  }

  async clear(): Promise<void> {
    this.cols = new Columns();
    this.text = new TextIndex();
    this.docs = [];
    this.slotById.clear();
    this.nameRankValid = false;
  }

  async rebuild(
    fill: (write: (docs: SearchDocument[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const next = new MemorySearchIndex();
    await fill((docs) => next.upsert(docs));
    this.cols = next.cols;
    this.text = next.text;
    this.docs = next.docs;
    this.slotById.clear();
    for (const [id, slot] of next.slotById) this.slotById.set(id, slot);
    this.nameRankValid = false;
  }

  async count(): Promise<number> {
    return this.cols.aliveCount;
  }

  async close(): Promise<void> {}

  async search(query: SearchQuery): Promise<SearchResult> {
    return this.searchSync(query);
  }

  /**
   * Each query word's variants plus the exact terms its synonyms reach. A phrase synonym
   * ("sin hogar" → homeless) adds its words to every word of the phrase, so a document with the
   * synonym satisfies the whole phrase and the AND over words still holds.
   */
  private queryVariants(words: string[], lastRaw: string | null): Variant[][] {
    const variants = words.map((w, i) =>
      this.text.variants(w, i === words.length - 1 ? lastRaw : null),
    );
    for (let i = 0; i < words.length; i++) {
      for (let n = Math.min(this.longestExpansion, words.length - i); n >= 1; n--) {
        const alternatives = this.expansions.get(words.slice(i, i + n).join(' '));
        if (alternatives === undefined) continue;
        for (let j = i; j < i + n; j++) {
          variants[j] = this.withSynonyms(variants[j] ?? [], alternatives);
        }
        break;
      }
    }
    return variants;
  }

  private withSynonyms(variants: Variant[], alternatives: string[]): Variant[] {
    const byTerm = new Map(variants.map((v) => [v.term, v]));
    for (const alternative of alternatives) {
      const variant = this.text.synonymVariant(alternative);
      if (variant !== null && !byTerm.has(variant.term)) byTerm.set(variant.term, variant);
    }
    return [...byTerm.values()].sort((a, b) => a.term - b.term);
  }

  /** The synchronous body of `search`, for benchmarks and callers already off the event loop path. */
  searchSync(query: SearchQuery): SearchResult {
    const cols = this.cols;
    this.ensureScratch(cols.size);
    const near = query.near;
    const sortByDistance = query.sort === 'DISTANCE' && near !== undefined;

    const { words, lastRaw } = tokenizeQuery(query.text ?? '');
    let matches: TextMatches | null = null;
    let mask: Bitset;
    if (words.length > 0) {
      matches = this.text.match(this.queryVariants(words, lastRaw), cols.alive);
      mask = createBitset(cols.size);
      if (near !== undefined) {
        const within = this.radiusTest(near);
        for (let i = 0; i < matches.count; i++) {
          const slot = matches.slots[i] ?? 0;
          if (within(slot)) mask[slot >>> 5] = (mask[slot >>> 5] ?? 0) | (1 << (slot & 31));
        }
      } else {
        for (let i = 0; i < matches.count; i++) {
          const slot = matches.slots[i] ?? 0;
          mask[slot >>> 5] = (mask[slot >>> 5] ?? 0) | (1 << (slot & 31));
        }
      }
    } else if (near !== undefined) {
      mask = this.radiusMask(near);
    } else {
      mask = cols.aliveBits.slice(0, (cols.size + 31) >>> 5);
    }
    if (query.filter !== undefined) mask = evaluateFilter(query.filter, cols, mask);

    let count = collectBits(mask, this.candidates);
    const candidates = this.candidates;

    const primary = this.primary;
    const score = this.score;
    const assuredAt = cols.assuredAt;
    const staleBefore = query.staleBefore;
    const availableFirst = this.availableFirst(query);
    for (let i = 0; i < count; i++) {
      const slot = candidates[i] ?? 0;
      // NaN (never assured) fails the comparison, so it counts as stale.
      const fresh =
        staleBefore === undefined || (assuredAt[slot] ?? Number.NaN) >= staleBefore ? 1 : 0;
      if (matches !== null) {
        const tier =
          (matches.words[slot] ?? 0) * 10000 -
          (matches.typos[slot] ?? 0) * 100 -
          (matches.attributes[slot] ?? 0);
        primary[slot] = sortByDistance ? 0 : tier * 2 + fresh;
        score[slot] = matches.scores[slot] ?? 0;
      } else {
        primary[slot] = sortByDistance ? 0 : fresh;
        score[slot] = 0;
      }
      // Far above any text tier, so the available part comes first whatever its relevance.
      if (availableFirst !== null && availableFirst(slot)) primary[slot] += AVAILABLE_BONUS;
    }

    const rank = this.ranks();
    const distance = this.distance;
    const useDistance = near !== undefined;
    const before = (a: number, b: number): boolean => {
      const pa = primary[a] ?? 0;
      const pb = primary[b] ?? 0;
      if (pa !== pb) return pa > pb;
      if (useDistance) {
        const da = distance[a] ?? 0;
        const db = distance[b] ?? 0;
        if (da !== db) return da < db;
      }
      const sa = score[a] ?? 0;
      const sb = score[b] ?? 0;
      if (sa !== sb) return sa > sb;
      return (rank[a] ?? 0) < (rank[b] ?? 0);
    };

    if (query.distinctService === true) count = this.distinct(candidates, count, before);

    const facets: SearchResult['facets'] = {};
    const facetFields = (query.facets ?? []).filter((f) => FACET_FIELDS.includes(f));
    if (facetFields.length > 0) {
      const matched = createBitset(cols.size);
      for (let i = 0; i < count; i++) {
        const slot = candidates[i] ?? 0;
        matched[slot >>> 5] = (matched[slot >>> 5] ?? 0) | (1 << (slot & 31));
      }
      for (const field of facetFields) facets[field] = this.facet(field, matched);
    }

    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const top = topK(candidates, count, offset + limit, before);
    const hits: SearchHit[] = [];
    for (let i = offset; i < top.length; i++) {
      const slot = top[i] ?? 0;
      const document = this.docs[slot];
      if (document === undefined) continue;
      hits.push({
        document,
        distanceKm:
          near === undefined
            ? null
            : haversineKm(
                near.latitude,
                near.longitude,
                cols.latitude[slot] ?? 0,
                cols.longitude[slot] ?? 0,
              ),
      });
    }
    const result: SearchResult = { hits, total: count, facets };
    if (query.points !== undefined)
      result.points = this.points(candidates, count, query.points, before);
    return result;
  }

  /** Map points of the first `count` candidates, or of the best `max` of them when there are more. */
  private points(
    candidates: Int32Array,
    count: number,
    max: number,
    before: (a: number, b: number) => boolean,
  ): SearchPoint[] {
    const limit = Math.max(0, Math.floor(max));
    const slots =
      count <= limit ? candidates.subarray(0, count) : topK(candidates, count, limit, before);
    const points: SearchPoint[] = [];
    for (const slot of slots) {
      const document = this.docs[slot];
      if (document?.latitude == null || document.longitude == null) continue;
      points.push({
        serviceId: document.serviceId,
        name: document.name,
        latitude: document.latitude,
        longitude: document.longitude,
        acceptsReferrals: document.acceptsReferrals === true,
      });
    }
    return points;
  }

  /** Under AVAILABLE_FIRST, a test for "AVAILABLE and current at `now`"; otherwise null. */
  private availableFirst(query: SearchQuery): ((slot: number) => boolean) | null {
    if (query.sort !== 'AVAILABLE_FIRST') return null;
    const now = query.now;
    if (now === undefined || !Number.isFinite(now))
      throw new RangeError('AVAILABLE_FIRST needs the query instant (now).');
    const available = this.cols.capacityOrdinals.get('AVAILABLE');
    if (available === undefined) return null;
    const ords = this.cols.capacityOrd;
    const expires = this.cols.capacityExpiresAt;
    return (slot) => ords[slot] === available && (expires[slot] ?? Number.NaN) >= now;
  }

  private addDoc(doc: SearchDocument): void {
    const slot = this.cols.add(doc);
    this.text.add(slot, doc);
    this.docs[slot] = doc;
    this.slotById.set(doc.id, slot);
  }

  private removeSlot(slot: number): void {
    const doc = this.docs[slot];
    if (doc === undefined) return;
    this.cols.remove(slot);
    this.text.remove(slot);
    this.docs[slot] = undefined;
    if (this.slotById.get(doc.id) === slot) this.slotById.delete(doc.id);
  }

  private maybeCompact(): void {
    const dead = this.cols.size - this.cols.aliveCount;
    if (dead < MIN_TOMBSTONES || dead < this.cols.size * COMPACT_RATIO) return;
    const live = this.docs.filter((d): d is SearchDocument => d !== undefined);
    this.cols = new Columns();
    this.text = new TextIndex();
    this.docs = [];
    this.slotById.clear();
    for (const doc of live) this.addDoc(doc);
    this.nameRankValid = false;
  }

  /** Slot order by (name, id): the final, deterministic tie-break. */
  private ranks(): Int32Array {
    if (this.nameRankValid && this.nameRank.length >= this.cols.size) return this.nameRank;
    const keys: string[] = [];
    const slots: number[] = [];
    for (let slot = 0; slot < this.cols.size; slot++) {
      const doc = this.docs[slot];
      if (doc === undefined) continue;
      slots.push(slot);
      keys[slot] = `${doc.name.toLowerCase()}\u0000${doc.id}`;
    }
    slots.sort((a, b) => {
      const ka = keys[a] ?? '';
      const kb = keys[b] ?? '';
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    const rank = new Int32Array(this.cols.size);
    for (let i = 0; i < slots.length; i++) rank[slots[i] ?? 0] = i;
    this.nameRank = rank;
    this.nameRankValid = true;
    return rank;
  }

  private radiusBounds(near: Near): { x: number; y: number; z: number; minDot: number } {
    const lat = near.latitude * DEG;
    const lng = near.longitude * DEG;
    const angle = Math.min(Math.PI, Math.max(0, near.radiusKm) / EARTH_RADIUS_KM);
    return {
      x: Math.cos(lat) * Math.cos(lng),
      y: Math.cos(lat) * Math.sin(lng),
      z: Math.sin(lat),
      // A hair of slack so a point exactly on the circle is kept despite rounding.
      minDot: Math.cos(angle) - 1e-12,
    };
  }

  /** A predicate that keeps slots within the radius and records their distance key. */
  private radiusTest(near: Near): (slot: number) => boolean {
    const { x, y, z, minDot } = this.radiusBounds(near);
    const cols = this.cols;
    const distance = this.distance;
    return (slot) => {
      if (Number.isNaN(cols.latitude[slot] ?? Number.NaN)) return false;
      const dot = (cols.x[slot] ?? 0) * x + (cols.y[slot] ?? 0) * y + (cols.z[slot] ?? 0) * z;
      if (dot < minDot) return false;
      distance[slot] = 1 - dot;
      return true;
    };
  }

  /** Slots within the radius, visiting only grid cells that overlap its bounding box. */
  private radiusMask(near: Near): Bitset {
    const cols = this.cols;
    const mask = createBitset(cols.size);
    const within = this.radiusTest(near);
    const latSpan = near.radiusKm / 111.0;
    const cosLat = Math.cos(near.latitude * DEG);
    const lngSpan = cosLat < 1e-6 ? 360 : Math.min(360, near.radiusKm / (111.32 * cosLat));
    const minLat = near.latitude - latSpan;
    const maxLat = near.latitude + latSpan;
    const poleCrossed = minLat <= -90 || maxLat >= 90 || lngSpan >= 180;
    const visitList = (slots: Int32Array, length: number): void => {
      for (let i = 0; i < length; i++) {
        const slot = slots[i] ?? 0;
        if (cols.alive[slot] === 1 && within(slot))
          mask[slot >>> 5] = (mask[slot >>> 5] ?? 0) | (1 << (slot & 31));
      }
    };
    if (poleCrossed) {
      for (const list of cols.grid.values()) visitList(list.data, list.length);
      return mask;
    }
    const ranges: Array<[number, number]> = [];
    const minLng = near.longitude - lngSpan;
    const maxLng = near.longitude + lngSpan;
    if (minLng < -180) ranges.push([minLng + 360, 180], [-180, maxLng]);
    else if (maxLng > 180) ranges.push([minLng, 180], [-180, maxLng - 360]);
    else ranges.push([minLng, maxLng]);
    for (const [lo, hi] of ranges) {
      const { rows, cols: columns } = gridRange(minLat, maxLat, lo, hi);
      for (let row = rows[0]; row <= rows[1]; row++) {
        for (let col = columns[0]; col <= columns[1]; col++) {
          const list = cols.grid.get(row * 4000 + col);
          if (list !== undefined) visitList(list.data, list.length);
        }
      }
    }
    return mask;
  }

  /** Keeps the best-ranked slot per service; returns how many remain at the front of `candidates`. */
  private distinct(
    candidates: Int32Array,
    count: number,
    before: (a: number, b: number) => boolean,
  ): number {
    const services = this.cols.tags.serviceId.values.length;
    if (this.serviceStamp.length < services) {
      this.serviceStamp = growInt32(this.serviceStamp, services);
      this.serviceBest = growInt32(this.serviceBest, services);
    }
    const stamp = ++this.stamp;
    const serviceOrd = this.cols.serviceOrd;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const slot = candidates[i] ?? 0;
      const svc = serviceOrd[slot] ?? 0;
      if (this.serviceStamp[svc] !== stamp) {
        this.serviceStamp[svc] = stamp;
        this.serviceBest[svc] = kept;
        candidates[kept++] = slot;
      } else {
        const at = this.serviceBest[svc] ?? 0;
        if (before(slot, candidates[at] ?? 0)) candidates[at] = slot;
      }
    }
    return kept;
  }

  private facet(field: (typeof FACET_FIELDS)[number], matched: Bitset): Record<string, number> {
    const column = this.cols.tags[field];
    const out: Record<string, number> = {};
    const bitsets = column.bitsets ?? [];
    for (let ord = 0; ord < bitsets.length; ord++) {
      const bits = bitsets[ord];
      if (bits === undefined) continue;
      const n = intersectionCount(bits, matched);
      if (n > 0) out[column.values[ord] ?? ''] = n;
    }
    return out;
  }

  private ensureScratch(size: number): void {
    if (size <= this.candidates.length) return;
    this.candidates = growInt32(this.candidates, size);
    this.primary = growFloat64(this.primary, size);
    this.distance = growFloat64(this.distance, size);
    this.score = growFloat64(this.score, size);
  }
}
