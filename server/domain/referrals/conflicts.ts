import { getMember } from '../accounts/users.ts';
import type { DomainDeps } from '../deps.ts';
import { describeTime } from '../describe-date.ts';
import { describeMove, describeStatus } from './state-machine.ts';
import type { Referral } from './store.ts';

async function organizationName(deps: Pick<DomainDeps, 'db'>, id: string): Promise<string> {
  try {
    return (await getMember(deps, id)).name;
  } catch {
    const org = await deps.db.models.Organization.collection.findOne({ _id: id as never });
    return org ? String(org.name) : 'another organization';
  }
}

/**
 * The sentence a loser of a race reads: what the referral is now, who made it so and when
 * ("This referral was already accepted by Eastside Food Pantry on 3 May at 14:02 UTC.").
 */
export async function conflictMessage(
  deps: Pick<DomainDeps, 'db'>,
  referral: Referral,
): Promise<string> {
  const last = [...referral.history].reverse().find((e) => e.kind !== 'RECEIVED');
  if (!last || last.kind === 'CREATED') {
    return `This referral is ${describeStatus(referral.status)} and has changed since you loaded it. Reload it and try again.`;
  }
  const who = await organizationName(deps, last.actorOrganizationId);
  const what =
    last.from === 'ON_HOLD' ? `resumed (${describeStatus(last.to)})` : describeMove(last.to);
  return `This referral was already ${what} by ${who} on ${describeTime(last.at)}.`;
}

/** True when every event after `version` only records that the agency opened the referral. */
export function onlyReceivedSince(referral: Referral, version: number): boolean {
  return referral.history.filter((e) => e.version > version).every((e) => e.kind === 'RECEIVED');
}
