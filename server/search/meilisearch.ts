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
import { meilisearchTransport } from './meilisearch-http.ts';

/**
 * Hits in distance order fetched within the bounding box of the query's circle (`filter`, with
 * the query's other conditions) and kept when `inside` the circle: distance order puts every
 * match inside before any outside, so the kept hits are the circle's own, without the radius
 * filter that reads Meilisearch's whole geo tree.
 */
type DistanceBox = {
  filter: string;
  inside: (doc: Pick<MeiliDocument, 'latitude' | 'longitude'>) => boolean;
};

/** Meilisearch's Earth radius and distance (haversine, rounded to the millimetre), in metres. */
const MEILI_EARTH_RADIUS_M = 6371e3;
function meiliDistanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const hav = (theta: number) => (1 - Math.cos(theta)) / 2;
  const phi1 = lat1 * rad;
  const phi2 = lat2 * rad;
  const total = hav(phi2 - phi1) + Math.cos(phi1) * Math.cos(phi2) * hav(lng2 * rad - lng1 * rad);
  return Math.round(2 * MEILI_EARTH_RADIUS_M * Math.asin(Math.sqrt(total)) * 1000) / 1000;
}

/** Whether a point is inside the circle as Meilisearch's `_geoRadius` decides it. */
function withinRadius(near: NonNullable<SearchQuery['near']>, lat: number, lng: number): boolean {
  const radiusM = Math.max(0, near.radiusKm * 1000);
  return meiliDistanceM(near.latitude, near.longitude, lat, lng) <= radiusM + Number.EPSILON;
}

/**
 * A `_geoBoundingBox` filter holding the whole circle (with a margin), or null where the box would
 * reach a pole or cross the antimeridian (the radius filter then stays).
 */
function boundingBox(near: NonNullable<SearchQuery['near']>): string | null {
  const dLat = ((Math.max(0, near.radiusKm) * 1000) / MEILI_EARTH_RADIUS_M) * (180 / Math.PI);
  const margin = dLat * 0.01 + 1e-6;
  const top = near.latitude + dLat + margin;
  const bottom = near.latitude - dLat - margin;
  if (top >= 89 || bottom <= -89) return null;
  const widest = Math.cos(Math.max(Math.abs(top), Math.abs(bottom)) * (Math.PI / 180));
  const dLng = dLat / widest + margin;
  const right = near.longitude + dLng;
  const left = near.longitude - dLng;
  if (right >= 180 || left <= -180) return null;
  return `_geoBoundingBox([${top}, ${right}], [${bottom}, ${left}])`;
}

/**
 * Counting a circle's matches without `_geoRadius` (which reads Meilisearch's whole geo tree):
 * rectangles inside the circle are counted by Meilisearch (`inner`, numeric range filters), and
 * the few matches in the band of the bounding box that lies neither in them nor in rectangles
 * wholly outside the circle (`band`) are fetched and checked here (`inside`). Each filter holds
 * the query's other conditions.
 */
type CircleCount = {
  inner: string;
  band: string;
  inside: (doc: Pick<MeiliDocument, '_geo'>) => boolean;
};

/** Inscribed rectangles per quadrant of a circle count: more shrink the band, each costs a range. */
const CIRCLE_STEPS = 3;
/** Band matches fetched at most; a denser band is counted with the radius filter instead. */
const BAND_MAX = 400;
/** Points checked along each edge of a rectangle of a circle count (see `circleShapes`). */
const EDGE_SAMPLES = 16;

/**
 * The `inner` and `band` shapes of a circle count (see `CircleCount`), or null where the circle's
 * bounding box would reach a pole or cross the antimeridian. Each rectangle is checked against
 * Meilisearch's own distance where it comes farthest (inner) or nearest (outer), with a metre to
 * spare, so rounding never puts a point on the wrong side.
 */
