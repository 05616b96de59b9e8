import {
  agencyFeedback,
  needMetAnswers,
  previewFeedbackSurvey,
  referralFeedbackStatus,
  type SurveyPreview,
  sendFeedbackSurvey,
  submitFeedback,
} from '../domain/feedback/surveys.ts';
import {
  type FeedbackFigures,
  type FeedbackGroup,
  type FeedbackReport,
  feedbackReport,
} from '../domain/reports/feedback-report.ts';
import { builder } from './builder.ts';
import { NeedDomainEnum } from './need-domain.ts';
import { ReferralRef } from './referral.ts';
import { ReferralReportRef } from './report.ts';

const NeedMetEnum = builder.enumType('FeedbackNeedMet', {
  description: 'Did the client get what they needed?',
  values: needMetAnswers,
});

const SurveyLanguageEnum = builder.enumType('FeedbackSurveyLanguage', {
  values: ['en', 'es'] as const,
});

const FeedbackSurveyRef = builder.objectRef<SurveyPreview>('FeedbackSurvey').implement({
  description:
    'A client’s feedback survey, read through its single-use link (no account). Names the ' +
    'service and agency only.',
  fields: (t) => ({
    serviceName: t.exposeString('serviceName'),
    agencyName: t.exposeString('agencyName'),
    language: t.field({ type: SurveyLanguageEnum, resolve: (s) => s.language }),
    expiresAt: t.field({ type: 'DateTime', resolve: (s) => s.expiresAt }),
  }),
});

builder.queryField('feedbackSurvey', (t) =>
  t.field({
    type: FeedbackSurveyRef,
    description:
      'Public: the survey a link opens. INVALID_INPUT for a link that is altered or expired, ' +
      'CONFLICT once it is used.',
    args: { token: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => previewFeedbackSurvey(ctx.deps, args.token),
  }),
);

const SubmitFeedbackInput = builder.inputType('SubmitFeedbackInput', {
  fields: (t) => ({
    needMet: t.field({ type: NeedMetEnum, required: true }),
    rating: t.int({ required: true, description: '1 (poor) to 5 (excellent).' }),
    comment: t.string({ description: 'Anything to add, at most 1,000 characters.' }),
  }),
});

const FeedbackReceiptRef = builder
  .objectRef<{ needMet: (typeof needMetAnswers)[number]; rating: number }>('FeedbackReceipt')
  .implement({
    fields: (t) => ({
      needMet: t.field({ type: NeedMetEnum, resolve: (r) => r.needMet }),
      rating: t.exposeInt('rating'),
    }),
  });

builder.mutationField('submitFeedback', (t) =>
  t.field({
    type: FeedbackReceiptRef,
    description:
      'Public: records the client’s answers through their survey link, which then stops ' +
      'working (CONFLICT for a second submission).',
    args: {
      token: t.arg.string({ required: true }),
      input: t.arg({ type: SubmitFeedbackInput, required: true }),
    },
    resolve: (_root, args, ctx) =>
      submitFeedback(ctx.deps, args.token, {
        needMet: args.input.needMet,
        rating: args.input.rating,
        comment: args.input.comment,
      }),
  }),
);

const FeedbackRequestRef = builder.objectRef<{ sent: boolean }>('FeedbackRequest').implement({
  fields: (t) => ({ sent: t.exposeBoolean('sent') }),
});

builder.mutationField('sendFeedbackSurvey', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: FeedbackRequestRef,
    description: 'Sends the client the feedback survey for a referral now (referring side).',
    args: { referralId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => sendFeedbackSurvey(ctx.deps, ctx.actor, String(args.referralId)),
  }),
);

const ReferralFeedbackRef = builder
  .objectRef<{ requestedAt: Date; answered: boolean }>('ReferralFeedback')
  .implement({
    fields: (t) => ({
      requestedAt: t.field({ type: 'DateTime', resolve: (f) => f.requestedAt }),
      answered: t.exposeBoolean('answered'),
    }),
  });

builder.objectField(ReferralRef, 'feedback', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ReferralFeedbackRef,
    nullable: true,
    description: 'Whether the client was asked for feedback and answered (referring side only).',
    resolve: (r, _args, ctx) => referralFeedbackStatus(ctx.deps, ctx.actor, r),
  }),
);

type AgencyAnswer = Awaited<ReturnType<typeof agencyFeedback>>[number];

const AgencyFeedbackRef = builder.objectRef<AgencyAnswer>('AgencyFeedback').implement({
  description: 'One client’s feedback on the agency’s service, without their identity.',
  fields: (t) => ({
    serviceId: t.exposeID('serviceId'),
    serviceName: t.exposeString('serviceName'),
    needDomains: t.field({ type: [NeedDomainEnum], resolve: (a) => a.needDomains }),
    needMet: t.field({ type: NeedMetEnum, resolve: (a) => a.needMet }),
    rating: t.exposeInt('rating'),
    comment: t.exposeString('comment', { nullable: true }),
    month: t.exposeString('month', { description: 'YYYY-MM, when it was given.' }),
  }),
});

builder.queryField('agencyFeedback', (t) =>
  t.withAuth({ agencyStaff: true }).field({
    type: [AgencyFeedbackRef],
    description: 'What clients said about your agency’s services, newest first, unnamed.',
    resolve: (_root, _args, ctx) => agencyFeedback(ctx.deps, ctx.actor),
  }),
);

const FeedbackFiguresRef = builder.objectRef<FeedbackFigures>('FeedbackFigures').implement({
  description: 'What clients answered, counted by when they answered.',
  fields: (t) => ({
    responses: t.exposeInt('responses'),
    needMet: t.exposeInt('needMet'),
    needPartlyMet: t.exposeInt('needPartlyMet'),
    needNotMet: t.exposeInt('needNotMet'),
    needMetRate: t.exposeFloat('needMetRate', {
      nullable: true,
      description: 'needMet / responses (0–1); null with none.',
    }),
    averageRating: t.exposeFloat('averageRating', { nullable: true, description: '1–5.' }),
  }),
});

const FeedbackGroupRef = builder.objectRef<FeedbackGroup>('FeedbackGroup').implement({
  description: 'Feedback figures for one service, agency or need domain (its code as key).',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label', { nullable: true }),
    figures: t.field({ type: FeedbackFiguresRef, resolve: (g) => g.figures }),
  }),
});

const FeedbackReportRef = builder.objectRef<FeedbackReport>('FeedbackReport').implement({
  fields: (t) => ({
    totals: t.field({ type: FeedbackFiguresRef, resolve: (r) => r.totals }),
    byService: t.field({ type: [FeedbackGroupRef], resolve: (r) => r.byService }),
    byAgency: t.field({ type: [FeedbackGroupRef], resolve: (r) => r.byAgency }),
    byNeedDomain: t.field({ type: [FeedbackGroupRef], resolve: (r) => r.byNeedDomain }),
  }),
});

builder.objectField(ReferralReportRef, 'feedback', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: FeedbackReportRef,
    description: 'Client feedback given in the same period and scope: need met and rating.',
    resolve: (r, _args, ctx) =>
      feedbackReport(ctx.deps, ctx.actor, {
        from: r.from,
        to: r.to,
        organizationId: r.organizationId,
      }),
  }),
);
