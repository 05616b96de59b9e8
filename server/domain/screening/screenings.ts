import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { canReadClient, canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import { clientOwner, loadClientRecord } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import { describeDay } from '../describe-date.ts';
import { ConflictError, NotAllowedError, NotFoundError } from '../errors.ts';
import type { NeedDomain } from '../needs/domains.ts';
import { openNeed } from '../needs/needs.ts';
import { parseInput } from '../validate.ts';
import {
  ahcHrsn,
  type ItemAnswer,
  type ScreeningLanguage,
  screeningLanguage,
  validateAnswers,
} from './instrument.ts';
import {
  type AnswerChange,
  answerChanges,
  type ScreeningResult,
  scoreScreening,
} from './scoring.ts';

/**
 * Screenings of a client with the AHC HRSN tool: given in person by a coordinator of the client's
 * organization, or answered by the client through a one-time link (screening-links.ts). Answers
 * and results are sealed at rest; each positive domain opens a need. A screening's `_id` is the
 * client id and its number (`<clientId>.<n>`), taken by insert, so numbers never collide.
 */

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

export const screeningMethods = ['IN_PERSON', 'LINK'] as const;
export type ScreeningMethod = (typeof screeningMethods)[number];
export type ScreeningStatus = 'STARTED' | 'SUBMITTED';

export type Screening = {
  id: string;
  clientId: string;
  organizationId: string;
  /** 1 for the client's first screening, then 2, 3 … */
  number: number;
  instrument: string;
  method: ScreeningMethod;
  status: ScreeningStatus;
  language: ScreeningLanguage;
  startedAt: Date;
  startedByUserId: string;
  /** Until when the link works (LINK screenings). */
  linkExpiresAt: Date | null;
  submittedAt: Date | null;
  /** The coordinator who entered the answers; null when the client answered by link. */
  submittedByUserId: string | null;
  answers: ItemAnswer[] | null;
  result: ScreeningResult | null;
};

/** What changed since the client's previous submitted screening. */
export type ScreeningChanges = {
  previousId: string;
  previousSubmittedAt: Date;
  items: AnswerChange[];
  newlyPositive: NeedDomain[];
  noLongerPositive: NeedDomain[];
};

type SealedAnswers = { answers: ItemAnswer[]; result: ScreeningResult };

function fromDoc(deps: Pick<DomainDeps, 'cipher'>, doc: Record<string, unknown>): Screening {
  const sealed =
    typeof doc.sealed === 'string'
      ? (JSON.parse(deps.cipher.open(doc.sealed)) as SealedAnswers)
      : null;
  const date = (value: unknown) => (value ? new Date(value as Date) : null);
  return {
    id: String(doc._id),
    clientId: String(doc.clientId),
    organizationId: String(doc.organizationId),
    number: Number(doc.number),
    instrument: String(doc.instrument),
    method: doc.method as ScreeningMethod,
    status: doc.status as ScreeningStatus,
    language: doc.language === 'es' ? 'es' : 'en',
    startedAt: new Date(doc.startedAt as Date),
    startedByUserId: String(doc.startedByUserId),
    linkExpiresAt: date(doc.linkExpiresAt),
    submittedAt: date(doc.submittedAt),
    submittedByUserId: (doc.submittedByUserId as string | null) ?? null,
    answers: sealed?.answers ?? null,
    result: sealed?.result ?? null,
  };
}

function toDoc(deps: Pick<DomainDeps, 'cipher'>, screening: Screening) {
  const { id: _id, answers, result, ...plain } = screening;
  return {
    ...plain,
    sealed: answers && result ? deps.cipher.seal(JSON.stringify({ answers, result })) : null,
  };
}

const BATCH = 8;

/** Every screening of a client, oldest first (no authorization, no audit). */
export async function clientScreenings(deps: Deps, clientId: string): Promise<Screening[]> {
  const all: Screening[] = [];
  for (let from = 1; ; from += BATCH) {
    const ids = Array.from({ length: BATCH }, (_, i) => `${clientId}.${from + i}`);
    const docs = await deps.db.models.Screening.collection
      .find({ _id: { $in: ids as never[] } })
      .toArray();
    all.push(...docs.map((doc) => fromDoc(deps, doc)));
    if (docs.length < BATCH) break;
  }
  return all.sort((a, b) => a.number - b.number);
}

/** Checks that the actor keeps this client; another organization's client is not found. */
export async function assertKeepsClient(deps: Deps, actor: Actor, clientId: string) {
  if (!canRefer(actor)) throw new NotAllowedError('Only coordinators screen clients.');
  const owner = await clientOwner(deps, clientId);
  if (!owner || !canReadClient(actor, owner)) throw new NotFoundError('client', clientId);
  return owner;
}

/**
 * Creates a started screening with the client's next number. No authorization: callers check.
 */
export async function createScreening(
  deps: Deps,
  actor: Actor,
  input: {
    clientId: string;
    organizationId: string;
    method: ScreeningMethod;
    language: ScreeningLanguage;
    linkExpiresAt: Date | null;
  },
): Promise<Screening> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await clientScreenings(deps, input.clientId);
    const number = (existing.at(-1)?.number ?? 0) + 1;
    const screening: Screening = {
      id: `${input.clientId}.${number}`,
      clientId: input.clientId,
      organizationId: input.organizationId,
      number,
      instrument: ahcHrsn.id,
      method: input.method,
      status: 'STARTED',
      language: input.language,
      startedAt: deps.clock.now(),
      startedByUserId: actor.userId,
      linkExpiresAt: input.linkExpiresAt,
      submittedAt: null,
      submittedByUserId: null,
      answers: null,
      result: null,
    };
    try {
      await deps.db.models.Screening.collection.insertOne({
        _id: screening.id as never,
        ...toDoc(deps, screening),
      });
    } catch (error) {
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    await recordAudit(deps, actor, {
      action: 'screening.start',
      subjectType: 'client',
      subjectId: input.clientId,
      detail: { screeningId: screening.id, method: input.method },
    });
    return screening;
  }
  throw new ConflictError(
    'Someone else started a screening for this client. Reload and try again.',
  );
}

