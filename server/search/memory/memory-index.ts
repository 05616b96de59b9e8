import { setImmediate } from 'node:timers/promises';
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
import {
  type Bitset,
  collectBits,
  countBits,
  createBitset,
  intersectionCount,
  setBit,
} from './bitset.ts';
import { Columns, type GridCell, gridRange } from './columns.ts';
import { DocumentStore } from './document-store.ts';
import { evaluateFilter, type LeafCache } from './filter.ts';
import { GenerationCache } from './generation-cache.ts';
import { growFloat64, growInt32 } from './int-list.ts';
import { OpenSets, type ZoneClocks, zoneClocks } from './open-at.ts';
import { PlaceOrder } from './place-order.ts';
import { copyFacets, type KeptResult, resultKey, weighResult } from './result-cache.ts';
import {
  firstAtLeast,
  type SavedMatches,
  TextIndex,
  type TextMatches,
  type Variant,
} from './text-index.ts';

const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;
const FACET_FIELDS = ['categories', 'languages', 'costs'] as const;
/**
 * Counts, per slot of `mask`, its combination of values in each of the three facet fields
 * (`combos[3s + f]`) into `hist`, whose field f part starts at `starts[f]`.
 */
function countAllCombinations(
  mask: Bitset,
  combos: Int32Array,
  hist: Int32Array,
  starts: Int32Array,
): void {
  const s1 = starts[1] ?? 0;
  const s2 = starts[2] ?? 0;
  for (let w = 0; w < mask.length; w++) {
    let word = mask[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      const base = ((w << 5) + 31 - Math.clz32(low)) * 3;
      const a = combos[base] ?? 0;
      const b = s1 + (combos[base + 1] ?? 0);
      const c = s2 + (combos[base + 2] ?? 0);
      hist[a] = (hist[a] ?? 0) + 1;
      hist[b] = (hist[b] ?? 0) + 1;
      hist[c] = (hist[c] ?? 0) + 1;
    }
  }
}

/**
 * Counts, per slot of `mask`, its joint facet combination (`joint[s]`) into `hist`, and marks
 * each combination met in `met`, so only those are read back.
 */
function countJointCombinations(
  mask: Bitset,
  joint: Int32Array,
  hist: Int32Array,
  met: Bitset,
): void {
  for (let w = 0; w < mask.length; w++) {
    let word = mask[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      countJoint(joint[(w << 5) + 31 - Math.clz32(low)] ?? 0, hist, met);
    }
  }
}

/** Counts one match of joint combination `j` into `hist`, marking `j` as met. */
function countJoint(j: number, hist: Int32Array, met: Bitset): void {
  hist[j] = (hist[j] ?? 0) + 1;
  // Marked rather than listed on first sight: no branch per match.
  met[j >>> 5] = (met[j >>> 5] ?? 0) | (1 << (j & 31));
}

/**
 * Joint facet combinations counted at most, beyond which each field's combinations are counted
 * apart: the histogram, read at random once per match, stays a few hundred KiB.
 */
const MAX_JOINT_COMBINATIONS = 1 << 16;

/** Name ranks a packed text-order key holds below the score's 32 bits (2^53 / 2^32). */
const RANK_SPAN = 2 ** 21;
/**
 * A text match near a place is intersected with the place's grid cells when these hold fewer
 * sites than this many times the matches: a cell's points are read in order, a match's
 * coordinates one by one.
 */
const CELLS_PER_MATCH = 3;
/** Rebuild once tombstones are this share of slots (and at least MIN_TOMBSTONES). */
const COMPACT_RATIO = 0.25;
const MIN_TOMBSTONES = 1000;
/** Added to the primary key of a currently available document under AVAILABLE_FIRST. */
const AVAILABLE_BONUS = 1e12;

type Near = NonNullable<SearchQuery['near']>;

/**
 * A text match replayed alone: its slots after one site per service (`distinct`) under the
 * freshness cut-off set `fresh` (null: all fresh), their number and facet counts. Read only.
 */
type Replay = {
  distinct: boolean;
  fresh: Bitset | null;
  mask: Bitset;
  total: number;
  facets: SearchResult['facets'];
};

/** Options of the embedded engine. */
export type MemorySearchOptions = {
  synonyms?: Synonyms;
  /**
   * Recent text matches and filter bit sets kept for reuse until the index next changes (each
   * cache holds this many entries); 0 turns the caches off. Default 256.
   */
  cacheEntries?: number;
  /**
   * Whole answers of recent searches kept for the same search asked again until the index next
   * changes, at most this many (and 4 MiB); 0 turns this cache off. Default 16 × cacheEntries.
   */
  cachedAnswers?: number;
};

/** Text matches kept at most, counted in matched documents, so a cache stays tens of MB. */
const MAX_CACHED_MATCHES = 4_000_000;
/** Documents a rebuild indexes before it lets other work run (about 100 ms' worth). */
const INDEXED_BETWEEN_YIELDS = 2_000;
/** Whole answers kept at most, in bytes, and by default in entries per entry of the other caches. */
const MAX_CACHED_RESULT_BYTES = 4 * 1024 * 1024;
const RESULTS_PER_CACHE_ENTRY = 16;
/** Opening instants whose local clocks are kept at most. */
const RECENT_INSTANTS = 64;

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

/**
 * The embedded engine: typed-array columns for structure, a typed-array inverted index for text,
 * and the documents packed off the heap (document-store.ts), decoded only for the hits returned.
 */
export class MemorySearchIndex implements SearchIndex {
  readonly kind = 'memory';
  private cols = new Columns();
  private text = new TextIndex();
  private docs = new DocumentStore();
  private readonly slotById = new Map<string, number>();
  private nameRank = new Int32Array(0);
  private nameRankValid = false;
  /** Live slots in name order: `rankOrder[nameRank[s]] === s`. */
  private rankOrder = new Int32Array(0);
  /** Distinct assuredAt values, sorted, and fresh-slot bit sets by cut-off among them. */
  private assuredValues = new Float64Array(0);
  private assuredGeneration = -1;
  private readonly freshSets = new Map<number, Bitset>();
  private keyFresh: Bitset = new Uint32Array(0);

