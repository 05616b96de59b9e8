import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { z } from 'zod';
import { claimOne, claimToken } from '../../db/leases.ts';
import type { Actor } from '../accounts/actor.ts';
import { canReadClient } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import { changeSummary, readSummary } from '../caseload/summary.ts';
import { assertKeepsClient } from '../clients/client-access.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { NEED_DOMAINS, type NeedDomain } from '../needs/domains.ts';
import { parseInput } from '../validate.ts';

/**
 * A client's care plan: goals agreed with the client, after the SDOH Clinical Care IG Goal
 * (lifecycle status and achievement status), each tied to a need domain and linked to needs,
 * referrals and tasks. The goal's words are sealed at rest; every change is kept in its history
 * (who, when, which fields and, for everything but the words, from what to what).
 */

export const goalStatuses = ['PROPOSED', 'ACTIVE', 'ON_HOLD', 'COMPLETED', 'CANCELLED'] as const;
export type GoalStatus = (typeof goalStatuses)[number];

export const goalAchievements = [
  'IN_PROGRESS',
  'IMPROVING',
  'WORSENING',
  'NO_CHANGE',
  'ACHIEVED',
  'NOT_ACHIEVED',
] as const;
export type GoalAchievement = (typeof goalAchievements)[number];

/** One field's change; `from` and `to` are null for the sealed words of the goal. */
export type GoalFieldChange = { field: string; from: string | null; to: string | null };
export type GoalChange = { at: Date; userId: string; changes: GoalFieldChange[] };

export type Goal = {
  id: string;
  clientId: string;
  organizationId: string;
  text: string;
  domain: NeedDomain;
  /** YYYY-MM-DD, or null for no target. */
  targetDate: string | null;
  status: GoalStatus;
  achievement: GoalAchievement;
  needIds: string[];
  referralIds: string[];
  version: number;
  createdAt: Date;
  createdByUserId: string;
  updatedAt: Date;
  history: GoalChange[];
};

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

const TEXT_MAX = 1000;
const LINKS_MAX = 50;
const DATE_MESSAGE = 'Target date must be a date such as 2027-03-31.';

/** Which lifecycle moves make sense; a finished goal can only be taken up again. */
const moves: Record<GoalStatus, readonly GoalStatus[]> = {
  PROPOSED: ['ACTIVE', 'ON_HOLD', 'CANCELLED'],
  ACTIVE: ['ON_HOLD', 'COMPLETED', 'CANCELLED'],
  ON_HOLD: ['ACTIVE', 'CANCELLED'],
  COMPLETED: ['ACTIVE'],
  CANCELLED: ['PROPOSED', 'ACTIVE'],
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const dateSchema = z
  .string({ error: DATE_MESSAGE })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DATE_MESSAGE })
  .refine((v) => isoDay(new Date(`${v}T00:00:00Z`)) === v, { error: DATE_MESSAGE });

const idList = (what: string) =>
  z
    .array(
      z
        .string()
        .trim()
        .regex(/^[\w:.-]{1,200}$/, {
          error: `Each ${what} id must be an id such as one Wayfinder gave.`,
        }),
    )
    .max(LINKS_MAX, { error: `Link at most ${LINKS_MAX} ${what}s.` })
    .transform((ids) => [...new Set(ids)]);

const textSchema = z
  .string({ error: 'Describe the goal.' })
  .trim()
  .min(1, { error: 'Describe the goal.' })
  .max(TEXT_MAX, {
    error: `A goal must be at most ${TEXT_MAX.toLocaleString('en-US')} characters.`,
  });

const createSchema = z.object({
  clientId: z.string().min(1).max(200),
  text: textSchema,
  domain: z.enum(NEED_DOMAINS, { error: 'Choose the need domain the goal is about.' }),
  targetDate: dateSchema.nullish(),
  status: z.enum(goalStatuses).nullish(),
  needIds: idList('need').nullish(),
  referralIds: idList('referral').nullish(),
});

const updateSchema = z.object({
  id: z.string().min(1).max(200),
  expectedVersion: z
    .number({ error: 'Expected version must be a whole number.' })
    .int({ error: 'Expected version must be a whole number.' })
    .min(1, { error: 'Expected version must be a whole number.' }),
  text: textSchema.optional(),
  domain: z.enum(NEED_DOMAINS).optional(),
  targetDate: dateSchema.nullish(),
  status: z.enum(goalStatuses).optional(),
  achievement: z.enum(goalAchievements).optional(),
  needIds: idList('need').optional(),
  referralIds: idList('referral').optional(),
});