const startSchema = z.object({
  clientId: z.string().min(1).max(200),
  language: z.enum(['en', 'es'], { error: 'Choose English (en) or Spanish (es).' }).nullish(),
});

/**
 * Starts an in-person screening of a client (coordinators of the client's organization), in the
 * language given or the client's. Throws NotAllowedError, NotFoundError, InvalidInputError.
 */
export async function startScreening(deps: Deps, actor: Actor, input: unknown): Promise<Screening> {
  const parsed = parseInput(startSchema, input);
  const owner = await assertKeepsClient(deps, actor, parsed.clientId);
  const client = await loadClientRecord(deps, parsed.clientId);
  return createScreening(deps, actor, {
    clientId: parsed.clientId,
    organizationId: owner.organizationId,
    method: 'IN_PERSON',
    language: parsed.language ?? screeningLanguage(client?.preferredLanguage),
    linkExpiresAt: null,
  });
}

/**
 * Scores and stores the answers of a started screening and opens a need for each positive domain
 * that has none open. One write of the screening; the caller has made sure only it submits.
 */
export async function recordAnswers(
  deps: Deps,
  actor: Actor | null,
  screening: Screening,
  answers: ItemAnswer[],
): Promise<Screening> {
  const now = deps.clock.now();
  const submitted: Screening = {
    ...screening,
    status: 'SUBMITTED',
    submittedAt: now,
    submittedByUserId: actor?.userId ?? null,
    answers,
    result: scoreScreening(ahcHrsn, answers),
  };
  await deps.db.models.Screening.collection.replaceOne(
    { _id: screening.id as never },
    toDoc(deps, submitted),
  );
  await recordAudit(deps, actor, {
    action: 'screening.submit',
    subjectType: 'client',
    subjectId: screening.clientId,
    detail: { screeningId: screening.id, method: screening.method },
  });
  // Each domain's need has ids of its own, so the domains can be opened side by side.
  await Promise.all(
    (submitted.result?.positiveDomains ?? []).map((domain) =>
      openNeed(deps, actor, {
        clientId: screening.clientId,
        organizationId: screening.organizationId,
        domain,
        source: 'SCREENING',
        screeningId: screening.id,
        note: null,
      }),
    ),
  );
  return submitted;
}