  private primary = new Float64Array(1024);
  private distance = new Float64Array(1024);
  private score = new Float64Array(1024);
  private heap = new Int32Array(64);
  private readonly packedCounts = new Int32Array(FACET_FIELDS.length * 32);
  /** Slots per combination of packed facet values, the counted fields' combinations in turn. */
  private facetHistogram = new Int32Array(1024);
  /** Per counted field: its column in `facetCombo` and where its combinations count. */
  private readonly facetColumns = new Int32Array(FACET_FIELDS.length);
  private readonly facetStarts = new Int32Array(FACET_FIELDS.length);
  /** Slots per joint facet combination and the combinations met, all zero between searches. */
  private jointHistogram = new Int32Array(1024);
  private jointMet: Bitset = createBitset(1024);
  /** What `computeKey` and `before` read, fixed per search by `prepareKeys`. */
  private keyMatches: TextMatches | null = null;
  private keyByDistance = false;
  private keyUseDistance = false;
  private keyAllFresh = true;
  private keyAvailable = -1;
  private keyNow = 0;
  private keyRank: Int32Array = new Int32Array(0);
  private serviceStamp = new Int32Array(64);
  private serviceBest = new Int32Array(64);
  private scattered: Bitset = new Uint32Array(0);
  private scatteredGeneration = -1;
  private stamp = 0;
  private readonly expansions: Map<string, string[]>;
  private readonly longestExpansion: number;
  /** Bumped by every change to the indexed documents; caches are valid for one generation. */
  private generation = 0;
  private readonly options: MemorySearchOptions;
  private readonly textCache: GenerationCache<SavedMatches>;
  /** What a replay of a cached text match alone found, kept while the match is cached. */
  private readonly replays = new WeakMap<SavedMatches, Replay>();
  private readonly leafCache: GenerationCache<Bitset>;
  private readonly leafSeen: GenerationCache<true>;
  private readonly leaves: LeafCache;
  /** Open sites by week segment, for opening-hours filters. */
  private readonly openSets = new OpenSets();
  /** Whole answers of recent searches, for the same search asked again. */
  private readonly results: GenerationCache<KeptResult>;
  private readonly resultCounts = { hits: 0, misses: 0 };
  /**
   * The local clocks in every time zone of the index at recent opening instants (an instant's
   * clocks cost a few microseconds per zone to work out), for the index generation given.
   */
  private readonly recentClocks = new GenerationCache<ZoneClocks>(
    RECENT_INSTANTS,
    Number.POSITIVE_INFINITY,
    () => 1,
  );

