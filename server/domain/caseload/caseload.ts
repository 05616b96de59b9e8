import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { canRefer } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError } from '../errors.ts';
import type { ReferralStatus } from '../referrals/state-machine.ts';
import { parseInput } from '../validate.ts';
import { addCoordinator, type CaseloadFacts, caseloadIds, changeSummary } from './summary.ts';
import { readJson } from './versioned-json.ts';

/**
 * A coordinator's caseload: the clients they keep (created, referred, or hold a task for), each
 * with open needs, open referrals by status, the next task due, overdue tasks and the last
 * contact. Read from the coordinator's own caseload documents (summary.ts keeps them current),
 * a few `_id` reads whatever the size of the caseload or of the network.
 */

export type CaseloadRow = {
  clientId: string;
  name: string;
  openNeeds: number;
  openReferrals: number;
  referralsByStatus: Array<{ status: ReferralStatus; count: number }>;
  /** The earliest due date of the client's open tasks (YYYY-MM-DD). */
  nextTaskDue: string | null;
  overdueTasks: number;
  lastContactAt: Date | null;
};

export const caseloadSorts = ['NAME', 'NEXT_TASK_DUE', 'OVERDUE', 'LAST_CONTACT'] as const;

const inputSchema = z.object({
  sort: z.enum(caseloadSorts).nullish(),
  search: z.string().trim().max(200, { error: 'Search at most 200 characters.' }).nullish(),
  overdueOnly: z.boolean().nullish(),
  withOpenReferrals: z.boolean().nullish(),
  referralStatus: z.string().max(40).nullish(),
});

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

/**
 * Records a client on its creator's caseload with a sealed copy of the name (on create and on a
 * change of name). Called by the client records module.
 */
export async function noteClientInSummary(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  client: { id: string; organizationId: string; name: string; createdByUserId: string },
): Promise<void> {
  await changeSummary(deps, client.id, client.organizationId, (summary) => {
    summary.sealedName = deps.cipher.seal(client.name);
    addCoordinator(summary, client.createdByUserId);
  });
}

/** A caseload row from a client's facts, with `today` deciding what is overdue. */
export function caseloadRow(
  clientId: string,
  facts: CaseloadFacts,
  name: string,
  today: string,
): CaseloadRow {
  const byStatus = Object.entries(facts.referrals)
    .map(([status, count]) => ({ status: status as ReferralStatus, count }))
    .sort((a, b) => a.status.localeCompare(b.status));
  return {
    clientId,
    name,
    openNeeds: facts.openNeeds,
    openReferrals: byStatus.reduce((sum, s) => sum + s.count, 0),
    referralsByStatus: byStatus,
    nextTaskDue: facts.openTaskDue[0] ?? null,
    overdueTasks: facts.openTaskDue.filter((due) => due < today).length,
    lastContactAt: facts.lastContactAt ? new Date(facts.lastContactAt) : null,
  };
}

// One collator for every comparison (localeCompare with options builds one per call).
const collator = new Intl.Collator('en', { sensitivity: 'base' });

const byName = (a: CaseloadRow, b: CaseloadRow) =>
  collator.compare(a.name, b.name) || a.clientId.localeCompare(b.clientId);

const sorters: Record<(typeof caseloadSorts)[number], (a: CaseloadRow, b: CaseloadRow) => number> =
  {
    NAME: byName,
    NEXT_TASK_DUE: (a, b) =>
      (a.nextTaskDue ?? '9999').localeCompare(b.nextTaskDue ?? '9999') || byName(a, b),
    OVERDUE: (a, b) => b.overdueTasks - a.overdueTasks || sorters.NEXT_TASK_DUE(a, b),
    // Longest without contact first: whom to call next.
    LAST_CONTACT: (a, b) =>
      (a.lastContactAt?.getTime() ?? 0) - (b.lastContactAt?.getTime() ?? 0) || byName(a, b),
  };

/**
 * The signed-in coordinator's caseload, sorted and filtered (audited once, as caseload.read,
 * with the number of clients shown). Throws NotAllowedError, InvalidInputError.
 */
export async function myCaseload(deps: Deps, actor: Actor, input: unknown): Promise<CaseloadRow[]> {
  if (!canRefer(actor)) throw new NotAllowedError('Only coordinators have a caseload.');
  const parsed = parseInput(inputSchema, input ?? {});
  const today = deps.clock.now().toISOString().slice(0, 10);
  const collection = deps.db.models.Caseload.collection;
  const docs = await Promise.all(
    caseloadIds(actor.userId).map((id) =>
      readJson<{ rows: Record<string, CaseloadFacts> }>(collection, id, deps.cipher),
    ),
  );
  const search = parsed.search?.toLowerCase() ?? '';
  let rows = docs.flatMap((doc) =>
    Object.entries(doc?.rows ?? {}).map(([clientId, facts]) =>
      caseloadRow(clientId, facts, facts.name, today),
    ),
  );
  if (search) rows = rows.filter((r) => r.name.toLowerCase().includes(search));
  if (parsed.overdueOnly) rows = rows.filter((r) => r.overdueTasks > 0);
  if (parsed.withOpenReferrals) rows = rows.filter((r) => r.openReferrals > 0);
  if (parsed.referralStatus) {
    const status = parsed.referralStatus;
    rows = rows.filter((r) => r.referralsByStatus.some((s) => s.status === status));
  }
  rows.sort(sorters[parsed.sort ?? 'NAME']);
  await recordAudit(deps, actor, {
    action: 'caseload.read',
    subjectType: 'user',
    subjectId: actor.userId,
    detail: { results: rows.length },
  });
  return rows;
}