/** Claims the one submission of a screening; the loser of a race learns it was submitted. */
export async function claimSubmission(deps: Deps, screening: Screening): Promise<void> {
  const claimed = await claimOne(deps.db.models.Claim.collection, `screenings:${screening.id}`, 0, {
    token: claimToken(),
    now: deps.clock.now(),
    // A submission is claimed for good: a second one must never overwrite the first.
    leaseMs: 100 * 365 * 86_400_000,
  });
  if (claimed === null) throw submittedAlready();
}

function submittedAlready(at?: Date | null): ConflictError {
  return new ConflictError(
    `This screening was submitted already${at ? ` on ${describeDay(at)}` : ''}. Start a new one to screen again.`,
  );
}

const submitSchema = z.object({
  screeningId: z.string().min(1).max(300),
  answers: z.unknown(),
});

/**
 * Submits the answers of an in-person screening (coordinators of the client's organization):
 * checks every answer first (nothing is written when one is wrong), scores it and opens needs.
 * Throws NotAllowedError, NotFoundError, InvalidInputError, ConflictError.
 */
export async function submitScreening(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<Screening> {
  const parsed = parseInput(submitSchema, input);
  const screening = await loadScreening(deps, parsed.screeningId);
  if (!screening || !canRefer(actor) || !canReadClient(actor, screening)) {
    throw new NotFoundError('screening', parsed.screeningId);
  }
  if (screening.status === 'SUBMITTED') throw submittedAlready(screening.submittedAt);
  if (screening.method !== 'IN_PERSON') {
    throw new ConflictError(
      'This screening was sent to the client as a link; they answer it there. Start an in-person screening instead.',
    );
  }
  const answers = validateAnswers(ahcHrsn, parsed.answers);
  await claimSubmission(deps, screening);
  return recordAnswers(deps, actor, screening, answers);
}

/** Loads a screening by id with no authorization and no audit; null when none. */
export async function loadScreening(deps: Deps, id: string): Promise<Screening | null> {
  const doc = await deps.db.models.Screening.collection.findOne({ _id: id as never });
  return doc ? fromDoc(deps, doc) : null;
}

/**
 * A client's screenings, newest first (coordinators of the client's organization; audited as
 * screening.read). Throws NotAllowedError, NotFoundError.
 */
export async function listScreenings(
  deps: Deps,
  actor: Actor,
  clientId: string,
): Promise<Screening[]> {
  await assertKeepsClient(deps, actor, clientId);
  const screenings = await clientScreenings(deps, clientId);
  await recordAudit(deps, actor, {
    action: 'screening.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { count: screenings.length },
  });
  return screenings.reverse();
}

/** One screening (coordinators of the client's organization; audited). Throws NotFoundError. */
export async function getScreening(deps: Deps, actor: Actor, id: string): Promise<Screening> {
  const screening = await loadScreening(deps, id);
  if (!screening) throw new NotFoundError('screening', id);
  if (!canRefer(actor) || !canReadClient(actor, screening)) {
    await recordAudit(deps, actor, {
      action: 'screening.read.denied',
      subjectType: 'client',
      subjectId: screening.clientId,
      detail: { screeningId: id },
    });
    throw new NotFoundError('screening', id);
  }
  await recordAudit(deps, actor, {
    action: 'screening.read',
    subjectType: 'client',
    subjectId: screening.clientId,
    detail: { screeningId: id },
  });
  return screening;
}

/**
 * What changed between a submitted screening and the client's previous submitted one; null for
 * the first. Reads only what the caller has been allowed to read (same client).
 */
export async function screeningChanges(
  deps: Deps,
  screening: Screening,
): Promise<ScreeningChanges | null> {
  if (!screening.answers || !screening.result) return null;
  const earlier = (await clientScreenings(deps, screening.clientId)).filter(
    (s) => s.number < screening.number && s.status === 'SUBMITTED',
  );
  const previous = earlier.at(-1);
  if (!previous?.answers || !previous.result || !previous.submittedAt) return null;
  const before = new Set(previous.result.positiveDomains);
  const after = new Set(screening.result.positiveDomains);
  return {
    previousId: previous.id,
    previousSubmittedAt: previous.submittedAt,
    items: answerChanges(ahcHrsn, previous.answers, screening.answers),
    newlyPositive: [...after].filter((d) => !before.has(d)),
    noLongerPositive: [...before].filter((d) => !after.has(d)),
  };
}
