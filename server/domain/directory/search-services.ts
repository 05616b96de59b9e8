import { z } from 'zod';
import {
  type Filter,
  type SearchDocument,
  SearchEngineError,
  type SearchPoint,
  type SearchQuery,
} from '../../search/engine.ts';
import type { DomainDeps } from '../deps.ts';
import { type ClientProfile, resolveClientProfile } from '../eligibility/client-profile.ts';
import { type EligibilityResult, evaluateEligibility } from '../eligibility/evaluate.ts';
import { eligibilityFilter } from '../eligibility/filter.ts';
import { InvalidInputError, NotSignedInError, SearchUnavailableError } from '../errors.ts';
import { lookupPostalCode } from '../geo/postal-codes.ts';
import { type SiteOpenStatus, siteOpenStatusesAt } from '../hours/open-status.ts';
import { noteSearchOutcome } from '../reports/unmet-needs.ts';
import { parseInput } from '../validate.ts';
import { languageName } from './languages.ts';
import { type TopLevelCode, topLevelCodes } from './need-categories.ts';
import { needsNamedIn } from './need-words.ts';
import { costKinds as allCostKinds, capacityStatuses } from './records.ts';
import { resolvePlace } from './resolve-place.ts';
import { type ServiceView, serviceViewFromHit } from './service-view.ts';
import { isCategoryCode, topLevelCode } from './taxonomy.ts';

const MAX_PAGE = 100;
const DEFAULT_RADIUS_KM = 25;
/** The most map points one search returns: more than a metro directory's services. */
export const MAX_MAP_POINTS = 5000;
/** What a capacity filter can ask for: a published status while current, or UNKNOWN. */
export const capacityFilterValues = [...capacityStatuses, 'UNKNOWN'] as const;

