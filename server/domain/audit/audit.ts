import { z } from 'zod';
import { insertGrouped } from '../../db/group-commit.ts';
import type { Actor, Role } from '../accounts/actor.ts';
import { isNetworkAdmin } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { InvalidInputError, NotAllowedError } from '../errors.ts';
import { timeOrderedId } from '../time-ordered-id.ts';
import { parseInput } from '../validate.ts';

/**
 * Detail values are short, non-identifying facts (a field list, a count, a reason code). Never put
 * client data here: the audit log is read by network admins who may not see client records.
 */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

/** One recorded action: who (user, organization, role, address), what, on which subject, when. */
export type AuditEvent = {
  id: string;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorRole: Role | null;
  ip: string | null;
  detail: AuditDetail;
};

export type AuditEntry = {
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: AuditDetail;
};

/** Appends one event to the audit log (insert-only); `actor` is null for system actions. */
export async function recordAudit(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor | null,
  entry: AuditEntry,
): Promise<AuditEvent> {
  const at = deps.clock.now();
  const event: AuditEvent = {
    id: timeOrderedId(at),
    at,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    actorUserId: actor?.userId ?? null,
    actorOrganizationId: actor?.organizationId ?? null,
    actorRole: actor?.role ?? null,
    ip: actor?.ip ?? null,
    detail: entry.detail ?? {},
  };
  const { id, ...rest } = event;
  // Grouped with the events other requests record at the same moment; the id is unique.
  await insertGrouped(deps.db.models.AuditEvent.collection, { _id: id as never, ...rest });
  return event;
}

const MAX_PAGE = 100;

const filterSchema = z.object({
  subjectId: z.string().max(200).nullish(),
  actorUserId: z.string().max(200).nullish(),
  action: z.string().max(100).nullish(),
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} events.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} events.` })
    .nullish(),
  after: z.string().max(200).nullish(),
});

export type AuditPage = {
  edges: Array<{ cursor: string; node: AuditEvent }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

function encodeCursor(event: AuditEvent): string {
  return Buffer.from(`${event.at.getTime()}:${event.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const match = /^(\d{1,15}):([\w-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1] || !match[2]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return { at: new Date(Number(match[1])), id: match[2] };
}

function fromDoc(doc: Record<string, unknown>): AuditEvent {
  return {
    id: String(doc._id),
    at: new Date(doc.at as Date),
    action: String(doc.action),
    subjectType: String(doc.subjectType),
    subjectId: String(doc.subjectId),
    actorUserId: (doc.actorUserId as string | null) ?? null,
    actorOrganizationId: (doc.actorOrganizationId as string | null) ?? null,
    actorRole: (doc.actorRole as Role | null) ?? null,
    ip: (doc.ip as string | null) ?? null,
    detail: (doc.detail as AuditDetail | undefined) ?? {},
  };
}

/**
 * Lists audit events newest first, filtered by subject, actor and action (network admins only;
 * this read scans, which is acceptable for an occasional review). Throws NotAllowedError,
 * InvalidInputError.
 */
export async function listAuditEvents(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<AuditPage> {
  if (!isNetworkAdmin(actor))
    throw new NotAllowedError('Only network admins can read the audit log.');
  const parsed = parseInput(filterSchema, input);
  const limit = parsed.first ?? 20;
  const filter: Record<string, unknown> = {};
  if (parsed.subjectId) filter.subjectId = parsed.subjectId;
  if (parsed.actorUserId) filter.actorUserId = parsed.actorUserId;
  if (parsed.action) filter.action = parsed.action;
  if (parsed.after) {
    const after = decodeCursor(parsed.after);
    filter.$or = [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }];
  }
  const docs = await deps.db.models.AuditEvent.collection
    .find(filter)
    .sort({ at: -1, _id: -1 })
    .limit(limit + 1)
    .toArray();
  const events = docs.slice(0, limit).map((d) => fromDoc(d));
  const edges = events.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: docs.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
