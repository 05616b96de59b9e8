import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import type { Actor } from './actor.ts';
import { saveNetworkMember } from './membership.ts';
import { isNetworkAdmin } from './policy.ts';
import { createUser, getMember, type Member, memberKinds, type User } from './users.ts';

const organizationSchema = z.object({
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, { error: 'Name is required.' })
    .max(200, { error: 'Name must be at most 200 characters.' }),
  kinds: z
    .array(z.enum(memberKinds, { error: `Kinds must be among: ${memberKinds.join(', ')}.` }))
    .min(1, { error: 'Choose coordinating, agency, or both.' })
    .transform((kinds) => memberKinds.filter((k) => kinds.includes(k))),
  directoryOrganizationId: z.string().trim().min(1).max(200).nullish(),
});

/**
 * Adds an organization to the referral network (network admins only). An agency that is listed in
 * the directory joins under its HSDS organization id. Throws NotAllowedError, InvalidInputError,
 * ConflictError.
 */
export async function createNetworkOrganization(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  input: unknown,
): Promise<Member> {
  if (!isNetworkAdmin(actor)) {
    throw new NotAllowedError('Only network admins can add organizations to the network.');
  }
  const parsed = parseInput(organizationSchema, input);
  const id = parsed.directoryOrganizationId ?? randomUUID();
  if (parsed.directoryOrganizationId) {
    const listed = await deps.db.models.Organization.collection.findOne({ _id: id as never });
    if (!listed) {
      throw new InvalidInputError([
        {
          path: 'directoryOrganizationId',
          message: 'No organization in the directory has this id.',
        },
      ]);
    }
    const existing = await deps.db.models.Member.collection.findOne({ _id: id as never });
    if (existing) throw new ConflictError('This organization is already on the network.');
  }
  const member = await saveNetworkMember(deps, { id, name: parsed.name, kinds: parsed.kinds });
  await recordAudit(deps, actor, {
    action: 'organization.create',
    subjectType: 'organization',
    subjectId: id,
    detail: { kinds: member.kinds },
  });
  return member;
}

/**
 * Takes an agency off the referral network (network admins only): its services stop taking
 * referrals, and its referrals so far stay with it. Its people keep their accounts. Throws
 * NotAllowedError, NotFoundError, ConflictError.
 */
export async function removeNetworkAgency(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  organizationId: string,
): Promise<Member> {
  if (!isNetworkAdmin(actor)) {
    throw new NotAllowedError('Only network admins can take agencies off the network.');
  }
  let member: Member;
  try {
    member = await getMember(deps, organizationId);
  } catch {
    throw new NotFoundError('network organization', organizationId);
  }
  if (!member.kinds.includes('agency')) {
    throw new ConflictError('This organization is not an agency on the network.');
  }
  const saved = await saveNetworkMember(deps, {
    ...member,
    kinds: member.kinds.filter((k) => k !== 'agency'),
  });
  await recordAudit(deps, actor, {
    action: 'organization.leave',
    subjectType: 'organization',
    subjectId: organizationId,
    detail: { kinds: saved.kinds },
  });
  return saved;
}

const accountSchema = z.object({
  organizationId: z.string().min(1, { error: 'Organization is required.' }).max(200),
  role: z.string(),
});

/**
 * Creates a user as an admin: network admins for any organization, organization admins for their
 * own and never as network admin. Throws NotAllowedError, NotFoundError, InvalidInputError,
 * ConflictError.
 */
export async function createUserAsAdmin(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  input: unknown,
): Promise<User> {
  const target = parseInput(accountSchema, input);
  if (!isNetworkAdmin(actor)) {
    if (actor.role !== 'org_admin') {
      throw new NotAllowedError('Only organization and network admins can add people.');
    }
    if (target.organizationId !== actor.organizationId) {
      throw new NotAllowedError(
        'Organization admins can only add people to their own organization.',
      );
    }
    if (target.role === 'network_admin') {
      throw new NotAllowedError('Only network admins can create network admins.');
    }
  }
  await getMember(deps, target.organizationId);
  const user = await createUser(deps, input);
  await recordAudit(deps, actor, {
    action: 'user.create',
    subjectType: 'user',
    subjectId: user.id,
    detail: { organizationId: user.organizationId, role: user.role },
  });
  return user;
}
