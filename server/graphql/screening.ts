import type { NeedDomain } from '../domain/needs/domains.ts';
import {
  ahcHrsn,
  instrumentIn,
  type LocalizedInstrument,
  type ScreeningLanguage,
} from '../domain/screening/instrument.ts';
import {
  previewScreeningLink,
  type ScreeningLinkView,
  sendScreeningLink,
  submitScreeningByLink,
} from '../domain/screening/screening-links.ts';
import {
  getScreening,
  listScreenings,
  type Screening,
  type ScreeningChanges,
  screeningChanges,
  screeningMethods,
  startScreening,
  submitScreening,
} from '../domain/screening/screenings.ts';
import { builder } from './builder.ts';
import { ClientRef } from './client.ts';
import { NeedDomainEnum } from './need-domain.ts';

const LanguageEnum = builder.enumType('ScreeningLanguage', {
  description: 'The languages the screening is worded in.',
  values: { EN: { value: 'en' }, ES: { value: 'es' } } as const,
});

const MethodEnum = builder.enumType('ScreeningMethod', {
  description:
    'How the screening was given: in person by a coordinator, or by the client through a link.',
  values: screeningMethods,
});

const StatusEnum = builder.enumType('ScreeningStatus', {
  description: 'Started (not answered yet) or submitted.',
  values: ['STARTED', 'SUBMITTED'] as const,
});

type Option = { code: string; text: string };
type Item = LocalizedInstrument['sections'][number]['items'][number];
type Section = LocalizedInstrument['sections'][number];

const OptionRef = builder.objectRef<Option>('ScreeningAnswerOption').implement({
  description: 'An answer, by its LOINC answer code (LA code), worded in one language.',
  fields: (t) => ({ code: t.exposeString('code'), text: t.exposeString('text') }),
});

const ItemRef = builder.objectRef<Item>('ScreeningItem').implement({
  description: 'One question of the screening tool.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    loinc: t.exposeString('loinc', { description: 'The question’s LOINC code.' }),
    multiple: t.exposeBoolean('multiple', { description: 'Several answers may be chosen.' }),
    exclusive: t.exposeStringList('exclusive', {
      description: 'Answers that cannot be chosen with another (such as "None of the above").',
    }),
    text: t.exposeString('text'),
    answers: t.field({ type: [OptionRef], resolve: (i) => i.answers }),
  }),
});

const SectionRef = builder.objectRef<Section>('ScreeningSection').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    title: t.exposeString('title'),
    items: t.field({ type: [ItemRef], resolve: (s) => s.items }),
  }),
});

const InstrumentRef = builder.objectRef<LocalizedInstrument>('ScreeningInstrument').implement({
  description: 'The AHC HRSN core screening tool (LOINC 96777-8) worded in one language.',
  fields: (t) => ({
    id: t.exposeString('id'),
    loinc: t.exposeString('loinc'),
    language: t.field({ type: LanguageEnum, resolve: (i) => i.language }),
    title: t.exposeString('title'),
    sections: t.field({ type: [SectionRef], resolve: (i) => i.sections }),
  }),
});

type AnsweredItem = { item: string; number: number; question: string; answers: Option[] };

function words(language: ScreeningLanguage, item: string, codes: string[]): AnsweredItem {
  const def = ahcHrsn.items.find((i) => i.loinc === item);
  return {
    item,
    number: def?.number ?? 0,
    question: def?.text[language] ?? item,
    answers: codes.map((code) => ({
      code,
      text: def?.answers.find((a) => a.code === code)?.text[language] ?? code,
    })),
  };
}

const AnsweredItemRef = builder.objectRef<AnsweredItem>('ScreeningAnswer').implement({
  description: 'The answer given to one question.',
  fields: (t) => ({
    item: t.exposeString('item', { description: 'The question’s LOINC code.' }),
    number: t.exposeInt('number'),
    question: t.exposeString('question'),
    answers: t.field({ type: [OptionRef], resolve: (a) => a.answers }),
  }),
});

type Change = { number: number; question: string; before: Option[]; after: Option[] };

const ChangeRef = builder.objectRef<Change>('ScreeningAnswerChange').implement({
  description: 'A question answered differently than at the previous screening.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    question: t.exposeString('question'),
    before: t.field({ type: [OptionRef], resolve: (c) => c.before }),
    after: t.field({ type: [OptionRef], resolve: (c) => c.after }),
  }),
});

type Changes = ScreeningChanges & { language: ScreeningLanguage };

