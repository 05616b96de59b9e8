import type { DomainDeps } from '../deps.ts';
import { changeJson, readJson } from './versioned-json.ts';

/**
 * One summary per client (`client_summaries`, `_id` the client id): the index of what hangs off
 * the client (referrals, goals, tasks, notes, needs), so a client page reads one document
 * instead of scanning referrals and tasks (FerretDB v1 has no $lookup and scans for any filter
 * but `_id`). Each change of a summary also refreshes the client's row on the caseload of every
 * coordinator who keeps the client (`caseloads`, `_id` `<userId>:<bucket>`): a caseload is then
 * a handful of `_id` reads, whatever the number of clients, referrals or other coordinators.
 * Both are versioned JSON documents (versioned-json.ts), so concurrent changes all land.
 */

export type SummaryReferral = { status: string; version: number; at: string };
export type SummaryTask = {
  status: string;
  dueDate: string;
  assigneeUserId: string;
  goalId: string | null;
  referralId: string | null;
};

export type ClientSummary = {
  clientId: string;
  organizationId: string;
  /** The client's name, sealed (a copy, so a caseload need not open 500 client records). */
  sealedName: string | null;
  /** Users whose caseload the client is on: who created the record, referred or holds a task. */
  coordinators: string[];
  referrals: Record<string, SummaryReferral>;
  tasks: Record<string, SummaryTask>;
  /** Goal ids and when each was set (ISO). */
  goals: Record<string, string>;
  /** Note ids and when each was written (ISO). */
  notes: Record<string, string>;
  /** Needs by id and status (`OPEN` …), written by the needs module. */
  needs: Record<string, string>;
  /** ISO time of the last note recording contact with the client. */
  lastContactAt: string | null;
};

/**
 * What a caseload shows of one client, kept on each of its coordinators' caseload (whose
 * documents are sealed whole, so the name is kept plain inside).
 */
export type CaseloadFacts = {
  name: string;
  /** Open (not final) referrals by status. */
  referrals: Record<string, number>;
  /** Due dates of the open tasks. */
  openTaskDue: string[];
  openNeeds: number;
  lastContactAt: string | null;
};

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

const BUCKETS = 8;
const FINAL = new Set(['REJECTED', 'COMPLETED', 'FAILED', 'CANCELLED']);

function emptySummary(clientId: string, organizationId: string): ClientSummary {
  return {
    clientId,
    organizationId,
    sealedName: null,
    coordinators: [],
    referrals: {},
    tasks: {},
    goals: {},
    notes: {},
    needs: {},
    lastContactAt: null,
  };
}

/** The client's summary, or an empty one when nothing was recorded about the client yet. */
export async function readSummary(
  deps: Pick<DomainDeps, 'db'>,
  clientId: string,
  organizationId: string,
): Promise<ClientSummary> {
  const stored = await readJson<ClientSummary>(deps.db.models.ClientSummary.collection, clientId);
  return stored ?? emptySummary(clientId, organizationId);
}

/** The caseload facts of a summary (`name` opened from its sealed copy). */
export function caseloadFacts(summary: ClientSummary, name: string): CaseloadFacts {
  const referrals: Record<string, number> = {};
  for (const referral of Object.values(summary.referrals)) {
    if (FINAL.has(referral.status)) continue;
    referrals[referral.status] = (referrals[referral.status] ?? 0) + 1;
  }
  return {
    name,
    referrals,
    openTaskDue: Object.values(summary.tasks)
      .filter((t) => t.status === 'OPEN')
      .map((t) => t.dueDate)
      .sort(),
    openNeeds: Object.values(summary.needs).filter((s) => s === 'OPEN').length,
    lastContactAt: summary.lastContactAt,
  };
}

/** Which of a coordinator's caseload documents holds a client. */
function bucketOf(clientId: string): number {
  let hash = 0;
  for (const char of clientId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % BUCKETS;
}

/** The ids of a coordinator's caseload documents. */
export function caseloadIds(userId: string): string[] {
  return Array.from({ length: BUCKETS }, (_, bucket) => `${userId}:${bucket}`);
}

type CaseloadDoc = { rows: Record<string, CaseloadFacts> };

async function writeCaseloadRow(deps: Deps, userId: string, summary: ClientSummary) {
  const facts = caseloadFacts(
    summary,
    summary.sealedName ? deps.cipher.open(summary.sealedName) : '',
  );
  const json = JSON.stringify(facts);
  await changeJson<CaseloadDoc>(
    deps,
    deps.db.models.Caseload.collection,
    `${userId}:${bucketOf(summary.clientId)}`,
    { userId, organizationId: summary.organizationId },
    () => ({ rows: {} }),
    (doc) => {
      if (JSON.stringify(doc.rows[summary.clientId]) === json) return false;
      doc.rows[summary.clientId] = facts;
      return true;
    },
    deps.cipher,
  );
}

/**
 * Changes a client's summary with `change` (made when missing), then refreshes the client's row
 * on each of its coordinators' caseloads.
 */
export async function changeSummary(
  deps: Deps,
  clientId: string,
  organizationId: string,
  change: (summary: ClientSummary) => void,
): Promise<ClientSummary> {
  const summary = await changeJson<ClientSummary>(
    deps,
    deps.db.models.ClientSummary.collection,
    clientId,
    { organizationId },
    () => emptySummary(clientId, organizationId),
    (current) => {
      change(current);
      return true;
    },
  );
  await Promise.all(summary.coordinators.map((userId) => writeCaseloadRow(deps, userId, summary)));
  return summary;
}

/** Adds a user to the coordinators who keep a client (on their caseload). */
export function addCoordinator(summary: ClientSummary, userId: string): void {
  if (!summary.coordinators.includes(userId)) summary.coordinators.push(userId);
}

/** Records a referral's status on its client's summary (older versions never overwrite newer). */
export async function noteReferralInSummary(
  deps: Deps,
  referral: {
    id: string;
    clientId: string;
    referringOrganizationId: string;
    referringUserId: string;
    status: string;
    version: number;
    updatedAt: Date;
  },
): Promise<void> {
  await changeSummary(deps, referral.clientId, referral.referringOrganizationId, (summary) => {
    const known = summary.referrals[referral.id];
    if (!known || known.version < referral.version) {
      summary.referrals[referral.id] = {
        status: referral.status,
        version: referral.version,
        at: new Date(referral.updatedAt).toISOString(),
      };
    }
    addCoordinator(summary, referral.referringUserId);
  });
}

/**
 * Records a need's status on its client's summary, for the caseload's open-needs count. The seam
 * for the needs module: call it whenever a need is opened or changes status.
 */
export async function noteNeedInSummary(
  deps: Deps,
  need: { id: string; clientId: string; organizationId: string; status: string },
): Promise<void> {
  await changeSummary(deps, need.clientId, need.organizationId, (summary) => {
    summary.needs[need.id] = need.status;
  });
}
