import { createApiToken } from '../domain/accounts/api-tokens.ts';
import { changePassword } from '../domain/accounts/change-password.ts';
import {
  createNetworkOrganization,
  createUserAsAdmin,
  removeNetworkAgency,
} from '../domain/accounts/network.ts';
import { revokeSession } from '../domain/accounts/sessions.ts';
import { signIn } from '../domain/accounts/sign-in.ts';
import { getMember, getUser, type User } from '../domain/accounts/users.ts';
import { NotSignedInError } from '../domain/errors.ts';
import { builder } from './builder.ts';

const RoleEnum = builder.enumType('Role', {
  values: {
    COORDINATOR: { value: 'coordinator' },
    AGENCY_STAFF: { value: 'agency_staff' },
    ORG_ADMIN: { value: 'org_admin' },
    NETWORK_ADMIN: { value: 'network_admin' },
  } as const,
});

const MemberKindEnum = builder.enumType('NetworkOrganizationKind', {
  values: {
    COORDINATING: { value: 'coordinating' },
    AGENCY: { value: 'agency' },
  } as const,
});

const MemberRef = builder
  .objectRef<{ id: string; name: string; kinds: string[] }>('NetworkOrganization')
  .implement({
    description: 'An organization on the referral network: coordinating, agency, or both.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      kinds: t.exposeStringList('kinds', { description: 'coordinating and/or agency.' }),
    }),
  });

export const UserRef = builder.objectRef<User>('User').implement({
  description: 'A signed-in person.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role }),
    organization: t.field({
      type: MemberRef,
      resolve: (u, _args, ctx) => getMember(ctx.deps, u.organizationId),
    }),
  }),
});

const SessionRef = builder.objectRef<{ user: User; csrfToken: string }>('SessionInfo').implement({
  description:
    'Who is signed in, and the token to send as x-csrf-token with mutations. The session ' +
    'itself is an HttpOnly cookie; API clients ask createApiToken for a bearer token.',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (s) => s.user }),
    csrfToken: t.exposeString('csrfToken'),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: SessionRef,
    nullable: true,
    description: 'The signed-in user, or null.',
    resolve: async (_root, _args, ctx) => {
      if (!ctx.actor || !ctx.csrfToken) return null;
      const user = await getUser(ctx.deps, ctx.actor.userId);
      return user ? { user, csrfToken: ctx.csrfToken } : null;
    },
  }),
);

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    type: SessionRef,
    description: 'Signs in with email and password; sets the session cookie.',
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { token, session, user } = await signIn(ctx.deps, args.input, ctx.ip);
      ctx.setSessionCookie(token, ctx.deps.settings.sessionTtlHours * 3600);
      return { user, csrfToken: session.csrfToken };
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'Ends the current session.',
    resolve: async (_root, _args, ctx) => {
      if (!ctx.sessionId) throw new NotSignedInError();
      await revokeSession(ctx.deps, ctx.sessionId);
      ctx.setSessionCookie(null, 0);
      return true;
    },
  }),
);

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ required: true }),
    newPassword: t.string({ required: true, description: 'At least 12 characters.' }),
  }),
});

builder.mutationField('changePassword', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: SessionRef,
    description:
      'Changes your password, signs you out everywhere else, and starts a new session here.',
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { token, session, user } = await changePassword(ctx.deps, ctx.actor, args.input);
      ctx.setSessionCookie(token, ctx.deps.settings.sessionTtlHours * 3600);
      return { user, csrfToken: session.csrfToken };
    },
  }),
);

const ApiTokenRef = builder.objectRef<{ token: string; expiresAt: Date }>('ApiToken').implement({
  description: 'A bearer token for an integration (Authorization: Bearer <token>).',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Shown once; store it as a secret.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (a) => a.expiresAt }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    hoursValid: t.float({ description: 'At most, and by default, SESSION_TTL_HOURS.' }),
  }),
});

builder.mutationField('createApiToken', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ApiTokenRef,
    description:
      'Issues a bearer token for API clients, as a session of its own (signOut with it ends ' +
      'it; a password change ends every one). The web app never asks: it uses the cookie.',
    args: { input: t.arg({ type: CreateApiTokenInput }) },
    resolve: (_root, args, ctx) => createApiToken(ctx.deps, ctx.actor, args.input ?? {}),
  }),
);

const CreateNetworkOrganizationInput = builder.inputType('CreateNetworkOrganizationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    kinds: t.field({ type: [MemberKindEnum], required: true }),
    directoryOrganizationId: t.id({
      description: 'For an agency listed in the directory: its HSDS organization id.',
    }),
  }),
});

builder.mutationField('createNetworkOrganization', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: MemberRef,
    description: 'Adds an organization to the referral network (network admins).',
    args: { input: t.arg({ type: CreateNetworkOrganizationInput, required: true }) },
    resolve: (_root, args, ctx) => createNetworkOrganization(ctx.deps, ctx.actor, args.input),
  }),
);

builder.mutationField('removeNetworkAgency', (t) =>
  t.withAuth({ networkAdmin: true }).field({
    type: MemberRef,
    description:
      'Takes an agency off the referral network (network admins): its services stop taking referrals.',
    args: { organizationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      removeNetworkAgency(ctx.deps, ctx.actor, String(args.organizationId)),
  }),
);

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    name: t.string({ required: true }),
    organizationId: t.id({ required: true }),
    role: t.field({ type: RoleEnum, required: true }),
    password: t.string({ required: true, description: 'At least 12 characters.' }),
  }),
});

builder.mutationField('createUser', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: UserRef,
    description:
      'Adds a person: network admins to any organization, organization admins to their own.',
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: (_root, args, ctx) => createUserAsAdmin(ctx.deps, ctx.actor, args.input),
  }),
);
