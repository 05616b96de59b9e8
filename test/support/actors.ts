import { randomUUID } from 'node:crypto';
import type { Role } from '../../server/domain/accounts/actor.ts';
import { createSession } from '../../server/domain/accounts/sessions.ts';
import {
  createUser,
  type MemberKind,
  saveMember,
  type User,
} from '../../server/domain/accounts/users.ts';
import type { GraphQLResponse, TestServer } from './test-server.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export type TestActor = {
  user: User;
  token: string;
  /** POSTs a GraphQL operation as this user (bearer token). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
};

/** Makes a network member organization (coordinating, agency or both). */
export async function buildMember(
  server: TestServer,
  overrides: { id?: string; name?: string; kinds?: MemberKind[] } = {},
) {
  return saveMember(server.runtime.deps, {
    id: overrides.id ?? randomUUID(),
    name: overrides.name ?? 'Test Organization',
    kinds: overrides.kinds ?? ['coordinating'],
  });
}

/** Creates a user with a role in an organization (made if not given) and signs them in. */
export async function signedInAs(
  server: TestServer,
  role: Role,
  options: {
    organizationId?: string;
    kinds?: MemberKind[];
    email?: string;
    /** How long the session lasts (1 hour unless given), for tests that move the clock. */
    ttlHours?: number;
  } = {},
): Promise<TestActor> {
  const deps = server.runtime.deps;
  const organizationId =
    options.organizationId ??
    (
      await buildMember(server, {
        kinds: options.kinds ?? (role === 'agency_staff' ? ['agency'] : ['coordinating']),
      })
    ).id;
  const user = await createUser(deps, {
    email: options.email ?? `${role}-${randomUUID().slice(0, 8)}@example.org`,
    name: `Test ${role}`,
    organizationId,
    role,
    password: TEST_PASSWORD,
  });
  const { token } = await createSession(deps, user, { ttlHours: options.ttlHours ?? 1, ip: null });
  return {
    user,
    token,
    gql: async (query, variables) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
  };
}
