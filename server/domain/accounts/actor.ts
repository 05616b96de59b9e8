/** The roles a user can hold, one per user. */
export const roles = ['coordinator', 'agency_staff', 'org_admin', 'network_admin'] as const;
export type Role = (typeof roles)[number];

/** Who is asking: a signed-in user, their organization and role. */
export type Actor = {
  userId: string;
  organizationId: string;
  role: Role;
  sessionId: string;
  /** Where the request came from, for the audit log. */
  ip: string | null;
};
