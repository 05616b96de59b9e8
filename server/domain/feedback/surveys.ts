import type { Document } from 'mongodb';
import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { canAnswerFor, canRefer } from '../accounts/policy.ts';
import type { TimelineEntry } from '../appointments/appointments.ts';
import { recordAudit } from '../audit/audit.ts';
import { type ClientLanguage, clientContactFor } from '../clients/contact.ts';
import type { DomainDeps } from '../deps.ts';
import { describeDay } from '../describe-date.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors.ts';
import { previewOneTimeLink, signOneTimeLink, useOneTimeLink } from '../links/one-time-links.ts';
import type { NeedDomain } from '../needs/domains.ts';
import { enqueueNotification, notificationSettings } from '../notifications/outbox.ts';
import { organizationName, serviceName } from '../notifications/referral-changes.ts';
import { findReferralHeads, loadReferral, type Referral, whileBusy } from '../referrals/store.ts';
import { readVisibleReferral } from '../referrals/visible-referral.ts';
import { parseInput } from '../validate.ts';
import { needDomainsOf, surveyMessage } from './wording.ts';

/**
 * Client feedback (FeedbackSurvey). When a referral closes completed, or its coordinator asks,
 * the client gets a signed single-use link (server/domain/links/one-time-links.ts) by text
 * message or email, in their language, with the referral's consent to contact. The survey asks
 * whether the need was met, how the service was (1–5) and anything to add, with no account.
 * Each referral is asked once on closing: the `feedback_surveys` record keyed by the referral is
 * the claim. Each referral has one answer: the `feedback_responses` record keyed by the referral.
 * Answers carry the service, the agency and the need domains, never the client: the receiving
 * agency reads its own without anyone's identity. Comments are sealed.
 */

export const SURVEY_PURPOSE = 'feedback-survey';
const SURVEY_DAYS = 30;
/** A referral completed longer ago than this gets no automatic survey (e.g. after an upgrade). */
const AUTO_SURVEY_WITHIN_DAYS = 14;
const MAX_COMMENT = 1000;

export const needMetAnswers = ['YES', 'PARTLY', 'NO'] as const;
export type NeedMetAnswer = (typeof needMetAnswers)[number];

const wording = {
  subject: 'This survey link',
  instead: 'Ask your care coordinator for a new one.',
};

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher' | 'logger' | 'settings'>;

/** What the survey page shows before the client answers. */
export type SurveyPreview = {
  serviceName: string;
  agencyName: string;
  language: ClientLanguage;
  expiresAt: Date;
};

/** One answer as its agency and the reports see it: no client, no referral. */
export type FeedbackAnswer = {
  serviceId: string;
  serviceName: string;
  receivingOrganizationId: string;
  referringOrganizationId: string;
  needDomains: NeedDomain[];
  needMet: NeedMetAnswer;
  rating: number;
  comment: string | null;
  at: Date;
};

/** Queues the survey message for a referral; false when the client may not be contacted. */
async function sendSurvey(deps: Deps, referral: Referral, messageId: string): Promise<boolean> {
  const contact = await clientContactFor(deps, referral, 'feedbackSurvey');
  if (!contact) return false;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SURVEY_DAYS * 86_400_000);
  const token = signOneTimeLink(
    deps,
    SURVEY_PURPOSE,
    { r: referral.id, l: contact.language },
    expiresAt,
  );
  const appUrl = notificationSettings(deps)?.appUrl ?? '';
  const [service, agency] = await Promise.all([
    serviceName(deps, referral.serviceId),
    organizationName(deps, referral.receivingOrganizationId),
  ]);
  const message = surveyMessage(contact.language, {
    serviceName: service,
    agencyName: agency,
    link: `${appUrl}/feedback/${token}`,
    expires: describeDay(expiresAt),
  });
  await whileBusy(() =>
    enqueueNotification(deps, {
      id: messageId,
      channel: contact.channel,
      to: contact.to,
      template: 'feedback.survey',
      data: { serviceName: service, agencyName: agency, link: '', message },
      referralId: referral.id,
    }),
  );
  return true;
}

