import { randomUUID } from 'node:crypto';
import type { Document } from 'mongodb';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { canEditListing, isNetworkAdmin } from '../accounts/policy.ts';
import { getUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { describeTime } from '../describe-date.ts';
import {
  ConflictError,
  type FieldIssue,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  NotSignedInError,
} from '../errors.ts';
import { parseInput } from '../validate.ts';
import { claimedOrganizationsOf } from './claims.ts';
import { decideOnce, undoDecision } from './decisions.ts';
import {
  applyServiceEdit,
  checkServiceEdit,
  type EditableField,
  editableFields,
} from './edit-service.ts';
import { type LoadedService, loadService, ownersOf } from './load.ts';

/**
 * Suggested edits. Anyone signed in who notices a listing is wrong suggests a correction to one
 * field; the agency that keeps the listing (or a network admin) accepts it, which applies it
 * through updateService's own path, or rejects it with a note. A suggestion is one document whose
 * status changes by a conditional write.
 */

export const suggestionStatuses = ['PENDING', 'ACCEPTED', 'REJECTED'] as const;
export type SuggestionStatus = (typeof suggestionStatuses)[number];

/** A suggested correction to one field of a listing. */
export type ListingSuggestion = {
  id: string;
  serviceId: string;
  serviceName: string;
  organizationId: string;
  field: EditableField;
  /** The new value in updateService's input shape (`phones: [{ number }]`). */
  newValue: unknown;
  note: string | null;
  status: SuggestionStatus;
  suggestedByUserId: string;
  suggestedByEmail: string;
  createdAt: Date;
  decidedAt: Date | null;
  decidedByUserId: string | null;
  /** Why it was rejected. */
  decisionNote: string | null;
};

type Deps = Pick<DomainDeps, 'db' | 'clock'>;

const suggestSchema = z.object({
  serviceId: z.string().min(1).max(200),
  field: z.enum(editableFields, { error: `Field must be one of: ${editableFields.join(', ')}.` }),
  newValue: z.record(z.string(), z.unknown(), { error: 'Give the new value.' }),
  note: z.string().trim().max(2000, { error: 'Keep the note under 2000 characters.' }).nullish(),
});

const rejectSchema = z.object({
  suggestionId: z.string().min(1).max(200),
  note: z
    .string({ error: 'Say why, so the person who suggested it knows.' })
    .trim()
    .min(1, { error: 'Say why, so the person who suggested it knows.' })
    .max(2000, { error: 'Keep the note under 2000 characters.' }),
});

const MAX_PAGE = 100;
const listSchema = z.object({
  serviceId: z.string().min(1).max(200).nullish(),
  status: z.enum(suggestionStatuses).nullish(),
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} suggestions.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} suggestions.` })
    .nullish(),
});

function fromDoc(doc: Document): ListingSuggestion {
  return {
    id: String(doc._id),
    serviceId: String(doc.serviceId),
    serviceName: String(doc.serviceName),
    organizationId: String(doc.organizationId),
    field: doc.field as EditableField,
    newValue: doc.newValue,
    note: (doc.note as string | null) ?? null,
    status: doc.status as SuggestionStatus,
    suggestedByUserId: String(doc.suggestedByUserId),
    suggestedByEmail: String(doc.suggestedByEmail),
    createdAt: new Date(doc.createdAt as Date),
    decidedAt: doc.decidedAt ? new Date(doc.decidedAt as Date) : null,
    decidedByUserId: (doc.decidedByUserId as string | null) ?? null,
    decisionNote: (doc.decisionNote as string | null) ?? null,
  };
}

async function loadSuggestion(deps: Pick<DomainDeps, 'db'>, id: string) {
  const doc = await deps.db.models.ListingSuggestion.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('suggestion', id);
  return fromDoc(doc);
}

function alreadyDecided(
  suggestion: Pick<ListingSuggestion, 'status' | 'decidedAt'>,
): ConflictError {
  const when = suggestion.decidedAt ? ` on ${describeTime(suggestion.decidedAt)}` : '';
  return new ConflictError(
    `This suggestion was already ${suggestion.status.toLowerCase()}${when}.`,
  );
}

// An accepted suggestion whose edit failed goes back to pending with its decision taken back, so
// one key per suggestion is enough.
const decisionKey = (suggestion: ListingSuggestion) => `suggestion:${suggestion.id}`;

/**
 * Records this decision on the suggestion, or throws the conflict naming the decision a
 * concurrent request took first.
 */
async function decide(
  deps: Deps,
  suggestion: ListingSuggestion,
  status: SuggestionStatus,
  at: Date,
  byUserId: string,
) {
  const earlier = await decideOnce(deps, decisionKey(suggestion), { status, at, byUserId });
  if (earlier) {
    throw alreadyDecided({ status: earlier.status, decidedAt: earlier.at });
  }
}

/** The edit a suggestion stands for, in updateService's input shape. */
function editOf(suggestion: Pick<ListingSuggestion, 'serviceId' | 'field' | 'newValue'>) {
  return { serviceId: suggestion.serviceId, [suggestion.field]: suggestion.newValue };
}

/** Runs updateService's checks; issues are named from the suggestion's `newValue`. */
function checkEdit(loaded: LoadedService, edit: Record<string, unknown>): void {
  try {
    checkServiceEdit(loaded, edit);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(
      error.issues.map((i) => ({ path: `newValue.${i.path}`, message: i.message })),
    );
  }
}

function assertMayDecide(actor: Actor, loaded: LoadedService): void {
  if (!canEditListing(actor, ownersOf(loaded)) && !isNetworkAdmin(actor)) {
    throw new NotAllowedError(
      'Only the agency that lists this service or a network admin can decide on suggestions.',
    );
  }
}

/**
 * Suggests a correction to one field of a listing (anyone signed in), checked with updateService's
 * rules before it is kept. Throws InvalidInputError (by field: `newValue.phones.0.number`),
 * NotFoundError.
 */
export async function suggestListingEdit(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ListingSuggestion> {
  const parsed = parseInput(suggestSchema, input);
  const issues: FieldIssue[] = [];
  if (parsed.newValue[parsed.field] == null) {
    issues.push({ path: `newValue.${parsed.field}`, message: `Give the new ${parsed.field}.` });
  }
  for (const [key, value] of Object.entries(parsed.newValue)) {
    if (key !== parsed.field && value != null) {
      issues.push({
        path: `newValue.${key}`,
        message: `Suggest one field at a time: this suggestion is for ${parsed.field}.`,
      });
    }
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  const loaded = await loadService(deps, parsed.serviceId);
  const newValue = parsed.newValue[parsed.field];
  checkEdit(loaded, editOf({ serviceId: parsed.serviceId, field: parsed.field, newValue }));
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();
  const suggestion: ListingSuggestion = {
    id: randomUUID(),
    serviceId: loaded.service.id,
    serviceName: loaded.service.name,
    organizationId: loaded.service.organization_id,
    field: parsed.field,
    newValue,
    note: parsed.note || null,
    status: 'PENDING',
    suggestedByUserId: user.id,
    suggestedByEmail: user.email,
    createdAt: deps.clock.now(),
    decidedAt: null,
    decidedByUserId: null,
    decisionNote: null,
  };
  const { id, ...rest } = suggestion;
  await deps.db.models.ListingSuggestion.collection.insertOne({ _id: id as never, ...rest });
  return suggestion;
}

/**
 * Accepts a pending suggestion (the listing's agency or a network admin): it is applied exactly as
 * updateService applies an edit, so it is validated, logged and reaches search through the
 * outbox. A suggestion no longer valid against the current listing is refused and left pending.
 * Throws NotFoundError, NotAllowedError, InvalidInputError, ConflictError.
 */
export async function acceptListingSuggestion(
  deps: Deps,
  actor: Actor,
  suggestionId: string,
): Promise<ListingSuggestion> {
  const suggestion = await loadSuggestion(deps, suggestionId);
  const loaded = await loadService(deps, suggestion.serviceId);
  assertMayDecide(actor, loaded);
  if (suggestion.status !== 'PENDING') throw alreadyDecided(suggestion);
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();
  const edit = editOf(suggestion);
  checkEdit(loaded, edit);

  // Decide first, so a concurrent accept or reject cannot also apply; undo the decision if the
  // edit then fails to land (FerretDB v1 has no transactions).
  const at = deps.clock.now();
  await decide(deps, suggestion, 'ACCEPTED', at, user.id);
  const { ListingSuggestion: suggestions } = deps.db.models;
  const accepted = await suggestions.collection.findOneAndUpdate(
    { _id: suggestion.id as never, status: 'PENDING' },
    { $set: { status: 'ACCEPTED', decidedAt: at, decidedByUserId: user.id } },
    { returnDocument: 'after' },
  );
  if (!accepted) throw alreadyDecided(await loadSuggestion(deps, suggestion.id));
  try {
    await applyServiceEdit(deps, { email: user.email, userId: user.id }, loaded.service.id, edit);
  } catch (error) {
    await suggestions.collection.updateOne(
      { _id: suggestion.id as never, status: 'ACCEPTED' },
      { $set: { status: 'PENDING', decidedAt: null, decidedByUserId: null } },
    );
    await undoDecision(deps, decisionKey(suggestion));
    throw error;
  }
  await recordAudit(deps, actor, {
    action: 'listing.suggestion.accept',
    subjectType: 'service',
    subjectId: suggestion.serviceId,
    detail: { suggestionId: suggestion.id, field: suggestion.field },
  });
  return fromDoc(accepted);
}

/**
 * Rejects a pending suggestion with a note for the person who made it (the listing's agency or a
 * network admin). Throws NotFoundError, NotAllowedError, InvalidInputError, ConflictError.
 */
export async function rejectListingSuggestion(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<ListingSuggestion> {
  const parsed = parseInput(rejectSchema, input);
  const suggestion = await loadSuggestion(deps, parsed.suggestionId);
  assertMayDecide(actor, await loadService(deps, suggestion.serviceId));
  if (suggestion.status !== 'PENDING') throw alreadyDecided(suggestion);
  const at = deps.clock.now();
  await decide(deps, suggestion, 'REJECTED', at, actor.userId);
  const rejected = await deps.db.models.ListingSuggestion.collection.findOneAndUpdate(
    { _id: suggestion.id as never, status: 'PENDING' },
    {
      $set: {
        status: 'REJECTED',
        decidedAt: at,
        decidedByUserId: actor.userId,
        decisionNote: parsed.note,
      },
    },
    { returnDocument: 'after' },
  );
  if (!rejected) throw alreadyDecided(await loadSuggestion(deps, suggestion.id));
  await recordAudit(deps, actor, {
    action: 'listing.suggestion.reject',
    subjectType: 'service',
    subjectId: suggestion.serviceId,
    detail: { suggestionId: suggestion.id, field: suggestion.field },
  });
  return fromDoc(rejected);
}

/**
 * Suggestions, newest first. For one service: its agency and network admins. Otherwise network
 * admins see all, an agency those for the listings it keeps, and everyone the ones they made.
 * Scans the suggestions, which are few. Throws NotFoundError, NotAllowedError, InvalidInputError.
 */
export async function listListingSuggestions(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<ListingSuggestion[]> {
  const parsed = parseInput(listSchema, input ?? {});
  const filter: Record<string, unknown> = {};
  if (parsed.status) filter.status = parsed.status;
  if (parsed.serviceId) {
    const loaded = await loadService(deps, parsed.serviceId);
    if (!canEditListing(actor, ownersOf(loaded)) && !isNetworkAdmin(actor)) {
      throw new NotAllowedError('Only the agency that lists this service can see its suggestions.');
    }
    filter.serviceId = parsed.serviceId;
  } else if (!isNetworkAdmin(actor)) {
    const kept =
      actor.role === 'agency_staff' || actor.role === 'org_admin'
        ? [actor.organizationId, ...(await claimedOrganizationsOf(deps, actor.organizationId))]
        : [];
    filter.$or = [{ organizationId: { $in: kept } }, { suggestedByUserId: actor.userId }];
  }
  const docs = await deps.db.models.ListingSuggestion.collection
    .find(filter)
    .sort({ createdAt: -1, _id: 1 })
    .limit(parsed.first ?? 20)
    .toArray();
  return docs.map(fromDoc);
}
