import {
  type EnqueuedTaskPromise,
  type Index,
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  type MultiSearchParams,
  type SearchParams,
  type SearchResponse,
  type Settings,
  type Task,
} from 'meilisearch';
import { haversineKm } from '../lib/distance.ts';
import { tokenizeQuery } from '../lib/tokenize.ts';
import {
  type SearchDocument,
  SearchEngineError,
  type SearchHit,
  type SearchIndex,
  type SearchPoint,
  type SearchQuery,
  type SearchResult,
  type Synonyms,
} from './engine.ts';
import {
  availableAtFilter,
  FIRST_SITE,
  freshFilter,
  fromMeiliDocument,
  type MeiliDocument,
  SOLE_SITE,
  sortName,
  toMeiliDocument,
  toMeiliFilter,
  UNKNOWN_SITE,
  usesOpenAt,
  usesSiteFields,
} from './meilisearch-documents.ts';
import {
  anyRect,
  boxAround,
  circleBox,
  circleShapes,
  distanceFrom,
  insideCircle,
  type Near,
  type Rect,
  radiusM,
  rectFilter,
} from './meilisearch-geo.ts';
import { meilisearchTransport } from './meilisearch-http.ts';

/**
 * A query's circle as counted here (see `circleCounting`): its box, its radius filter, and the
 * filters of the rectangles inside it and of the band between them and the circle's edge (null
 * where it is counted by the radius filter alone).
 */
type CircleGeometry = {
  near: Near;
  box: Rect;
  radius: string;
  inner: string | null;
  band: string | null;
};

/** Matches and facet counts. */
type Tally = { total: number; facets: Record<string, Record<string, number>> };

/** A count settled, or the queries it still needs and what it does with their answers. */
type Step =
  | Tally
  | { more: SearchParams[]; then: (answers: Array<SearchResponse<MeiliDocument>>) => Step };

/**
 * The queries counting one part of a search, and how their answers settle into its tally: at
 * once, or after `more` queries (sent together with every other part's).
 */
type Counting = {
  queries: SearchParams[];
  settle: (answers: Array<SearchResponse<MeiliDocument>>) => Step;
};

/** The summed totals and facet distributions of counting answers. */
function tallyOf(answers: Array<SearchResponse<MeiliDocument>>, facets: readonly string[]): Tally {
  const tally: Tally = { total: 0, facets: {} };
  for (const field of facets) tally.facets[field] = {};
  for (const r of answers) {
    tally.total += r.totalHits ?? 0;
    for (const field of facets) {
      const sum = tally.facets[field] as Record<string, number>;
      for (const [value, n] of Object.entries(r.facetDistribution?.[field] ?? {}))
        sum[value] = (sum[value] ?? 0) + n;
    }
  }
  return tally;
}

/** The tallies of a search's parts summed into one. */
function sumTallies(tallies: readonly Tally[], facets: readonly string[]): Tally {
  const summed: Tally = { total: 0, facets: {} };
  for (const field of facets) summed.facets[field] = {};
  for (const t of tallies) {
    summed.total += t.total;
    for (const field of facets) {
      const sum = summed.facets[field] as Record<string, number>;
      for (const [value, n] of Object.entries(t.facets[field] ?? {}))
        sum[value] = (sum[value] ?? 0) + n;
    }
  }
  return summed;
}

/** Each counting's share of the answers to all their queries, sent together in that order. */
function answersOf<T>(countings: readonly Counting[], answers: readonly T[]): T[][] {
  let at = 0;
  return countings.map((c) => {
    at += c.queries.length;
    return answers.slice(at - c.queries.length, at);
  });
}

/**
 * Where the window `from`..`to` of matches split into ordered parts of the given sizes lies:
 * for each part it reaches, the part and the window's start and end within it.
 */
function spanParts(
  sizes: readonly number[],
  from: number,
  to: number,
): Array<{ part: number; start: number; end: number }> {
  const spans: Array<{ part: number; start: number; end: number }> = [];
  let skip = from;
  let want = to - from;
  sizes.forEach((size, part) => {
    if (want > 0 && skip < size) {
      const take = Math.min(want, size - skip);
      spans.push({ part, start: skip, end: skip + take });
      want -= take;
      skip = 0;
    } else {
      skip = Math.max(0, skip - size);
    }
  });
  return spans;
}

/** What the index holds that shapes its queries (see `MeilisearchIndex.facts`). */
type IndexFacts = { at: number; timezones: Set<string>; unknownSites: boolean };

/** Connection settings for the Meilisearch adapter. */
export type MeilisearchOptions = {
  url: string;
  apiKey?: string;
  indexPrefix: string;
  /** Applied as the index's `synonyms` setting. */
  synonyms?: Synonyms;
};

/** Services per deleteDocuments filter. */
const BATCH_SIZE = 5000;
/** Document ids per page when reading which documents services have. */
const ID_PAGE = 10_000;
/**
 * Bytes of documents per addDocuments request. Meilisearch indexes large payloads fastest (and
 * merges queued additions into one batch); this stays well under its 100 MB payload limit.
 */
const PAYLOAD_BYTES = 32 * 2 ** 20;
const TASK_TIMEOUT_MS = 300_000;
/**
 * How long a rebuild waits for its documents: Meilisearch merges the queued additions into one
 * batch, and a whole directory on a busy small machine can take longer than one task may.
 */
const REBUILD_TIMEOUT_MS = 1_800_000;
const TASK_POLL_MS = 10;
/**
 * Band matches fetched at most when counting a circle (see `circleCounting`): a denser band is
 * counted with the radius filter instead. Meilisearch spends about 20 us on each hit it returns,
 * and a radius count reads its whole geo tree (about 9 ms at 100k documents).
 */
const BAND_MAX = 400;
/** Band matches fetched with the band's size; more, up to BAND_MAX, in a second request. */
const BAND_FIRST = 100;
/** Rectangles per quadrant inside a circle counted without the radius filter. */
const CIRCLE_STEPS = 3;
/** The smallest first box around a point, half its side, in metres (see `nearestWindow`). */
const NEAREST_MIN_M = 200;
/** Matches fetched from one box at most, unless more are wanted (see `nearestWindow`). */
const NEAREST_FETCH = 200;
/** Matches fetched beyond the wanted ones when Meilisearch sorts a box by distance. */
const NEAREST_SLACK = 16;
/**
 * Below this many candidates Meilisearch sorts by distance reading each one's coordinates; from
 * it on, it loads its whole geo tree (its `GeoSortStrategy::Dynamic(1000)`).
 */
