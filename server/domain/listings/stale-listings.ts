import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { isNetworkAdmin } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { type Page, pageOf } from './page.ts';

/** A listed service nobody confirmed within the stale period. */
export type StaleListing = {
  serviceId: string;
  name: string;
  organizationId: string;
  assuredDate: string | null;
  assurerEmail: string | null;
};

const MAX_PAGE = 100;
const inputSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} listings.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} listings.` })
    .nullish(),
  after: z.string().max(200).nullish(),
});

/** Services out of search anyway are not worth chasing. */
const UNLISTED = new Set(['inactive', 'defunct']);

/**
 * Every listed service not confirmed within STALE_AFTER_DAYS, never-confirmed and oldest first.
 * Scans the services (projected), which is fine for an occasional review or an hourly job.
 */
export async function findStaleListings(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
): Promise<StaleListing[]> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.settings.staleAfterDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const stale: StaleListing[] = [];
  const cursor = deps.db.models.Service.collection.find(
    {},
    {
      projection: { name: 1, organization_id: 1, status: 1, assured_date: 1, assurer_email: 1 },
    },
  );
  for await (const doc of cursor) {
    if (UNLISTED.has(String(doc.status))) continue;
    const assuredDate = typeof doc.assured_date === 'string' ? doc.assured_date : null;
    if (assuredDate !== null && assuredDate.slice(0, 10) >= cutoff) continue;
    stale.push({
      serviceId: String(doc._id),
      name: String(doc.name),
      organizationId: String(doc.organization_id),
      assuredDate,
      assurerEmail: typeof doc.assurer_email === 'string' ? doc.assurer_email : null,
    });
  }
  stale.sort(
    (a, b) =>
      (a.assuredDate ?? '').localeCompare(b.assuredDate ?? '') ||
      a.serviceId.localeCompare(b.serviceId),
  );
  return stale;
}

/**
 * Listed services not confirmed within STALE_AFTER_DAYS, never-confirmed and oldest first
 * (network admins), a page at a time. Throws NotAllowedError, InvalidInputError.
 */
export async function listStaleListings(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'settings'>,
  actor: Actor,
  input: unknown,
): Promise<Page<StaleListing>> {
  if (!isNetworkAdmin(actor)) throw new NotAllowedError('Only network admins can list these.');
  const { first, after } = parseInput(inputSchema, input);
  return pageOf(await findStaleListings(deps), first ?? 20, after);
}
