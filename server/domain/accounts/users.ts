import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { type Role, roles } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { forgetUserSessions } from './session-cache.ts';

export const memberKinds = ['coordinating', 'agency'] as const;
export type MemberKind = (typeof memberKinds)[number];

/** An organization on the referral network (an agency's id is its HSDS organization id). */
export type Member = { id: string; name: string; kinds: MemberKind[] };

export type User = {
  id: string;
  email: string;
  name: string;
  organizationId: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
  disabled: boolean;
  /**
   * Raised when the password changes: sessions started under an older generation stop working,
   * which signs the user out everywhere without looking their sessions up.
   */
  sessionGeneration: number;
};

export const passwordSchema = z
  .string()
  .min(12, { error: 'Password must be at least 12 characters.' })
  .max(200, { error: 'Password must be at most 200 characters.' });

const newUserSchema = z.object({
  email: z.email({ error: 'Email must be an address such as name@example.org.' }).max(200),
  name: z.string().trim().min(1, { error: 'Name is required.' }).max(200),
  organizationId: z.string().min(1).max(200),
  role: z.enum(roles, { error: `Role must be one of: ${roles.join(', ')}.` }),
  password: passwordSchema,
});

/** Whether a stored member's kinds make it an agency, one that receives referrals. */
export function isAgencyKinds(kinds: unknown): boolean {
  return Array.isArray(kinds) && kinds.includes('agency');
}

/** Creates or updates a network member organization (idempotent by id). */
export async function saveMember(deps: Pick<DomainDeps, 'db'>, member: Member): Promise<Member> {
  const { id, ...rest } = member;
  await deps.db.models.Member.collection.replaceOne({ _id: id as never }, rest, { upsert: true });
  return member;
}

/** Loads a member organization; throws NotFoundError. */
export async function getMember(deps: Pick<DomainDeps, 'db'>, id: string): Promise<Member> {
  const doc = await deps.db.models.Member.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('organization', id);
  return { id, name: String(doc.name), kinds: (doc.kinds as MemberKind[]) ?? [] };
}

/**
 * Creates a user. The email is claimed first through a document keyed by the address, so two
 * concurrent sign-ups for one address cannot both succeed. `passwordHash`, when given, is the
 * password's hash made already (demo accounts share one). Throws InvalidInputError, ConflictError.
 */
export async function createUser(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  input: unknown,
  options: { passwordHash?: string } = {},
): Promise<User> {
  const parsed = parseInput(newUserSchema, input);
  await getMember(deps, parsed.organizationId);
  const email = parsed.email.toLowerCase();
  const id = randomUUID();
  try {
    await deps.db.models.UserEmail.collection.insertOne({ _id: email as never, userId: id });
  } catch (error) {
    if (isDuplicateKey(error))
      throw new ConflictError('An account with this email already exists.');
    throw error;
  }
  const user: User = {
    id,
    email,
    name: parsed.name,
    organizationId: parsed.organizationId,
    role: parsed.role,
    passwordHash: options.passwordHash ?? (await hashPassword(parsed.password)),
    createdAt: deps.clock.now(),
    disabled: false,
    sessionGeneration: 0,
  };
  const { id: _id, ...rest } = user;
  await deps.db.models.User.collection.insertOne({ _id: id as never, ...rest });
  return user;
}

/** Finds a user by email (case-insensitive); null when none. */
export async function findUserByEmail(
  deps: Pick<DomainDeps, 'db'>,
  email: string,
): Promise<User | null> {
  const link = await deps.db.models.UserEmail.collection.findOne({
    _id: email.trim().toLowerCase() as never,
  });
  if (!link) return null;
  return getUser(deps, String(link.userId));
}

/** Loads a user by id; null when none. */
export async function getUser(deps: Pick<DomainDeps, 'db'>, id: string): Promise<User | null> {
  const doc = await deps.db.models.User.collection.findOne({ _id: id as never });
  if (!doc) return null;
  const { _id, ...rest } = doc;
  const user = rest as Omit<User, 'id'>;
  return { id: String(_id), ...user, sessionGeneration: Number(user.sessionGeneration ?? 0) };
}

/** Replaces a user's stored record whole (single-document write). */
export async function saveUser(deps: Pick<DomainDeps, 'db'>, user: User): Promise<void> {
  const { id, ...rest } = user;
  await deps.db.models.User.collection.replaceOne({ _id: id as never }, rest);
  forgetUserSessions(deps.db, user.id);
}