const ChangesRef = builder.objectRef<Changes>('ScreeningChanges').implement({
  description: 'What changed since the client’s previous submitted screening.',
  fields: (t) => ({
    previousId: t.exposeID('previousId'),
    previousSubmittedAt: t.field({ type: 'DateTime', resolve: (c) => c.previousSubmittedAt }),
    items: t.field({
      type: [ChangeRef],
      resolve: (c) =>
        c.items.map((change) => {
          const before = words(c.language, change.item, change.before);
          return {
            number: change.number,
            question: before.question,
            before: before.answers,
            after: words(c.language, change.item, change.after).answers,
          };
        }),
    }),
    newlyPositive: t.field({
      type: [NeedDomainEnum],
      resolve: (c) => c.newlyPositive as NeedDomain[],
    }),
    noLongerPositive: t.field({
      type: [NeedDomainEnum],
      resolve: (c) => c.noLongerPositive as NeedDomain[],
    }),
  }),
});

type Attention = { id: string; text: string };

const AttentionRef = builder.objectRef<Attention>('ScreeningAttention').implement({
  description:
    'An answer for the coordinator’s attention that is not a positive screen (such as being physically hurt).',
  fields: (t) => ({ id: t.exposeString('id'), text: t.exposeString('text') }),
});

export const ScreeningRef = builder.objectRef<Screening>('Screening').implement({
  description:
    'A screening of a client with the AHC HRSN tool, visible only to the client’s coordinating organization.',
  authScopes: { coordinator: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    clientId: t.exposeID('clientId'),
    number: t.exposeInt('number', {
      description: '1 for the client’s first screening, then 2, 3 …',
    }),
    method: t.field({ type: MethodEnum, resolve: (s) => s.method }),
    status: t.field({ type: StatusEnum, resolve: (s) => s.status }),
    language: t.field({ type: LanguageEnum, resolve: (s) => s.language }),
    startedAt: t.field({ type: 'DateTime', resolve: (s) => s.startedAt }),
    startedByUserId: t.exposeID('startedByUserId'),
    linkExpiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.linkExpiresAt }),
    submittedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.submittedAt }),
    submittedByUserId: t.exposeID('submittedByUserId', {
      nullable: true,
      description: 'Null when the client answered through the link.',
    }),
    instrument: t.field({
      type: InstrumentRef,
      args: { language: t.arg({ type: LanguageEnum }) },
      description: 'The questions, in the language given or the screening’s.',
      resolve: (s, args) => instrumentIn(ahcHrsn, args.language ?? s.language),
    }),
    answers: t.field({
      type: [AnsweredItemRef],
      args: { language: t.arg({ type: LanguageEnum, defaultValue: 'en' }) },
      description: 'The answers given; empty until submitted.',
      resolve: (s, args) =>
        (s.answers ?? []).map((a) => words(args.language ?? 'en', a.item, a.answers)),
    }),
    positiveDomains: t.field({
      type: [NeedDomainEnum],
      description: 'The domains this screening is positive for, by the tool’s scoring.',
      resolve: (s) => s.result?.positiveDomains ?? [],
    }),
    safetyTotal: t.int({
      nullable: true,
      description: 'Items 7–10 summed (4–20; 11 or more is a positive safety screen).',
      resolve: (s) => s.result?.safetyTotal ?? null,
    }),
    attention: t.field({
      type: [AttentionRef],
      args: { language: t.arg({ type: LanguageEnum, defaultValue: 'en' }) },
      description: 'Answers for the coordinator’s attention that are not positive screens.',
      resolve: (s, args) =>
        (s.result?.attention ?? []).map((id) => ({
          id,
          text: ahcHrsn.attention.find((a) => a.id === id)?.text[args.language ?? 'en'] ?? id,
        })),
    }),
    changesSincePrevious: t.field({
      type: ChangesRef,
      nullable: true,
      args: { language: t.arg({ type: LanguageEnum, defaultValue: 'en' }) },
      description: 'What changed since the previous submitted screening; null for the first.',
      resolve: async (s, args, ctx) => {
        const changes = await screeningChanges(ctx.deps, s);
        return changes ? { ...changes, language: args.language ?? 'en' } : null;
      },
    }),
  }),
});

builder.objectField(ClientRef, 'screenings', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: [ScreeningRef],
    description: 'The client’s screenings, newest first (the read is audited).',
    resolve: (c, _args, ctx) => listScreenings(ctx.deps, ctx.actor, c.id),
  }),
);

