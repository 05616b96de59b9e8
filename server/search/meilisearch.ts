import {
  type EnqueuedTaskPromise,
  type Index,
  Meilisearch,
  type SearchParams,
  type Task,
} from 'meilisearch';
import { haversineKm } from '../domain/geo/distance.ts';
import type {
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchPoint,
  SearchQuery,
  SearchResult,
} from './engine.ts';
import {
  availableAtFilter,
  fromMeiliDocument,
  type MeiliDocument,
  toMeiliDocument,
  toMeiliFilter,
  usesOpenAt,
} from './meilisearch-documents.ts';
import { tokenizeQuery } from './memory/tokenize.ts';

/** Connection settings for the Meilisearch adapter. */
export type MeilisearchOptions = { url: string; apiKey?: string; indexPrefix: string };

const BATCH_SIZE = 5000;
const TASK_TIMEOUT_MS = 300_000;
const TIMEZONE_CACHE_MS = 60_000;
const FACET_FIELDS = ['categories', 'languages', 'costs'] as const;

const SETTINGS = {
  // Attribute order is the ranking weight: name > keywords/categories > organization > description.
  searchableAttributes: ['name', 'keywords', 'categoryWords', 'organizationName', 'description'],
  filterableAttributes: [
    'categories',
    'languages',
    'costs',
    'residency',
    'genders',
    'serviceId',
    'organizationId',
    'minAge',
    'maxAge',
    'incomeLimitFplPercent',
    'latitude',
    'veteranOnly',
    '_geo',
    'timezone',
    'openSlots',
    'spillSlots',
    'datedSlots',
    'datedSpill',
    'closedDays',
    'capacityStatus',
    'capacityExpiresAt',
  ],
  sortableAttributes: ['_geo', 'assuredSort', 'nameSort'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  // Totals must be exact; Meilisearch caps them at maxTotalHits (1000 by default).
  pagination: { maxTotalHits: 1_000_000 },
  faceting: { maxValuesPerFacet: 1000 },
};

function checkTask(task: Task, what: string): void {
  if (task.status !== 'succeeded') {
    throw new Error(
      `Meilisearch ${what} ${task.status}: ${task.error?.message ?? 'no error message'}`,
    );
  }
}

/** SearchIndex backed by a Meilisearch server; every write resolves after its task finishes. */
export class MeilisearchIndex implements SearchIndex {
  readonly kind = 'meilisearch';
  private readonly client: Meilisearch;
  private readonly uid: string;
  private timezones: { at: number; values: string[] } | null = null;

  constructor(options: MeilisearchOptions) {
    this.client = new Meilisearch({ host: options.url, apiKey: options.apiKey });
    this.uid = `${options.indexPrefix}_services`;
  }

  private get index(): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(this.uid);
  }

  private async run(what: string, task: EnqueuedTaskPromise): Promise<void> {
    checkTask(await task.waitTask({ timeout: TASK_TIMEOUT_MS }), what);
  }

  async init(): Promise<void> {
    const created = await this.client
      .createIndex(this.uid, { primaryKey: 'id' })
      .waitTask({ timeout: TASK_TIMEOUT_MS });
    if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists') {
      checkTask(created, 'createIndex');
    }
    await this.run('updateSettings', this.index.updateSettings(SETTINGS));
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH_SIZE) {
      const batch = docs.slice(i, i + BATCH_SIZE).map(toMeiliDocument);
      await this.run('addDocuments', this.index.addDocuments(batch, { primaryKey: 'id' }));
    }
    this.timezones = null;
  }

  async removeServices(serviceIds: string[]): Promise<void> {
    if (serviceIds.length === 0) return;
    for (let i = 0; i < serviceIds.length; i += BATCH_SIZE) {
      const ids = serviceIds.slice(i, i + BATCH_SIZE);
      const filter = toMeiliFilter({ field: 'serviceId', anyOf: ids }, []);
      await this.run('deleteDocuments', this.index.deleteDocuments({ filter }));
    }
    this.timezones = null;
  }

  async clear(): Promise<void> {
    await this.run('deleteAllDocuments', this.index.deleteAllDocuments());
    this.timezones = null;
  }

  async count(): Promise<number> {
    return (await this.index.getStats()).numberOfDocuments;
  }

  async close(): Promise<void> {}

  /** Time zones present in the index; openAt needs one clause per zone. */
  private async indexedTimezones(): Promise<string[]> {
    if (this.timezones !== null && Date.now() - this.timezones.at < TIMEZONE_CACHE_MS)
      return this.timezones.values;
    const res = await this.index.search('', { limit: 0, facets: ['timezone'] });
    const values = Object.keys(res.facetDistribution?.timezone ?? {}).sort();
    this.timezones = { at: Date.now(), values };
    return values;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const timezones =
      query.filter !== undefined && usesOpenAt(query.filter) ? await this.indexedTimezones() : [];
    const filters: string[] = [];
    if (query.filter !== undefined) filters.push(toMeiliFilter(query.filter, timezones));
    const near = query.near;
    if (near !== undefined) {
      filters.push(
        `_geoRadius(${near.latitude}, ${near.longitude}, ${Math.max(0, near.radiusKm * 1000)})`,
      );
    }
    const geoPoint =
      near === undefined ? null : `_geoPoint(${near.latitude}, ${near.longitude}):asc`;
    const sort: string[] = [];
    if (query.sort === 'DISTANCE' && geoPoint !== null) {
      sort.push(geoPoint);
    } else {
      // Meilisearch cannot sort on a query-time fresh/stale flag; within a relevance tier, sorting
      // by assurance recency puts every fresh listing before every stale one.
      if (query.staleBefore !== undefined) sort.push('assuredSort:desc');
      if (geoPoint !== null) sort.push(geoPoint);
    }
    if (sort.length === 0 || (query.text ?? '').trim() === '') sort.push('nameSort:asc');

    const text = query.text ?? '';
    const base: SearchParams = {
      filter: filters.length > 0 ? filters.join(' AND ') : undefined,
      sort,
      matchingStrategy: 'all',
      distinct: query.distinctService === true ? 'serviceId' : undefined,
    };
    const run = (params: SearchParams) =>
      query.sort === 'AVAILABLE_FIRST'
        ? this.availableFirst(text, params, query)
        : this.page(text, params, query);
    let params = base;
    let result = await run(params);
    if (result.total === 0 && tokenizeQuery(text).words.length > 1) {
      params = { ...base, matchingStrategy: 'last' };
      result = await run(params);
    }
    if (query.points !== undefined) result.points = await this.points(text, params, query.points);
    return result;
  }

  /** Map points of the best `max` matches, fetching only the fields a map needs. */
  private async points(text: string, base: SearchParams, max: number): Promise<SearchPoint[]> {
    const limit = Math.max(0, Math.floor(max));
    if (limit === 0) return [];
    const res = await this.index.search(text, {
      ...base,
      offset: 0,
      limit,
      attributesToRetrieve: ['serviceId', 'name', '_geo'],
    });
    const points: SearchPoint[] = [];
    for (const hit of res.hits) {
      if (!hit._geo) continue;
      points.push({
        serviceId: hit.serviceId,
        name: hit.name,
        latitude: hit._geo.lat,
        longitude: hit._geo.lng,
      });
    }
    return points;
  }

  /**
   * AVAILABLE_FIRST, exactly: "available now" depends on the query instant, so no stored
   * attribute can sort on it. The matches are split by a filter into the available part and the
   * rest, each searched in RELEVANCE order, and the page is cut across the two. Capacity belongs
   * to the service, so `distinct` never straddles the parts and totals and facets add up.
   */
  private async availableFirst(
    text: string,
    base: SearchParams,
    query: SearchQuery,
  ): Promise<SearchResult> {
    const now = query.now;
    if (now === undefined || !Number.isFinite(now))
      throw new RangeError('AVAILABLE_FIRST needs the query instant (now).');
    const available = availableAtFilter(now);
    const filter = typeof base.filter === 'string' ? base.filter : undefined;
    const within = (part: string): SearchParams => ({
      ...base,
      filter: filter === undefined ? part : `(${filter}) AND ${part}`,
    });
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const first = await this.page(text, within(available), { ...query, offset, limit });
    const restOffset = Math.max(0, offset - first.total);
    const restLimit = limit - first.hits.length;
    const rest = await this.page(text, within(`(NOT ${available})`), {
      ...query,
      offset: restOffset,
      limit: restLimit,
    });
    const facets: SearchResult['facets'] = {};
    for (const field of FACET_FIELDS) {
      const a = first.facets[field];
      const b = rest.facets[field];
      if (a === undefined && b === undefined) continue;
      const sum: Record<string, number> = { ...a };
      for (const [value, n] of Object.entries(b ?? {})) sum[value] = (sum[value] ?? 0) + n;
      facets[field] = sum;
    }
    return { hits: [...first.hits, ...rest.hits], total: first.total + rest.total, facets };
  }

  private async page(text: string, base: SearchParams, query: SearchQuery): Promise<SearchResult> {
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const facets = (query.facets ?? []).filter((f) => FACET_FIELDS.includes(f));
    let storedHits: MeiliDocument[];
    let total: number;
    let distribution: Record<string, Record<string, number>>;
    if (limit > 0 && offset % limit === 0) {
      const res = await this.index.search(text, {
        ...base,
        page: offset / limit + 1,
        hitsPerPage: limit,
        facets,
      });
      storedHits = res.hits;
      total = res.totalHits;
      distribution = res.facetDistribution ?? {};
    } else {
      // Exact totals need page-based pagination; an unaligned window is fetched separately.
      const [hitsRes, countRes] = await Promise.all([
        this.index.search(text, { ...base, offset, limit }),
        this.index.search(text, { ...base, page: 1, hitsPerPage: 0, facets }),
      ]);
      storedHits = hitsRes.hits;
      total = countRes.totalHits;
      distribution = countRes.facetDistribution ?? {};
    }
    const near = query.near;
    const hits: SearchHit[] = storedHits.map((stored) => {
      const document = fromMeiliDocument(stored);
      const distanceKm =
        near === undefined || document.latitude === null || document.longitude === null
          ? null
          : haversineKm(near.latitude, near.longitude, document.latitude, document.longitude);
      return { document, distanceKm };
    });
    const outFacets: SearchResult['facets'] = {};
    for (const field of facets) outFacets[field] = { ...(distribution[field] ?? {}) };
    return { hits, total, facets: outFacets };
  }
}