  constructor(options: MemorySearchOptions = {}) {
    this.options = options;
    const entries = options.cacheEntries ?? 256;
    this.textCache = new GenerationCache(entries, MAX_CACHED_MATCHES, (m) => m.slots.length + 1);
    this.leafCache = new GenerationCache(entries, Number.POSITIVE_INFINITY, () => 1);
    this.leafSeen = new GenerationCache(entries * 4, Number.POSITIVE_INFINITY, () => 1);
    this.results = new GenerationCache(
      options.cachedAnswers ?? entries * RESULTS_PER_CACHE_ENTRY,
      MAX_CACHED_RESULT_BYTES,
      (kept) => kept.weight,
    );
    this.leaves = {
      get: (key) => this.leafCache.get(key, this.generation),
      set: (key, bits) => this.leafCache.set(key, bits, this.generation),
      seen: (key) => {
        if (this.leafSeen.get(key, this.generation) !== undefined) return true;
        this.leafSeen.set(key, true, this.generation);
        return false;
      },
    };
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
      this.addDoc(doc);
    }
    this.docs.settle();
    this.nameRankValid = false;
    this.generation++;
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
    this.generation++;
    this.maybeCompact();
  }

  async replaceServices(serviceIds: string[], docs: SearchDocument[]): Promise<void> {
    // Both run to the end before this yields, so no search sees the services half replaced.
    const removed = this.removeServices(serviceIds);
    const added = this.upsert(docs);
    await Promise.all([removed, added]);
  }

  async clear(): Promise<void> {
    this.cols = new Columns();
    this.text = new TextIndex();
    this.docs = new DocumentStore();
    this.slotById.clear();
    this.nameRankValid = false;
    this.generation++;
  }

  async rebuild(
    fill: (write: (docs: SearchDocument[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const next = new MemorySearchIndex(this.options);
    await next.fillInPlaceOrder(fill);
    this.cols = next.cols;
    this.text = next.text;
    this.docs = next.docs;
    this.slotById.clear();
    for (const [id, slot] of next.slotById) this.slotById.set(id, slot);
    this.nameRankValid = false;
    this.generation++;
  }

  /**
   * Fills this empty index: documents are stored as `fill` hands them over (a later one with the
   * same id replacing the earlier), then numbered in place order (see PlaceOrder) and indexed.
   * A place's matches are then a few runs of neighbouring slots, so the passes over them read
   * each column in sequence rather than a cache line per match; a service's sites stay together,
   * as one site per service expects.
   */
  private async fillInPlaceOrder(
    fill: (write: (docs: SearchDocument[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const order = new PlaceOrder();
    let arrived = 0;
    await fill(async (docs) => {
      for (const doc of docs) {
        const previous = this.slotById.get(doc.id);
        if (previous !== undefined) this.docs.remove(previous);
        const group = order.add(doc.serviceId, doc.latitude, doc.longitude);
        this.docs.add(arrived, doc, group);
        this.slotById.set(doc.id, arrived++);
      }
      this.docs.settle();
    });
    const slots = order.order((doc) => this.docs.id(doc) !== undefined);
    this.docs.renumber(slots);
    this.slotById.clear();
    this.cols.reserve(slots.length);
    this.text.reserve(slots.length);
    for (let slot = 0; slot < slots.length; slot++) {
      // The live index answers searches meanwhile: they run between batches of documents.
      if (slot % INDEXED_BETWEEN_YIELDS === INDEXED_BETWEEN_YIELDS - 1) await setImmediate();
      const doc = this.docs.get(slot) as SearchDocument;
      this.cols.add(doc);
      this.text.add(slot, doc);
      this.slotById.set(doc.id, slot);
    }
    this.nameRankValid = false;
    this.generation++;
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
    const textKey = words.length > 0 ? `${words.join(' ')}\u0000${lastRaw ?? ''}` : '';
    const answerKey = this.results.enabled ? this.answerKey(query, textKey) : null;
    if (answerKey !== null) {
      const kept = this.results.get(answerKey, this.generation);
      if (kept !== undefined) {
        this.resultCounts.hits++;
        return this.keptAnswer(kept, query);
      }
      this.resultCounts.misses++;
    }
    let matches: TextMatches | null = null;
    /** The cached text match this search replays, if any. */
    let reused: SavedMatches | null = null;
    let mask: Bitset;
    if (words.length > 0) {
      const saved = this.textCache.get(textKey, this.generation);
      if (saved !== undefined) {
        matches = this.text.restore(saved);
        reused = saved;
      } else {
        matches = this.text.match(this.queryVariants(words, lastRaw), cols.alive);
        if (this.textCache.enabled) this.textCache.set(textKey, this.text.save(), this.generation);
      }
      if (near !== undefined) {
        mask = this.matchesNear(matches, reused, near);
      } else if (reused?.bits !== undefined) {
        mask = reused.bits.slice();
      } else {
        mask = createBitset(cols.size);
        for (let i = 0; i < matches.count; i++) setBit(mask, matches.slots[i] ?? 0);
        // The match's own bit set, kept with the cached match for the next search to copy.
        if (reused !== null) reused.bits = mask.slice();
      }
    } else if (near !== undefined) {
      mask = this.radiusMask(near);
    } else {
      mask = cols.aliveBits.slice(0, (cols.size + 31) >>> 5);
    }
    if (query.filter !== undefined)
      mask = evaluateFilter(
        query.filter,
        cols,
        mask,
        this.leafCache.enabled ? this.leaves : undefined,
        { sets: this.openSets, generation: this.generation, clocksAt: this.clocksAt },
      );

    this.prepareKeys(query, matches, sortByDistance, near !== undefined);
    // A replay of a text match alone (no filter, no place) is the same set every time: its one
    // site per service, total and facet counts are kept with the match for the next one.
    const wholeMatch =
      reused !== null &&
      near === undefined &&
      query.filter === undefined &&
      this.keyAvailable < 0 &&
      query.points === undefined;
    const distinct = query.distinctService === true;
    const fresh = this.keyAllFresh ? null : this.keyFresh;
    let kept = reused === null ? undefined : this.replays.get(reused);
    if (!wholeMatch || kept?.distinct !== distinct || kept.fresh !== fresh) kept = undefined;
    let total: number;
    /** The facet counts, left to count (null) when not replayed. */
    let counted: SearchResult['facets'] | null = null;
    if (kept !== undefined) {
      mask = kept.mask;
      total = kept.total;
      counted = kept.facets;
    } else {
      // A replayed match's ranking keys, put back only for the slots left to rank.
      if (reused !== null) this.text.restoreKeys(reused, mask);
      if (distinct) this.distinctMask(mask);
      total = countBits(mask);
    }
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    // Without a place or capacity in the order, the page is taken by walking a precomputed
    // order, which stops once the page is full: the name order when browsing, the text order of
    // a replayed text match; when the matches are few against that order (the walk would pass
    // more slots than there are matches), and otherwise, by one heap pass over every match.
    const k = offset + limit;
    const ordered = near === undefined && this.keyAvailable < 0;
    const byName = ordered && matches === null && total * 64 >= cols.size;
    const byText = ordered && reused !== null && k * reused.slots.length <= total * total;
    // A kept replay skipped putting back the ranking keys, which only a heap pass reads.
    if (!byText && kept !== undefined && reused !== null) this.text.restoreKeys(reused, mask);
    const facetFields = wholeMatch ? FACET_FIELDS : (query.facets ?? []);
    const combined = counted === null ? this.combinedFields(mask, total, facetFields) : [];
    const heapPass = !byName && !(byText && reused !== null);
    // A heap pass walks every match anyway: it counts their joint facet combinations as it goes.
    const countInHeap =
      heapPass &&
      k > 0 &&
      combined.length > 0 &&
      this.cols.facetJointCount <= MAX_JOINT_COMBINATIONS;
    const top = byName
      ? this.topByName(mask, k)
      : byText && reused !== null
        ? this.topByText(mask, k, reused)
        : this.topOfMask(mask, k, countInHeap);
    if (counted === null) {
      counted = this.facetCounts(mask, facetFields, combined, countInHeap);
      if (wholeMatch && reused !== null)
        this.replays.set(reused, { distinct, fresh, mask, total, facets: counted });
    }
    const facets: SearchResult['facets'] = {};
    for (const field of query.facets ?? []) {
      const values = counted[field];
      // A copy, as kept counts are handed out again.
      if (values !== undefined) facets[field] = { ...values };
    }
    const page = top.subarray(Math.min(offset, top.length));
    const result: SearchResult = { hits: this.hitsOf(page, near), total, facets };
    if (query.points !== undefined) result.points = this.points(mask, total, query.points);
    this.keyMatches = null;
    if (answerKey !== null) {
      // The answer keeps what it found; the caller gets copies of what it might change.
      const kept = { slots: page.slice(), total, facets, points: result.points };
      this.results.set(
        answerKey,
        { ...kept, weight: weighResult(answerKey, kept) },
        this.generation,
      );
      result.facets = copyFacets(facets);
      if (kept.points !== undefined) result.points = kept.points.map((point) => ({ ...point }));
    }
    return result;
  }

  /** How many searches the whole-answer cache answered, and how many it could not. */
  resultCacheCounts(): { hits: number; misses: number } {
    return { ...this.resultCounts };
  }

  /**
   * The key of this search's whole answer (null: not kept), with the instants it reads taken as
   * what they select in the current index.
   */
  private answerKey(query: SearchQuery, textKey: string): string | null {
    return resultKey(query, {
      textKey,
      freshIndex: query.staleBefore === undefined ? -1 : this.freshIndex(query.staleBefore),
      clockKey: (epochMs) => {
        const clocks = this.clocksAt(epochMs);
        return `${clocks.day.join(',')}:${clocks.minute.join(',')}`;
      },
    });
  }

  /** The local clocks in every time zone of the index at `epochMs`. */
  private readonly clocksAt = (epochMs: number): ZoneClocks => {
    const key = String(epochMs);
    let clocks = this.recentClocks.get(key, this.generation);
    if (clocks === undefined) {
      clocks = zoneClocks(this.cols.timezones, epochMs);
      this.recentClocks.set(key, clocks, this.generation);
    }
    return clocks;
  };

  /** An answer from a kept one: its page decoded, its facets and points copied. */
  private keptAnswer(kept: KeptResult, query: SearchQuery): SearchResult {
    const result: SearchResult = {
      hits: this.hitsOf(kept.slots, query.near),
      total: kept.total,
      facets: copyFacets(kept.facets),
    };
    if (kept.points !== undefined) result.points = kept.points.map((point) => ({ ...point }));
    return result;
  }

  /** The hits of the page `slots`, each with its distance from the place when there is one. */
  private hitsOf(slots: Int32Array, near: Near | undefined): SearchHit[] {
    const cols = this.cols;
    const hits: SearchHit[] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] ?? 0;
      const document = this.docs.get(slot);
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
    return hits;
  }

  /**
   * Value counts of the facet `fields` over `mask`: those of `combined` (see combinedFields) by
   * each match's joint combination of values, one count per match, the rest by an AND and
   * popcount per value. `jointCounted`: the heap pass has counted the joint combinations of
   * `mask` already.
   */
  private facetCounts(
    mask: Bitset,
    fields: readonly string[],
    combined: readonly number[],
    jointCounted = false,
  ): SearchResult['facets'] {
    const cols = this.cols;
    const counted: SearchResult['facets'] = {};
    for (const field of FACET_FIELDS) {
      if (fields.includes(field) && !combined.includes(FACET_FIELDS.indexOf(field)))
        counted[field] = this.facet(field, mask);
    }
    if (combined.length > 0) this.countCombinations(mask, combined, jointCounted);
    for (const f of combined) {
      const field = FACET_FIELDS[f] ?? 'categories';
      const column = cols.tags[field];
      const out: Record<string, number> = {};
      for (let ord = 0; ord < column.values.length && ord < 32; ord++) {
        const n = this.packedCounts[f * 32 + ord] ?? 0;
        if (n > 0) out[column.values[ord] ?? ''] = n;
      }
      counted[field] = out;
    }
    return counted;
  }

  /**
   * The facet fields of `fields` (as FACET_FIELDS indices) counted over `mask` (`total` slots)
   * by combination: all packable ones, unless the matches outnumber the words an AND and
   * popcount per value would read.
   */
  private combinedFields(mask: Bitset, total: number, fields: readonly string[]): number[] {
    const cols = this.cols;
    let facetWords = 0;
    for (const field of FACET_FIELDS) {
      if (fields.includes(field)) facetWords += cols.tags[field].values.length * mask.length;
    }
    const combined: number[] = [];
    if (total * 3 >= facetWords) return combined;
    for (let f = 0; f < FACET_FIELDS.length; f++) {
      if (fields.includes(FACET_FIELDS[f] ?? '') && cols.facetPackable[f] === true)
        combined.push(f);
    }
    return combined;
  }

  /** Map points of every match, or of the best `max` of them when there are more. */
  private points(mask: Bitset, total: number, max: number): SearchPoint[] {
    const limit = Math.max(0, Math.floor(max));
    let slots: ArrayLike<number>;
    if (total <= limit) {
      const all = new Int32Array(total);
      collectBits(mask, all);
      slots = all;
    } else {
      slots = this.topOfMask(mask, limit);
    }
    const cols = this.cols;
    const services = cols.tags.serviceId.values;
    const points: SearchPoint[] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] ?? 0;
      const latitude = cols.latitude[slot] ?? Number.NaN;
      if (Number.isNaN(latitude) || this.docs.id(slot) === undefined) continue;
      points.push({
        serviceId: services[cols.serviceOrd[slot] ?? 0] ?? '',
        name: this.docs.name(slot),
        latitude,
        longitude: cols.longitude[slot] ?? 0,
        acceptsReferrals: cols.acceptsReferrals[slot] === 1,
      });
    }
    return points;
  }

  /**
   * Fixes what the sort keys of this search read: the text matches, freshness cut-off, distance
   * order and, under AVAILABLE_FIRST, the capacity that counts as available at `now`.
   */
  private prepareKeys(
    query: SearchQuery,
    matches: TextMatches | null,
    sortByDistance: boolean,
    useDistance: boolean,
  ): void {
    this.keyMatches = matches;
    this.keyByDistance = sortByDistance;
    this.keyUseDistance = useDistance;
    this.keyAllFresh = query.staleBefore === undefined;
    if (query.staleBefore !== undefined) this.keyFresh = this.freshSet(query.staleBefore);
    this.keyAvailable = -1;
    if (query.sort === 'AVAILABLE_FIRST') {
      const now = query.now;
      if (now === undefined || !Number.isFinite(now))
        throw new RangeError('AVAILABLE_FIRST needs the query instant (now).');
      this.keyAvailable = this.cols.capacityOrdinals.get('AVAILABLE') ?? -1;
      this.keyNow = now;
    }
    this.keyRank = this.ranks();
  }

  /**
   * The primary key of `slot`: text tier (words, typos, attributes), then fresh before stale,
   * with available-now far above everything under AVAILABLE_FIRST.
   */
  private primaryOf(slot: number): number {
    const fresh = this.isFresh(slot);
    const m = this.keyMatches;
    let primary: number;
    if (this.keyByDistance) primary = 0;
    else if (m !== null) primary = (m.tiers[slot] ?? 0) * 2 + fresh;
    else primary = fresh;
    if (
      this.keyAvailable >= 0 &&
      this.cols.capacityOrd[slot] === this.keyAvailable &&
      (this.cols.capacityExpiresAt[slot] ?? Number.NaN) >= this.keyNow
    ) {
      // Far above any text tier, so the available part comes first whatever its relevance.
      primary += AVAILABLE_BONUS;
    }
    return primary;
  }

  /**
   * Slots assured at or after `staleBefore`. Assurance dates are few (days), so the cut-off is
   * moved to the first assured value at or after it and the set is kept per such value: a new
   * set is needed once a day, not once per search.
   */
  private freshSet(staleBefore: number): Bitset {
    const cols = this.cols;
    const lo = this.freshIndex(staleBefore);
    let bits = this.freshSets.get(lo);
    if (bits === undefined) {
      bits = createBitset(cols.size);
      const values = this.assuredValues;
      const cut = lo < values.length ? (values[lo] ?? 0) : Number.POSITIVE_INFINITY;
      for (let slot = 0; slot < cols.size; slot++) {
        // NaN (never assured) fails the comparison, so it counts as stale.
        if ((cols.assuredAt[slot] ?? Number.NaN) >= cut) setBit(bits, slot);
      }
      if (this.freshSets.size >= 8) this.freshSets.clear();
      this.freshSets.set(lo, bits);
    }
    return bits;
  }

  /** Which of the distinct assuredAt values (in order) is the first at or after `staleBefore`. */
  private freshIndex(staleBefore: number): number {
    const cols = this.cols;
    if (this.assuredGeneration !== this.generation) {
      const values = new Set<number>();
      for (let slot = 0; slot < cols.size; slot++) {
        const at = cols.assuredAt[slot] ?? Number.NaN;
        if (cols.alive[slot] === 1 && !Number.isNaN(at)) values.add(at);
      }
      this.assuredValues = Float64Array.from(values).sort();
      this.assuredGeneration = this.generation;
      this.freshSets.clear();
    }
    const values = this.assuredValues;
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[mid] ?? 0) < staleBefore) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The best `k` slots of `mask` when the order is fresh first, then by name: the name order
   * walked once for fresh slots and, if that falls short, once more for stale ones.
   */
  private topByName(mask: Bitset, k: number): Int32Array {
    const out = new Int32Array(k);
    const n = this.takeFreshFirst(this.rankOrder, 0, this.rankOrder.length, mask, out, 0);
    return out.subarray(0, n);
  }

  /** Whether `slot` counts as fresh in this search (always, when the query sets no cut-off). */
  private isFresh(slot: number): number {
    return this.keyAllFresh ? 1 : ((this.keyFresh[slot >>> 5] ?? 0) >>> (slot & 31)) & 1;
  }

  /**
   * Appends to `out` (from `n` until it is full) the slots of `order[start, end)` that are in
   * `mask`, fresh ones first, each group in `order`; returns the new length.
   */
  private takeFreshFirst(
    order: Int32Array,
    start: number,
    end: number,
    mask: Bitset,
    out: Int32Array,
    n: number,
  ): number {
    const k = out.length;
    for (let pass = 1; pass >= 0 && n < k; pass--) {
      for (let i = start; i < end && n < k; i++) {
        const slot = order[i] ?? 0;
        if ((((mask[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 0) continue;
        if (this.isFresh(slot) === pass) out[n++] = slot;
      }
      if (this.keyAllFresh) break;
    }
    return n;
  }

  /**
   * Sets the order of a saved text match: slots by tier (descending), score (descending) and name
   * rank, and where each tier ends. Tiers are few, so slots are bucketed by tier and each bucket
   * sorted natively as numbers packing the score's bits (a non-negative float orders as its bits)
   * above the name rank, which gives back the slot; a comparator sort is kept for what does not
   * pack (a negative score, more ranks than the low bits hold).
   */
  private sortTextOrder(saved: SavedMatches): void {
    const rank = this.keyRank;
    const n = saved.slots.length;
    const slots = saved.slots;
    const tiers = saved.tiers;
    const scores = saved.scores;
    const scoreBits = new Uint32Array(scores.buffer, scores.byteOffset, n);
    let packable = this.rankOrder.length <= RANK_SPAN;
    for (let i = 0; i < n && packable; i++) packable = (scoreBits[i] ?? 0) < 0x80000000;
    const order = new Int32Array(n);
    const ends: number[] = [];
    if (packable) {
      const sizes = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const tier = tiers[i] ?? 0;
        sizes.set(tier, (sizes.get(tier) ?? 0) + 1);
      }
      const tierList = [...sizes.keys()].sort((a, b) => b - a);
      const starts = new Map<number, number>();
      let at = 0;
      for (const tier of tierList) {
        starts.set(tier, at);
        at += sizes.get(tier) ?? 0;
        ends.push(at);
      }
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const tier = tiers[i] ?? 0;
        const place = starts.get(tier) ?? 0;
        starts.set(tier, place + 1);
        keys[place] = (0xffffffff - (scoreBits[i] ?? 0)) * RANK_SPAN + (rank[slots[i] ?? 0] ?? 0);
      }
      let start = 0;
      for (const end of ends) {
        keys.subarray(start, end).sort();
        start = end;
      }
      const byRank = this.rankOrder;
      for (let i = 0; i < n; i++) order[i] = byRank[(keys[i] ?? 0) % RANK_SPAN] ?? 0;
    } else {
      const positions = new Int32Array(n);
      for (let i = 0; i < n; i++) positions[i] = i;
      positions.sort((a, b) => {
        const ta = tiers[a] ?? 0;
        const tb = tiers[b] ?? 0;
        if (ta !== tb) return tb - ta;
        const sa = scores[a] ?? 0;
        const sb = scores[b] ?? 0;
        if (sa !== sb) return sb - sa;
        return (rank[slots[a] ?? 0] ?? 0) - (rank[slots[b] ?? 0] ?? 0);
      });
      for (let i = 0; i < n; i++) {
        const at = positions[i] ?? 0;
        order[i] = slots[at] ?? 0;
        if (i > 0 && tiers[at] !== tiers[positions[i - 1] ?? 0]) ends.push(i);
      }
      if (n > 0) ends.push(n);
    }
    saved.order = order;
    saved.tierEnds = Int32Array.from(ends);
  }

  /**
   * The best `k` slots of `mask`, all within the replayed text match `saved`, when the order is
   * text tier, fresh first, score, name: the match's own order (tier, score, name; sorted once
   * and kept with it) walked tier by tier, fresh slots first, until the page is full.
   */
  private topByText(mask: Bitset, k: number, saved: SavedMatches): Int32Array {
    if (saved.order === undefined || saved.tierEnds === undefined) this.sortTextOrder(saved);
    const order = saved.order ?? new Int32Array(0);
    const tierEnds = saved.tierEnds ?? new Int32Array(0);
    const out = new Int32Array(k);
    let n = 0;
    let start = 0;
    for (let g = 0; g < tierEnds.length && n < k; g++) {
      const end = tierEnds[g] ?? 0;
      n = this.takeFreshFirst(order, start, end, mask, out, n);
      start = end;
    }
    return out.subarray(0, n);
  }

  /** Records the keys `before` compares for `slot`. */
  private writeKey(slot: number, primary: number): void {
    this.primary[slot] = primary;
    this.score[slot] = this.keyMatches === null ? 0 : (this.keyMatches.scores[slot] ?? 0);
  }

  /** Whether `a` ranks before `b` (both with keys computed): primary, distance, score, name. */
  private before(a: number, b: number): boolean {
    const primary = this.primary;
    const pa = primary[a] ?? 0;
    const pb = primary[b] ?? 0;
    if (pa !== pb) return pa > pb;
    if (this.keyUseDistance) {
      const da = this.distance[a] ?? 0;
      const db = this.distance[b] ?? 0;
      if (da !== db) return da < db;
    }
    const sa = this.score[a] ?? 0;
    const sb = this.score[b] ?? 0;
    if (sa !== sb) return sa > sb;
    return (this.keyRank[a] ?? 0) < (this.keyRank[b] ?? 0);
  }

  /** The ranking key prepareKeys set, for a pass over the mask to read into locals once. */
  private keys() {
    const matches = this.keyMatches;
    return {
      available: this.keyAvailable >= 0,
      byDistance: this.keyByDistance,
      allFresh: this.keyAllFresh,
      freshBits: this.keyFresh,
      tiers: matches === null ? null : matches.tiers,
      scores: matches === null ? null : matches.scores,
      useDistance: this.keyUseDistance,
    };
  }

  /**
   * Facet value counts over `mask` for the packable `fields` (into `packedCounts`): one pass over
   * the set bits counting each slot's joint combination (or, when the index holds too many of
   * those, its combination per field), then each combination's count spread over its values.
   */
  private countCombinations(mask: Bitset, fields: readonly number[], jointCounted: boolean): void {
    const counts = this.packedCounts;
    counts.fill(0);
    const comboValues = this.cols.facetComboValues;
    const combos = this.cols.facetCombo;
    const fieldCount = fields.length;
    const columns = this.facetColumns;
    const starts = this.facetStarts;
    let histSize = 0;
    for (let i = 0; i < fieldCount; i++) {
      const f = fields[i] ?? 0;
      columns[i] = f;
      starts[i] = histSize;
      histSize += comboValues[f]?.length ?? 0;
    }
    if (this.facetHistogram.length < histSize) this.facetHistogram = new Int32Array(histSize);
    const hist = this.facetHistogram;
    hist.fill(0, 0, histSize);
    if (this.cols.facetJointCount <= MAX_JOINT_COMBINATIONS) {
      if (!jointCounted) {
        this.ensureJointScratch();
        countJointCombinations(mask, this.cols.facetJoint, this.jointHistogram, this.jointMet);
      }
      this.addJointCounts(fieldCount);
    } else if (fieldCount === FACET_FIELDS.length) {
      countAllCombinations(mask, combos, hist, starts);
    } else {
      for (let w = 0; w < mask.length; w++) {
        let word = mask[w] ?? 0;
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const base = ((w << 5) + 31 - Math.clz32(low)) * FACET_FIELDS.length;
          for (let i = 0; i < fieldCount; i++) {
            const at = (starts[i] ?? 0) + (combos[base + (columns[i] ?? 0)] ?? 0);
            hist[at] = (hist[at] ?? 0) + 1;
          }
        }
      }
    }
    for (let i = 0; i < fieldCount; i++) {
      const f = columns[i] ?? 0;
      const values = comboValues[f] ?? [];
      const start = starts[i] ?? 0;
      for (let c = 0; c < values.length; c++) {
        const n = hist[start + c] ?? 0;
        if (n === 0) continue;
        let bits = values[c] ?? 0;
        while (bits !== 0) {
          const bit = bits & -bits;
          bits ^= bit;
          const ord = f * 32 + 31 - Math.clz32(bit);
          counts[ord] = (counts[ord] ?? 0) + n;
        }
      }
    }
  }

  /** Room in the joint histogram and its marks for every joint combination of the index. */
  private ensureJointScratch(): void {
    const combinations = this.cols.facetJointCount;
    if (this.jointHistogram.length >= combinations) return;
    this.jointHistogram = new Int32Array(combinations * 2);
    this.jointMet = createBitset(combinations * 2);
  }

  /**
   * Moves the joint combinations' counts (`jointHistogram`, those marked in `jointMet`) to the
   * counted fields' combinations in `facetHistogram`, leaving the joint histogram and marks all
   * zero for the next search.
   */
  private addJointCounts(fieldCount: number): void {
    const hist = this.facetHistogram;
    const joint = this.jointHistogram;
    const met = this.jointMet;
    const parts = this.cols.facetJointCombos.data;
    const columns = this.facetColumns;
    const starts = this.facetStarts;
    for (let w = 0; w < met.length; w++) {
      let word = met[w] ?? 0;
      if (word === 0) continue;
      met[w] = 0;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const j = (w << 5) + 31 - Math.clz32(low);
        const n = joint[j] ?? 0;
        joint[j] = 0;
        for (let i = 0; i < fieldCount; i++) {
          const at = (starts[i] ?? 0) + (parts[3 * j + (columns[i] ?? 0)] ?? 0);
          hist[at] = (hist[at] ?? 0) + n;
        }
      }
    }
  }

  /**
   * The best `k` slots of `mask` in rank order: one pass over the set bits with a bounded heap
   * whose root is the worst kept slot, so most slots are turned away on the primary key alone.
   * With `countJoints`, the pass also counts each slot's joint facet combination, as
   * `countJointCombinations` would.
   */
  private topOfMask(mask: Bitset, k: number, countJoints = false): Int32Array {
    if (k <= 0) return new Int32Array(0);
    if (this.heap.length < k) this.heap = new Int32Array(k);
    if (countJoints) this.ensureJointScratch();
    const joint = this.cols.facetJoint;
    const jointHist = this.jointHistogram;
    const jointMet = this.jointMet;
    const heap = this.heap;
    const primary = this.primary;
    const { available, byDistance, allFresh, freshBits, tiers, scores, useDistance } = this.keys();
    const distance = this.distance;
    const score = this.score;
    const rank = this.keyRank;
    let size = 0;
    for (let w = 0; w < mask.length; w++) {
      let word = mask[w] ?? 0;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const slot = (w << 5) + 31 - Math.clz32(low);
        // As countJointCombinations, sparing the facet counts a pass of their own.
        if (countJoints) countJoint(joint[slot] ?? 0, jointHist, jointMet);
        // primaryOf, inlined for the common case (no capacity in the order).
        let p: number;
        if (available) p = this.primaryOf(slot);
        else if (byDistance) p = 0;
        else {
          const fresh = allFresh ? 1 : ((freshBits[slot >>> 5] ?? 0) >>> (slot & 31)) & 1;
          p = tiers === null ? fresh : (tiers[slot] ?? 0) * 2 + fresh;
        }
        if (size < k) {
          this.writeKey(slot, p);
          // Sift up: the root holds the worst.
          let i = size++;
          while (i > 0) {
            const parent = (i - 1) >> 1;
            const p = heap[parent] ?? 0;
            if (!this.before(p, slot)) break;
            heap[i] = p;
            i = parent;
          }
          heap[i] = slot;
          continue;
        }
        const root = heap[0] ?? 0;
        const rootPrimary = primary[root] ?? 0;
        if (p < rootPrimary) continue;
        // A tie on the primary key is mostly settled by the next key (distance, else score, or
        // the name order when there is no score), read straight from where writeKey would copy it.
        if (
          p === rootPrimary &&
          (useDistance
            ? (distance[slot] ?? 0) > (distance[root] ?? 0)
            : scores !== null
              ? (scores[slot] ?? 0) < (score[root] ?? 0)
              : (rank[slot] ?? 0) > (rank[root] ?? 0))
        )
          continue;
        this.writeKey(slot, p);
        if (p === rootPrimary && !this.before(slot, root)) continue;
        // Sift the new slot down from the root.
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          if (left >= size) break;
          const right = left + 1;
          let worst = left;
          if (right < size && this.before(heap[left] ?? 0, heap[right] ?? 0)) worst = right;
          const wSlot = heap[worst] ?? 0;
          if (!this.before(slot, wSlot)) break;
          heap[i] = wSlot;
          i = worst;
        }
        heap[i] = slot;
      }
    }
    const out = heap.slice(0, size);
    out.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
    return out;
  }

  private addDoc(doc: SearchDocument): void {
    const slot = this.cols.add(doc);
    this.text.add(slot, doc);
    this.docs.add(slot, doc, this.cols.serviceOrd[slot] ?? 0);
    this.slotById.set(doc.id, slot);
  }

  private removeSlot(slot: number): void {
    const id = this.docs.id(slot);
    if (id === undefined) return;
    this.cols.remove(slot);
    this.text.remove(slot);
    this.docs.remove(slot);
    if (this.slotById.get(id) === slot) this.slotById.delete(id);
  }

  private maybeCompact(): void {
    const dead = this.cols.size - this.cols.aliveCount;
    if (dead < MIN_TOMBSTONES || dead < this.cols.size * COMPACT_RATIO) return;
    const old = this.docs;
    const oldCols = this.cols;
    // Live documents are indexed afresh in place order, as a rebuild indexes them: those added
    // since (at the end) join their place.
    const order = new PlaceOrder();
    const services = oldCols.tags.serviceId.values;
    for (let slot = 0; slot < oldCols.size; slot++) {
      order.add(
        services[oldCols.serviceOrd[slot] ?? 0] ?? '',
        oldCols.latitude[slot] ?? Number.NaN,
        oldCols.longitude[slot] ?? Number.NaN,
      );
    }
    const slots = order.order((slot) => old.id(slot) !== undefined);
    this.cols = new Columns();
    this.text = new TextIndex();
    this.docs = new DocumentStore();
    this.slotById.clear();
    this.cols.reserve(slots.length);
    this.text.reserve(slots.length);
    for (const slot of slots) {
      const doc = old.get(slot);
      if (doc !== undefined) this.addDoc(doc);
    }
    this.docs.settle();
    this.nameRankValid = false;
    this.generation++;
  }

  /** Slot order by (name, id): the final, deterministic tie-break. */
  private ranks(): Int32Array {
    if (this.nameRankValid && this.nameRank.length >= this.cols.size) return this.nameRank;
    const keys: string[] = [];
    const slots: number[] = [];
    for (let slot = 0; slot < this.cols.size; slot++) {
      const id = this.docs.id(slot);
      if (id === undefined) continue;
      slots.push(slot);
      keys[slot] = `${this.docs.name(slot).toLowerCase()}\u0000${id}`;
    }
    slots.sort((a, b) => {
      const ka = keys[a] ?? '';
      const kb = keys[b] ?? '';
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    const rank = new Int32Array(this.cols.size);
    for (let i = 0; i < slots.length; i++) rank[slots[i] ?? 0] = i;
    this.nameRank = rank;
    this.rankOrder = Int32Array.from(slots);
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

  /**
   * The text matches within the radius, with their distance key recorded: each match tested
   * alone, or, when the grid cells around the place hold fewer sites than that (a common word,
   * a small radius), the sites in the radius intersected with the match's bit set.
   */
  private matchesNear(matches: TextMatches, reused: SavedMatches | null, near: Near): Bitset {
    const cols = this.cols;
    const cells = this.cellsNear(near);
    let inCells = 0;
    let firstSlot = cols.size;
    let lastSlot = -1;
    for (const cell of cells) {
      if (cell.length === 0) continue;
      inCells += cell.length;
      // A cell's slots are ascending (added in slot order).
      firstSlot = Math.min(firstSlot, cell.slots[0] ?? 0);
      lastSlot = Math.max(lastSlot, cell.slots[cell.length - 1] ?? 0);
    }
    // A replayed match's slots are ascending: only those between the cells' first and last slot
    // can lie in them, few when the directory is in place order (see fillInPlaceOrder).
    const slots = matches.slots;
    let from = 0;
    let to = matches.count;
    if (reused !== null) {
      from = firstAtLeast(slots, firstSlot, 0);
      to = firstAtLeast(slots, lastSlot + 1, from);
    }
    if (inCells < (to - from) * CELLS_PER_MATCH) {
      const mask = this.scanCells(cells, near);
      let bits = reused?.bits;
      if (bits === undefined) {
        bits = createBitset(cols.size);
        for (let i = 0; i < matches.count; i++) setBit(bits, matches.slots[i] ?? 0);
        if (reused !== null) reused.bits = bits;
      }
      for (let w = 0; w < mask.length; w++) mask[w] = (mask[w] ?? 0) & (bits[w] ?? 0);
      return mask;
    }
    const mask = createBitset(cols.size);
    const { x, y, z, minDot } = this.radiusBounds(near);
    const xyz = cols.xyz;
    const distance = this.distance;
    for (let i = from; i < to; i++) {
      const slot = slots[i] ?? 0;
      const at = 3 * slot;
      const dot = (xyz[at] ?? 0) * x + (xyz[at + 1] ?? 0) * y + (xyz[at + 2] ?? 0) * z;
      // NaN (no location) fails the comparison.
      if (!(dot >= minDot)) continue;
      distance[slot] = 1 - dot;
      mask[slot >>> 5] = (mask[slot >>> 5] ?? 0) | (1 << (slot & 31));
    }
    return mask;
  }

  /** Live slots within the radius, with their distance key recorded. */
  private radiusMask(near: Near): Bitset {
    const mask = this.scanCells(this.cellsNear(near), near);
    const alive = this.cols.aliveBits;
    for (let w = 0; w < mask.length; w++) mask[w] = (mask[w] ?? 0) & (alive[w] ?? 0);
    return mask;
  }

  /**
   * Slots of `cells` within the radius, live or not, with their distance key recorded (one
   * sequential pass over each cell's points).
   */
  private scanCells(cells: readonly GridCell[], near: Near): Bitset {
    const mask = createBitset(this.cols.size);
    const { x, y, z, minDot } = this.radiusBounds(near);
    const distance = this.distance;
    for (const cell of cells) {
      const slots = cell.slots;
      const xyz = cell.xyz;
      for (let i = 0; i < cell.length; i++) {
        const dot = (xyz[3 * i] ?? 0) * x + (xyz[3 * i + 1] ?? 0) * y + (xyz[3 * i + 2] ?? 0) * z;
        if (dot < minDot) continue;
        const slot = slots[i] ?? 0;
        distance[slot] = 1 - dot;
        mask[slot >>> 5] = (mask[slot >>> 5] ?? 0) | (1 << (slot & 31));
      }
    }
    return mask;
  }

  /** The grid cells overlapping the bounding box of the radius (every cell near a pole). */
  private cellsNear(near: Near): GridCell[] {
    const cols = this.cols;
    // The circle's exact extent on the sphere the radius test uses, and a hair more for rounding:
    // every point it keeps lies in these cells.
    const angle = Math.min(Math.PI, Math.max(0, near.radiusKm) / EARTH_RADIUS_KM);
    const latSpan = angle / DEG + 1e-9;
    const cosLat = Math.cos(near.latitude * DEG);
    const sinAngle = Math.sin(angle);
    const lngSpan =
      angle >= Math.PI / 2 || sinAngle >= cosLat
        ? 360
        : Math.min(360, Math.asin(sinAngle / cosLat) / DEG + 1e-9);
    const minLat = near.latitude - latSpan;
    const maxLat = near.latitude + latSpan;
    const poleCrossed = minLat <= -90 || maxLat >= 90 || lngSpan >= 180;
    if (poleCrossed) return [...cols.grid.values()];
    const cells: GridCell[] = [];
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
          const cell = cols.grid.get(row * 4000 + col);
          if (cell !== undefined) cells.push(cell);
        }
      }
    }
    return cells;
  }

  /**
   * Multi-site slots whose service's live multi-site slots are not one run in slot order (no
   * other service's multi-site slot between them): what `distinctMask` must track per service.
   * Sites of a service are indexed together, so this is mostly empty; kept per generation.
   */
  private scatteredSites(): Bitset {
    if (this.scatteredGeneration === this.generation) return this.scattered;
    const cols = this.cols;
    const multi = cols.multiSite;
    const alive = cols.aliveBits;
    const serviceOrd = cols.serviceOrd;
    const services = cols.tags.serviceId.values.length;
    const lastAt = new Int32Array(services).fill(-1);
    const split = new Uint8Array(services);
    let any = false;
    let at = 0;
    const words = Math.min(multi.length, alive.length);
    for (let w = 0; w < words; w++) {
      let word = (multi[w] ?? 0) & (alive[w] ?? 0);
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const svc = serviceOrd[(w << 5) + 31 - Math.clz32(low)] ?? 0;
        const last = lastAt[svc] ?? -1;
        if (last >= 0 && last !== at - 1) {
          split[svc] = 1;
          any = true;
        }
        lastAt[svc] = at++;
      }
    }
    const scattered = createBitset(cols.size);
    if (any) {
      for (let w = 0; w < words; w++) {
        let word = (multi[w] ?? 0) & (alive[w] ?? 0);
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const slot = (w << 5) + 31 - Math.clz32(low);
          if (split[serviceOrd[slot] ?? 0] === 1) setBit(scattered, slot);
        }
      }
    }
    this.scattered = scattered;
    this.scatteredGeneration = this.generation;
    return scattered;
  }

  /**
   * Keeps the best-ranked site per service in `mask`. Only slots of services with several sites
   * can collide, so only those are visited, in slot order: a service whose sites form one run
   * among them is settled by comparing each slot with the best of the run so far, kept in locals;
   * the rarer service with scattered sites keeps its best per service. Two slots are compared as
   * `before` would, on keys read in place rather than written first.
   */
  private distinctMask(mask: Bitset): void {
    const services = this.cols.tags.serviceId.values.length;
    if (this.serviceStamp.length < services) {
      this.serviceStamp = growInt32(this.serviceStamp, services);
      this.serviceBest = growInt32(this.serviceBest, services);
    }
    const scattered = this.scatteredSites();
    const stamp = ++this.stamp;
    const serviceStamp = this.serviceStamp;
    const serviceBest = this.serviceBest;
    const serviceOrd = this.cols.serviceOrd;
    const multi = this.cols.multiSite;
    const { available, byDistance, allFresh, freshBits, tiers, scores, useDistance } = this.keys();
    const distance = this.distance;
    const rank = this.keyRank;
    // primaryOf, inlined for the common case (no capacity in the order).
    const primaryOf = (slot: number): number => {
      if (available) return this.primaryOf(slot);
      if (byDistance) return 0;
      const fresh = allFresh ? 1 : ((freshBits[slot >>> 5] ?? 0) >>> (slot & 31)) & 1;
      return tiers === null ? fresh : (tiers[slot] ?? 0) * 2 + fresh;
    };
    /** Whether `slot` ranks before `best`: primary, distance, score, name (as `before`). */
    const wins = (slot: number, best: number): boolean => {
      const pa = primaryOf(slot);
      const pb = primaryOf(best);
      if (pa !== pb) return pa > pb;
      if (useDistance) {
        const da = distance[slot] ?? 0;
        const db = distance[best] ?? 0;
        if (da !== db) return da < db;
      }
      if (scores !== null) {
        const sa = scores[slot] ?? 0;
        const sb = scores[best] ?? 0;
        if (sa !== sb) return sa > sb;
      }
      return (rank[slot] ?? 0) < (rank[best] ?? 0);
    };
    let runService = -1;
    let runBest = 0;
    // The keys of `runBest`, read once the run has a second slot (most have one in the mask).
    let bestKnown = false;
    let bestPrimary = 0;
    let bestDistance = 0;
    let bestScore = 0;
    let bestRank = 0;
    const words = Math.min(mask.length, multi.length);
    for (let w = 0; w < words; w++) {
      const inMulti = (mask[w] ?? 0) & (multi[w] ?? 0);
      if (inMulti === 0) continue;
      const spread = scattered[w] ?? 0;
      let word = inMulti;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const slot = (w << 5) + 31 - Math.clz32(low);
        const svc = serviceOrd[slot] ?? 0;
        let loser: number;
        if ((spread & low) === 0) {
          if (svc !== runService) {
            runService = svc;
            runBest = slot;
            bestKnown = false;
            continue;
          }
          if (!bestKnown) {
            bestPrimary = primaryOf(runBest);
            bestDistance = useDistance ? (distance[runBest] ?? 0) : 0;
            bestScore = scores === null ? 0 : (scores[runBest] ?? 0);
            bestRank = rank[runBest] ?? 0;
            bestKnown = true;
          }
          // `wins(slot, runBest)` against the keys held.
          const p = primaryOf(slot);
          const d = useDistance ? (distance[slot] ?? 0) : 0;
          const sc = scores === null ? 0 : (scores[slot] ?? 0);
          const r = rank[slot] ?? 0;
          const slotWins =
            p !== bestPrimary
              ? p > bestPrimary
              : d !== bestDistance
                ? d < bestDistance
                : sc !== bestScore
                  ? sc > bestScore
                  : r < bestRank;
          loser = slot;
          if (slotWins) {
            loser = runBest;
            runBest = slot;
            bestPrimary = p;
            bestDistance = d;
            bestScore = sc;
            bestRank = r;
          }
        } else {
          if (serviceStamp[svc] !== stamp) {
            serviceStamp[svc] = stamp;
            serviceBest[svc] = slot;
            continue;
          }
          loser = slot;
          const best = serviceBest[svc] ?? 0;
          if (wins(slot, best)) {
            loser = best;
            serviceBest[svc] = slot;
          }
        }
        mask[loser >>> 5] = (mask[loser >>> 5] ?? 0) & ~(1 << (loser & 31));
      }
    }
  }

  /** Value counts of `field` over the slots in `matched`, by AND and popcount per value. */
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
    if (size <= this.primary.length) return;
    this.primary = growFloat64(this.primary, size);
    this.distance = growFloat64(this.distance, size);
    this.score = growFloat64(this.score, size);
  }
}