builder.queryField('screening', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ScreeningRef,
    description: 'One screening of a client of your organization (the read is audited).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getScreening(ctx.deps, ctx.actor, String(args.id)),
  }),
);

builder.queryField('screeningInstrument', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: InstrumentRef,
    description: 'The screening tool’s questions and answers in one language.',
    args: { language: t.arg({ type: LanguageEnum, defaultValue: 'en' }) },
    resolve: (_root, args) => instrumentIn(ahcHrsn, args.language ?? 'en'),
  }),
);

const StartScreeningInput = builder.inputType('StartScreeningInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    language: t.field({
      type: LanguageEnum,
      description: 'Leave out for the client’s preferred language.',
    }),
  }),
});

builder.mutationField('startScreening', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ScreeningRef,
    description: 'Starts an in-person screening of a client of your organization.',
    args: { input: t.arg({ type: StartScreeningInput, required: true }) },
    resolve: (_root, args, ctx) => startScreening(ctx.deps, ctx.actor, args.input),
  }),
);

const AnswerInput = builder.inputType('ScreeningAnswerInput', {
  description: 'The answer to one question: its LOINC code and the chosen LA codes.',
  fields: (t) => ({
    item: t.string({ required: true, description: 'The question’s LOINC code, such as 71802-3.' }),
    answers: t.stringList({
      required: true,
      description: 'LA codes; several only for question 2.',
    }),
  }),
});

const SubmitScreeningInput = builder.inputType('SubmitScreeningInput', {
  fields: (t) => ({
    screeningId: t.id({ required: true }),
    answers: t.field({ type: [AnswerInput], required: true }),
  }),
});

builder.mutationField('submitScreening', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ScreeningRef,
    description:
      'Submits the answers of an in-person screening: scores it and opens a need for each positive domain.',
    args: { input: t.arg({ type: SubmitScreeningInput, required: true }) },
    resolve: (_root, args, ctx) => submitScreening(ctx.deps, ctx.actor, args.input),
  }),
);

const ChannelEnum = builder.enumType('ScreeningLinkChannel', {
  values: { EMAIL: { value: 'email' }, SMS: { value: 'sms' } } as const,
});

const SendScreeningLinkInput = builder.inputType('SendScreeningLinkInput', {
  fields: (t) => ({
    clientId: t.id({ required: true }),
    channel: t.field({ type: ChannelEnum, required: true }),
  }),
});

builder.mutationField('sendScreeningLink', (t) =>
  t.withAuth({ coordinator: true }).field({
    type: ScreeningRef,
    description:
      'Sends the client a one-time screening link (7 days) by email or text message, in their language.',
    args: { input: t.arg({ type: SendScreeningLinkInput, required: true }) },
    resolve: (_root, args, ctx) => sendScreeningLink(ctx.deps, ctx.actor, args.input),
  }),
);

const LinkViewRef = builder.objectRef<ScreeningLinkView>('ScreeningLinkView').implement({
  description: 'A screening link as its public page shows it: who asks and the questions.',
  fields: (t) => ({
    organizationName: t.exposeString('organizationName'),
    language: t.field({ type: LanguageEnum, resolve: (v) => v.language }),
    expiresAt: t.field({ type: 'DateTime', resolve: (v) => v.expiresAt }),
    instrument: t.field({ type: InstrumentRef, resolve: (v) => v.instrument }),
  }),
});

builder.queryField('screeningLink', (t) =>
  t.field({
    type: LinkViewRef,
    description: 'Public, no account: the screening a one-time link asks the client to answer.',
    args: { token: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => previewScreeningLink(ctx.deps, args.token),
  }),
);

const ReceiptRef = builder
  .objectRef<{ submittedAt: Date; language: ScreeningLanguage }>('ScreeningLinkReceipt')
  .implement({
    fields: (t) => ({
      submittedAt: t.field({ type: 'DateTime', resolve: (r) => r.submittedAt }),
      language: t.field({ type: LanguageEnum, resolve: (r) => r.language }),
    }),
  });

builder.mutationField('submitScreeningByLink', (t) =>
  t.field({
    type: ReceiptRef,
    description:
      'Public, no account: the client’s answers through their one-time link (works once).',
    args: {
      token: t.arg.string({ required: true }),
      answers: t.arg({ type: [AnswerInput], required: true }),
    },
    resolve: (_root, args, ctx) => submitScreeningByLink(ctx.deps, args.token, args.answers),
  }),
);
