import { isDuplicateKey } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';

/** A decision taken on a claim or a suggestion: what it became, when, and by whom. */
export type Decision<S extends string> = { status: S; at: Date; byUserId: string };

/**
 * Records the one decision on a subject's round (`<kind>:<subjectId>:<round>`) before the subject
 * itself is changed: the insert is the only write FerretDB v1 keeps atomic between concurrent
 * requests, so exactly one of them wins. Returns null when this decision won, or the decision
 * that was taken first.
 */
export async function decideOnce<S extends string>(
  deps: Pick<DomainDeps, 'db'>,
  key: string,
  decision: Decision<S>,
): Promise<Decision<S> | null> {
  const decisions = deps.db.models.ListingDecision.collection;
  try {
    await decisions.insertOne({ _id: key as never, ...decision });
    return null;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const earlier = await decisions.findOne({ _id: key as never });
  return {
    // Written by decideOnce for the same kind of subject, so one of its statuses.
    status: (earlier?.status ?? decision.status) as S,
    at: new Date((earlier?.at as Date | undefined) ?? decision.at),
    byUserId: String(earlier?.byUserId ?? ''),
  };
}

/** Takes back a decision whose change could not be made, so the subject may be decided again. */
export async function undoDecision(deps: Pick<DomainDeps, 'db'>, key: string): Promise<void> {
  await deps.db.models.ListingDecision.collection.deleteOne({ _id: key as never });
}