const GEO_SORT_ITERATIVE = 1000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How long the known index facts serve before a refresh in the background. */
const FACTS_CACHE_MS = 60_000;
const FACET_FIELDS = ['categories', 'languages', 'costs'] as const;
/**
 * A window that ends within this many matches is fetched from the first page in the same request
 * that counts (and cut here), rather than by a second request for the exact total.
 */
const OVERFETCH_MAX = 200;
/** What a hit brings back: the SearchDocument, without the fields derived for filtering. */
const RETRIEVED: Array<keyof SearchDocument> = [
  'id',
  'serviceId',
  'organizationId',
  'locationId',
  'name',
  'description',
  'organizationName',
  'keywords',
  'categories',
  'languages',
  'costs',
  'latitude',
  'longitude',
  'minAge',
  'maxAge',
  'incomeLimitFplPercent',
  'residency',
  'genders',
  'veteranOnly',
  'acceptsReferrals',
  'timezone',
  'weeklyHours',
  'hoursKnown',
  'datedHours',
  'closedDates',
  'assuredAt',
  'capacityStatus',
  'capacityExpiresAt',
  'payload',
  'siteCount',
  'firstSite',
];
const POINT_FIELDS = ['serviceId', 'name', 'latitude', 'longitude', 'acceptsReferrals'];
/** What ordering a place's matches here needs of each (see `nearestWindow`, `textWindow`). */
const PLACE_FIELDS = ['id', 'serviceId', 'name', 'latitude', 'longitude'];

/**
 * The shape of the stored documents (see `toMeiliDocument`), part of the index's name: a server
 * whose documents take a new shape starts on a new, empty index, which it then builds in full.
 */
const DOCUMENT_FORMAT = 2;

/** The name of the index of services under a prefix. */
export function servicesIndexUid(indexPrefix: string): string {
  return `${indexPrefix}_services_v${DOCUMENT_FORMAT}`;
}

/** Index settings, applied at start only where the index differs (see `init`). */
export const SETTINGS = {
  // Attribute order is the ranking weight: name > keywords/categories > organization > description.
  searchableAttributes: ['name', 'keywords', 'categoryWords', 'organizationName', 'description'],
  // Only the filter operations each attribute needs, and no facet search: Meilisearch then builds
  // no comparison levels for values only ever matched exactly (the hours slots above all).
  filterableAttributes: [
    '_geo',
    {
      attributePatterns: [
        'categories',
        'languages',
        'costs',
        'residency',
        'genders',
        'serviceId',
        'organizationId',
        'veteranOnly',
        'acceptsReferrals',
        'timezone',
        'openSlots',
        'spillSlots',
        'datedSlots',
        'datedSpill',
        'closedDays',
        'capacityStatus',
        'siteCount',
        'firstSite',
      ],
      features: { facetSearch: false, filter: { equality: true, comparison: false } },
    },
    {
      attributePatterns: [
        'latitude',
        'longitude',
        'minAge',
        'maxAge',
        'incomeLimitFplPercent',
        'assuredSort',
        'capacityExpiresAt',
      ],
      features: { facetSearch: false, filter: { equality: true, comparison: true } },
    },
  ],
  facetSearch: false,
  // Word proximity is counted within an attribute only, not across attributes: what Meilisearch
  // documents as the setting that speeds up indexing most, and ranking needs no more (a phrase
  // split between a service's name and its description is no phrase).
  proximityPrecision: 'byAttribute',
  sortableAttributes: ['_geo', 'assuredSort', 'nameSort'],
  // Meilisearch's defaults, declared so a server with other defaults ranks the same way; `sort`
  // (freshness, distance, name) comes after the text rules, as in the embedded engine.
  rankingRules: [
    'words',
    'typo',
    'proximity',
    'attributeRank',
    'sort',
    'wordPosition',
    'exactness',
  ],
  // The need words' synonyms (English and Spanish) are added per index from the taxonomy data.
  synonyms: {},
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  // Totals must be exact; Meilisearch caps them at maxTotalHits (1000 by default).
  pagination: { maxTotalHits: 1_000_000 },
  faceting: { maxValuesPerFacet: 1000 },
} satisfies Settings;

/** A match placed by its distance from the centre, then name and id (see `nearestWindow`). */
type Placed = { id: string; key: string; d: number };

/** Whether `a` comes before `b` nearest first: distance, then name and id, as both engines order. */
function before(a: Placed, b: Placed): boolean {
  return a.d < b.d || (a.d === b.d && a.key < b.key);
}

/** A rectangle cut to the part of it inside `within` (both on the same side of the antimeridian). */
function clip(rect: Rect, within: Rect): Rect {
  return {
    top: Math.min(rect.top, within.top),
    bottom: Math.max(rect.bottom, within.bottom),
    left: Math.max(rect.left, within.left),
    right: Math.min(rect.right, within.right),
  };
}

/** List settings whose order carries no meaning. */
const UNORDERED = new Set(['filterableAttributes', 'sortableAttributes']);

/** A value as JSON with object keys sorted, so equal settings compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether `current` already holds every value `wanted` sets (nested objects compared by key). */
function settingsMatch(current: unknown, wanted: unknown, key = ''): boolean {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(current)) return false;
    const a = UNORDERED.has(key) ? current.map(canonical).sort() : current.map(canonical);
    const b = UNORDERED.has(key) ? wanted.map(canonical).sort() : wanted.map(canonical);
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  if (typeof wanted === 'object' && wanted !== null) {
    if (typeof current !== 'object' || current === null) return false;
    const have = current as Record<string, unknown>;
    const want = wanted as Record<string, unknown>;
    // A map such as synonyms must hold nothing more than wanted either.
    if (key === 'synonyms' && Object.keys(have).length !== Object.keys(want).length) return false;
    return Object.keys(want).every((k) => settingsMatch(have[k], want[k], k));
  }
  return current === wanted;
}

function checkTask(task: Task, what: string): void {
  if (task.status !== 'succeeded') {
    throw new SearchEngineError(
      `Meilisearch ${what} ${task.status}: ${task.error?.message ?? 'no error message'}`,
    );
  }
}

/**
 * A sentence for the log and /readyz saying why Meilisearch did not answer, or null when it
 * answered and the request itself was wrong (a bug of ours, not an outage).
 */
