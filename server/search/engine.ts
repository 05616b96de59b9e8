/**
 * The search index the domain sees. MongoDB is the source of truth; the index holds one document
 * per place a service is offered (a service-at-location, or the service itself when it has no
 * site), carrying what search needs to filter, rank and show a hit without a database round trip.
 * Implementations: `memory/` (embedded, in-process) and `meilisearch.ts`.
 */

/**
 * The engine could not do what was asked: unreachable, refused the key, or a task failed. The
 * message says which, for the log and the readiness check.
 */
export class SearchEngineError extends Error {
  override name = 'SearchEngineError';
}

/**
 * Open intervals of one week in the location's local time, minutes from Monday 00:00. `end` may
 * exceed 10080 for a span that runs past Sunday midnight into Monday.
 */
export type WeeklyIntervals = Array<[start: number, end: number]>;

export type SearchDocument = {
  /** Unique per document: the service-at-location id, or the service id for a site-less service. */
  id: string;
  serviceId: string;
  organizationId: string;
  locationId: string | null;
  name: string;
  description: string;
  organizationName: string;
  /** Extra searchable words: alternate names, taxonomy term names, category synonyms. */
  keywords: string[];
  /** Top-level need codes (`food`, `housing`, ...). */
  categories: string[];
  /** ISO 639 codes. */
  languages: string[];
  /** FREE | SLIDING_SCALE | FEE | INSURANCE. */
  costs: string[];
  /** Coordinates of the site; null for a service with no physical site. */
  latitude: number | null;
  longitude: number | null;
  /** Structured eligibility, flattened: null means "no restriction". */
  minAge: number | null;
  maxAge: number | null;
  incomeLimitFplPercent: number | null;
  /** Residency tokens: `zip:80202`, `county:Denver County, CO`, `state:CO`. Empty: anyone. */
  residency: string[];
  /** Empty: any gender. */
  genders: string[];
  veteranOnly: boolean;
  /** The service's organization is an agency on the referral network, so it takes referrals. */
  acceptsReferrals: boolean;
  /** IANA zone of the site, used to evaluate `openAt`. */
  timezone: string;
  /** Regular weekly hours in local time. Empty with `hoursKnown: false` means unknown hours. */
  weeklyHours: WeeklyIntervals;
  hoursKnown: boolean;
  /**
   * Openings on specific local dates, [YYYY-MM-DD, startMinute, endMinute] with minutes from that
   * date's midnight; endMinute may exceed 1440 for an overnight span. Monthly rules and seasonal
   * (valid_from/valid_to) weekly rules are expanded here for a rolling window when indexed.
   */
  datedHours: Array<[date: string, start: number, end: number]>;
  /** Local dates (YYYY-MM-DD) on which the site is closed (holidays); overrides all hours. */
  closedDates: string[];
  /** Epoch ms of the last confirmation (HSDS assured_date), null if never. */
  assuredAt: number | null;
  /**
   * The capacity the agency last published (AVAILABLE | NO_CAPACITY | WAITLIST |
   * ASSESSMENT_REQUIRED), null when none. Whether it is current is judged at query time.
   */
  capacityStatus: string | null;
  /**
   * Epoch ms of the last instant that capacity is current (its updated time plus
   * CAPACITY_TTL_HOURS); after it the capacity reads as unknown. Null when none.
   */
  capacityExpiresAt: number | null;
  /** Any JSON the caller wants back with the hit (display fields); never searched. */
  payload: unknown;
  /**
   * How many documents its service has (one per site). The documents of one service share every
   * field but their site's own (location, coordinates, time zone, hours). When given, an engine
   * may count a service with a single document without looking for others; absent: unknown.
   */
  siteCount?: number;
  /**
   * Whether this is the first of its service's documents (given with `siteCount`). A query whose
   * conditions are the same at every site of a service (no place, no hours) matches a service
   * exactly when it matches that document, so an engine may count services by counting these.
   */
  firstSite?: boolean;
};

