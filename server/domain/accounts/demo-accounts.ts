import type { DomainDeps } from '../deps.ts';
import { topLevelCode } from '../directory/taxonomy.ts';
import type { Role } from './actor.ts';
import { createUser, findUserByEmail, type MemberKind, saveMember } from './users.ts';

/** The demo sign-in password. Development only: the runtime never calls this in production. */
export const DEMO_PASSWORD = 'wayfinder-demo-2026';

export const DEMO_COORDINATING_ORG_ID = 'demo-denver-health-navigators';
export const DEMO_NETWORK_OFFICE_ID = 'demo-wayfinder-network-office';

export type DemoAccount = { email: string; role: Role; organizationId: string };

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

/**
 * Creates the demo network if it is missing (idempotent): a coordinating organization with a
 * coordinator and an org admin, a food and a housing agency from the demo directory with one staff
 * member each, and a network admin. Reads every service once, so call it at startup only.
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

  const organizations: DemoOrganization[] = [
    { id: DEMO_COORDINATING_ORG_ID, name: 'Denver Health Navigators', kinds: ['coordinating'] },
    { id: DEMO_NETWORK_OFFICE_ID, name: 'Wayfinder Network Office', kinds: [] },
    ...(food ? [food] : []),
    ...(housing ? [housing] : []),
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
  ];

  for (const org of organizations) {
    const existing = await deps.db.models.Member.collection.findOne({ _id: org.id as never });
    if (!existing) await saveMember(deps, org);
  }
  for (const account of accounts) {
    if (await findUserByEmail(deps, account.email)) continue;
    await createUser(deps, { ...account, password: DEMO_PASSWORD });
  }
  return accounts.map(({ email, role, organizationId }) => ({ email, role, organizationId }));
}
