import {
  type ReferralFigures,
  type ReferralReport,
  type ReferralReportGroup,
  referralReport,
} from '../domain/reports/referral-report.ts';
import {
  type UnmetNeedArea,
  type UnmetNeedRow,
  type UnmetNeedsReport,
  unmetNeedsReport,
} from '../domain/reports/unmet-needs.ts';
import { builder } from './builder.ts';

const FiguresRef = builder.objectRef<ReferralFigures>('ReferralFigures').implement({
  description: 'Closed-loop figures for a set of referrals, counted by when they were sent.',
  fields: (t) => ({
    sent: t.exposeInt('sent'),
    accepted: t.exposeInt('accepted', { description: 'Accepted at some point.' }),
    rejected: t.exposeInt('rejected'),
    completed: t.exposeInt('completed'),
    failed: t.exposeInt('failed'),
    cancelled: t.exposeInt('cancelled'),
    open: t.exposeInt('open', { description: 'Waiting for an answer, accepted or under way.' }),
    closedLoop: t.exposeInt('closedLoop', {
      description: 'Rejected, completed or failed: the referring side learned the outcome.',
    }),
    closedLoopRate: t.exposeFloat('closedLoopRate', {
      nullable: true,
      description: 'closedLoop / sent (0–1); null when nothing was sent.',
    }),
    medianHoursToAcceptance: t.exposeFloat('medianHoursToAcceptance', {
      nullable: true,
      description: 'From sending to the agency accepting.',
    }),
    medianHoursToCompletion: t.exposeFloat('medianHoursToCompletion', {
      nullable: true,
      description: 'From sending to completion.',
    }),
  }),
});

const GroupRef = builder.objectRef<ReferralReportGroup>('ReferralReportGroup').implement({
  description: 'Figures for one agency, need category or month (YYYY-MM, UTC).',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label', { nullable: true, description: 'An agency’s name.' }),
    figures: t.field({ type: FiguresRef, resolve: (g) => g.figures }),
  }),
});

const ReasonCountRef = builder
  .objectRef<{ code: string; count: number }>('RejectionReasonCount')
  .implement({
    fields: (t) => ({ code: t.exposeString('code'), count: t.exposeInt('count') }),
  });

export const ReferralReportRef = builder.objectRef<ReferralReport>('ReferralReport').implement({
  description: 'How referrals sent in a period fared.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (r) => r.from }),
    to: t.field({ type: 'DateTime', resolve: (r) => r.to }),
    organizationId: t.exposeID('organizationId', {
      nullable: true,
      description: 'The organization reported on; null for the whole network.',
    }),
    totals: t.field({ type: FiguresRef, resolve: (r) => r.totals }),
    rejectionReasons: t.field({ type: [ReasonCountRef], resolve: (r) => r.rejectionReasons }),
    byAgency: t.field({ type: [GroupRef], resolve: (r) => r.byAgency }),
    byNeed: t.field({ type: [GroupRef], resolve: (r) => r.byNeed }),
    byMonth: t.field({ type: [GroupRef], resolve: (r) => r.byMonth }),
  }),
});

const ReferralReportInput = builder.inputType('ReferralReportInput', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true, description: 'Sent at or after.' }),
    to: t.field({ type: 'DateTime', required: true, description: 'Sent before.' }),
    organizationId: t.id({
      description: 'Network admins: one organization. Others may give only their own.',
    }),
  }),
});

builder.queryField('referralReport', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReferralReportRef,
    description:
      'Closed-loop rate, response times and rejection reasons by agency, need and month. ' +
      'Network admins see the whole network; members see their organization’s referrals.',
    args: { input: t.arg({ type: ReferralReportInput, required: true }) },
    resolve: (_root, args, ctx) =>
      referralReport(ctx.deps, ctx.actor, {
        from: args.input.from,
        to: args.input.to,
        organizationId:
          args.input.organizationId == null ? null : String(args.input.organizationId),
      }),
  }),
);

const UnmetNeedRowRef = builder.objectRef<UnmetNeedRow>('UnmetNeedRow').implement({
  description: 'Searches for one need category in one area that found no (eligible) service.',
  fields: (t) => ({
    category: t.exposeString('category'),
    area: t.exposeString('area', {
      nullable: true,
      description: 'The first three digits of the ZIP code searched from; null when unknown.',
    }),
    count: t.exposeInt('count'),
    noResults: t.exposeInt('noResults', { description: 'Searches that found nothing.' }),
    noneEligible: t.exposeInt('noneEligible', {
      description: 'Searches whose results the client was ineligible for, every one.',
    }),
  }),
});

const UnmetNeedCategoryCountRef = builder
  .objectRef<{ category: string; count: number }>('UnmetNeedCategoryCount')
  .implement({
    fields: (t) => ({ category: t.exposeString('category'), count: t.exposeInt('count') }),
  });

const UnmetNeedAreaRef = builder.objectRef<UnmetNeedArea>('UnmetNeedArea').implement({
  description:
    'Searches in one area that found no (eligible) service; a search asking for several ' +
    'needs counts once here and once under each of its categories.',
  fields: (t) => ({
    area: t.exposeString('area', {
      nullable: true,
      description: 'The first three digits of the ZIP code searched from; null when unknown.',
    }),
    latitude: t.exposeFloat('latitude', {
      nullable: true,
      description: 'The centre of the area’s ZIP codes (for a map); null when unknown.',
    }),
    longitude: t.exposeFloat('longitude', { nullable: true }),
    count: t.exposeInt('count'),
    noResults: t.exposeInt('noResults', { description: 'Searches that found nothing.' }),
    noneEligible: t.exposeInt('noneEligible', {
      description: 'Searches whose results the client was ineligible for, every one.',
    }),
    categories: t.field({
      type: [UnmetNeedCategoryCountRef],
      description: 'Searches by need category, most frequent first.',
      resolve: (a) => a.categories,
    }),
  }),
});

const UnmetNeedsRef = builder.objectRef<UnmetNeedsReport>('UnmetNeedsReport').implement({
  description: 'Needs the directory did not meet in a period. Holds nothing about clients.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Searches that met no need.' }),
    rows: t.field({ type: [UnmetNeedRowRef], resolve: (r) => r.rows }),
    byArea: t.field({
      type: [UnmetNeedAreaRef],
      description: 'By area, most searches first.',
      resolve: (r) => r.byArea,
    }),
  }),
});

const ReportPeriodInput = builder.inputType('ReportPeriodInput', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
  }),
});

builder.queryField('unmetNeeds', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: UnmetNeedsRef,
    description: 'Searches that found no eligible service, by need and area (network admins).',
    args: { input: t.arg({ type: ReportPeriodInput, required: true }) },
    resolve: (_root, args, ctx) =>
      unmetNeedsReport(ctx.deps, ctx.actor, { from: args.input.from, to: args.input.to }),
  }),
);
