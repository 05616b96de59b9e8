import type { Document } from 'mongodb';
import { isDuplicateKey } from '../accounts/users.ts';
import type { DomainDeps } from '../deps.ts';
import type { Outcome, ReasonCode, ReferralStatus, Urgency } from './state-machine.ts';

/**
 * The version chain. A referral's truth is its immutable version documents
 * (`<referralId>:<version>`); the head document in `referrals` is a cache of the newest one plus
 * the history. FerretDB v1 has no transactions and scans for any filter but `_id` equality, so a
 * change is decided by one insert of the next version (a duplicate `_id` means someone else got
 * there first) and then the head is replaced whole. A crash between the two leaves a version the
 * head does not show yet; every read rolls the head forward over such versions and repairs it.
 */

export type ReferralReason = { code: ReasonCode; text: string | null };

/** One entry of a referral's history: who did what, when, and why. */
export type ReferralEvent = {
  version: number;
  kind: 'CREATED' | 'TRANSITION' | 'RECEIVED';
  at: Date;
  actorUserId: string;
  actorOrganizationId: string;
  from: ReferralStatus | null;
  to: ReferralStatus;
  reason: ReferralReason | null;
  outcome: Outcome | null;
  note: string | null;
};

/** A referral's state at one version (everything but the history). */
export type ReferralState = {
  id: string;
  version: number;
  status: ReferralStatus;
  /** While ON_HOLD: the status it resumes to. */
  heldFrom: ReferralStatus | null;
  clientId: string;
  consentId: string;
  referringUserId: string;
  referringOrganizationId: string;
  serviceId: string;
  serviceAtLocationId: string | null;
  receivingOrganizationId: string;
  needs: string[];
  urgency: Urgency;
  note: string | null;
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  receivedAt: Date | null;
  respondedAt: Date | null;
  closedAt: Date | null;
  reason: ReferralReason | null;
  outcome: Outcome | null;
};

export type Referral = ReferralState & { history: ReferralEvent[] };

type Deps = Pick<DomainDeps, 'db'>;

export function versionId(referralId: string, version: number): string {
  return `${referralId}:${version}`;
}

function stateFromDoc(doc: Document): ReferralState {
  const { _id, history: _history, ...rest } = doc;
  return { ...(rest as Omit<ReferralState, 'id'>), id: String(_id) };
}

function storedState(state: ReferralState): Document {
  const { id: _id, ...rest } = state;
  return rest;
}

async function readVersion(
  deps: Deps,
  referralId: string,
  version: number,
): Promise<{ state: ReferralState; event: ReferralEvent } | null> {
  const doc = await deps.db.models.ReferralVersion.collection.findOne({
    _id: versionId(referralId, version) as never,
  });
  if (!doc) return null;
  return {
    state: { ...(doc.state as Omit<ReferralState, 'id'>), id: referralId },
    event: doc.event as ReferralEvent,
  };
}

/** SQLite (under FerretDB) answers "database is locked" when writers collide; nothing was written. */
function isBusy(error: unknown): boolean {
  return error instanceof Error && /SQLITE_BUSY|database is locked/.test(error.message);
}

/** Runs a write again (with a short, growing pause) while the database reports itself busy. */
export async function whileBusy<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
    }
  }
}

// The head is a cache of the version chain: once the version is in, failing to write the head
// must not fail the change. The next read rolls forward and writes it.
// Two writers may both find no head and both try to insert it (an upsert is a find, then an
// insert): the loser's duplicate-key error means the head now exists, so it replaces it instead.
export async function writeHead(deps: Deps, referral: Referral): Promise<void> {
  const { history, ...state } = referral;
  const replace = () =>
    whileBusy(() =>
      deps.db.models.Referral.collection.replaceOne(
        { _id: referral.id as never },
        { ...storedState(state), history },
        { upsert: true },
      ),
    );
  try {
    try {
      await replace();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await replace();
    }
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}

/**
 * Loads a referral: the head, rolled forward over any version it does not show yet (and
 * repaired when it was behind). Null when there is no such referral.
 */
export async function loadReferral(deps: Deps, id: string): Promise<Referral | null> {
  const head = await deps.db.models.Referral.collection.findOne({ _id: id as never });
  if (head) return rollForward(deps, head);
  // No head: a create that stopped after its first version (or none at all).
  const first = await readVersion(deps, id, 1);
  if (!first) return null;
  return forward(deps, { ...first.state, history: [first.event] }, true);
}

/** Rolls a head document (from a read or a list scan) forward, like loadReferral. */
export async function rollForward(deps: Deps, head: Document): Promise<Referral> {
  const history = Array.isArray(head.history) ? (head.history as ReferralEvent[]) : [];
  return forward(deps, { ...stateFromDoc(head), history }, false);
}

async function forward(deps: Deps, start: Referral, behind: boolean): Promise<Referral> {
  let referral = start;
  let repaired = behind;
  for (;;) {
    const next = await readVersion(deps, referral.id, referral.version + 1);
    if (!next) break;
    referral = { ...next.state, history: [...referral.history, next.event] };
    repaired = true;
  }
  if (repaired) await writeHead(deps, referral);
  return referral;
}

/**
 * Appends the next version: inserts its immutable document (the write that decides a race), then
 * replaces the head. Returns the new referral, or null when that version already exists (someone
 * else changed the referral first).
 */
export async function appendVersion(
  deps: Deps,
  current: Referral | null,
  state: ReferralState,
  event: ReferralEvent,
): Promise<Referral | null> {
  try {
    await whileBusy(() =>
      deps.db.models.ReferralVersion.collection.insertOne({
        _id: versionId(state.id, state.version) as never,
        referralId: state.id,
        version: state.version,
        event,
        state: storedState(state),
      }),
    );
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
  const referral: Referral = { ...state, history: [...(current?.history ?? []), event] };
  await writeHead(deps, referral);
  return referral;
}

/** Every referral head matching a filter on stored fields (a scan on FerretDB). */
export async function findReferralHeads(deps: Deps, filter: Document): Promise<Document[]> {
  return deps.db.models.Referral.collection.find(filter).toArray();
}
