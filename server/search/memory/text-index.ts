import { tokenize } from '../../lib/tokenize.ts';
import type { SearchDocument } from '../engine.ts';
import { ascendingOrder } from './ascending-order.ts';
import { countBits } from './bitset.ts';
import { growFloat32, growInt32, growUint8, growUint16, IntList } from './int-list.ts';
import { allowedTypos, typoCost } from './typo.ts';

/** Searchable fields in rank order: a lower index is a more important attribute. */
export const TEXT_FIELDS = ['name', 'keywords', 'organizationName', 'description'] as const;
const FIELD_WEIGHTS = [8, 4, 2, 1];
const FIELD_COUNT = 4;
const K1 = 1.2;
const B = 0.75;
const MAX_PREFIX_TERMS = 40;
const VARIANT_CACHE_LIMIT = 10_000;
/** Score multipliers by how a query word reached a term. */
const EXACT = 1;
const PREFIX = 0.75;
const SYNONYM = 0.8;
const TYPO_PENALTY = [1, 0.55, 0.35];
const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);

/** How one query word reaches one dictionary term. */
export type Variant = { term: number; typos: number; penalty: number };

/** Per-slot match state of the last `match` call; valid for the slots it lists. */
export type TextMatches = {
  slots: Int32Array<ArrayBuffer>;
  count: number;
  words: Uint8Array<ArrayBuffer>;
  typos: Uint8Array<ArrayBuffer>;
  attributes: Uint8Array<ArrayBuffer>;
  scores: Float32Array<ArrayBuffer>;
  /** words * 10000 - typos * 100 - attributes: the text part of the ranking key, per slot. */
  tiers: Int32Array<ArrayBuffer>;
  /** Number of query words (the AND requirement). */
  wordCount: number;
  /** True when no document had every word and the result holds documents with any word. */
  fellBack: boolean;
};

function documentFields(doc: SearchDocument): string[] {
  return [
    doc.name,
    `${doc.keywords.join(' ')} ${doc.categories.map((c) => c.replace(/[-_]/g, ' ')).join(' ')}`,
    doc.organizationName,
    doc.description,
  ];
}

/**
 * A compact copy of a `match` result, to replay without walking postings again: the slots and,
 * by position, what ranking reads (tiers and scores).
 */
export type SavedMatches = {
  /** Ascending. */
  slots: Int32Array<ArrayBuffer>;
  scores: Float32Array<ArrayBuffer>;
  tiers: Int32Array<ArrayBuffer>;
  wordCount: number;
  fellBack: boolean;
  /** The slots as a bit set: set by the engine on first use, copied as a search's mask. */
  bits?: Uint32Array;
  /** Slots by tier, score and name, and where each tier ends: set by the engine on reuse. */
  order?: Int32Array;
  tierEnds?: Int32Array;
};

/** Saved matches at least this many are restored by search when the slots to rank are few. */
const SPARSE_RESTORE_MIN = 1024;
/** Few: fewer than one slot to rank in this many saved matches. */
const SPARSE_RESTORE_RATIO = 16;

/**
 * The order that puts the first `n` of `slots` in ascending slot order, or null when they are
 * already (a single word's postings are walked in slot order; variants' postings are not).
 */
function slotOrder(slots: Int32Array, n: number): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = (slots[i - 1] ?? 0) < (slots[i] ?? 0);
  return sorted ? null : ascendingOrder(slots, n);
}

/**
 * The first index at or after `from` (and before `n`) whose slot in the ascending `slots` is at
 * least `slot`; `n` when there is none.
 */