/**
 * Claims the survey of a referral (one record keyed by it) and sends it; false when it was
 * claimed before or the client may not be contacted.
 */
async function claimAndSend(deps: Deps, referral: Referral, by: Actor | null): Promise<boolean> {
  try {
    await whileBusy(() =>
      deps.db.models.FeedbackSurvey.collection.insertOne({
        _id: referral.id as never,
        referralId: referral.id,
        clientId: referral.clientId,
        at: deps.clock.now(),
        requestedByUserId: by?.userId ?? null,
        sends: 1,
      }),
    );
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  return sendSurvey(deps, referral, `feedback-survey:${referral.id}:1`);
}

/**
 * The automatic half: every referral completed lately that has not been asked gets its survey,
 * once (the claim record decides between processes). Returns how many were sent.
 */
export async function runFeedbackSurveys(deps: Deps): Promise<number> {
  const now = deps.clock.now().getTime();
  // Open statuses too: a head may lag a change this process made (it maps them forward).
  const heads = await findReferralHeads(deps, {
    status: { $in: ['ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED'] },
  });
  let sent = 0;
  for (const head of heads) {
    if (head.status !== 'COMPLETED' || !head.closedAt) continue;
    if (now - new Date(head.closedAt as Date).getTime() > AUTO_SURVEY_WITHIN_DAYS * 86_400_000) {
      continue;
    }
    const id = String(head._id);
    const asked = await deps.db.models.FeedbackSurvey.collection.findOne(
      { _id: id as never },
      { projection: { _id: 1 } },
    );
    if (asked) continue;
    const referral = await loadReferral(deps, id);
    if (referral?.status !== 'COMPLETED') continue;
    if (await claimAndSend(deps, referral, null)) sent += 1;
  }
  return sent;
}

const statusesForSurvey = ['ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED'];

/**
 * The coordinator asks the client for feedback on a referral now (a first survey, or the link
 * again with a fresh token). Audited. Throws NotFoundError, NotAllowedError, InvalidInputError
 * (not yet accepted, or no way to contact the client), ConflictError (already answered).
 */
export async function sendFeedbackSurvey(
  deps: Deps,
  actor: Actor,
  referralId: string,
): Promise<{ sent: boolean }> {
  const referral = await readVisibleReferral(deps, actor, referralId);
  if (!canRefer(actor) || actor.organizationId !== referral.referringOrganizationId) {
    throw new NotAllowedError('Only the referring coordinators can ask the client for feedback.');
  }
  if (!statusesForSurvey.includes(referral.status)) {
    throw new InvalidInputError([
      {
        path: 'referralId',
        message: 'Ask for feedback once the agency has accepted the referral.',
      },
    ]);
  }
  const answered = await deps.db.models.FeedbackResponse.collection.findOne(
    { _id: referral.id as never },
    { projection: { _id: 1 } },
  );
  if (answered) throw new ConflictError('The client has already answered the survey.');
  const contact = await clientContactFor(deps, referral, 'sendFeedbackSurvey');
  if (!contact) {
    throw new InvalidInputError([
      {
        path: 'referralId',
        message:
          'The client has no phone or email they agreed to share for this referral, or the ' +
          'consent has ended. Ask them in person, or record their consent again.',
      },
    ]);
  }
  let sent = await claimAndSend(deps, referral, actor);
  if (!sent) {
    const { FeedbackSurvey } = deps.db.models;
    const survey = await FeedbackSurvey.collection.findOne({ _id: referral.id as never });
    const sends = Number(survey?.sends ?? 1) + 1;
    await whileBusy(() =>
      FeedbackSurvey.collection.updateOne({ _id: referral.id as never }, { $set: { sends } }),
    );
    sent = await sendSurvey(
      deps,
      referral,
      `feedback-survey:${referral.id}:${sends}:${deps.clock.now().getTime()}`,
    );
  }
  await recordAudit(deps, actor, {
    action: 'feedback.request',
    subjectType: 'referral',
    subjectId: referral.id,
    detail: { channel: contact.channel },
  });
  return { sent };
}

/** Reads a survey link for its page (nothing changes). Throws OneTimeLinkError, ConflictError. */
export async function previewFeedbackSurvey(deps: Deps, token: unknown): Promise<SurveyPreview> {
  const { claims, expiresAt } = await previewOneTimeLink(deps, SURVEY_PURPOSE, token, wording);
  const referral = await loadReferral(deps, claims.r ?? '');
  if (!referral) throw new NotFoundError('survey', 'link');
  const answered = await deps.db.models.FeedbackResponse.collection.findOne(
    { _id: referral.id as never },
    { projection: { _id: 1 } },
  );
  if (answered) throw new ConflictError('This survey has been answered already. Thank you!');
  return {
    serviceName: await serviceName(deps, referral.serviceId),
    agencyName: await organizationName(deps, referral.receivingOrganizationId),
    language: claims.l === 'es' ? 'es' : 'en',
    expiresAt,
  };
}

const answerSchema = z.object({
  needMet: z.enum(needMetAnswers, {
    error: 'Say whether you got what you needed: yes, partly or no.',
  }),
  rating: z
    .number({ error: 'Rate the service from 1 to 5.' })
    .int({ error: 'Rate the service from 1 to 5.' })
    .min(1, { error: 'Rate the service from 1 to 5.' })
    .max(5, { error: 'Rate the service from 1 to 5.' }),
  comment: z
    .string()
    .trim()
    .max(MAX_COMMENT, {
      error: `Keep the comment to ${MAX_COMMENT.toLocaleString('en-US')} characters.`,
    })
    .nullish(),
});

/**
 * Records the client's answers through a survey link: checked first (a bad answer does not use
 * the link up), then the link is used (one of two simultaneous submissions wins), then the answer
 * is stored once per referral. Throws InvalidInputError, OneTimeLinkError, ConflictError.
 */
export async function submitFeedback(
  deps: Deps,
  token: unknown,
  input: unknown,
): Promise<{ needMet: NeedMetAnswer; rating: number }> {
  const answer = parseInput(answerSchema, input);
  const { claims } = await previewOneTimeLink(deps, SURVEY_PURPOSE, token, wording);
  const referral = await loadReferral(deps, claims.r ?? '');
  if (!referral) throw new NotFoundError('survey', 'link');
  await useOneTimeLink(deps, SURVEY_PURPOSE, token, wording, referral.id);
  const comment = answer.comment ? answer.comment : null;
  try {
    await whileBusy(() =>
      deps.db.models.FeedbackResponse.collection.insertOne({
        _id: referral.id as never,
        serviceId: referral.serviceId,
        receivingOrganizationId: referral.receivingOrganizationId,
        referringOrganizationId: referral.referringOrganizationId,
        needDomains: needDomainsOf(referral.needs),
        needMet: answer.needMet,
        rating: answer.rating,
        sealed: comment ? deps.cipher.seal(comment) : null,
        at: deps.clock.now(),
      }),
    );
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new ConflictError('This survey has been answered already. Thank you!');
    }
    throw error;
  }
  await recordAudit(deps, null, {
    action: 'feedback.submit',
    subjectType: 'referral',
    subjectId: referral.id,
  });
  return { needMet: answer.needMet, rating: answer.rating };
}

