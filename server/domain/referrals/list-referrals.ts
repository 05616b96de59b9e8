import type { Actor } from '../accounts/actor.ts';
import { canAnswerFor, canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { InvalidInputError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { canSeeReferral } from './access.ts';
import { listSchema } from './referral-input.ts';
import type { ReferralStatus } from './state-machine.ts';
import { findReferralHeads, type Referral, type ReferralState, rollForward } from './store.ts';

/** When the agency must answer a sent referral: its response window after sending; null otherwise. */
export function respondBy(
  referral: Pick<ReferralState, 'status' | 'sentAt'>,
  responseHours: number,
): Date | null {
  if (referral.status !== 'SENT' || !referral.sentAt) return null;
  return new Date(new Date(referral.sentAt).getTime() + responseHours * 3_600_000);
}

/** Whether a sent referral has waited longer than the agency's response window. */
export function isOverdue(
  referral: Pick<ReferralState, 'status' | 'sentAt'>,
  now: Date,
  responseHours: number,
): boolean {
  const due = respondBy(referral, responseHours);
  return due !== null && now.getTime() > due.getTime();
}

/** Most pressing first: EMERGENCY, URGENT, ROUTINE. */
const urgencyRank: Record<string, number> = { EMERGENCY: 2, URGENT: 1, ROUTINE: 0 };

/** One page of referrals, as a Relay connection. */
export type ReferralPage = {
  totalCount: number;
  edges: Array<{ cursor: string; node: Referral }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

function encodeCursor(offset: number): string {
  return Buffer.from(`r:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^r:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

/** The optional party and time filters of a listing (FHIR searches use them). */
function matchesParties(
  head: Record<string, unknown>,
  filter: {
    receivingOrganizationId?: string | null;
    clientId?: string | null;
    updatedAfter?: Date | null;
    updatedBefore?: Date | null;
  },
): boolean {
  if (
    filter.receivingOrganizationId &&
    head.receivingOrganizationId !== filter.receivingOrganizationId
  ) {
    return false;
  }
  if (filter.clientId && head.clientId !== filter.clientId) return false;
  const updated = new Date(head.updatedAt as Date).getTime();
  if (filter.updatedAfter && !(updated > filter.updatedAfter.getTime())) return false;
  return !filter.updatedBefore || updated < filter.updatedBefore.getTime();
}

/**
 * Lists the referrals the actor's organization made (coordinators) or received (agency staff;
 * org admins see both): overdue ones first, then the most urgent, then newest first. Audited.
 * Throws InvalidInputError.
 */
export async function listReferrals(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<ReferralPage> {
  const parsed = parseInput(listSchema, input ?? {});
  const or: Array<Record<string, unknown>> = [];
  if (canRefer(actor)) or.push({ referringOrganizationId: actor.organizationId });
  if (canAnswerFor(actor, actor.organizationId)) {
    or.push({ receivingOrganizationId: actor.organizationId });
  }
  if (or.length === 0) {
    return { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
  }
  // A scan with an organization filter: FerretDB v1 uses no secondary index for it anyway.
  const heads = await findReferralHeads(deps, or.length === 1 ? (or[0] ?? {}) : { $or: or });
  const now = deps.clock.now();
  const hours = deps.settings.referralResponseHours;
  const rows = heads
    .map((head) => ({ head, overdue: isOverdue(head as never, now, hours) }))
    .filter(({ head }) =>
      canSeeReferral(actor, {
        referringOrganizationId: String(head.referringOrganizationId),
        receivingOrganizationId: String(head.receivingOrganizationId),
        status: head.status as ReferralStatus,
      }),
    )
    .filter(({ head, overdue }) => {
      if (parsed.status && head.status !== parsed.status) return false;
      if (parsed.statuses && !parsed.statuses.includes(head.status as ReferralStatus)) return false;
      return !parsed.overdueOnly || overdue;
    })
    .filter(({ head }) => matchesParties(head, parsed))
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        (urgencyRank[String(b.head.urgency)] ?? 0) - (urgencyRank[String(a.head.urgency)] ?? 0) ||
        new Date(b.head.createdAt).getTime() - new Date(a.head.createdAt).getTime() ||
        String(a.head._id).localeCompare(String(b.head._id)),
    );
  const offset = parsed.after ? decodeCursor(parsed.after) : 0;
  const limit = parsed.first ?? 20;
  const page = rows.slice(offset, offset + limit);
  const nodes = await Promise.all(page.map(({ head }) => rollForward(deps, head)));
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(offset + i + 1), node }));
  await recordAudit(deps, actor, {
    action: 'referral.list',
    subjectType: 'organization',
    subjectId: actor.organizationId,
    detail: { results: edges.length, referrals: nodes.map((n) => n.id) },
  });
  return {
    totalCount: rows.length,
    edges,
    pageInfo: {
      hasNextPage: offset + edges.length < rows.length,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
