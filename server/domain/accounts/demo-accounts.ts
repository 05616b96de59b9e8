import type { DomainDeps } from '../deps.ts';
import { withIndexing } from '../directory/store.ts';
import { topLevelCode } from '../directory/taxonomy.ts';
import type { Role } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { createUser, findUserByEmail, type MemberKind, saveMember } from './users.ts';

/** The demo sign-in password. Development only: the runtime never calls this in production. */
export const DEMO_PASSWORD = 'wayfinder-demo-2026';

export const DEMO_COORDINATING_ORG_ID = 'demo-denver-health-navigators';
export const DEMO_NETWORK_OFFICE_ID = 'demo-wayfinder-network-office';

export type DemoAccount = { email: string; role: Role; organizationId: string };

/** Every this-many-th directory organization (by id) joins the demo network as an agency. */
const AGENCY_EVERY = 3;

/** "Thornton Safe Haven" → "thornton-safe-haven": the local part of its staff account's email. */
export function demoAgencyEmail(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'agency';
  let email = `${slug}@demo.wayfinder.test`;
  for (let n = 2; taken.has(email); n++) email = `${slug}-${n}@demo.wayfinder.test`;
  return email;
}

type DemoOrganization = { id: string; name: string; kinds: MemberKind[] };

// The first service (by id, so the choice is stable) in the category whose organization is not
// already taken: its organization joins the network as an agency under its HSDS id.
async function agencyFor(
  deps: Pick<DomainDeps, 'db'>,
  services: Array<{ id: string; organizationId: string; categories: string[] }>,
  category: string,
  taken: string[],
): Promise<DemoOrganization | null> {
  const service = services.find(
    (s) =>
      !taken.includes(s.organizationId) &&
      s.categories.some((c) => (topLevelCode(c) ?? c) === category),
  );
  if (!service) return null;
  const org = await deps.db.models.Organization.collection.findOne({
    _id: service.organizationId as never,
  });
  if (!org) return null;
  return { id: service.organizationId, name: String(org.name), kinds: ['agency'] };
}

/** Every AGENCY_EVERY-th organization with services, by id, each with a staff account named for it. */
async function networkAgencies(
  deps: Pick<DomainDeps, 'db'>,
  organizationIds: readonly string[],
): Promise<Array<DemoOrganization & { email: string }>> {
  const names = new Map<string, string>();
  for await (const org of deps.db.models.Organization.collection.find(
    {},
    { projection: { name: 1 } },
  )) {
    names.set(String(org._id), String(org.name));
  }
  const emails = new Set<string>();
  const chosen: Array<DemoOrganization & { email: string }> = [];
  for (const [i, id] of organizationIds.entries()) {
    const name = names.get(id);
    if (i % AGENCY_EVERY !== 0 || name === undefined) continue;
    const email = demoAgencyEmail(name, emails);
    emails.add(email);
    chosen.push({ id, name, kinds: ['agency'], email });
  }
  return chosen;
}

/**
 * Creates the demo network if it is missing (idempotent): a coordinating organization with a
 * coordinator and an org admin, a network admin, and agencies from the demo directory with one
 * staff member each: the first food and the first housing organization, and every third
 * organization by id (`<organization-name>@demo.wayfinder.test`). Their services are re-indexed
 * as taking referrals. Reads every service once, so call it at startup only.
 */
export async function ensureDemoAccounts(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
): Promise<DemoAccount[]> {
  const docs = await deps.db.models.Service.collection
    .find({}, { projection: { organization_id: 1, categories: 1 } })
    .toArray();
  const services = docs
    .map((d) => ({
      id: String(d._id),
      organizationId: String(d.organization_id),
      categories: Array.isArray(d.categories) ? d.categories.map(String) : [],
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const food = await agencyFor(deps, services, 'food', []);
  const housing = await agencyFor(deps, services, 'housing', food ? [food.id] : []);
  const organizationIds = [...new Set(services.map((s) => s.organizationId))].sort();
  const more = (await networkAgencies(deps, organizationIds)).filter(
    (a) => a.id !== food?.id && a.id !== housing?.id,
  );

  const organizations: DemoOrganization[] = [
    { id: DEMO_COORDINATING_ORG_ID, name: 'Denver Health Navigators', kinds: ['coordinating'] },
    { id: DEMO_NETWORK_OFFICE_ID, name: 'Wayfinder Network Office', kinds: [] },
    ...(food ? [food] : []),
    ...(housing ? [housing] : []),
    ...more.map(({ id, name, kinds }) => ({ id, name, kinds })),
  ];
  const accounts: Array<DemoAccount & { name: string }> = [
    {
      email: 'coordinator@demo.wayfinder.test',
      name: 'Casey Coordinator',
      role: 'coordinator',
      organizationId: DEMO_COORDINATING_ORG_ID,
    },
    {
      email: 'org-admin@demo.wayfinder.test',
      name: 'Morgan Admin',
      role: 'org_admin',
      organizationId: DEMO_COORDINATING_ORG_ID,
    },
    {
      email: 'network-admin@demo.wayfinder.test',
      name: 'Riley Network',
      role: 'network_admin',
      organizationId: DEMO_NETWORK_OFFICE_ID,
    },
    ...(food
      ? [
          {
            email: 'food-agency@demo.wayfinder.test',
            name: 'Avery Pantry',
            role: 'agency_staff' as const,
            organizationId: food.id,
          },
        ]
      : []),
    ...(housing
      ? [
          {
            email: 'housing-agency@demo.wayfinder.test',
            name: 'Jordan Housing',
            role: 'agency_staff' as const,
            organizationId: housing.id,
          },
        ]
      : []),
    ...more.map((agency) => ({
      email: agency.email,
      name: `${agency.name} Intake`,
      role: 'agency_staff' as const,
      organizationId: agency.id,
    })),
  ];

  const missing: DemoOrganization[] = [];
  for (const org of organizations) {
    const existing = await deps.db.models.Member.collection.findOne({ _id: org.id as never });
    if (!existing) missing.push(org);
  }
  // Joining as agencies changes their services' search documents: one announcement for all.
  const joining = new Set(missing.filter((o) => o.kinds.includes('agency')).map((o) => o.id));
  await withIndexing(
    deps,
    services.filter((s) => joining.has(s.organizationId)).map((s) => s.id),
    async () => {
      for (const org of missing) await saveMember(deps, org);
    },
  );
  // One hash for every demo account: hundreds of scrypt runs would slow the first start by
  // seconds, and these development-only accounts share one published password anyway.
  let passwordHash: string | null = null;
  for (const account of accounts) {
    if (await findUserByEmail(deps, account.email)) continue;
    passwordHash ??= await hashPassword(DEMO_PASSWORD);
    await createUser(deps, { ...account, password: DEMO_PASSWORD }, { passwordHash });
  }
  return accounts.map(({ email, role, organizationId }) => ({ email, role, organizationId }));
}
