import { isDuplicateKey } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import { findReferralHeads } from '../referrals/store.ts';
import { addCoordinator, changeSummary, noteReferralInSummary } from './summary.ts';

const MARKER = 'client-summaries-backfill#1';

/**
 * Gives clients and referrals saved before client summaries existed their summary and caseload
 * rows (each client on its creator's caseload, each referral on its referring coordinator's),
 * once per database: the first process to insert the marker does it. Safe to repeat: every
 * write is a set of the same facts. Returns how many clients and referrals it recorded, or null
 * when another process has done it.
 */
export async function backfillClientSummaries(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher' | 'logger'>,
): Promise<{ clients: number; referrals: number } | null> {
  try {
    await deps.db.models.Claim.collection.insertOne({
      _id: MARKER as never,
      owner: 'backfill',
      at: deps.clock.now(),
    });
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
  const summaries = deps.db.models.ClientSummary.collection;
  let clients = 0;
  for (const doc of await deps.db.models.Client.collection.find({}).toArray()) {
    const id = String(doc._id);
    if (await summaries.findOne({ _id: id as never }, { projection: { _id: 1 } })) continue;
    const { name } = JSON.parse(deps.cipher.open(String(doc.sealed))) as { name: string };
    await changeSummary(deps, id, String(doc.organizationId), (summary) => {
      summary.sealedName = deps.cipher.seal(name);
      addCoordinator(summary, String(doc.createdByUserId));
    });
    clients += 1;
  }
  let referrals = 0;
  for (const head of await findReferralHeads(deps, {})) {
    await noteReferralInSummary(deps, {
      id: String(head._id),
      clientId: String(head.clientId),
      referringOrganizationId: String(head.referringOrganizationId),
      referringUserId: String(head.referringUserId),
      status: String(head.status),
      version: Number(head.version),
      updatedAt: new Date(head.updatedAt as Date),
    });
    referrals += 1;
  }
  if (clients + referrals > 0) {
    deps.logger.info({ clients, referrals }, 'client summaries backfilled');
  }
  return { clients, referrals };
}
