import {
  type FieldNode,
  type FragmentSpreadNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
  type InlineFragmentNode,
  Kind,
  type SelectionNode,
} from 'graphql';
import { savedClientProfile } from '../domain/clients/clients.ts';
import {
  capacityFilterValues,
  type FacetValue,
  type SearchOrigin,
  type SearchPoint,
  type ServiceSearchEdge,
  type ServiceSearchResult,
  type SuggestedNeed,
  searchServices,
} from '../domain/directory/search-services.ts';
import { categoryName } from '../domain/directory/taxonomy.ts';
import type { EligibilityResult } from '../domain/eligibility/evaluate.ts';
import { builder } from './builder.ts';
import { OpenStatusRef } from './open-status.ts';
import { ServiceRef } from './service.ts';
import { NeedLanguageEnum } from './taxonomy.ts';

const SortEnum = builder.enumType('SearchSort', {
  description:
    'RELEVANCE: best text match, then nearest, stale listings lower. DISTANCE: nearest first. ' +
    'AVAILABLE_FIRST: services whose published capacity is AVAILABLE and still current ' +
    '(within CAPACITY_TTL_HOURS) first, then the rest, each part in RELEVANCE order.',
  values: ['RELEVANCE', 'DISTANCE', 'AVAILABLE_FIRST'] as const,
});

const SearchCapacityEnum = builder.enumType('SearchCapacity', {
  description:
    'A service’s capacity as search sees it now: the status its agency published while it is ' +
    'current, or UNKNOWN when none was published or it is older than CAPACITY_TTL_HOURS.',
  values: capacityFilterValues,
});

const CostEnum = builder.enumType('Cost', {
  description: 'How a client pays.',
  values: ['FREE', 'SLIDING_SCALE', 'FEE', 'INSURANCE'] as const,
});

const GenderEnum = builder.enumType('Gender', {
  values: {
    FEMALE: { value: 'female' },
    MALE: { value: 'male' },
    NONBINARY: { value: 'nonbinary' },
  },
});

const EligibilityStatusEnum = builder.enumType('EligibilityStatus', {
  description: 'UNKNOWN: a rule needs a fact the client profile does not give.',
  values: ['ELIGIBLE', 'INELIGIBLE', 'UNKNOWN'] as const,
});

const PointInput = builder.inputType('PointInput', {
  description: 'A point in WGS 84 degrees.',
  fields: (t) => ({
    latitude: t.float({ required: true }),
    longitude: t.float({ required: true }),
  }),
});

const ClientProfileInput = builder.inputType('ClientProfileInput', {
  description: 'What is known about the client; every field is optional. Nothing here is stored.',
  fields: (t) => ({
    age: t.int(),
    householdSize: t.int(),
    annualIncome: t.float({ description: 'Household income per year, in US dollars.' }),
    postalCode: t.string(),
    gender: t.field({ type: GenderEnum }),
    veteran: t.boolean(),
    languages: t.stringList({ description: 'ISO 639 codes of languages the client speaks.' }),
  }),
});

const SearchServicesInput = builder.inputType('SearchServicesInput', {
  fields: (t) => ({
    text: t.string({ description: 'Free text; typo tolerant.' }),
    near: t.field({ type: PointInput, description: 'Search around this point.' }),
    postalCode: t.string({ description: 'Search around this US ZIP code (instead of near).' }),
    place: t.string({
      description:
        'Search around a typed place (instead of near or postalCode): a street address, a city ' +
        '(“Aurora, CO”) or a ZIP code. Found by the GEOCODER_URL geocoder when the deployment has ' +
        'one, else among the directory’s own site addresses, then by the ZIP code or city in ' +
        'it; origin.approximate says when the point is only a ZIP code’s or city’s centre. ' +
        'Without any place, a saved client’s (clientId) address is used when it has one.',
    }),
    radiusKm: t.float({ description: 'Radius around the place, 0.1–500 km (default 25).' }),
    categories: t.stringList({ description: 'Need category codes; any of them matches.' }),
    languages: t.stringList({ description: 'ISO 639 codes; any of them matches.' }),
    costs: t.field({ type: [CostEnum], description: 'Any of these payment kinds.' }),
    client: t.field({
      type: ClientProfileInput,
      description: 'Evaluate eligibility for this client.',
    }),
    clientId: t.id({
      description:
        'Evaluate eligibility for this saved client (instead of client); needs sign-in as its coordinating organization.',
    }),
    eligibleOnly: t.boolean({ description: 'Leave out services the client is not eligible for.' }),
    openAt: t.field({ type: 'DateTime', description: 'Only services open at this instant.' }),
    openNow: t.boolean({ description: 'Only services open now.' }),
    capacity: t.field({
      type: [SearchCapacityEnum],
      description:
        'Only services whose capacity is now any of these. Capacity counts only while current: ' +
        'one older than CAPACITY_TTL_HOURS, like none published, is UNKNOWN (so AVAILABLE and ' +
        'UNKNOWN together keep every service not known to be full). Empty or absent: no filter.',
    }),
    acceptsReferrals: t.boolean({
      description:
        'true: only services whose agency is on the referral network (a referral can be sent); ' +
        'false: only the others. Absent: both.',
    }),
    sort: t.field({ type: SortEnum }),
    first: t.int({ description: 'Page size, 1–100 (default 20).' }),
    after: t.string({ description: 'Cursor of the last result of the previous page.' }),
  }),
});