/** A boolean filter over document fields. Field names are SearchDocument keys. */
export type Filter =
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter }
  /** Array or string field contains any of `values`. */
  | {
      field:
        | 'categories'
        | 'languages'
        | 'costs'
        | 'residency'
        | 'genders'
        | 'serviceId'
        | 'organizationId';
      anyOf: string[];
    }
  /** Numeric field; a null value never matches a comparison. */
  | { field: 'minAge' | 'maxAge' | 'incomeLimitFplPercent'; gte?: number; lte?: number }
  | { field: 'minAge' | 'maxAge' | 'incomeLimitFplPercent' | 'latitude'; isNull: true }
  /** Array field has no values at all (e.g. no residency restriction). */
  | { field: 'residency' | 'genders'; isEmpty: true }
  | { field: 'veteranOnly' | 'acceptsReferrals'; equals: boolean }
  /** Open at this instant (epoch ms), evaluated in each document's own time zone. */
  | { openAt: number }
  /**
   * Capacity as it stands at `capacityAt` (epoch ms) is one of `statuses`, or, with `orUnknown`,
   * is unknown: none published, or `capacityExpiresAt` before `capacityAt`.
   */
  | { capacityAt: number; statuses: string[]; orUnknown: boolean };

export type SearchQuery = {
  /** Free text; typo tolerant. Empty or absent: browse (everything that matches the filters). */
  text?: string;
  filter?: Filter;
  /** Only documents within `radiusKm` of the point; each hit then carries its distance. */
  near?: { latitude: number; longitude: number; radiusKm: number };
  /**
   * RELEVANCE: text score, then distance (when `near`), with stale listings pushed down.
   * DISTANCE: nearest first (requires `near`).
   * AVAILABLE_FIRST: documents whose capacity is AVAILABLE and current at `now` first, then the
   * rest, each part in RELEVANCE order (requires `now`).
   */
  sort: 'RELEVANCE' | 'DISTANCE' | 'AVAILABLE_FIRST';
  /** The query's instant (epoch ms) for time-dependent ranking: AVAILABLE_FIRST. */
  now?: number;
  /** Documents whose assuredAt is older than this epoch ms (or null) count as stale. */
  staleBefore?: number;
  /** Return at most one document per serviceId (the best-ranked one). */
  distinctService?: boolean;
  offset: number;
  limit: number;
  /** Fields to count values of, over all matches (not just the page). */
  facets?: Array<'categories' | 'languages' | 'costs'>;
  /**
   * Also return the map points of all matches (not just the page), at most this many: the best
   * ranked when there are more. Their order is not defined; matches without coordinates are
   * left out.
   */
  points?: number;
};

/** A match as a map draws it: the service, its name and the site's coordinates. */
export type SearchPoint = {
  serviceId: string;
  name: string;
  latitude: number;
  longitude: number;
  acceptsReferrals: boolean;
};

export type SearchHit = { document: SearchDocument; distanceKm: number | null };

export type SearchResult = {
  hits: SearchHit[];
  /** Number of matches (after distinct), exact. */
  total: number;
  facets: Partial<Record<'categories' | 'languages' | 'costs', Record<string, number>>>;
  /** Present when the query asked for `points`. */
  points?: SearchPoint[];
};

/**
 * Query-time synonyms: a word or phrase (lowercase) → the words and phrases it also finds, as
 * Meilisearch's `synonyms` setting takes them. Each engine takes them when it is created.
 */
export type Synonyms = Readonly<Record<string, readonly string[]>>;

export interface SearchIndex {
  /** A short name for logs and the conformance suite ("memory", "meilisearch"). */
  readonly kind: string;
  /** Applies settings (idempotent). Called once at startup. */
  init(): Promise<void>;
  /** Resolves when the engine answers with this index; throws a SearchEngineError otherwise. */
  ready(): Promise<void>;
  /** Adds or replaces documents by id. Resolves once they are searchable. */
  upsert(docs: SearchDocument[]): Promise<void>;
  /** Removes every document of these services. Resolves once they are gone. */
  removeServices(serviceIds: string[]): Promise<void>;
  /**
   * Makes `docs` the whole of these services' documents: adds or replaces them and removes the
   * services' other documents. Resolves once searchable.
   */
  replaceServices(serviceIds: string[], docs: SearchDocument[]): Promise<void>;
  /** Removes every document. */
  clear(): Promise<void>;
  /**
   * Builds a complete new index from what `fill` writes and puts it in place of the current one
   * in one step, so searches meanwhile keep answering from the old one, never an empty or half
   * built index.
   */
  rebuild(fill: (write: (docs: SearchDocument[]) => Promise<void>) => Promise<void>): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  count(): Promise<number>;
  close(): Promise<void>;
}