function describeFailure(error: MeilisearchError, url: string): string | null {
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code;
    if (code === 'invalid_api_key' || code === 'missing_authorization_header')
      return `Meilisearch at ${url} refused the key (${code}); check MEILI_KEY.`;
    if (code === 'index_not_found')
      return `Meilisearch at ${url}: ${error.message} A server start creates it.`;
    // A request Meilisearch gave up on (timeout) or refused for load is an outage, not our bug.
    const status = error.response.status;
    if (status < 500 && status !== 408 && status !== 429) return null;
    return `Meilisearch at ${url} failed (${status}): ${error.message}`;
  }
  return `Meilisearch at ${url} is unreachable: ${error.message}`;
}

/** SearchIndex backed by a Meilisearch server; every write resolves after its task finishes. */
export class MeilisearchIndex implements SearchIndex {
  readonly kind = 'meilisearch';
  private readonly client: Meilisearch;
  private readonly transport: ReturnType<typeof meilisearchTransport>;
  private readonly url: string;
  private readonly uid: string;
  /**
   * What the index holds that shapes its queries, with when it was read: the time zones (openAt
   * needs one clause per zone), and whether any document does not say whether it is its
   * service's first (UNKNOWN_SITE; else services are counted by their first documents alone).
   * What documents written here bring is added as they are written.
   */
  private facts: IndexFacts | null = null;
  private factsReading: Promise<IndexFacts> | null = null;
  /** SETTINGS with this index's synonyms. */
  private readonly settings: typeof SETTINGS;

  constructor(options: MeilisearchOptions) {
    this.url = options.url;
    this.transport = meilisearchTransport(REQUEST_TIMEOUT_MS);
    this.client = new Meilisearch({
      host: options.url,
      apiKey: options.apiKey,
      // The transport times requests out itself (the client's timeout would arm a timer and an
      // AbortController per request).
      httpClient: this.transport.request,
      // Uncompressed answers: compressing each answer costs Meilisearch more CPU than many
      // searches do (then the app as much again to inflate it), to save bandwidth a server
      // beside its search engine does not lack.
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    });
    this.uid = servicesIndexUid(options.indexPrefix);
    this.settings = {
      ...SETTINGS,
      synonyms: Object.fromEntries(
        Object.entries(options.synonyms ?? {}).map(([word, also]) => [word, [...also]]),
      ),
    };
  }

