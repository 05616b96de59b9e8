import {
  acceptListingSuggestion,
  type ListingSuggestion,
  listListingSuggestions,
  rejectListingSuggestion,
  suggestionStatuses,
  suggestListingEdit,
} from '../domain/listings/suggestions.ts';
import { builder } from './builder.ts';
import {
  CostOptionInput,
  EligibilityRulesInput,
  PhoneInput,
  ScheduleInput,
  ServiceStatusEnum,
} from './listing.ts';

const ListingFieldEnum = builder.enumType('ListingField', {
  description: 'A field of a listing that its agency edits (see updateService).',
  values: {
    NAME: { value: 'name' },
    DESCRIPTION: { value: 'description' },
    STATUS: { value: 'status' },
    PHONES: { value: 'phones' },
    SCHEDULES: { value: 'schedules' },
    ELIGIBILITY: { value: 'eligibility' },
    LANGUAGES: { value: 'languages' },
    COSTS: { value: 'costs' },
    REQUIRED_DOCUMENTS: { value: 'requiredDocuments' },
    CATEGORIES: { value: 'categories' },
  } as const,
});

const SuggestionStatusEnum = builder.enumType('ListingSuggestionStatus', {
  values: suggestionStatuses,
});

const ListingSuggestionRef = builder.objectRef<ListingSuggestion>('ListingSuggestion').implement({
  description: 'A correction to one field of a listing, suggested by someone who noticed it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    serviceId: t.exposeID('serviceId'),
    serviceName: t.exposeString('serviceName', { description: 'The name when suggested.' }),
    field: t.field({ type: ListingFieldEnum, resolve: (s) => s.field }),
    newValue: t.string({
      description: 'The suggested value as JSON text, in UpdateServiceInput’s shape.',
      resolve: (s) => JSON.stringify(s.newValue),
    }),
    note: t.exposeString('note', { nullable: true }),
    status: t.field({ type: SuggestionStatusEnum, resolve: (s) => s.status }),
    suggestedByEmail: t.exposeString('suggestedByEmail'),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.decidedAt }),
    decisionNote: t.exposeString('decisionNote', {
      nullable: true,
      description: 'Why it was rejected.',
    }),
  }),
});

const ListingValueInput = builder.inputType('ListingValueInput', {
  description: 'A new value for one listing field: set only the member the field names.',
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    status: t.field({ type: ServiceStatusEnum }),
    phones: t.field({ type: [PhoneInput] }),
    schedules: t.field({ type: [ScheduleInput] }),
    eligibility: t.field({ type: EligibilityRulesInput }),
    languages: t.stringList({ description: 'ISO 639 codes.' }),
    costs: t.field({ type: [CostOptionInput] }),
    requiredDocuments: t.stringList(),
    categories: t.stringList({ description: 'Need category codes.' }),
  }),
});

const SuggestListingEditInput = builder.inputType('SuggestListingEditInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    field: t.field({ type: ListingFieldEnum, required: true }),
    newValue: t.field({ type: ListingValueInput, required: true }),
    note: t.string({ description: 'What you noticed, for the agency.' }),
  }),
});

builder.mutationField('suggestListingEdit', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ListingSuggestionRef,
    description:
      'Suggests a correction to one field of any listing; checked like updateService, then ' +
      'waits for the listing’s agency or a network admin.',
    args: { input: t.arg({ type: SuggestListingEditInput, required: true }) },
    resolve: (_root, args, ctx) =>
      suggestListingEdit(ctx.deps, ctx.actor, {
        ...args.input,
        serviceId: String(args.input.serviceId),
      }),
  }),
);

builder.mutationField('acceptListingSuggestion', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ListingSuggestionRef,
    description:
      'Applies a suggestion as an edit of the listing (its agency or a network admin); logged ' +
      'in the change log like updateService.',
    args: { suggestionId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      acceptListingSuggestion(ctx.deps, ctx.actor, String(args.suggestionId)),
  }),
);

const RejectListingSuggestionInput = builder.inputType('RejectListingSuggestionInput', {
  fields: (t) => ({
    suggestionId: t.id({ required: true }),
    note: t.string({ required: true, description: 'Why, for the person who suggested it.' }),
  }),
});

builder.mutationField('rejectListingSuggestion', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ListingSuggestionRef,
    description: 'Rejects a suggestion with a note (the listing’s agency or a network admin).',
    args: { input: t.arg({ type: RejectListingSuggestionInput, required: true }) },
    resolve: (_root, args, ctx) =>
      rejectListingSuggestion(ctx.deps, ctx.actor, {
        suggestionId: String(args.input.suggestionId),
        note: args.input.note,
      }),
  }),
);

builder.queryField('listingSuggestions', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [ListingSuggestionRef],
    description:
      'Suggested edits, newest first: for one listing (its agency and network admins), or all ' +
      'you may see (network admins: all; an agency: its listings’; anyone: their own).',
    args: {
      serviceId: t.arg.id(),
      status: t.arg({ type: SuggestionStatusEnum }),
      first: t.arg.int({ description: '1–100 (default 20).' }),
    },
    resolve: (_root, args, ctx) =>
      listListingSuggestions(ctx.deps, ctx.actor, {
        serviceId: args.serviceId == null ? null : String(args.serviceId),
        status: args.status,
        first: args.first,
      }),
  }),
);