function pastDateError(): InvalidInputError {
  const message = 'The target date is in the past. Choose today or a later date.';
  return new InvalidInputError([{ path: 'targetDate', message }], message);
}

/** Referral ids that are not this client's referrals (as the client's summary lists them). */
/** Refuses links to referrals or needs that are not this client's (the client's summary lists both). */
async function assertClientLinks(
  deps: Deps,
  clientId: string,
  organizationId: string,
  links: { referralIds: string[]; needIds: string[] },
): Promise<void> {
  if (links.referralIds.length === 0 && links.needIds.length === 0) return;
  const summary = await readSummary(deps, clientId, organizationId);
  const unknownReferrals = links.referralIds.filter((id) => !summary.referrals[id]);
  if (unknownReferrals.length > 0) {
    const message = `Only this client’s referrals can be linked; not ${unknownReferrals.join(', ')}.`;
    throw new InvalidInputError([{ path: 'referralIds', message }], message);
  }
  const unknownNeeds = links.needIds.filter((id) => !summary.needs[id]);
  if (unknownNeeds.length > 0) {
    const message = `Only this client’s needs can be linked; not ${unknownNeeds.join(', ')}.`;
    throw new InvalidInputError([{ path: 'needIds', message }], message);
  }
}

type SealedGoal = { text: string };

function toDoc(deps: Deps, goal: Goal): Document {
  const { id: _id, text, ...rest } = goal;
  return { ...rest, sealed: deps.cipher.seal(JSON.stringify({ text } satisfies SealedGoal)) };
}

function fromDoc(deps: Deps, doc: Document): Goal {
  const { _id, sealed, ...rest } = doc;
  const { text } = JSON.parse(deps.cipher.open(String(sealed))) as SealedGoal;
  return { ...(rest as Omit<Goal, 'id' | 'text'>), id: String(_id), text };
}

/**
 * Adds a goal to a client's care plan (audited as goal.create). Throws NotAllowedError,
 * NotFoundError (also for another organization's client), InvalidInputError (a target date in the
 * past, a referral that is not the client's).
 */
export async function createGoal(deps: Deps, actor: Actor, input: unknown): Promise<Goal> {
  const parsed = parseInput(createSchema, input);
  const { organizationId } = await assertKeepsClient(deps, actor, parsed.clientId, 'goal.create');
  const now = deps.clock.now();
  if (parsed.targetDate && parsed.targetDate < isoDay(now)) throw pastDateError();
  const referralIds = parsed.referralIds ?? [];
  await assertClientLinks(deps, parsed.clientId, organizationId, {
    referralIds,
    needIds: parsed.needIds ?? [],
  });
  const goal: Goal = {
    id: randomUUID(),
    clientId: parsed.clientId,
    organizationId,
    text: parsed.text,
    domain: parsed.domain,
    targetDate: parsed.targetDate ?? null,
    status: parsed.status ?? 'PROPOSED',
    achievement: 'IN_PROGRESS',
    needIds: parsed.needIds ?? [],
    referralIds,
    version: 1,
    createdAt: now,
    createdByUserId: actor.userId,
    updatedAt: now,
    history: [],
  };
  goal.history.push({
    at: now,
    userId: actor.userId,
    changes: [
      { field: 'text', from: null, to: null },
      { field: 'status', from: null, to: goal.status },
      { field: 'domain', from: null, to: goal.domain },
      ...(goal.targetDate ? [{ field: 'targetDate', from: null, to: goal.targetDate }] : []),
    ],
  });
  await deps.db.models.Goal.collection.insertOne({ _id: goal.id as never, ...toDoc(deps, goal) });
  await changeSummary(deps, goal.clientId, organizationId, (summary) => {
    summary.goals[goal.id] = now.toISOString();
  });
  await recordAudit(deps, actor, {
    action: 'goal.create',
    subjectType: 'client',
    subjectId: goal.clientId,
    detail: { goalId: goal.id, status: goal.status },
  });
  return goal;
}

const GOAL_CLAIM_MS = 30_000;

function describeValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * Changes a goal, if it is still at `expectedVersion`: its words, domain, target date, lifecycle
 * status, achievement or links. Every change joins the goal's history (audited as goal.update).
 * Throws NotFoundError (also for another organization's goal), NotAllowedError,
 * InvalidInputError (a move the lifecycle does not allow, a new target date in the past),
 * ConflictError.
 */
export async function updateGoal(deps: Deps, actor: Actor, input: unknown): Promise<Goal> {
  const parsed = parseInput(updateSchema, input);
  const doc = await deps.db.models.Goal.collection.findOne({ _id: parsed.id as never });
  if (!doc) throw new NotFoundError('goal', parsed.id);
  const current = fromDoc(deps, doc);
  try {
    await assertKeepsClient(deps, actor, current.clientId, 'goal.update');
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('goal', parsed.id);
    throw error;
  }
  if (current.version !== parsed.expectedVersion) {
    throw new ConflictError(
      'This goal was changed by someone else since you opened it. Reload it and try again.',
    );
  }
  const now = deps.clock.now();
  const next: Goal = { ...current };
  const changes: GoalFieldChange[] = [];
  const fields = [
    'text',
    'domain',
    'targetDate',
    'status',
    'achievement',
    'needIds',
    'referralIds',
  ] as const;
  for (const field of fields) {
    const value = parsed[field];
    if (value === undefined) continue;
    const before = describeValue(current[field]);
    const after = describeValue(value);
    if (before === after) continue;
    Object.assign(next, { [field]: value });
    changes.push(
      field === 'text' ? { field, from: null, to: null } : { field, from: before, to: after },
    );
  }
  if (changes.length === 0) return current;
  if (next.status !== current.status && !moves[current.status].includes(next.status)) {
    const message = `A ${current.status.toLowerCase().replace('_', ' ')} goal cannot become ${next.status.toLowerCase().replace('_', ' ')}.`;
    throw new InvalidInputError([{ path: 'status', message }], message);
  }
  if (next.targetDate !== current.targetDate && next.targetDate && next.targetDate < isoDay(now)) {
    throw pastDateError();
  }
  if (next.referralIds !== current.referralIds || next.needIds !== current.needIds) {
    await assertClientLinks(deps, current.clientId, current.organizationId, {
      referralIds: next.referralIds === current.referralIds ? [] : next.referralIds,
      needIds: next.needIds === current.needIds ? [] : next.needIds,
    });
  }
  next.version = current.version + 1;
  next.updatedAt = now;
  next.history = [...current.history, { at: now, userId: actor.userId, changes }];
  const claimed = await claimOne(
    deps.db.models.Claim.collection,
    `goals:${current.id}`,
    current.version,
    {
      token: claimToken(),
      now,
      leaseMs: GOAL_CLAIM_MS,
    },
  );
  if (claimed === null) {
    throw new ConflictError(
      'This goal was changed by someone else while you saved. Reload it and try again.',
    );
  }
  const written = await deps.db.models.Goal.collection.replaceOne(
    { _id: current.id as never, version: current.version },
    toDoc(deps, next),
  );
  if (written.matchedCount === 0) {
    throw new ConflictError(
      'This goal was changed by someone else while you saved. Reload it and try again.',
    );
  }
  await recordAudit(deps, actor, {
    action: 'goal.update',
    subjectType: 'client',
    subjectId: current.clientId,
    detail: { goalId: current.id, fields: changes.map((c) => c.field), version: next.version },
  });
  return next;
}

/**
 * A client's goals, oldest first (audited as goal.read). Throws NotAllowedError, NotFoundError
 * (also for another organization's client).
 */
export async function listGoals(deps: Deps, actor: Actor, clientId: string): Promise<Goal[]> {
  const { organizationId } = await assertKeepsClient(deps, actor, clientId, 'goal.read');
  const goals = await loadClientGoals(deps, clientId, organizationId);
  await recordAudit(deps, actor, {
    action: 'goal.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { results: goals.length },
  });
  return goals;
}

/**
 * One goal (coordinators of the client's organization; audited as goal.read). Anyone else, and
 * an id that is no goal, gets NotFoundError alike.
 */
export async function getGoal(deps: Deps, actor: Actor, id: string): Promise<Goal> {
  const doc = await deps.db.models.Goal.collection.findOne({ _id: id as never });
  if (!doc || !canReadClient(actor, { organizationId: String(doc.organizationId) })) {
    throw new NotFoundError('goal', id);
  }
  const goal = fromDoc(deps, doc);
  await recordAudit(deps, actor, {
    action: 'goal.read',
    subjectType: 'client',
    subjectId: goal.clientId,
    detail: { goalId: id },
  });
  return goal;
}

/** A client's goals with no check and no audit, for modules that did both (timeline, PDF). */
export async function loadClientGoals(
  deps: Deps,
  clientId: string,
  organizationId: string,
): Promise<Goal[]> {
  const summary = await readSummary(deps, clientId, organizationId);
  const ids = Object.keys(summary.goals);
  const docs = await Promise.all(
    ids.map((id) => deps.db.models.Goal.collection.findOne({ _id: id as never })),
  );
  return docs
    .flatMap((d) => (d !== null && d.clientId === clientId ? [fromDoc(deps, d)] : []))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