function circleShapes(
  near: NonNullable<SearchQuery['near']>,
): { inner: string; outer: string | null; box: string } | null {
  const box = boundingBox(near);
  if (box === null || !(near.radiusKm > 0)) return null;
  const radiusM = near.radiusKm * 1000;
  const { latitude: lat, longitude: lng } = near;
  const dLat = (radiusM / MEILI_EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.cos(lat * (Math.PI / 180));
  const reach = dLat * 1.02 + 1e-6;
  const [top, bottom] = [lat + reach, lat - reach];
  const widest = Math.cos(Math.max(Math.abs(top), Math.abs(bottom)) * (Math.PI / 180));
  const [right, left] = [lng + reach / widest, lng - reach / widest];
  if (top >= 89 || bottom <= -89 || right >= 180 || left <= -180) return null;
  // Along a meridian edge of a rectangle, Meilisearch's distance from the centre at EDGE_SAMPLES
  // points: a step moves the point by at most its arc, so half a step's arc bounds the error.
  // For a given latitude a point is farthest from the centre (and nearest, in a rectangle that
  // lies to one side) on such an edge, so these bound the whole rectangle.
  const alongEdge = (from: number, to: number, dLng: number): { min: number; max: number } => {
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let k = 0; k <= EDGE_SAMPLES; k++) {
      const d = meiliDistanceM(lat, lng, from + ((to - from) * k) / EDGE_SAMPLES, lng + dLng);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    const slack = (Math.abs(to - from) / EDGE_SAMPLES / 2) * (Math.PI / 180) * MEILI_EARTH_RADIUS_M;
    return { min: min - slack - 1, max: max + slack + 1 };
  };
  const corner = (a: number, b: number) => alongEdge(lat - a, lat + a, b).max;
  const nearest = (a: number, b: number) =>
    Math.min(alongEdge(lat + a, top, b).min, alongEdge(bottom, lat - a, b).min);
  const bbox = (t: number, r: number, b: number, l: number) =>
    `_geoBoundingBox([${t}, ${r}], [${b}, ${l}])`;
  const inner: string[] = [];
  const outer: string[] = [];
  for (let i = 1; i <= CIRCLE_STEPS; i++) {
    const angle = (Math.PI / 2) * (i / (CIRCLE_STEPS + 1));
    const [sin, cosA] = [Math.sin(angle), Math.cos(angle)];
    let scale = 0.995;
    while (scale > 0.5 && corner(dLat * sin * scale, (dLat * cosA * scale) / cos) > radiusM)
      scale *= 0.99;
    if (scale > 0.5) {
      const [a, b] = [dLat * sin * scale, (dLat * cosA * scale) / cos];
      inner.push(bbox(lat + a, lng + b, lat - a, lng - b));
    }
    scale = 1.005;
    while (scale < 1.5 && nearest(dLat * sin * scale, (dLat * cosA * scale) / cos) <= radiusM)
      scale *= 1.01;
    if (scale < 1.5) {
      const [a, b] = [dLat * sin * scale, (dLat * cosA * scale) / cos];
      outer.push(
        bbox(top, right, lat + a, lng + b),
        bbox(top, lng - b, lat + a, left),
        bbox(lat - a, right, bottom, lng + b),
        bbox(lat - a, lng - b, bottom, left),
      );
    }
  }
  if (inner.length === 0) return null;
  return {
    inner: inner.join(' OR '),
    outer: outer.length === 0 ? null : outer.join(' OR '),
    box: bbox(top, right, bottom, left),
  };
}

/** Matches and facet counts. */
type Tally = { total: number; facets: Record<string, Record<string, number>> };

/**
 * The queries counting one part of a search, and how their answers settle into its tally: at
 * once, or after `more` queries (sent together with every other part's).
 */
type Counting = {
  queries: SearchParams[];
  settle: (
    answers: Array<SearchResponse<MeiliDocument>>,
  ) =>
    | Tally
    | { more: SearchParams[]; then: (answers: Array<SearchResponse<MeiliDocument>>) => Tally };
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
/** DISTANCE with text orders at most this many matches itself (see `nearestWithText`). */
const NEAREST_MAX = 10_000;
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
const POINT_FIELDS = ['serviceId', 'name', '_geo', 'acceptsReferrals'];

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
        'latitude',
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

/** The final tie-break of both engines: name, then id. */
function compareNames(a: SearchDocument, b: SearchDocument): number {
  const ka = sortName(a);
  const kb = sortName(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
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
    const attributeFilters = [...filters];
    if (near !== undefined) {
      filters.push(
        `_geoRadius(${near.latitude}, ${near.longitude}, ${Math.max(0, near.radiusKm * 1000)})`,
      );
    }
    const text = query.text ?? '';
    const browse = tokenizeQuery(text).words.length === 0;
    const byDistance = query.sort === 'DISTANCE' && near !== undefined;
    const geoPoint =
      near === undefined ? null : `_geoPoint(${near.latitude}, ${near.longitude}):asc`;
    const sort: string[] = [];
    if (byDistance && geoPoint !== null) {
      sort.push(geoPoint);
    } else {
      // Within a text tier, assurance recency puts every fresh listing before every stale one;
      // without text, freshness is a part of its own (below), ordered by distance and name.
      if (!browse && query.staleBefore !== undefined) sort.push('assuredSort:desc');
      if (geoPoint !== null) sort.push(geoPoint);
    }
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
    // Hits in distance order need not be filtered by the radius (which reads Meilisearch's whole
    // geo tree): within the circle's bounding box, the circle's matches come first. Only without
    // text: Meilisearch's text rules rank before `sort`. DISTANCE with text fetches every match
    // and orders them here (see `nearestWithText`), so it takes them from the box too.
    const box =
      near !== undefined && (byDistance || (browse && sort[0] === geoPoint))
        ? boundingBox(near)
        : null;
    const byBox =
      box === null || near === undefined
        ? null
        : {
            filter: [...attributeFilters, box].join(' AND '),
            inside: (doc: Pick<MeiliDocument, 'latitude' | 'longitude'>) =>
              doc.latitude !== null &&
              doc.longitude !== null &&
              withinRadius(near, doc.latitude, doc.longitude),
          };
    // Counting without the radius filter pays where the query's other conditions keep the band
    // small: a whole metro's listings around a point fill it (see `CircleCount`).
    const shapes =
      near !== undefined && (!browse || attributeFilters.length > 0) ? circleShapes(near) : null;
    const circle: CircleCount | null =
      shapes === null || near === undefined
        ? null
        : {
            inner: [...attributeFilters, `(${shapes.inner})`].join(' AND '),
            band: [
              ...attributeFilters,
              shapes.box,
              `NOT (${shapes.inner})`,
              ...(shapes.outer === null ? [] : [`NOT (${shapes.outer})`]),
            ].join(' AND '),
            inside: (doc) =>
              doc._geo !== undefined && withinRadius(near, doc._geo.lat, doc._geo.lng),
          };
    const run = (params: SearchParams) =>
      byDistance && !browse
        ? this.nearestWithText(params, query, facts, byBox)
        : this.paged(params, query, parts.length > 1 ? parts : null, facts, byBox, circle);
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

  private static toPoints(res: SearchResponse<MeiliDocument> | undefined): SearchPoint[] {
    const points: SearchPoint[] = [];
    for (const hit of res?.hits ?? []) {
      if (!hit._geo) continue;
      points.push({
        serviceId: hit.serviceId,
        name: hit.name,
        latitude: hit._geo.lat,
        longitude: hit._geo.lng,
        acceptsReferrals: hit.acceptsReferrals === true,
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
    byBox: DistanceBox | null = null,
    circle: CircleCount | null = null,
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
    // What the hits are fetched from: the same, or within the bounding box (see `DistanceBox`).
    const hitsBase = byBox === null ? base : { ...base, filter: byBox.filter };
    const hitPieces = (parts ?? [[]]).map((part) => within(hitsBase, part));
    const inside = byBox?.inside ?? (() => true);
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
    const counting = (part: string[]): Counting =>
      circle === null
        ? { queries: counts(within(base, part)), settle: (answers) => tallyOf(answers, facets) }
        : this.circleCounting(base, part, circle, { counts, within, facets, distinct });

    let stored: MeiliDocument[];
    let tallies: Tally[];
    let pointsAnswer: SearchResponse<MeiliDocument> | undefined;
    if (pieces.length === 1 || limit === 0) {
      // One part, or no page: what is counted over all parts is the whole answer.
      const count = counting(pieces.length === 1 ? ((parts ?? [[]])[0] ?? []) : []);
      const page = limit === 0 ? [] : [hitsOf(hitPieces[0] as SearchParams, offset, limit)];
      const answers = await this.searchAll(withPoints([...page, ...count.queries]));
      stored = page.length === 0 ? [] : (answers[0]?.hits ?? []).filter(inside);
      pointsAnswer = pointsQuery === null ? undefined : answers.at(-1);
      tallies = await this.settle(
        [count],
        [answers.slice(page.length, page.length + count.queries.length)],
      );
    } else if (end <= OVERFETCH_MAX) {
      const count = counting([]);
      const answers = await this.searchAll(
        withPoints([
          ...hitPieces.map((params) => hitsOf(params, 0, end, ['id', 'latitude', 'longitude'])),
          ...count.queries,
        ]),
      );
      const ids: string[] = [];
      for (const answer of answers.slice(0, pieces.length)) {
        const kept = answer.hits.filter(inside);
        for (const hit of kept) ids.push(hit.id);
        // A part with fewer hits than asked, or one that reached past the circle, is all there.
        if (kept.length >= end) break;
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
      let at = 0;
      tallies = await this.settle(
        countings,
        countings.map((c) => {
          at += c.queries.length;
          return answers.slice(at - c.queries.length, at);
        }),
      );
      const totals = tallies.map((t) => t.total);
      pointsAnswer = pointsQuery === null ? undefined : answers.at(-1);
      let skip = offset;
      let want = limit;
      const windows: SearchParams[] = [];
      pieces.forEach((params, i) => {
        const size = totals[i] ?? 0;
        if (want > 0 && skip < size) {
          const take = Math.min(want, size - skip);
          windows.push(hitsOf(params, skip, take));
          want -= take;
          skip = 0;
        } else {
          skip = Math.max(0, skip - size);
        }
      });
      stored = windows.length === 0 ? [] : (await this.searchAll(windows)).flatMap((r) => r.hits);
    }
    const total = tallies.reduce((sum, t) => sum + t.total, 0);
    const summed: SearchResult['facets'] = {};
    for (const field of facets) {
      const sum: Record<string, number> = {};
      for (const t of tallies)
        for (const [value, n] of Object.entries(t.facets[field] ?? {}))
          sum[value] = (sum[value] ?? 0) + n;
      summed[field] = sum;
    }
    const result: SearchResult = { hits: this.toHits(stored, query), total, facets: summed };
    if (pointsQuery !== null) result.points = MeilisearchIndex.toPoints(pointsAnswer);
    return result;
  }

  /** Settles countings (see `Counting`), sending what they still need in one request. */
  private async settle(
    countings: Counting[],
    answers: Array<Array<SearchResponse<MeiliDocument>>>,
  ): Promise<Tally[]> {
    const steps = countings.map((c, i) => c.settle(answers[i] ?? []));
    const more = steps.flatMap((step) => ('more' in step ? step.more : []));
    const extra = more.length === 0 ? [] : await this.searchAll(more);
    let at = 0;
    return steps.map((step) => {
      if (!('more' in step)) return step;
      at += step.more.length;
      return step.then(extra.slice(at - step.more.length, at));
    });
  }

  /**
   * Counts one part's matches in the query's circle without the radius filter (see
   * `CircleCount`): the rectangles inside are counted as the radius filter would be, and the
   * band's matches inside the circle added: each document alone, or with `distinct` each service
   * that has no matching site in the rectangles (asked in a second request). A band with more
   * than BAND_MAX matches is counted with the radius filter after all.
   */
  private circleCounting(
    base: SearchParams,
    part: string[],
    circle: CircleCount,
    how: {
      counts: (params: SearchParams) => SearchParams[];
      within: (params: SearchParams, part: string[]) => SearchParams;
      facets: readonly string[];
      distinct: boolean;
    },
  ): Counting {
    const { counts, within, facets, distinct } = how;
    const inner = counts(within({ ...base, filter: circle.inner }, part));
    const band: SearchParams = {
      ...within({ ...base, filter: circle.band }, part),
      sort: undefined,
      distinct: undefined,
      offset: 0,
      limit: BAND_MAX + 1,
      attributesToRetrieve: ['serviceId', 'siteCount', '_geo', ...facets],
    };
    return {
      queries: [...inner, band],
      settle: (answers) => {
        const found = answers[inner.length]?.hits ?? [];
        if (found.length > BAND_MAX) {
          return {
            more: counts(within(base, part)),
            then: (radius) => tallyOf(radius, facets),
          };
        }
        const tally = tallyOf(answers.slice(0, inner.length), facets);
        const add = (doc: MeiliDocument) => {
          tally.total += 1;
          for (const field of facets) {
            const sum = tally.facets[field] as Record<string, number>;
            const values = (doc as unknown as Record<string, unknown>)[field];
            for (const value of new Set(Array.isArray(values) ? values : []))
              sum[value] = (sum[value] ?? 0) + 1;
          }
        };
        // A service's documents are counted with `distinct` unless it has one site (SOLE_SITE).
        const services = new Map<string, MeiliDocument>();
        for (const doc of found) {
          if (!circle.inside(doc)) continue;
          if (!distinct || doc.siteCount === 1) add(doc);
          else if (!services.has(doc.serviceId)) services.set(doc.serviceId, doc);
        }
        if (services.size === 0) return tally;
        const ids = toMeiliFilter({ field: 'serviceId', anyOf: [...services.keys()] }, []);
        const check: SearchParams = {
          ...within({ ...base, filter: `${circle.inner} AND ${ids}` }, [
            ...part,
            `NOT ${SOLE_SITE}`,
          ]),
          sort: undefined,
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
      },
    };
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

  /**
   * DISTANCE with text: nearest first, the text only deciding what matches. Meilisearch's text
   * rules rank before `sort`, so the matches within the radius are fetched (the radius bounds
   * them; only what ordering, counting and faceting need) and ordered, made distinct, counted and
   * paged here as the embedded engine does; then the page's documents are fetched whole.
   */
  private async nearestWithText(
    base: SearchParams,
    query: SearchQuery,
    facts: IndexFacts,
    byBox: DistanceBox | null,
  ): Promise<SearchResult> {
    const near = query.near;
    if (near === undefined) return this.paged(base, query, null, facts);
    const pointsQuery = this.pointsQuery(base, query.points);
    // Every match is fetched, so they are taken from the circle's bounding box and kept when
    // inside, and in no order of Meilisearch's: neither reads its geo tree.
    const [all, pointsAnswer] = await this.searchAll([
      {
        ...base,
        ...(byBox === null ? {} : { filter: byBox.filter }),
        sort: undefined,
        distinct: undefined,
        offset: 0,
        limit: NEAREST_MAX,
        attributesToRetrieve: [
          'id',
          'serviceId',
          'name',
          '_geo',
          'latitude',
          'longitude',
          ...FACET_FIELDS,
        ],
      },
      ...(pointsQuery === null ? [] : [pointsQuery]),
    ]);
    if (all === undefined || (all.estimatedTotalHits ?? 0) > NEAREST_MAX)
      return this.paged(base, query, null, facts);
    const distance = (doc: MeiliDocument) =>
      doc._geo ? haversineKm(near.latitude, near.longitude, doc._geo.lat, doc._geo.lng) : null;
    const inside = byBox?.inside ?? (() => true);
    const ranked = all.hits
      .filter(inside)
      .map((doc) => ({ doc, km: distance(doc) }))
      .sort(
        (a, b) =>
          (a.km ?? Number.POSITIVE_INFINITY) - (b.km ?? Number.POSITIVE_INFINITY) ||
          compareNames(a.doc, b.doc),
      );
    const seen = new Set<string>();
    const kept =
      query.distinctService === true
        ? ranked.filter((h) => !seen.has(h.doc.serviceId) && seen.add(h.doc.serviceId))
        : ranked;
    const facets: SearchResult['facets'] = {};
    for (const field of (query.facets ?? []).filter((f) => FACET_FIELDS.includes(f))) {
      const counts: Record<string, number> = {};
      for (const { doc } of kept)
        for (const value of doc[field] ?? []) counts[value] = (counts[value] ?? 0) + 1;
      facets[field] = counts;
    }
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const page = kept.slice(offset, offset + limit);
    const documents = await this.documentsById(page.map((h) => h.doc.id));
    const hits = this.toHits(
      page.flatMap((h) => documents.get(h.doc.id) ?? []),
      query,
    );
    const result: SearchResult = { hits, total: kept.length, facets };
    if (pointsQuery !== null) result.points = MeilisearchIndex.toPoints(pointsAnswer);
    return result;
  }

  /** Whole documents by id (those still in the index). */
  private async documentsById(ids: string[]): Promise<Map<string, MeiliDocument>> {
    if (ids.length === 0) return new Map();
    const res = await this.call(() =>
      this.index.getDocuments({ ids, fields: RETRIEVED, limit: ids.length }),
    );
    return new Map((res.results as MeiliDocument[]).map((doc) => [doc.id, doc]));
  }
}