const searchInputSchema = z
  .object({
    text: z.string().max(200, { error: 'Search text must be at most 200 characters.' }).nullish(),
    near: z
      .object({
        latitude: z
          .number()
          .min(-90, { error: 'Latitude must be between -90 and 90.' })
          .max(90, { error: 'Latitude must be between -90 and 90.' }),
        longitude: z
          .number()
          .min(-180, { error: 'Longitude must be between -180 and 180.' })
          .max(180, { error: 'Longitude must be between -180 and 180.' }),
      })
      .nullish(),
    postalCode: z.string().nullish(),
    place: z
      .string()
      .trim()
      .min(1, { error: 'Type an address, a city or a ZIP code.' })
      .max(300, { error: 'The place must be at most 300 characters.' })
      .nullish(),
    radiusKm: z
      .number()
      .min(0.1, { error: 'Radius must be between 0.1 and 500 km.' })
      .max(500, { error: 'Radius must be between 0.1 and 500 km.' })
      .nullish(),
    categories: z.array(z.string()).max(20, { error: 'Choose at most 20 categories.' }).nullish(),
    languages: z.array(z.string()).max(20, { error: 'Choose at most 20 languages.' }).nullish(),
    costs: z.array(z.enum(allCostKinds)).nullish(),
    client: z.unknown().nullish(),
    clientId: z.string().max(200).nullish(),
    eligibleOnly: z.boolean().nullish(),
    openAt: z.date().nullish(),
    openNow: z.boolean().nullish(),
    capacity: z.array(z.enum(capacityFilterValues)).nullish(),
    acceptsReferrals: z.boolean().nullish(),
    sort: z.enum(['RELEVANCE', 'DISTANCE', 'AVAILABLE_FIRST']).nullish(),
    first: z
      .number()
      .int()
      .min(1, { error: `Ask for between 1 and ${MAX_PAGE} results.` })
      .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} results.` })
      .nullish(),
    after: z.string().max(100).nullish(),
  })
  .superRefine((input, ctx) => {
    for (const [i, code] of (input.categories ?? []).entries()) {
      if (!isCategoryCode(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', i],
          message: `Unknown category "${code}". Use one of: ${topLevelCodes.join(', ')}.`,
        });
      }
    }
    for (const [i, code] of (input.languages ?? []).entries()) {
      if (!languageName(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['languages', i],
          message: `Unknown language code "${code}". Use ISO 639 codes such as en, es or ht.`,
        });
      }
    }
    if (input.postalCode != null && !lookupPostalCode(input.postalCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: `Postal code ${input.postalCode} is not a known US ZIP code.`,
      });
    }
    const places = [input.near, input.postalCode, input.place].filter((p) => p != null).length;
    if (places > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [input.place != null ? 'place' : 'postalCode'],
        message: 'Give one of near, postalCode or place, not several.',
      });
    }
    if (input.sort === 'DISTANCE' && places === 0 && input.clientId == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['sort'],
        message: 'Sorting by distance needs a place: give near, postalCode or place.',
      });
    }
    if (input.client != null && input.clientId != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientId'],
        message: 'Give either client or clientId, not both.',
      });
    }
    if (input.eligibleOnly && input.client == null && input.clientId == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['eligibleOnly'],
        message: 'Eligible-only needs a client profile: give client.',
      });
    }
    if (input.openNow && input.openAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['openNow'],
        message: 'Give either openNow or openAt, not both.',
      });
    }
  });

export type SearchServicesInput = z.input<typeof searchInputSchema>;

export type ServiceSearchEdge = {
  cursor: string;
  distanceKm: number | null;
  eligibility: EligibilityResult | null;
  openStatus: SiteOpenStatus;
  node: ServiceView;
};

/** The point distances are measured from, and what the searcher gave for it. */
export type SearchOrigin = {
  latitude: number;
  longitude: number;
  /**
   * The postal code given, or what a typed place or the client's address resolved to (an
   * address, "Aurora, CO", a ZIP code); null for a bare point (the searcher's location or a map area).
   */
  label: string | null;
  /** True when the point is a ZIP code's or city's centre rather than the place itself. */
  approximate: boolean;
  /** Where the place came from: typed in the search, or the saved client's address. */
  source: 'SEARCH' | 'CLIENT_ADDRESS';
};

/** A need the search text names, offered when the text found nothing. */
export type SuggestedNeed = {
  code: TopLevelCode;
  /** Services the same search finds by this need instead of the text. */
  totalCount: number;
};

export type ServiceSearchResult = {
  totalCount: number;
  /** Needs to search by instead, when the text found nothing; else empty. */
  suggestedNeeds: SuggestedNeed[];
  /** Null when the search gave no place (no distances). */
  origin: SearchOrigin | null;
  facets: { categories: FacetValue[]; languages: FacetValue[]; costs: FacetValue[] };
  edges: ServiceSearchEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /**
   * Where every match is (all pages, one point per service, at most MAX_MAP_POINTS): from the
   * page's own search when `withMapPoints` was given, else the same search again, coordinates only.
   */
  mapPoints: () => Promise<SearchPoint[]>;
};

export type FacetValue = { value: string; count: number };

/** Cursors of the first results: every page of the first few hundred results repeats them. */
const firstCursors: string[] = [];
const FIRST_CURSORS = 1_024;

/** Cursors are opaque to clients; inside they are the offset of the next result. */
function encodeCursor(offset: number): string {
  if (offset >= FIRST_CURSORS) return Buffer.from(`o:${offset}`).toString('base64url');
  let cursor = firstCursors[offset];
  if (cursor === undefined) {
    cursor = Buffer.from(`o:${offset}`).toString('base64url');
    firstCursors[offset] = cursor;
  }
  return cursor;
}

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

function facetList(counts: Record<string, number> | undefined): FacetValue[] {
  return Object.entries(counts ?? {})
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

function and(filters: Array<Filter | undefined>): Filter | undefined {
  const parts = filters.filter((f): f is Filter => f !== undefined);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}

/** Capacity current at `now` is any of `wanted`; expired or none published is UNKNOWN. */
function capacityFilter(
  wanted: ReadonlyArray<(typeof capacityFilterValues)[number]> | null | undefined,
  now: Date,
): Filter | undefined {
  if (!wanted?.length) return undefined;
  const statuses = capacityStatuses.filter((s) => wanted.includes(s));
  return { capacityAt: now.getTime(), statuses, orUnknown: wanted.includes('UNKNOWN') };
}

/**
 * How to turn `clientId` into a client profile: the caller supplies it, since only a signed-in
 * coordinator may use a saved client (and the read is audited there).
 */
export type SavedClientProfiles = (
  clientId: string,
) => Promise<{ profile: unknown; address: string | null }>;

/**
 * Finds services by need, place, eligibility and hours, each hit explained (distance, eligibility
 * with reasons, open status). Throws InvalidInputError naming every bad field,
 * SearchUnavailableError when the search engine does not answer, and whatever
 * `savedClient` throws for a `clientId`.
 */
export async function searchServices(
  deps: Pick<DomainDeps, 'db' | 'search' | 'clock' | 'settings' | 'logger'>,
  rawInput: unknown,
  options: {
    savedClient?: SavedClientProfiles;
    /** The caller will read `mapPoints`: they come with the page from the same search. */
    withMapPoints?: boolean;
  } = {},
): Promise<ServiceSearchResult> {
  const input = parseInput(searchInputSchema, rawInput);
  const now = deps.clock.now();
  let clientInput = input.client;
  let clientAddress: string | null = null;
  if (input.clientId != null) {
    if (!options.savedClient) throw new NotSignedInError('Sign in to search for a saved client.');
    const saved = await options.savedClient(input.clientId);
    clientInput = saved.profile;
    clientAddress = saved.address;
  }
  const client: ClientProfile | null =
    clientInput != null ? resolveClientProfileAt(clientInput, now.getUTCFullYear()) : null;
  const offset = input.after ? decodeCursor(input.after) : 0;
  const limit = input.first ?? 20;

  const origin = await searchOrigin(deps, input, clientAddress);
  const near: SearchQuery['near'] = origin
    ? {
        latitude: origin.latitude,
        longitude: origin.longitude,
        radiusKm: input.radiusKm ?? DEFAULT_RADIUS_KM,
      }
    : undefined;

  const categories = [...new Set((input.categories ?? []).map((c) => topLevelCode(c) ?? c))];
  const openAt = input.openAt ?? (input.openNow ? now : null);
  const categoryFilter = (codes: string[]): Filter | undefined =>
    codes.length > 0 ? { field: 'categories', anyOf: codes } : undefined;
  const otherFilters: Array<Filter | undefined> = [
    input.languages?.length ? { field: 'languages', anyOf: input.languages } : undefined,
    input.costs?.length ? { field: 'costs', anyOf: input.costs } : undefined,
    input.eligibleOnly && client ? eligibilityFilter(client) : undefined,
    openAt ? { openAt: openAt.getTime() } : undefined,
    capacityFilter(input.capacity, now),
    input.acceptsReferrals != null
      ? { field: 'acceptsReferrals', equals: input.acceptsReferrals }
      : undefined,
  ];
  const filter = and([categoryFilter(categories), ...otherFilters]);

  const query: SearchQuery = {
    text: input.text ?? undefined,
    filter,
    near,
    sort: input.sort ?? 'RELEVANCE',
    now: now.getTime(),
    staleBefore: now.getTime() - deps.settings.staleAfterDays * 86_400_000,
    distinctService: true,
    offset,
    limit,
  };
  const result = await searchOrFail(deps.search, {
    ...query,
    facets: ['categories', 'languages', 'costs'],
    points: options.withMapPoints ? MAX_MAP_POINTS : undefined,
  });

  const openStatusOf = siteOpenStatusesAt(openAt ?? now);
  const edges = result.hits.map((hit, i) => ({
    cursor: encodeCursor(offset + i + 1),
    distanceKm: hit.distanceKm === null ? null : Math.round(hit.distanceKm * 100) / 100,
    eligibility: client
      ? evaluateEligibility(hit.document, client, { year: client.guidelineYear })
      : null,
    openStatus: openStatusOf(hit.document, hit.document.timezone),
    node: serviceViewFromHit(hit.document, now, deps.settings),
  }));
  const hasNextPage = offset + edges.length < result.total;
  noteSearchOutcome(deps, {
    categories,
    postalCode: input.postalCode ?? zipOf(origin) ?? client?.postalCode,
    offset,
    total: result.total,
    hasNextPage,
    eligibility: edges.map((e) => e.eligibility?.status ?? null),
  });
  const text = input.text?.trim() ?? '';
  const suggestedNeeds =
    result.total === 0 && offset === 0 && text !== ''
      ? await suggestNeeds(deps.search, text, categories, (code) => ({
          filter: and([categoryFilter([code]), ...otherFilters]),
          near,
          sort: 'RELEVANCE',
          distinctService: true,
          offset: 0,
          limit: 0,
        }))
      : [];
  return {
    totalCount: result.total,
    suggestedNeeds,
    origin,
    facets: {
      categories: facetList(result.facets.categories),
      languages: facetList(result.facets.languages),
      costs: facetList(result.facets.costs),
    },
    edges,
    pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    mapPoints: async () => {
      if (result.points) return result.points;
      const all = await searchOrFail(deps.search, {
        ...query,
        offset: 0,
        limit: 0,
        points: MAX_MAP_POINTS,
      });
      return all.points ?? [];
    },
  };
}

/**
 * The needs `text` names that the same search, by need instead of by text, finds services for;
 * needs already filtered on are left out, since they are what found nothing.
 */
async function suggestNeeds(
  search: DomainDeps['search'],
  text: string,
  filtered: readonly string[],
  queryFor: (code: TopLevelCode) => SearchQuery,
): Promise<SuggestedNeed[]> {
  const codes = needsNamedIn(text).filter((code) => !filtered.includes(code));
  const counted = await Promise.all(
    codes.map(async (code) => ({
      code,
      totalCount: (await searchOrFail(search, queryFor(code))).total,
    })),
  );
  return counted.filter((need) => need.totalCount > 0);
}

/**
 * Where distances run from: the point, ZIP code or typed place given, else the saved client's
 * address (which never fails a search: an address nothing matches leaves the search placeless).
 */
async function searchOrigin(
  deps: Pick<DomainDeps, 'db' | 'settings' | 'logger'>,
  input: z.output<typeof searchInputSchema>,
  clientAddress: string | null,
): Promise<SearchOrigin | null> {
  if (input.near) return { ...input.near, label: null, approximate: false, source: 'SEARCH' };
  if (input.postalCode != null) {
    const zip = lookupPostalCode(input.postalCode);
    return zip
      ? {
          latitude: zip.latitude,
          longitude: zip.longitude,
          label: zip.postalCode,
          approximate: true,
          source: 'SEARCH',
        }
      : null;
  }
  if (input.place != null) return { ...(await resolvePlace(deps, input.place)), source: 'SEARCH' };
  if (clientAddress) {
    try {
      return { ...(await resolvePlace(deps, clientAddress)), source: 'CLIENT_ADDRESS' };
    } catch (error) {
      if (error instanceof InvalidInputError) return null;
      throw error;
    }
  }
  return null;
}

/** The ZIP code a resolved place names last ("…, Denver, CO 80205"), for unmet-needs areas. */
function zipOf(origin: SearchOrigin | null): string | null {
  const zips = origin?.label?.match(/\b\d{5}\b/g);
  return zips?.at(-1) ?? null;
}

/** Runs a search; an engine that does not answer becomes SearchUnavailableError. */
function searchOrFail(search: DomainDeps['search'], query: SearchQuery) {
  return search.search(query).catch((error: unknown) => {
    throw error instanceof SearchEngineError ? new SearchUnavailableError(error) : error;
  });
}

function resolveClientProfileAt(input: unknown, year: number): ClientProfile {
  try {
    return resolveClientProfile(input, { year });
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(
        error.issues.map((i) => ({ ...i, path: i.path ? `client.${i.path}` : 'client' })),
      );
    }
    throw error;
  }
}

export type { SearchDocument, SearchPoint };