  private get index(): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(this.uid);
  }

  /** Runs a call to Meilisearch; any failure becomes a SearchEngineError naming the cause. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (caught) {
      // The client wraps whatever its transport throws, Meilisearch's own error answers included.
      const error =
        caught instanceof MeilisearchRequestError && caught.cause instanceof MeilisearchApiError
          ? caught.cause
          : caught;
      const reason = error instanceof MeilisearchError ? describeFailure(error, this.url) : null;
      if (reason === null) throw error;
      throw new SearchEngineError(reason, { cause: error });
    }
  }

  private async run(
    what: string,
    task: () => EnqueuedTaskPromise,
    timeout = TASK_TIMEOUT_MS,
  ): Promise<void> {
    await this.call(async () =>
      checkTask(await task().waitTask({ timeout, interval: TASK_POLL_MS }), what),
    );
  }

  /** Creates the index when missing and brings its settings up to date when they differ. */
  private async prepare(uid: string): Promise<void> {
    const created = await this.call(() =>
      this.client
        .createIndex(uid, { primaryKey: 'id' })
        .waitTask({ timeout: TASK_TIMEOUT_MS, interval: TASK_POLL_MS }),
    );
    if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists') {
      checkTask(created, 'createIndex');
    }
    const index = this.client.index<MeiliDocument>(uid);
    const current = await this.call(() => index.getSettings());
    // Changing settings re-indexes every document, so a start against an index that is up to
    // date (the usual case, and every instance after the first) changes nothing.
    const stale = Object.fromEntries(
      Object.entries(this.settings).filter(
        ([key, value]) => !settingsMatch(current[key as keyof typeof current], value, key),
      ),
    );
    if (Object.keys(stale).length > 0)
      await this.run('updateSettings', () => index.updateSettings(stale));
  }

  async init(): Promise<void> {
    await this.prepare(this.uid);
  }

  async ready(): Promise<void> {
    await this.call(async () => {
      await this.client.health();
      await this.index.getStats();
    });
  }

  /**
   * Fills a new index under a name of its own, swaps it with the live one in one task, and
   * deletes the old one. Two rebuilds at once each build their own and the last swap wins.
   */
  async rebuild(
    fill: (write: (docs: SearchDocument[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const buildUid = `${this.uid}_build_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await this.prepare(buildUid);
    try {
      // Batches are only enqueued while `fill` reads on, so the database scan and Meilisearch's
      // indexing overlap (and Meilisearch merges queued additions); all must succeed to swap.
      const payloads = this.payloads(buildUid);
      await fill(payloads.add);
      for (const task of await payloads.done())
        await this.run('addDocuments', () => task, REBUILD_TIMEOUT_MS);
      await this.prepare(this.uid);
      await this.run('swapIndexes', () =>
        this.client.swapIndexes([{ indexes: [this.uid, buildUid], rename: false }]),
      );
    } finally {
      await this.run('deleteIndex', () => this.client.deleteIndex(buildUid)).catch(() => {});
    }
    this.facts = null;
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    await this.write(docs, []);
  }

  /**
   * Adds `docs` and deletes by id only the services' documents they do not replace (a site that
   * left its service), so the usual edit is one task: each Meilisearch batch costs about the same
   * for one document as for a hundred (it rewrites its whole geo tree), and deleting the services
   * by filter before adding them back always made it two.
   */
  async replaceServices(serviceIds: string[], docs: SearchDocument[]): Promise<void> {
    const kept = new Set(docs.map((doc) => doc.id));
    const stale: string[] = [];
    for (const id of await this.documentIdsOf(serviceIds)) if (!kept.has(id)) stale.push(id);
    await this.write(docs, stale);
  }

  /** The ids of the documents indexed for these services. */
  private async documentIdsOf(serviceIds: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < serviceIds.length; i += BATCH_SIZE) {
      const filter = toMeiliFilter(
        { field: 'serviceId', anyOf: serviceIds.slice(i, i + BATCH_SIZE) },
        [],
      );
      for (let offset = 0; ; offset += ID_PAGE) {
        const page = await this.call(() =>
          this.index.getDocuments({ filter, fields: ['id'], offset, limit: ID_PAGE }),
        );
        for (const doc of page.results) ids.push(doc.id);
        if (page.results.length < ID_PAGE) break;
      }
    }
    return ids;
  }

  /** Deletes documents by id and adds `docs`, all enqueued before any is awaited. */
  private async write(docs: SearchDocument[], deleteIds: string[]): Promise<void> {
    const tasks: Array<[string, EnqueuedTaskPromise]> = [];
    if (deleteIds.length > 0) {
      const task = this.index.deleteDocuments(deleteIds);
      await this.call(() => task);
      tasks.push(['deleteDocuments', task]);
    }
    const payloads = this.payloads(this.uid);
    await payloads.add(docs);
    for (const task of await payloads.done()) tasks.push(['addDocuments', task]);
    for (const [what, task] of tasks) await this.run(what, () => task);
    const facts = this.facts;
    if (facts !== null) {
      for (const doc of docs) {
        facts.timezones.add(doc.timezone);
        if (doc.firstSite === undefined && doc.siteCount !== 1) facts.unknownSites = true;
      }
    }
  }

  /**
   * Collects documents into NDJSON payloads of about PAYLOAD_BYTES, each sent once full;
   * `done` sends the rest and gives every queued (not yet indexed) task.
   */
  private payloads(uid: string): {
    add: (docs: SearchDocument[]) => Promise<void>;
    done: () => Promise<EnqueuedTaskPromise[]>;
  } {
    const index = this.client.index<MeiliDocument>(uid);
    const tasks: EnqueuedTaskPromise[] = [];
    let lines: string[] = [];
    let bytes = 0;
    const send = async () => {
      if (lines.length === 0) return;
      const body = lines.join('\n');
      lines = [];
      bytes = 0;
      const task = index.addDocumentsFromString(body, 'application/x-ndjson', {
        primaryKey: 'id',
      });
      await this.call(() => task);
      tasks.push(task);
    };
    return {
      add: async (docs) => {
        for (const doc of docs) {
          const line = JSON.stringify(toMeiliDocument(doc));
          if (bytes + line.length > PAYLOAD_BYTES) await send();
          lines.push(line);
          bytes += line.length + 1;
        }
      },
      done: async () => {
        await send();
        return tasks;
      },
    };
  }

  async removeServices(serviceIds: string[]): Promise<void> {
    if (serviceIds.length === 0) return;
    for (let i = 0; i < serviceIds.length; i += BATCH_SIZE) {
      const ids = serviceIds.slice(i, i + BATCH_SIZE);
      const filter = toMeiliFilter({ field: 'serviceId', anyOf: ids }, []);
      await this.run('deleteDocuments', () => this.index.deleteDocuments({ filter }));
    }
  }

  async clear(): Promise<void> {
    await this.run('deleteAllDocuments', () => this.index.deleteAllDocuments());
  }

  async count(): Promise<number> {
    return (await this.call(() => this.index.getStats())).numberOfDocuments;
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  /**
   * What the index holds (see `facts`). Read once, then served from memory and re-read in the
   * background after FACTS_CACHE_MS (for what other processes wrote), so a search waits for no
   * extra request. A zone that has left the index costs one clause that matches nothing.
   */
  private async indexFacts(): Promise<IndexFacts> {
    const cached = this.facts;
    if (cached === null) return this.readFacts();
    if (Date.now() - cached.at >= FACTS_CACHE_MS) void this.readFacts().catch(() => {});
    return cached;
  }

  private readFacts(): Promise<IndexFacts> {
    this.factsReading ??= (async () => {
      try {
        const at = Date.now();
        const [zones, unknown] = await this.searchAll([
          { q: '', limit: 0, facets: ['timezone'] },
          { q: '', limit: 1, filter: UNKNOWN_SITE, attributesToRetrieve: ['id'] },
        ]);
        const facts: IndexFacts = {
          at,
          timezones: new Set(Object.keys(zones?.facetDistribution?.timezone ?? {})),
          unknownSites: (unknown?.hits.length ?? 1) > 0,
        };
        // What was written here while the answer was on its way stays known.
        for (const zone of this.facts?.timezones ?? []) facts.timezones.add(zone);
        facts.unknownSites ||= this.facts?.unknownSites === true;
        this.facts = facts;
        return facts;
      } finally {
        this.factsReading = null;
      }
    })();
    return this.factsReading;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const facts = await this.indexFacts();
    const timezones =
      query.filter !== undefined && usesOpenAt(query.filter) ? [...facts.timezones].sort() : [];
    const filters: string[] = [];
    if (query.filter !== undefined) filters.push(toMeiliFilter(query.filter, timezones));
    const near = query.near;
    const text = query.text ?? '';
    const browse = tokenizeQuery(text).words.length === 0;
    const byDistance = query.sort === 'DISTANCE' && near !== undefined;
    const sort: string[] = [];
    // Within a text tier, assurance recency puts every fresh listing before every stale one;
    // without text, freshness is a part of its own (below), ordered by distance and name.
    if (!byDistance && !browse && query.staleBefore !== undefined) sort.push('assuredSort:desc');
    if (near !== undefined && !byDistance && !browse)
      sort.push(`_geoPoint(${near.latitude}, ${near.longitude}):asc`);
    if (sort.length === 0 || browse) sort.push('nameSort:asc');

    // "Available now" and "fresh" depend on the query's instant, so no stored attribute sorts on
    // them: the matches are split by filters into ordered parts and the page cut across them.
    let parts: string[][] = [[]];
    if (query.sort === 'AVAILABLE_FIRST') {
      const now = query.now;
      if (now === undefined || !Number.isFinite(now))
        throw new RangeError('AVAILABLE_FIRST needs the query instant (now).');
      const available = availableAtFilter(now);
      parts = [[available], [`(NOT ${available})`]];
    }
    if (browse && !byDistance && query.staleBefore !== undefined) {
      const fresh = freshFilter(query.staleBefore);
      parts = parts.flatMap((part) => [
        [...part, fresh],
        [...part, `(NOT ${fresh})`],
      ]);
    }

    const base: SearchParams = {
      q: text,
      filter: filters.length > 0 ? filters.join(' AND ') : undefined,
      sort,
      matchingStrategy: 'all',
      distinct: query.distinctService === true ? 'serviceId' : undefined,
    };
    const run = (params: SearchParams) =>
      near === undefined
        ? this.paged(params, query, parts.length > 1 ? parts : null, facts)
        : this.searchNear(params, query, near, {
            filters,
            parts,
            byText: !browse && !byDistance,
          });
    let result = await run(base);
    if (result.total === 0 && tokenizeQuery(text).words.length > 1)
      result = await run({ ...base, matchingStrategy: 'last' });
    return result;
  }

  /** Runs the queries in one request (a multi-search when there are several). */
  private async searchAll(queries: SearchParams[]): Promise<Array<SearchResponse<MeiliDocument>>> {
    if (queries.length === 1) {
      const { q, ...params } = queries[0] as SearchParams;
      return [await this.call(() => this.index.search(q, params))];
    }
    const res = await this.call(() =>
      this.client.multiSearch<MultiSearchParams, MeiliDocument>({
        queries: queries.map((params) => ({ indexUid: this.uid, ...params })),
      }),
    );
    return res.results as Array<SearchResponse<MeiliDocument>>;
  }

  /** The query for map points: the best `max` matches, only the fields a map needs. */
  private pointsQuery(base: SearchParams, max: number | undefined): SearchParams | null {
    if (max === undefined) return null;
    const limit = Math.max(0, Math.floor(max));
    return { ...base, offset: 0, limit, attributesToRetrieve: POINT_FIELDS };
  }

  private static toPoints(docs: MeiliDocument[]): SearchPoint[] {
    const points: SearchPoint[] = [];
    for (const doc of docs) {
      if (doc.latitude === null || doc.longitude === null) continue;
      points.push({
        serviceId: doc.serviceId,
        name: doc.name,
        latitude: doc.latitude,
        longitude: doc.longitude,
        acceptsReferrals: doc.acceptsReferrals === true,
      });
    }
    return points;
  }

  /**
   * A page of the matches in the base order, or split into ordered parts (available first, fresh
   * first) paged across the parts; with the exact total, facets and (when asked) map points.
   * Capacity and assurance belong to the service, so `distinct` never straddles two parts.
   *
   * One part: the page and the counts in one request. Several parts, with a window that ends
   * within OVERFETCH_MAX: the matches are counted once over all parts, and each part's first
   * `offset + limit` hits are fetched as ids only: a part that has fewer is all there (so its
   * size is known), one that has as many ends the window. The page's documents are then fetched
   * by id. A deeper window counts each part and then fetches the window's hits by a second
   * request.
   *
   * Counting exactly with `distinct` makes Meilisearch compare every match with the other
   * documents of its service, which costs more than the rest of the search together. So the
   * hits are ranked with `distinct` but not counted, and the matches are counted in two groups.
   * When the query asks nothing of a site's own fields (place, hours), a service matches exactly
   * when its first document does: the first documents (FIRST_SITE) are counted without
   * `distinct`, and documents that do not say whether they are first with it. Otherwise the
   * documents that are their service's only one (SOLE_SITE) are counted without, the rest with.
   */
  private async paged(
    base: SearchParams,
    query: SearchQuery,
    parts: string[][] | null,
    facts: IndexFacts,
  ): Promise<SearchResult> {
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const facets = (query.facets ?? []).filter((f) => FACET_FIELDS.includes(f));
    const within = (params: SearchParams, part: string[]): SearchParams =>
      part.length === 0
        ? params
        : {
            ...params,
            filter: [
              ...(typeof params.filter === 'string' ? [`(${params.filter})`] : []),
              ...part,
            ].join(' AND '),
          };
    const pieces = (parts ?? [[]]).map((part) => within(base, part));
    const distinct = base.distinct !== undefined;
    const end = offset + limit;
    const sameAtEverySite =
      query.near === undefined && (query.filter === undefined || !usesSiteFields(query.filter));
    const [once, others] = sameAtEverySite
      ? [FIRST_SITE, UNKNOWN_SITE]
      : [SOLE_SITE, `NOT ${SOLE_SITE}`];
    // Counting needs no order: without `sort`, no geo sort loads Meilisearch's geo tree again.
    const counts = (params: SearchParams): SearchParams[] => {
      const unsorted = { ...params, sort: undefined, page: 1, hitsPerPage: 0, facets };
      if (!distinct) return [unsorted];
      const first = { ...within(unsorted, [once]), distinct: undefined };
      // Where every document says whether it is its service's first, the first ones are all.
      return sameAtEverySite && !facts.unknownSites ? [first] : [first, within(unsorted, [others])];
    };
    const hitsOf = (
      params: SearchParams,
      skip: number,
      take: number,
      fields = RETRIEVED,
    ): SearchParams => ({ ...params, offset: skip, limit: take, attributesToRetrieve: fields });
    const pointsQuery = this.pointsQuery(base, query.points);
    const withPoints = (queries: SearchParams[]) =>
      pointsQuery === null ? queries : [...queries, pointsQuery];
    const counting = (part: string[]): Counting => ({
      queries: counts(within(base, part)),
      settle: (answers) => tallyOf(answers, facets),
    });

    let stored: MeiliDocument[];
    let tallies: Tally[];
    let pointsAnswer: SearchResponse<MeiliDocument> | undefined;
    if (pieces.length === 1 || limit === 0) {
      // One part, or no page: what is counted over all parts is the whole answer.
      const count = counting(pieces.length === 1 ? ((parts ?? [[]])[0] ?? []) : []);
      const page = limit === 0 ? [] : [hitsOf(pieces[0] as SearchParams, offset, limit)];
      const answers = await this.searchAll(withPoints([...page, ...count.queries]));
      stored = page.length === 0 ? [] : (answers[0]?.hits ?? []);
      pointsAnswer = pointsQuery === null ? undefined : answers.at(-1);
      tallies = await this.settle(
        [count],
        [answers.slice(page.length, page.length + count.queries.length)],
      );
    } else if (end <= OVERFETCH_MAX) {
      const count = counting([]);
      const answers = await this.searchAll(
        withPoints([...pieces.map((params) => hitsOf(params, 0, end, ['id'])), ...count.queries]),
      );
      const ids: string[] = [];
      for (const answer of answers.slice(0, pieces.length)) {
        for (const hit of answer.hits) ids.push(hit.id);
        // A part with fewer hits than asked is all there.
        if (answer.hits.length >= end) break;
      }
      pointsAnswer = pointsQuery === null ? undefined : answers.at(-1);
      const page = ids.slice(offset, end);
      const [settled, documents] = await Promise.all([
        this.settle([count], [answers.slice(pieces.length, pieces.length + count.queries.length)]),
        this.documentsById(page),
      ]);
      tallies = settled;
      stored = page.flatMap((id) => documents.get(id) ?? []);
    } else {
      const countings = (parts ?? [[]]).map(counting);
      const answers = await this.searchAll(withPoints(countings.flatMap((c) => c.queries)));
      tallies = await this.settle(countings, answersOf(countings, answers));
      pointsAnswer = pointsQuery === null ? undefined : answers.at(-1);
      const windows = spanParts(
        tallies.map((t) => t.total),
        offset,
        offset + limit,
      ).map(({ part, start, end }) => hitsOf(pieces[part] as SearchParams, start, end - start));
      stored = windows.length === 0 ? [] : (await this.searchAll(windows)).flatMap((r) => r.hits);
    }
    const { total, facets: summed } = sumTallies(tallies, facets);
    const result: SearchResult = { hits: this.toHits(stored, query), total, facets: summed };
    if (pointsQuery !== null) result.points = MeilisearchIndex.toPoints(pointsAnswer?.hits ?? []);
    return result;
  }

  /** Settles countings (see `Counting`), each round sending what they all still need at once. */
  private async settle(
    countings: Counting[],
    answers: Array<Array<SearchResponse<MeiliDocument>>>,
  ): Promise<Tally[]> {
    let steps = countings.map((c, i) => c.settle(answers[i] ?? []));
    for (;;) {
      const more = steps.flatMap((step) => ('more' in step ? step.more : []));
      if (more.length === 0) return steps as Tally[];
      const extra = await this.searchAll(more);
      let at = 0;
      steps = steps.map((step) => {
        if (!('more' in step)) return step;
        at += step.more.length;
        return step.then(extra.slice(at - step.more.length, at));
      });
    }
  }

  /**
   * A search around a place: the matches are counted in the circle (see `circleCounting`, the
   * only part that may read Meilisearch's geo tree), and the page's are found in rectangles on
   * the numeric coordinates and checked here: nearest first (see `nearestWindow`), or in text
   * order (see `textWindow`). Then the page's documents are fetched by id.
   */
  private async searchNear(
    base: SearchParams,
    query: SearchQuery,
    near: Near,
    how: { filters: string[]; parts: string[][]; byText: boolean },
  ): Promise<SearchResult> {
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const facets = (query.facets ?? []).filter((f) => FACET_FIELDS.includes(f));
    const distinct = base.distinct !== undefined;
    // Where nothing but the place narrows the matches, the band along the circle's edge holds a
    // whole neighbourhood's listings: the radius filter counts them for less.
    const narrowed = tokenizeQuery(base.q ?? '').words.length > 0 || how.filters.length > 0;
    const geo = this.circleGeometry(near, narrowed);
    const partFilters = how.parts.map((part) => [...how.filters, ...part]);
    const text = { q: base.q, matchingStrategy: base.matchingStrategy };
    const find = (filters: string[], end: number, size: number) =>
      how.byText
        ? this.textWindow({ ...text, sort: base.sort }, filters, near, geo, end, distinct)
        : this.nearestWindow(text, filters, near, geo, { end, size, distinct });
    const points = query.points === undefined ? null : Math.max(0, Math.floor(query.points));
    let tallies: Tally[];
    /** The ids of the matches from `from` to `to` across the parts, in order. */
    let window: (from: number, to: number) => Promise<string[]>;
    if (partFilters.length === 1 || Math.max(offset + limit, points ?? 0) <= OVERFETCH_MAX) {
      // The matches counted once over all parts, and each part's matches in the circle's box
      // (no more than a cheap estimate of its size) so that an empty part is passed over. Then
      // the parts' first matches in turn: a part that has fewer than asked is all there.
      const counting = this.circleCounting(text, how.filters, geo, facets, distinct);
      const estimates =
        partFilters.length === 1
          ? []
          : partFilters.map((filters) => ({
              ...text,
              filter: [...filters, rectFilter(geo.box)].join(' AND '),
              limit: 0,
            }));
      const answers = await this.searchAll([...counting.queries, ...estimates]);
      tallies = await this.settle([counting], [answers.slice(0, counting.queries.length)]);
      const total = tallies[0]?.total ?? 0;
      const sizes =
        partFilters.length === 1
          ? [total]
          : answers.slice(counting.queries.length).map((r) => r.estimatedTotalHits ?? total);
      window = async (from, to) => {
        const ids: string[] = [];
        for (const [i, filters] of partFilters.entries()) {
          const size = Math.min(total, sizes[i] ?? total);
          if (ids.length >= to || total === 0) break;
          if (size > 0) ids.push(...(await find(filters, to - ids.length, size)));
        }
        return ids.slice(from, to);
      };
    } else {
      // A deep window: each part counted, so the window is looked for in the parts it spans.
      const countings = partFilters.map((filters) =>
        this.circleCounting(text, filters, geo, facets, distinct),
      );
      const answers = await this.searchAll(countings.flatMap((c) => c.queries));
      tallies = await this.settle(countings, answersOf(countings, answers));
      const sizes = tallies.map((t) => t.total);
      window = async (from, to) => {
        const asked = spanParts(sizes, from, to).map(({ part, start, end }) =>
          find(partFilters[part] as string[], end, sizes[part] ?? 0).then((ids) =>
            ids.slice(start, end),
          ),
        );
        return (await Promise.all(asked)).flat();
      };
    }
    const [page, pointIds] = await Promise.all([
      window(offset, offset + limit),
      points === null ? null : window(0, points),
    ]);
    const [documents, pointDocuments] = await Promise.all([
      this.documentsById(page),
      pointIds === null ? null : this.documentsById(pointIds, POINT_FIELDS),
    ]);
    const { total, facets: summed } = sumTallies(tallies, facets);
    const result: SearchResult = {
      hits: this.toHits(
        page.flatMap((id) => documents.get(id) ?? []),
        query,
      ),
      total,
      facets: summed,
    };
    if (pointIds !== null && pointDocuments !== null)
      result.points = MeilisearchIndex.toPoints(
        pointIds.flatMap((id) => pointDocuments.get(id) ?? []),
      );
    return result;
  }

  /**
   * The shapes a circle is counted by (see `circleCounting`): the radius filter, and unless the
   * circle comes near a pole or only the place narrows the matches, the rectangles inside it and
   * the band between them and the circle's edge.
   */
  private circleGeometry(near: Near, narrowed: boolean): CircleGeometry {
    const box = circleBox(near);
    const radius = `_geoRadius(${near.latitude}, ${near.longitude}, ${radiusM(near)})`;
    const shapes = narrowed ? circleShapes(near, CIRCLE_STEPS) : null;
    if (shapes === null) return { near, box, radius, inner: null, band: null };
    const inner = anyRect(shapes.inner);
    const band = [rectFilter(box), `NOT ${inner}`];
    if (shapes.outer.length > 0) band.push(`NOT ${anyRect(shapes.outer)}`);
    return { near, box, radius, inner, band: band.join(' AND ') };
  }

  /**
   * Counts one part's matches in the circle. Without the radius filter where it can: the
   * rectangles inside the circle are counted by Meilisearch, and the matches in the band of the
   * circle's box that lies neither in them nor in rectangles wholly outside the circle are
   * fetched (only what counting needs) and checked here. With `distinct`, a service of several
   * sites found in the band counts when none of its matching sites lies in the rectangles inside
   * (asked in a second request). A band of more than BAND_MAX matches, or a circle with no
   * rectangles, is counted with the radius filter.
   */
  private circleCounting(
    text: Pick<SearchParams, 'q' | 'matchingStrategy'>,
    filters: string[],
    geo: CircleGeometry,
    facets: readonly string[],
    distinct: boolean,
  ): Counting {
    const where = (...more: string[]) => [...filters, ...more].join(' AND ');
    const count = (filter: string, byService = false): SearchParams => ({
      ...text,
      filter,
      page: 1,
      hitsPerPage: 0,
      facets: [...facets],
      ...(byService ? { distinct: 'serviceId' } : {}),
    });
    // With `distinct`, the documents that are their service's only one are counted without it.
    const counts = (shape: string): SearchParams[] =>
      distinct
        ? [count(where(shape, SOLE_SITE)), count(where(shape, `NOT ${SOLE_SITE}`), true)]
        : [count(where(shape))];
    const radiusCounting = counts(geo.radius);
    const { inner: innerShape, band: bandShape } = geo;
    if (innerShape === null || bandShape === null)
      return { queries: radiusCounting, settle: (answers) => tallyOf(answers, facets) };
    const inner = counts(innerShape);
    // The band's first matches with its exact size; the rest, when not too many, after.
    const band = (offset: number, limit: number): SearchParams => ({
      ...text,
      filter: where(bandShape),
      offset,
      limit,
      attributesToRetrieve: ['serviceId', 'siteCount', 'latitude', 'longitude', ...facets],
    });
    const first: SearchParams = {
      ...text,
      filter: where(bandShape),
      page: 1,
      hitsPerPage: BAND_FIRST,
      attributesToRetrieve: band(0, 0).attributesToRetrieve,
    };
    const tallyBand = (tally: Tally, found: MeiliDocument[]): Step => {
      const add = (doc: MeiliDocument) => {
        tally.total += 1;
        for (const field of facets) {
          const sum = tally.facets[field] as Record<string, number>;
          const values = (doc as unknown as Record<string, unknown>)[field];
          for (const value of new Set(Array.isArray(values) ? values : []))
            sum[value] = (sum[value] ?? 0) + 1;
        }
      };
      const services = new Map<string, MeiliDocument>();
      for (const doc of found) {
        if (!insideCircle(geo.near, doc)) continue;
        if (!distinct || doc.siteCount === 1) add(doc);
        else if (!services.has(doc.serviceId)) services.set(doc.serviceId, doc);
      }
      if (services.size === 0) return tally;
      const ids = toMeiliFilter({ field: 'serviceId', anyOf: [...services.keys()] }, []);
      const check: SearchParams = {
        ...text,
        filter: where(innerShape, ids, `NOT ${SOLE_SITE}`),
        offset: 0,
        limit: services.size,
        attributesToRetrieve: ['serviceId'],
      };
      return {
        more: [check],
        then: ([counted]) => {
          for (const hit of counted?.hits ?? []) services.delete(hit.serviceId);
          for (const doc of services.values()) add(doc);
          return tally;
        },
      };
    };
    return {
      queries: [...inner, first],
      settle: (answers) => {
        const inBand = answers[inner.length];
        const size = inBand?.totalHits ?? 0;
        if (size > BAND_MAX)
          return { more: radiusCounting, then: (radius) => tallyOf(radius, facets) };
        const innerTally = tallyOf(answers.slice(0, inner.length), facets);
        const found = inBand?.hits ?? [];
        if (size <= found.length) return tallyBand(innerTally, found);
        return {
          more: [band(found.length, size - found.length)],
          then: ([rest]) => tallyBand(innerTally, [...found, ...(rest?.hits ?? [])]),
        };
      },
    };
  }

  /**
   * The ids of the first `end` matches nearest the centre (with `distinct`, each service at its
   * nearest matching site), in order: distance, then name and id, as the embedded engine orders.
   * Matches are fetched from a box around the centre, unordered and with only what ordering
   * needs; those within the circle inscribed in the box (and in the query's circle) are all the
   * matches that near, so once they are `end` or more, they are the answer. Else the box grows
   * until it holds the circle. The first box is sized by the circle's match density to hold about
   * twice what is wanted. A box holding more than is fetched from it is, without text, sorted by
   * distance by Meilisearch for the nearest few; else it shrinks (or, at one address, is fetched
   * whole).
   */
  private async nearestWindow(
    text: Pick<SearchParams, 'q' | 'matchingStrategy'>,
    filters: string[],
    near: Near,
    geo: CircleGeometry,
    want: { end: number; size: number; distinct: boolean },
  ): Promise<string[]> {
    const { end, size, distinct } = want;
    const radius = radiusM(near);
    const whole = radius * 1.01 + 1;
    // The box's inscribed circle holds about π/4 of its matches where they are spread evenly.
    const need = Math.ceil(1.5 * end) + 4;
    const area = Math.PI * Math.max(radius, 1) ** 2;
    let half = Math.min(
      whole,
      Math.max(NEAREST_MIN_M, Math.sqrt((need * area) / (4 * Math.max(size, 1)))),
    );
    let cap = Math.max(NEAREST_FETCH, 4 * need);
    /** The largest box (half its side) found to hold too few matches near enough. */
    let tooFew = 0;
    /** The matches nearer than `within`, each service once with `distinct`, nearest first. */
    const settle = (hits: MeiliDocument[], within: number) => {
      const best = new Map<string, Placed>();
      const settled: Placed[] = [];
      for (const hit of hits) {
        const d = distanceFrom(near, hit);
        if (d === null || d > within || !insideCircle(near, hit)) continue;
        const entry = { id: hit.id, key: sortName(hit), d };
        if (!distinct) {
          settled.push(entry);
          continue;
        }
        const seen = best.get(hit.serviceId);
        if (seen === undefined || before(entry, seen)) best.set(hit.serviceId, entry);
      }
      if (distinct) settled.push(...best.values());
      return settled.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    };
    for (;;) {
      const final = half >= whole;
      const box = final ? geo.box : clip(boxAround(near.latitude, near.longitude, half), geo.box);
      const filter = [...filters, rectFilter(box)].join(' AND ');
      const [answer] = await this.searchAll([
        { ...text, filter, offset: 0, limit: cap, attributesToRetrieve: PLACE_FIELDS },
      ]);
      const hits = answer?.hits ?? [];
      // Every match nearer than this lies in the box (a metre spare for rounding).
      const settledWithin = final ? Number.POSITIVE_INFINITY : half - 1;
      if (hits.length >= cap) {
        // More matches in the box than fetched (Meilisearch spends about 20 us on each hit it
        // returns).
        const inBox = Math.max(answer?.estimatedTotalHits ?? 0, cap + 1);
        const smaller = Math.max(NEAREST_MIN_M / 8, half * Math.min(0.7, Math.sqrt(need / inBox)));
        // Never back to a box already found to hold too few.
        const shrink = smaller > tooFew * 1.5 && smaller < half;
        if (!text.q && (!shrink || inBox < GEO_SORT_ITERATIVE)) {
          // Without text, Meilisearch's distance sort orders the box's matches itself; under
          // GEO_SORT_ITERATIVE matches it reads their coordinates rather than its geo tree.
          const sorted = await this.nearestSorted(filter, near, need + NEAREST_SLACK);
          const found = settle(sorted.hits, Math.min(settledWithin, sorted.complete));
          if (found.length >= end) return found.slice(0, end).map((e) => e.id);
        }
        // Else a box sized by the density found, or where even a small one overflows (many at
        // one address), all of them.
        if (shrink) half = smaller;
        else cap = inBox + 1;
        continue;
      }
      const settled = settle(hits, settledWithin);
      if (settled.length >= end || final) return settled.slice(0, end).map((e) => e.id);
      tooFew = half;
      const grow = settled.length === 0 ? 4 : Math.sqrt(need / settled.length) * 1.1;
      half = Math.min(whole, half * Math.min(8, Math.max(1.4, grow)));
    }
  }

  /**
   * The first `limit` matches of a text-less filter by Meilisearch's distance sort, and how near
   * every match not among them surely is not: the sort treats distances within a metre of its
   * bucket's first as equal, so a match left out is at most a metre nearer than the farthest
   * fetched (a centimetre spare for rounding). Infinity when none was left out.
   */
  private async nearestSorted(
    filter: string,
    near: Near,
    limit: number,
  ): Promise<{ hits: MeiliDocument[]; complete: number }> {
    const [answer] = await this.searchAll([
      {
        filter,
        sort: [`_geoPoint(${near.latitude}, ${near.longitude}):asc`],
        offset: 0,
        limit,
        attributesToRetrieve: PLACE_FIELDS,
      },
    ]);
    const hits = answer?.hits ?? [];
    if (hits.length < limit) return { hits, complete: Number.POSITIVE_INFINITY };
    let farthest = 0;
    for (const hit of hits) farthest = Math.max(farthest, distanceFrom(near, hit) ?? 0);
    // Strictly nearer than this: a match at exactly the bound may have been left out.
    return { hits, complete: farthest - 1.01 - Number.EPSILON };
  }

  /**
   * The ids of the first `end` matches in the circle in Meilisearch's text order (with
   * `distinct`, each service at its best matching site in the circle). They are fetched from the
   * circle's box, with only what checking needs, and those outside the circle dropped: fetched
   * again deeper while too few remain.
   */
  private async textWindow(
    params: Pick<SearchParams, 'q' | 'matchingStrategy' | 'sort'>,
    filters: string[],
    near: Near,
    geo: CircleGeometry,
    end: number,
    distinct: boolean,
  ): Promise<string[]> {
    let fetch = Math.ceil(end * 1.4) + 10;
    for (;;) {
      const [answer] = await this.searchAll([
        {
          ...params,
          filter: [...filters, rectFilter(geo.box)].join(' AND '),
          offset: 0,
          limit: fetch,
          attributesToRetrieve: PLACE_FIELDS,
        },
      ]);
      const hits = answer?.hits ?? [];
      const seen = new Set<string>();
      const kept: string[] = [];
      for (const hit of hits) {
        if (!insideCircle(near, hit)) continue;
        if (distinct && seen.has(hit.serviceId)) continue;
        seen.add(hit.serviceId);
        kept.push(hit.id);
      }
      if (kept.length >= end || hits.length < fetch) return kept.slice(0, end);
      fetch = Math.ceil((fetch * end * 1.3) / Math.max(1, kept.length)) + 10;
    }
  }

  /** Hits with their distance from the query's point. */
  private toHits(stored: MeiliDocument[], query: SearchQuery): SearchHit[] {
    const near = query.near;
    return stored.map((doc) => {
      const document = fromMeiliDocument(doc);
      const distanceKm =
        near === undefined || document.latitude === null || document.longitude === null
          ? null
          : haversineKm(near.latitude, near.longitude, document.latitude, document.longitude);
      return { document, distanceKm };
    });
  }

  /** Whole documents by id (those still in the index). */
  private async documentsById(
    ids: string[],
    fields: string[] = RETRIEVED,
  ): Promise<Map<string, MeiliDocument>> {
    if (ids.length === 0) return new Map();
    const res = await this.call(() =>
      this.index.getDocuments({
        ids,
        fields: ['id', ...fields] as Array<keyof MeiliDocument>,
        limit: ids.length,
      }),
    );
    return new Map((res.results as MeiliDocument[]).map((doc) => [doc.id, doc]));
  }
}
