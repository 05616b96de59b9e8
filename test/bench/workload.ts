import { createRandom } from './synthetic-documents.ts';

/** The search a results page sends: hits with what a card shows, facets, paging. */
export const SEARCH_QUERY = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) {
      totalCount
      facets {
        categories { value count }
        languages { value count }
        costs { value count }
      }
      edges {
        cursor
        distanceKm
        eligibility { status reasons }
        openStatus { isOpen nextChange }
        node {
          id
          name
          alternateName
          description
          status
          url
          organization { id name }
          categories { code name }
          languages { code name }
          costs
          locations {
            id
            name
            latitude
            longitude
            address { address1 city stateProvince postalCode }
          }
          freshness { assuredDate stale }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const QUERY_KINDS = [
  'text',
  'textFilters',
  'textFiltersGeo',
  'geoBrowse',
  'facets',
  'eligibility',
  'typo',
  'openNow',
  'openAt',
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export type SearchInput = {
  text?: string;
  near?: { latitude: number; longitude: number };
  postalCode?: string;
  radiusKm?: number;
  categories?: string[];
  languages?: string[];
  costs?: string[];
  client?: Record<string, unknown>;
  eligibleOnly?: boolean;
  openAt?: string;
  openNow?: boolean;
  sort?: 'RELEVANCE' | 'DISTANCE';
  first?: number;
};

export type WorkItem = { kind: QueryKind; input: SearchInput; body: string };

const TEXTS = [
  'food pantry',
  'shelter',
  'rent assistance',
  'legal aid',
  'counseling',
  'dental',
  'job training',
  'utility bill',
  'childcare',
  'immigration',
  'detox',
  'transit pass',
  'food',
  'housing',
  'mental health',
  'meals',
  'eviction',
  'recovery support',
  'naturalization',
  'youth',
  'emergency shelter',
  'crisis',
  'groceries',
  'tenant',
  'career coaching',
  'heating bill',
  'therapy',
  'wic',
  'ged',
  'diapers',
  'veteran',
  'senior',
];
const TYPOS = [
  'shleter',
  'pantyr',
  'counceling',
  'emplyoment',
  'immigartion',
  'groseries',
  'evicton',
  'transportaton',
  'dentl',
  'childcre',
  'helth',
  'mentl health',
];
const CATEGORIES = [
  'food',
  'housing',
  'health',
  'mental-health',
  'substance-use',
  'legal',
  'employment',
  'utilities',
  'transportation',
  'family',
];
const LANGUAGES = ['es', 'vi', 'zh', 'ar', 'so', 'ru'];
const COSTS = ['FREE', 'SLIDING_SCALE', 'FEE', 'INSURANCE'];
/** Instants for openAt: Tuesday evening, Saturday morning, Thursday noon, Sunday afternoon (Denver). */
const OPEN_AT = [
  '2026-11-04T01:00:00Z',
  '2026-11-07T16:00:00Z',
  '2026-11-05T19:00:00Z',
  '2026-11-08T21:00:00Z',
];

/**
 * A deterministic mixed workload: each kind in turn (so every kind is measured at every phase),
 * places drawn from the directory's own sites.
 */
export function buildWorkload(
  count: number,
  seed: number,
  points: ReadonlyArray<{ latitude: number; longitude: number }>,
  postalCodes: readonly string[],
): WorkItem[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const point = () => {
    const p = pick(points);
    return {
      latitude: Math.round((p.latitude + (random() - 0.5) * 0.05) * 1e5) / 1e5,
      longitude: Math.round((p.longitude + (random() - 0.5) * 0.05) * 1e5) / 1e5,
    };
  };
  const place = (): Pick<SearchInput, 'near' | 'postalCode'> =>
    random() < 0.25 && postalCodes.length > 0
      ? { postalCode: pick(postalCodes) }
      : { near: point() };
  const items: WorkItem[] = [];
  for (let i = 0; i < count; i++) {
    const kind = QUERY_KINDS[i % QUERY_KINDS.length] as QueryKind;
    let input: SearchInput;
    switch (kind) {
      case 'text':
        input = { text: pick(TEXTS) };
        break;
      case 'textFilters':
        input = {
          text: pick(TEXTS),
          categories: [pick(CATEGORIES)],
          ...(random() < 0.5 ? { costs: ['FREE'] } : {}),
          ...(random() < 0.3 ? { languages: [pick(LANGUAGES)] } : {}),
        };
        break;
      case 'textFiltersGeo':
        input = {
          text: pick(TEXTS),
          ...place(),
          radiusKm: pick([5, 10, 25, 50]),
          ...(random() < 0.5 ? { categories: [pick(CATEGORIES)] } : {}),
          ...(random() < 0.4 ? { costs: [pick(COSTS)] } : {}),
        };
        break;
      case 'geoBrowse':
        input = { ...place(), radiusKm: pick([2, 5, 10, 25]), sort: 'DISTANCE' };
        break;
      case 'facets':
        input = {
          categories: [pick(CATEGORIES), pick(CATEGORIES)],
          ...(random() < 0.5 ? { languages: [pick(LANGUAGES)] } : {}),
          ...(random() < 0.5 ? { costs: ['FREE', 'SLIDING_SCALE'] } : {}),
        };
        break;
      case 'eligibility':
        input = {
          ...(random() < 0.6 ? { text: pick(TEXTS) } : { categories: [pick(CATEGORIES)] }),
          ...place(),
          radiusKm: 25,
          client: {
            age: 18 + Math.floor(random() * 60),
            householdSize: 1 + Math.floor(random() * 5),
            annualIncome: Math.round(8_000 + random() * 60_000),
            ...(random() < 0.5 ? { languages: ['es'] } : {}),
            ...(random() < 0.2 ? { veteran: true } : {}),
          },
          eligibleOnly: random() < 0.7,
        };
        break;
      case 'typo':
        input = { text: pick(TYPOS), ...(random() < 0.5 ? { near: point(), radiusKm: 50 } : {}) };
        break;
      case 'openNow':
        input = {
          ...(random() < 0.5 ? { text: pick(TEXTS) } : { categories: [pick(CATEGORIES)] }),
          ...place(),
          radiusKm: 25,
          openNow: true,
        };
        break;
      case 'openAt':
        input = {
          ...(random() < 0.5 ? { text: pick(TEXTS) } : { categories: [pick(CATEGORIES)] }),
          openAt: pick(OPEN_AT),
        };
        break;
    }
    items.push({
      kind,
      input,
      body: JSON.stringify({ query: SEARCH_QUERY, variables: { input } }),
    });
  }
  return items;
}

type Edge = {
  distanceKm: number | null;
  eligibility: { status: string } | null;
  openStatus: { isOpen: boolean | null };
  node: { id: string; categories: Array<{ code: string }> };
};
type Connection = { totalCount: number; edges: Edge[] };

/** What a benchmark response tells: whether it is right, and how many results it had. */
export type Checked = { error: string | null; totalCount: number };

/** A check of one response to a work item. */
export type ResponseCheck = (item: WorkItem, status: number, body: string) => Checked;

/**
 * A check that remembers the last response it saw for each request body and its verdict: the
 * same request (the workload asks many searches more than once) answered with the same bytes
 * gets the same verdict without parsing the page again. Every response is still checked; an
 * answer that differs (another page, an error) is checked in full. It keeps the load generator,
 * which shares the machine with the server, from weighing on the search's throughput more than
 * the floor's constant-body check does.
 */
export function rememberingCheck(check: ResponseCheck = checkSearchResponse): ResponseCheck {
  const last = new Map<string, { status: number; body: string; checked: Checked }>();
  return (item, status, body) => {
    const seen = last.get(item.body);
    if (seen !== undefined && seen.status === status && seen.body === body) return seen.checked;
    const checked = check(item, status, body);
    last.set(item.body, { status, body, checked });
    return checked;
  };
}

/** Checks a search response: no errors, consistent totals, radii, distance order, filters. */
export function checkSearchResponse(item: WorkItem, status: number, body: string): Checked {
  const fail = (error: string): Checked => ({ error: `${item.kind}: ${error}`, totalCount: 0 });
  if (status !== 200) return fail(`HTTP ${status}: ${body.slice(0, 200)}`);
  let parsed: { data?: { searchServices?: Connection } | null; errors?: unknown[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('response is not JSON');
  }
  if (parsed.errors?.length) return fail(`errors ${JSON.stringify(parsed.errors).slice(0, 300)}`);
  const result = parsed.data?.searchServices;
  if (!result) return fail('no data');
  const { input } = item;
  const first = input.first ?? 20;
  if (result.edges.length > first) return fail(`${result.edges.length} edges for first ${first}`);
  if (result.totalCount < result.edges.length) {
    return fail(`totalCount ${result.totalCount} < ${result.edges.length} edges`);
  }
  const hasPlace = input.near !== undefined || input.postalCode !== undefined;
  const radius = (input.radiusKm ?? 25) + 0.01;
  let previous = -1;
  const ids = new Set<string>();
  for (const edge of result.edges) {
    if (ids.has(edge.node.id)) return fail(`service ${edge.node.id} twice on one page`);
    ids.add(edge.node.id);
    if (hasPlace) {
      if (edge.distanceKm === null || !(edge.distanceKm >= 0) || edge.distanceKm > radius) {
        return fail(`distance ${edge.distanceKm} outside radius ${input.radiusKm ?? 25}`);
      }
      if (input.sort === 'DISTANCE' && edge.distanceKm + 0.011 < previous) {
        return fail(`distance ${edge.distanceKm} after ${previous} in distance order`);
      }
      previous = edge.distanceKm;
    } else if (edge.distanceKm !== null) {
      return fail('distance without a place');
    }
    if (input.client && edge.eligibility === null) return fail('no eligibility for a client');
    if (!input.client && edge.eligibility !== null) return fail('eligibility without a client');
    if (input.eligibleOnly && edge.eligibility?.status === 'INELIGIBLE') {
      return fail('ineligible service with eligibleOnly');
    }
    if ((input.openNow || input.openAt) && edge.openStatus.isOpen !== true) {
      return fail(`service not open (${edge.openStatus.isOpen}) with an open filter`);
    }
    if (input.categories && !edge.node.categories.some((c) => input.categories?.includes(c.code))) {
      return fail('service outside the chosen categories');
    }
  }
  return { error: null, totalCount: result.totalCount };
}
