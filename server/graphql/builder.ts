import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Role } from '../domain/accounts/actor.ts';
import { hasRole, isMemberOf } from '../domain/accounts/policy.ts';
import {
  InvalidInputError,
  NotAllowedError,
  NotSignedInError,
  UserError,
} from '../domain/errors.ts';
import type { GraphQLContext, SignedInContext } from './context.ts';

/** The one SchemaBuilder: its generics and plugins, nothing else. Scope-auth goes first. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
  AuthScopes: {
    signedIn: boolean;
    coordinator: boolean;
    agencyStaff: boolean;
    networkAdmin: boolean;
    memberOf: string;
  };
  AuthContexts: {
    signedIn: SignedInContext;
    coordinator: SignedInContext;
    agencyStaff: SignedInContext;
    networkAdmin: SignedInContext;
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => {
      const actor = context.actor;
      const roleIs = (...roles: Role[]) => (actor ? hasRole(actor, ...roles) : false);
      return {
        signedIn: actor !== null,
        coordinator: roleIs('coordinator', 'org_admin'),
        agencyStaff: roleIs('agency_staff', 'org_admin'),
        networkAdmin: roleIs('network_admin'),
        memberOf: (organizationId) => (actor ? isMemberOf(actor, organizationId) : false),
      };
    },
    unauthorizedError: (_parent, context) =>
      context.actor ? new NotAllowedError() : new NotSignedInError(),
  },
  errors: {
    defaultTypes: [UserError, InvalidInputError],
  },
});

builder.queryType({ description: 'Read the directory and, once signed in, referrals.' });
builder.mutationType({
  description: 'Change things; every mutation but signIn needs a signed-in user.',
});