export function firstAtLeast(
  slots: Int32Array,
  slot: number,
  from: number,
  n = slots.length,
): number {
  let step = 1;
  let lo = from;
  let hi = from;
  // Gallop ahead, then bisect the last step.
  while (hi < n && (slots[hi] ?? 0) < slot) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((slots[mid] ?? 0) < slot) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds one query word's match in `slot` (its typos, attribute and score) to the slot's totals in
 * `r`, entering the slot at its first word of query `q` (stamped in `stamps`); when `narrowing`,
 * a slot no earlier word matched stays out.
 */
function addWordMatch(
  r: TextMatches,
  stamps: Int32Array,
  q: number,
  narrowing: boolean,
  slot: number,
  typos: number,
  attr: number,
  score: number,
): void {
  if (stamps[slot] !== q) {
    if (narrowing) return;
    stamps[slot] = q;
    r.words[slot] = 0;
    r.typos[slot] = 0;
    r.attributes[slot] = 0;
    r.scores[slot] = 0;
    r.slots[r.count++] = slot;
  }
  r.words[slot] = (r.words[slot] ?? 0) + 1;
  r.typos[slot] = (r.typos[slot] ?? 0) + typos;
  r.attributes[slot] = (r.attributes[slot] ?? 0) + attr;
  r.scores[slot] = (r.scores[slot] ?? 0) + score;
}

/** An inverted index whose postings (slot, packed per-field term frequency) live in typed arrays. */
export class TextIndex {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly postSlots: IntList[] = [];
  /** Term frequency per field, one byte each, packed name | keywords << 8 | org << 16 | desc << 24. */
  private readonly postTf: IntList[] = [];
  /** Terms grouped by `firstChar:length`, scanned for typo candidates. */
  private readonly buckets = new Map<string, number[]>();
  private sortedTerms: string[] = [];
  private sortedDirty = false;
  private readonly variantCache = new Map<string, Variant[]>();
  /** Per-term scoring inputs per posting, valid while `impactVersion[term] === statsVersion`. */
  private readonly impactTfw: Array<Float64Array<ArrayBuffer> | undefined> = [];
  private readonly impactAttr: Array<Uint8Array<ArrayBuffer> | undefined> = [];
  private readonly impactVersion: number[] = [];
  /** Bumped whenever a document is added or removed (lengths and averages move). */
  private statsVersion = 0;

  private fieldLengths = new Uint16Array(4096);
  /** Scratch for `add`: packed frequencies of the document being indexed, by term. */
  private termTf = new Int32Array(1024);
  private readonly docTerms = new IntList(256);
  private readonly fieldTotals = new Float64Array(FIELD_COUNT);
  private docCount = 0;

  private queryStamp = new Int32Array(1024);
  private wordStamp = new Int32Array(1024);
  private stamp = 0;
  private wordTypos = new Uint8Array(1024);
  private wordAttr = new Uint8Array(1024);
  private wordScore = new Float32Array(1024);
  private touched = new Int32Array(1024);
  private positions = new Int32Array(1024);
  private readonly result: TextMatches = {
    slots: new Int32Array(1024),
    count: 0,
    words: new Uint8Array(1024),
    typos: new Uint8Array(1024),
    attributes: new Uint8Array(1024),
    scores: new Float32Array(1024),
    tiers: new Int32Array(1024),
    wordCount: 0,
    fellBack: false,
  };

  /** Indexes the searchable fields of `doc` at `slot`. */
  add(slot: number, doc: SearchDocument): void {
    this.ensure(slot + 1);
    const fields = documentFields(doc);
    const docTerms = this.docTerms;
    docTerms.clear();
    for (let f = 0; f < FIELD_COUNT; f++) {
      const words = tokenize(fields[f] ?? '');
      const length = Math.min(words.length, 65535);
      this.fieldLengths[slot * FIELD_COUNT + f] = length;
      this.fieldTotals[f] = (this.fieldTotals[f] ?? 0) + length;
      const shift = f * 8;
      for (const word of words) {
        const term = this.termId(word);
        if (term >= this.termTf.length) this.termTf = growInt32(this.termTf, term + 1);
        const packed = this.termTf[term] ?? 0;
        if (packed === 0) docTerms.push(term);
        if (((packed >>> shift) & 0xff) < 255) this.termTf[term] = packed + (1 << shift);
      }
    }
    for (let i = 0; i < docTerms.length; i++) {
      const term = docTerms.data[i] ?? 0;
      this.postSlots[term]?.push(slot);
      this.postTf[term]?.push(this.termTf[term] ?? 0);
      this.termTf[term] = 0;
    }
    this.docCount++;
    this.statsVersion++;
  }

  /** Accounts for a tombstoned slot in length statistics. */
  remove(slot: number): void {
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.fieldTotals[f] =
        (this.fieldTotals[f] ?? 0) - (this.fieldLengths[slot * FIELD_COUNT + f] ?? 0);
    }
    this.docCount--;
    this.statsVersion++;
  }

  private termId(word: string): number {
    let id = this.termIds.get(word);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(word, id);
      this.terms.push(word);
      this.postSlots.push(new IntList(2));
      this.postTf.push(new IntList(2));
      const key = `${word.charCodeAt(0)}:${word.length}`;
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = [];
        this.buckets.set(key, bucket);
      }
      bucket.push(id);
      this.sortedDirty = true;
      if (this.variantCache.size > 0) this.variantCache.clear();
    }
    return id;
  }

  /** Dictionary terms a query word reaches: exact, within its typo budget, and by prefix if last. */
  variants(word: string, prefixOf: string | null): Variant[] {
    const key = `${word}|${prefixOf ?? ''}`;
    const cached = this.variantCache.get(key);
    if (cached !== undefined) return cached;
    const found = new Map<number, Variant>();
    const exact = this.termIds.get(word);
    if (exact !== undefined) found.set(exact, { term: exact, typos: 0, penalty: EXACT });
    const max = allowedTypos(word.length);
    if (max > 0) this.typoVariants(word, max, found);
    if (prefixOf !== null && prefixOf.length > 0) this.prefixVariants(prefixOf, found);
    const list = [...found.values()].sort((a, b) => a.term - b.term);
    if (this.variantCache.size >= VARIANT_CACHE_LIMIT) this.variantCache.clear();
    this.variantCache.set(key, list);
    return list;
  }

  /** The dictionary term a synonym reaches, exactly; null when no document has it. */
  synonymVariant(word: string): Variant | null {
    const term = this.termIds.get(word);
    return term === undefined ? null : { term, typos: 0, penalty: SYNONYM };
  }

  private typoVariants(word: string, max: number, found: Map<number, Variant>): void {
    const first = word.charCodeAt(0);
    const consider = (ids: number[] | undefined): void => {
      if (ids === undefined) return;
      for (const id of ids) {
        if (found.has(id)) continue;
        const term = this.terms[id] ?? '';
        const cost = typoCost(word, term, max);
        if (cost > 0 && cost <= max)
          found.set(id, { term: id, typos: cost, penalty: TYPO_PENALTY[cost] ?? 0.3 });
      }
    };
    for (let len = word.length - max; len <= word.length + max; len++) {
      consider(this.buckets.get(`${first}:${len}`));
    }
    if (max >= 2) {
      // A first-letter typo costs two, so only words allowed two typos reach other first letters.
      for (const [key, ids] of this.buckets) {
        const sep = key.indexOf(':');
        const len = Number(key.slice(sep + 1));
        if (Number(key.slice(0, sep)) === first || Math.abs(len - word.length) > 1) continue;
        consider(ids);
      }
    }
  }

  private prefixVariants(prefix: string, found: Map<number, Variant>): void {
    if (this.sortedDirty) {
      this.sortedTerms = [...this.terms].sort();
      this.sortedDirty = false;
    }
    const sorted = this.sortedTerms;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const hits: number[] = [];
    for (let i = lo; i < sorted.length; i++) {
      const term = sorted[i] ?? '';
      if (!term.startsWith(prefix)) break;
      const id = this.termIds.get(term);
      if (id !== undefined && !found.has(id)) hits.push(id);
    }
    // Keep the most common completions so a one-letter prefix stays cheap.
    if (hits.length > MAX_PREFIX_TERMS) {
      hits.sort(
        (a, b) => (this.postSlots[b]?.length ?? 0) - (this.postSlots[a]?.length ?? 0) || a - b,
      );
      hits.length = MAX_PREFIX_TERMS;
    }
    for (const id of hits) found.set(id, { term: id, typos: 0, penalty: PREFIX });
  }

  /**
   * Finds documents matching every query word (each through any of its variants), or, when none
   * does, documents matching any word. `alive` masks tombstoned slots.
   */
  match(wordVariants: Variant[][], alive: Uint8Array): TextMatches {
    const n = wordVariants.length;
    const order = wordVariants
      .map((variants, index) => ({
        index,
        variants,
        cost: variants.reduce((sum, v) => sum + (this.postSlots[v.term]?.length ?? 0), 0),
      }))
      .sort((a, b) => a.cost - b.cost || a.index - b.index);
    const r = this.result;
    r.wordCount = n;
    r.fellBack = false;
    this.run(
      order.map((o) => o.variants),
      alive,
      true,
    );
    if (r.count === 0 && n > 1) {
      r.fellBack = true;
      this.run(
        order.map((o) => o.variants),
        alive,
        false,
      );
    }
    for (let i = 0; i < r.count; i++) {
      const slot = r.slots[i] ?? 0;
      r.tiers[slot] =
        (r.words[slot] ?? 0) * 10000 - (r.typos[slot] ?? 0) * 100 - (r.attributes[slot] ?? 0);
    }
    return r;
  }

  /** Copies the current match result out, by position. */
  save(): SavedMatches {
    const r = this.result;
    const n = r.count;
    const order = slotOrder(r.slots, n);
    const saved: SavedMatches = {
      slots: new Int32Array(n),
      scores: new Float32Array(n),
      tiers: new Int32Array(n),
      wordCount: r.wordCount,
      fellBack: r.fellBack,
    };
    const scores = r.scores;
    const tiers = r.tiers;
    for (let i = 0; i < n; i++) {
      const slot = r.slots[order === null ? i : (order[i] ?? 0)] ?? 0;
      saved.slots[i] = slot;
      saved.scores[i] = scores[slot] ?? 0;
      saved.tiers[i] = tiers[slot] ?? 0;
    }
    return saved;
  }

  /**
   * Makes a saved result the current one again: its slots (the saved array itself, read only).
   * What ranking reads per slot is put back by `restoreKeys`, once the caller knows which slots
   * it will rank. Per-word state (words, typos, attributes) is not restored: only `match` reads
   * it, and it starts afresh.
   */
  restore(saved: SavedMatches): TextMatches {
    const r = this.result;
    return {
      ...r,
      slots: saved.slots,
      count: saved.slots.length,
      wordCount: saved.wordCount,
      fellBack: saved.fellBack,
    };
  }

  /**
   * Puts back the tier and score of each slot of the restored `saved` that is set in `within`.
   * When `within` holds few of them (a common word narrowed to a place), each is found in the
   * saved slots (ascending) by galloping from the last one found, rather than every saved slot
   * tested against `within`.
   */
  restoreKeys(saved: SavedMatches, within: Uint32Array): void {
    const r = this.result;
    const n = saved.slots.length;
    const slots = saved.slots;
    const savedScores = saved.scores;
    const savedTiers = saved.tiers;
    const scores = r.scores;
    const tiers = r.tiers;
    if (n >= SPARSE_RESTORE_MIN && countBits(within) * SPARSE_RESTORE_RATIO < n) {
      let at = 0;
      for (let w = 0; w < within.length && at < n; w++) {
        let word = within[w] ?? 0;
        while (word !== 0 && at < n) {
          const low = word & -word;
          word ^= low;
          const slot = (w << 5) + 31 - Math.clz32(low);
          at = firstAtLeast(slots, slot, at);
          if (at < n && slots[at] === slot) {
            scores[slot] = savedScores[at] ?? 0;
            tiers[slot] = savedTiers[at] ?? 0;
          }
        }
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const slot = slots[i] ?? 0;
      if ((((within[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 0) continue;
      scores[slot] = savedScores[i] ?? 0;
      tiers[slot] = savedTiers[i] ?? 0;
    }
  }

  private run(words: Variant[][], alive: Uint8Array, requireAll: boolean): void {
    const r = this.result;
    const q = ++this.stamp;
    r.count = 0;
    const avg = new Float64Array(FIELD_COUNT);
    const docs = Math.max(1, this.docCount);
    for (let f = 0; f < FIELD_COUNT; f++) avg[f] = Math.max(1, (this.fieldTotals[f] ?? 0) / docs);
    const queryStamp = this.queryStamp;
    const wordStamp = this.wordStamp;
    const wordTypos = this.wordTypos;
    const wordAttr = this.wordAttr;
    const wordScore = this.wordScore;
    const touched = this.touched;
    const rSlots = r.slots;
    const rWords = r.words;

    for (let wi = 0; wi < words.length; wi++) {
      const ws = ++this.stamp;
      const variants = words[wi] ?? [];
      /** Only slots that had every earlier word can still match (AND, after the first word). */
      const narrowing = wi > 0 && requireAll;
      /** Each slot is met once per word: results are written directly, without per-word state. */
      const once = variants.length === 1;
      let touchedCount = 0;
      let live = r.count;
      let sorted = false;
      if (narrowing) {
        live = 0;
        for (let i = 0; i < r.count; i++) {
          const slot = rSlots[i] ?? 0;
          if (rWords[slot] === wi) rSlots[live++] = slot;
        }
        r.count = live;
      }
      for (const v of variants) {
        const slotsList = this.postSlots[v.term];
        if (slotsList === undefined) continue;
        const df = slotsList.length;
        const idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
        const weight = idf * v.penalty * (K1 + 1);
        const typos = v.typos;
        const slots = slotsList.data;
        this.refreshImpacts(v.term, avg);
        const tfws = this.impactTfw[v.term] ?? EMPTY_F64;
        const attrs = this.impactAttr[v.term] ?? EMPTY_U8;
        // Few candidates against a long posting list: gallop through it instead of walking it,
        // noting the positions found.
        const gallop = narrowing && live * 8 < df;
        let positions = 0;
        if (gallop) {
          if (!sorted) {
            rSlots.subarray(0, live).sort();
            sorted = true;
          }
          const out = this.touchedPositions(live);
          let at = 0;
          for (let c = 0; c < live && at < df; c++) {
            const target = rSlots[c] ?? 0;
            at = firstAtLeast(slots, target, at, df);
            if (at < df && slots[at] === target) out[positions++] = at;
          }
        }
        const found = this.positions;
        const steps = gallop ? positions : df;
        for (let i = 0; i < steps; i++) {
          const p = gallop ? (found[i] ?? 0) : i;
          const slot = slots[p] ?? 0;
          if (alive[slot] !== 1) continue;
          if (narrowing && (queryStamp[slot] !== q || rWords[slot] !== wi)) continue;
          const tfw = tfws[p] ?? 0;
          const attr = attrs[p] ?? 0;
          const score = (weight * tfw) / (tfw + K1);
          if (once) {
            addWordMatch(r, queryStamp, q, narrowing, slot, typos, attr, Math.fround(score));
            continue;
          }
          if (wordStamp[slot] !== ws) {
            wordStamp[slot] = ws;
            wordTypos[slot] = typos;
            wordAttr[slot] = attr;
            wordScore[slot] = score;
            touched[touchedCount++] = slot;
          } else {
            const t = wordTypos[slot] ?? 0;
            const a = wordAttr[slot] ?? 0;
            if (
              typos < t ||
              (typos === t && (attr < a || (attr === a && score > (wordScore[slot] ?? 0))))
            ) {
              wordTypos[slot] = typos;
              wordAttr[slot] = attr;
              wordScore[slot] = score;
            }
          }
        }
      }
      for (let i = 0; i < touchedCount; i++) {
        const slot = touched[i] ?? 0;
        const typos = wordTypos[slot] ?? 0;
        const attr = wordAttr[slot] ?? 0;
        addWordMatch(r, queryStamp, q, narrowing, slot, typos, attr, wordScore[slot] ?? 0);
      }
    }
    if (requireAll && words.length > 1) {
      let kept = 0;
      for (let i = 0; i < r.count; i++) {
        const slot = rSlots[i] ?? 0;
        if (rWords[slot] === words.length) rSlots[kept++] = slot;
      }
      r.count = kept;
    }
  }

  /** Scratch for the posting positions a gallop finds, room for at least `size`. */
  private touchedPositions(size: number): Int32Array {
    if (this.positions.length < size) this.positions = new Int32Array(Math.max(size, 1024));
    return this.positions;
  }

  /**
   * Brings the per-posting scoring inputs of `term` up to date with the length statistics: the
   * field-weighted, length-normalised term frequency (the BM25 numerator before idf) and the most
   * important field the term is in. Kept per term until a document is added or removed, so a
   * search reads one number per posting instead of four fields and their lengths.
   */
  private refreshImpacts(term: number, avg: Float64Array): void {
    if (this.impactVersion[term] === this.statsVersion) return;
    const list = this.postTf[term];
    if (list === undefined) return;
    const df = list.length;
    let tfws = this.impactTfw[term];
    let attrs = this.impactAttr[term];
    if (tfws === undefined || attrs === undefined || tfws.length < df) {
      tfws = new Float64Array(list.data.length);
      attrs = new Uint8Array(list.data.length);
      this.impactTfw[term] = tfws;
      this.impactAttr[term] = attrs;
    }
    const slots = this.postSlots[term]?.data ?? EMPTY_I32;
    const packedTfs = list.data;
    const lengths = this.fieldLengths;
    for (let p = 0; p < df; p++) {
      const slot = slots[p] ?? 0;
      const packed = packedTfs[p] ?? 0;
      let tfw = 0;
      let attr = -1;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const tf = (packed >>> (f * 8)) & 0xff;
        if (tf === 0) continue;
        if (attr < 0) attr = f;
        const len = lengths[slot * FIELD_COUNT + f] ?? 0;
        tfw += ((FIELD_WEIGHTS[f] ?? 1) * tf) / (1 - B + (B * len) / (avg[f] ?? 1));
      }
      tfws[p] = tfw;
      attrs[p] = attr;
    }
    this.impactVersion[term] = this.statsVersion;
  }

  /** Makes room for `size` slots at once, as a rebuild that knows how many it will add does. */
  reserve(size: number): void {
    this.ensure(size);
  }

  private ensure(size: number): void {
    if (size <= this.queryStamp.length) {
      if (size * FIELD_COUNT > this.fieldLengths.length)
        this.fieldLengths = growUint16(this.fieldLengths, size * FIELD_COUNT);
      return;
    }
    this.fieldLengths = growUint16(this.fieldLengths, size * FIELD_COUNT);
    this.queryStamp = growInt32(this.queryStamp, size);
    const cap = this.queryStamp.length;
    this.wordStamp = growInt32(this.wordStamp, cap);
    this.wordTypos = growUint8(this.wordTypos, cap);
    this.wordAttr = growUint8(this.wordAttr, cap);
    this.wordScore = growFloat32(this.wordScore, cap);
    this.touched = growInt32(this.touched, cap);
    const r = this.result;
    r.slots = growInt32(r.slots, cap);
    r.words = growUint8(r.words, cap);
    r.typos = growUint8(r.typos, cap);
    r.attributes = growUint8(r.attributes, cap);
    r.scores = growFloat32(r.scores, cap);
    r.tiers = growInt32(r.tiers, cap);
  }
}