function answerOf(deps: Pick<DomainDeps, 'cipher'>, doc: Document, name: string): FeedbackAnswer {
  return {
    serviceId: String(doc.serviceId),
    serviceName: name,
    receivingOrganizationId: String(doc.receivingOrganizationId),
    referringOrganizationId: String(doc.referringOrganizationId),
    needDomains: Array.isArray(doc.needDomains) ? (doc.needDomains as NeedDomain[]) : [],
    needMet: doc.needMet as NeedMetAnswer,
    rating: Number(doc.rating),
    comment: doc.sealed ? deps.cipher.open(String(doc.sealed)) : null,
    at: new Date(doc.at as Date),
  };
}

/** Answers matching a filter, with service names (a scan: answers are few). */
export async function findFeedback(deps: Deps, filter: Document): Promise<FeedbackAnswer[]> {
  const docs = await deps.db.models.FeedbackResponse.collection.find(filter).toArray();
  const names = new Map<string, string>();
  for (const doc of docs) {
    const id = String(doc.serviceId);
    if (!names.has(id)) names.set(id, await serviceName(deps, id));
  }
  return docs.map((doc) => answerOf(deps, doc, names.get(String(doc.serviceId)) ?? ''));
}

/**
 * The feedback clients gave the actor's agency, newest first, without anyone's identity: no
 * client, no referral, and the time only to the month. Agency staff and org admins. Throws
 * NotAllowedError.
 */
