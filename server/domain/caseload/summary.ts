import type { Document } from 'mongodb';
import type { DomainDeps } from '../deps.ts';
import { whileBusy } from '../referrals/store.ts';

/**
 * One summary document per client (`client_summaries`, `_id` the client id): the index of what
 * hangs off the client (referrals, goals, tasks, notes, needs) and the figures a caseload shows.
 * FerretDB v1 has no $lookup and scans for any filter but `_id`, so a client page reads this one
 * document instead of scanning referrals and tasks, and a caseload scans summaries only.
 *
 * Every change sets dotted paths of its own (`referrals.<id>`, `tasks.<id>` …), so two changes
 * about different things never write the same field. FerretDB applies an update as a
 * read-modify-write, so a concurrent change may still be lost: each writer reads the document
 * back and writes again until its own value is there (as client look-ups do).
 */

export type SummaryReferral = { status: string; version: number; at: Date };
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
  goals: Record<string, Date>;
  notes: Record<string, Date>;
  /** Needs by id and status (`open` …), written by the needs module. */
  needs: Record<string, string>;
  lastContactAt: Date | null;
};

type Deps = Pick<DomainDeps, 'db'>;

function record<T>(value: unknown): Record<string, T> {
  return value && typeof value === 'object' ? (value as Record<string, T>) : {};
}

/** A stored summary as a ClientSummary. */
export function summaryFromDoc(doc: Document): ClientSummary {
  return {
    clientId: String(doc._id),
    organizationId: String(doc.organizationId ?? ''),
    sealedName: typeof doc.sealedName === 'string' ? doc.sealedName : null,
    coordinators: Object.keys(record<boolean>(doc.coordinators)),
    referrals: record<SummaryReferral>(doc.referrals),
    tasks: record<SummaryTask>(doc.tasks),
    goals: record<Date>(doc.goals),
    notes: record<Date>(doc.notes),
    needs: record<string>(doc.needs),
    lastContactAt: doc.lastContactAt ? new Date(doc.lastContactAt as Date) : null,
  };
}

/** The client's summary, or an empty one when nothing was recorded about the client yet. */
export async function readSummary(
  deps: Deps,
  clientId: string,
  organizationId: string,
): Promise<ClientSummary> {
  const doc = await deps.db.models.ClientSummary.collection.findOne({ _id: clientId as never });
  return doc ? summaryFromDoc(doc) : summaryFromDoc({ _id: clientId, organizationId });
}

function get(doc: Document | null, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return new Date(a as Date).getTime() === new Date(b as Date).getTime();
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets dotted paths on a client's summary (made when missing), then reads it back and sets again
 * while a concurrent writer's read-modify-write lost any of them (at most a few rounds).
 * `keep(current)` may drop a path whose stored value is newer than ours (a referral version).
 */
export async function setSummary(
  deps: Deps,
  clientId: string,
  organizationId: string,
  set: Record<string, unknown>,
  keep: (path: string, stored: unknown) => boolean = () => true,
): Promise<void> {
  const collection = deps.db.models.ClientSummary.collection;
  let pending = { ...set };
  for (let attempt = 0; attempt < 5 && Object.keys(pending).length > 0; attempt++) {
    await whileBusy(() =>
      collection.updateOne(
        { _id: clientId as never },
        { $set: { organizationId, ...pending } },
        { upsert: true },
      ),
    );
    const doc = await collection.findOne({ _id: clientId as never });
    const lost: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(pending)) {
      const stored = get(doc, path);
      if (!same(stored, value) && keep(path, stored)) lost[path] = value;
    }
    pending = lost;
  }
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
  const path = `referrals.${referral.id}`;
  const value: SummaryReferral = {
    status: referral.status,
    version: referral.version,
    at: referral.updatedAt,
  };
  await setSummary(
    deps,
    referral.clientId,
    referral.referringOrganizationId,
    { [path]: value, [`coordinators.${referral.referringUserId}`]: true },
    (p, stored) =>
      p !== path ||
      Number((stored as SummaryReferral | undefined)?.version ?? 0) < referral.version,
  );
}

/**
 * Records a need's status on its client's summary, for the caseload's open-needs count. The seam
 * for the needs module: call it whenever a need is opened or changes status.
 */
export async function noteNeedInSummary(
  deps: Deps,
  need: { id: string; clientId: string; organizationId: string; status: string },
): Promise<void> {
  await setSummary(deps, need.clientId, need.organizationId, { [`needs.${need.id}`]: need.status });
}