const EligibilityRef = builder.objectRef<EligibilityResult>('Eligibility').implement({
  description: 'Whether the client qualifies, with reasons a person can read.',
  fields: (t) => ({
    status: t.expose('status', { type: EligibilityStatusEnum }),
    reasons: t.exposeStringList('reasons'),
  }),
});

const SearchOriginSourceEnum = builder.enumType('SearchOriginSource', {
  values: ['SEARCH', 'CLIENT_ADDRESS'] as const,
});

const SearchOriginRef = builder.objectRef<SearchOrigin>('SearchOrigin').implement({
  description: 'The point distances are measured from, as the search resolved it.',
  fields: (t) => ({
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
    label: t.exposeString('label', {
      nullable: true,
      description:
        'The postal code given, or what a place or the client’s address resolved to (an ' +
        'address, “Aurora, CO”, a ZIP code); null for a bare point (the searcher’s location or ' +
        'a map area).',
    }),
    approximate: t.exposeBoolean('approximate', {
      description: 'True when the point is a ZIP code’s or city’s centre, not the place itself.',
    }),
    source: t.field({
      type: SearchOriginSourceEnum,
      description: 'SEARCH: given in the search. CLIENT_ADDRESS: the saved client’s address.',
      resolve: (o) => o.source,
    }),
  }),
});

const FacetValueRef = builder.objectRef<FacetValue>('FacetValue').implement({
  fields: (t) => ({ value: t.exposeString('value'), count: t.exposeInt('count') }),
});

const FacetsRef = builder.objectRef<ServiceSearchResult['facets']>('SearchFacets').implement({
  description: 'Counts over all matches, not just this page.',
  fields: (t) => ({
    categories: t.expose('categories', { type: [FacetValueRef] }),
    languages: t.expose('languages', { type: [FacetValueRef] }),
    costs: t.expose('costs', { type: [FacetValueRef] }),
  }),
});

const EdgeRef = builder.objectRef<ServiceSearchEdge>('ServiceSearchEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    distanceKm: t.exposeFloat('distanceKm', { nullable: true }),
    eligibility: t.expose('eligibility', {
      type: EligibilityRef,
      nullable: true,
      description: 'Null when no client profile was given.',
    }),
    openStatus: t.expose('openStatus', { type: OpenStatusRef }),
    node: t.expose('node', { type: ServiceRef }),
  }),
});

export const PageInfoRef = builder
  .objectRef<ServiceSearchResult['pageInfo']>('PageInfo')
  .implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

const SuggestedNeedRef = builder.objectRef<SuggestedNeed>('SuggestedNeed').implement({
  description:
    'A need the search text names ("comida", "rent help"), offered when the text found nothing: ' +
    'searching by this need category instead finds totalCount services.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The top-level need code, for `categories`.' }),
    name: t.string({
      args: { language: t.arg({ type: NeedLanguageEnum, required: true, defaultValue: 'en' }) },
      resolve: (need, args) => categoryName(need.code, args.language) ?? need.code,
    }),
    totalCount: t.exposeInt('totalCount', {
      description: 'Services the same search finds by this need instead of the text.',
    }),
  }),
});

const MapPointRef = builder.objectRef<SearchPoint>('ServiceMapPoint').implement({
  description: 'Where a matching service is, for drawing every match of a search on a map.',
  fields: (t) => ({
    serviceId: t.exposeID('serviceId'),
    name: t.exposeString('name'),
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
    acceptsReferrals: t.exposeBoolean('acceptsReferrals', {
      description: 'Its agency is on the referral network.',
    }),
  }),
});

export const ConnectionRef = builder
  .objectRef<ServiceSearchResult>('ServiceSearchConnection')
  .implement({
    description: 'One page of search results, one edge per service.',
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      suggestedNeeds: t.field({
        type: [SuggestedNeedRef],
        description:
          'When the text found nothing on the first page: the needs it names that the same ' +
          'search by need finds services for, best match first. Empty otherwise.',
        resolve: (r) => r.suggestedNeeds,
      }),
      origin: t.field({
        type: SearchOriginRef,
        nullable: true,
        description: 'Where distances are measured from; null when the search gave no place.',
        resolve: (r) => r.origin,
      }),
      facets: t.expose('facets', { type: FacetsRef }),
      edges: t.expose('edges', { type: [EdgeRef] }),
      pageInfo: t.expose('pageInfo', { type: PageInfoRef }),
      mapPoints: t.field({
        type: [MapPointRef],
        description:
          'Every match of the search, not just this page, as map points: one per service (its ' +
          'best-ranked site), services without a site left out, at most 5000 (the best-ranked).',
        resolve: (r) => r.mapPoints(),
      }),
    }),
  });

builder.queryField('searchServices', (t) =>
  t.field({
    type: ConnectionRef,
    description: 'Find services by need, place, eligibility and hours.',
    args: { input: t.arg({ type: SearchServicesInput, required: true }) },
    resolve: (_root, args, ctx, info) =>
      searchServices(ctx.deps, args.input, {
        savedClient: (clientId) => savedClientProfile(ctx.deps, ctx.actor, clientId),
        withMapPoints: selectsField(info, 'mapPoints'),
      }),
  }),
);

/**
 * Whether the operation reads `name` directly under the field being resolved (honouring
 * `@include`/`@skip`), so the points can come from the same search as the page.
 */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const walk = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (!included(selection)) return false;
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet.selections);
      const fragment = info.fragments[selection.name.value];
      return fragment !== undefined && walk(fragment.selectionSet.selections);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet?.selections ?? []));
}