export async function agencyFeedback(
  deps: Deps,
  actor: Actor,
): Promise<Array<Omit<FeedbackAnswer, 'at' | 'referringOrganizationId'> & { month: string }>> {
  if (!canAnswerFor(actor, actor.organizationId)) {
    throw new NotAllowedError('Only agency staff read the feedback their agency received.');
  }
  const answers = await findFeedback(deps, { receivingOrganizationId: actor.organizationId });
  await recordAudit(deps, actor, {
    action: 'feedback.read',
    subjectType: 'organization',
    subjectId: actor.organizationId,
    detail: { answers: answers.length },
  });
  return answers
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map(({ at, referringOrganizationId: _r, ...rest }) => ({
      ...rest,
      month: at.toISOString().slice(0, 7),
    }));
}

/** Timeline entries for a client's feedback: surveys sent and answers given (no authorization). */
const TIMELINE_WORDS = {
  en: {
    sent: 'Feedback survey sent',
    given: 'Client gave feedback',
    met: { YES: 'need met', PARTLY: 'need partly met', NO: 'need not met' },
    rated: (rating: number) => `rated ${rating} of 5`,
  },
  es: {
    sent: 'Encuesta de opinión enviada',
    given: 'El cliente dio su opinión',
    met: {
      YES: 'necesidad atendida',
      PARTLY: 'necesidad atendida en parte',
      NO: 'necesidad no atendida',
    },
    rated: (rating: number) => `valoración ${rating} de 5`,
  },
} as const;

export async function feedbackTimelineEntries(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  clientId: string,
  lang: 'en' | 'es' = 'en',
): Promise<TimelineEntry[]> {
  const w = TIMELINE_WORDS[lang];
  const surveys = await deps.db.models.FeedbackSurvey.collection.find({ clientId }).toArray();
  const entries: TimelineEntry[] = [];
  for (const survey of surveys) {
    const referralId = String(survey._id);
    entries.push({
      at: new Date(survey.at as Date),
      kind: 'FEEDBACK_REQUESTED',
      title: w.sent,
      refId: referralId,
    });
    const answer = await deps.db.models.FeedbackResponse.collection.findOne({
      _id: referralId as never,
    });
    if (answer) {
      const met = w.met[answer.needMet as NeedMetAnswer];
      entries.push({
        at: new Date(answer.at as Date),
        kind: 'FEEDBACK_GIVEN',
        title: w.given,
        detail: `${met ?? ''}, ${w.rated(Number(answer.rating))}`,
        refId: referralId,
      });
    }
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Whether the client was asked for feedback on a referral and answered: for its referring side
 * only (null for anyone else; the agency reads answers through agencyFeedback, unnamed).
 */
export async function referralFeedbackStatus(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  referral: Pick<Referral, 'id' | 'referringOrganizationId'>,
): Promise<{ requestedAt: Date; answered: boolean } | null> {
  if (actor.organizationId !== referral.referringOrganizationId || !canRefer(actor)) return null;
  const { FeedbackSurvey, FeedbackResponse } = deps.db.models;
  const [survey, answer] = await Promise.all([
    FeedbackSurvey.collection.findOne({ _id: referral.id as never }),
    FeedbackResponse.collection.findOne({ _id: referral.id as never }, { projection: { _id: 1 } }),
  ]);
  if (!survey) return null;
  return { requestedAt: new Date(survey.at as Date), answered: answer !== null };
}
