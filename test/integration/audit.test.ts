import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateClientInput!) { createClient(input: $input) { id version } }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateClientInput!) { updateClient(input: $input) { version } }
`;
const READ = /* GraphQL */ `query Read($id: ID!) { client(id: $id) { id name } }`;
const FIND = /* GraphQL */ `
  query Find($input: FindClientsInput!) { findClients(input: $input) { id } }
`;
const AUDIT = /* GraphQL */ `
  query Audit($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id at action subjectType subjectId actorUserId actorOrganizationId actorRole ip
          detail { key value }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

type AuditNode = {
  action: string;
  subjectType: string;
  subjectId: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorRole: string | null;
  detail: Array<{ key: string; value: string }>;
};
type AuditData = {
  auditEvents: {
    edges: Array<{ cursor: string; node: AuditNode }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('audit log', () => {
  let server: TestServer;
  let coordinator: TestActor;
  let admin: TestActor;
  let clientId: string;

  const events = async (filter: Record<string, unknown>, first = 50) => {
    const res = await admin.gql<AuditData>(AUDIT, { filter, first });
    expect(res.errors).toBeUndefined();
    return res.data?.auditEvents.edges.map((e) => e.node) ?? [];
  };

  beforeAll(async () => {
    server = await startTestServer();
    coordinator = await signedInAs(server, 'coordinator');
    admin = await signedInAs(server, 'network_admin');
    const made = await coordinator.gql<{ createClient: { id: string } }>(CREATE, {
      input: { name: 'Lena Whitehorse', dateOfBirth: '1984-06-30', phone: '303-555-0123' },
    });
    clientId = made.data?.createClient.id ?? '';
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records one event per client read, with who and from where', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await coordinator.gql(READ, { id: clientId });
      expect(res.errors).toBeUndefined();
    }
    const reads = await events({ subjectId: clientId, action: 'client.read' });
    expect(reads).toHaveLength(3);
    for (const event of reads) {
      expect(event).toMatchObject({
        subjectType: 'client',
        subjectId: clientId,
        actorUserId: coordinator.user.id,
        actorOrganizationId: coordinator.user.organizationId,
        actorRole: 'coordinator',
      });
    }
    const raw = await server.runtime.deps.db.connection
      .collection('audit_events')
      .find({ action: 'client.read' })
      .toArray();
    expect(raw.every((e) => typeof e.ip === 'string' && e.ip.length > 0)).toBe(true);
  });

  it('records changes, searches and refused reads, never with client data', async () => {
    await coordinator.gql(UPDATE, {
      input: { id: clientId, expectedVersion: 1, householdSize: 2 },
    });
    await coordinator.gql(FIND, { input: { phone: '303-555-0123' } });
    const outsider = await signedInAs(server, 'coordinator');
    const refused = await outsider.gql(READ, { id: clientId });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const forClient = await events({ subjectId: clientId });
    const actions = forClient.map((e) => e.action);
    expect(actions).toContain('client.create');
    expect(actions).toContain('client.update');
    expect(actions).toContain('client.read.denied');
    expect(forClient.find((e) => e.action === 'client.update')?.detail).toEqual([
      { key: 'fields', value: 'householdSize' },
      { key: 'version', value: '2' },
    ]);
    const searches = await events({ action: 'client.search', actorUserId: coordinator.user.id });
    expect(searches[0]?.detail).toEqual([
      { key: 'by', value: 'phone' },
      { key: 'results', value: '1' },
    ]);
    const all = JSON.stringify(
      await server.runtime.deps.db.connection.collection('audit_events').find().toArray(),
    );
    for (const secret of ['Lena', 'Whitehorse', '1984-06-30', '555-0123', '3035550123']) {
      expect(all).not.toContain(secret);
    }
  });

  it('lists newest first in pages', async () => {
    const first = await admin.gql<AuditData>(AUDIT, { filter: { subjectId: clientId }, first: 2 });
    const page = first.data?.auditEvents;
    expect(page?.edges).toHaveLength(2);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const second = await admin.gql<AuditData>(AUDIT, {
      filter: { subjectId: clientId },
      first: 100,
      after: page?.pageInfo.endCursor,
    });
    const all = [...(page?.edges ?? []), ...(second.data?.auditEvents.edges ?? [])].map(
      (e) => e.node,
    );
    expect(all.length).toBe((await events({ subjectId: clientId }, 100)).length);
    const times = all.map((e) => Date.parse((e as AuditNode & { at: string }).at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(all.map((e) => (e as AuditNode & { id: string }).id)).size).toBe(all.length);
    expect(all.at(-1)?.action).toBe('client.create');

    const bad = await admin.gql(AUDIT, { first: 0 });
    expect(bad.errors?.[0]?.message).toBe('first: Ask for between 1 and 100 events.');
  });

  it('is readable by network admins only', async () => {
    const byCoordinator = await coordinator.gql(AUDIT, {});
    expect(byCoordinator.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(byCoordinator.data?.auditEvents ?? null).toBeNull();
    const orgAdmin = await signedInAs(server, 'org_admin', {
      organizationId: coordinator.user.organizationId,
    });
    expect((await orgAdmin.gql(AUDIT, {})).errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const staff = await signedInAs(server, 'agency_staff');
    expect((await staff.gql(AUDIT, {})).errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const anonymous = await server.gql(AUDIT, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
  });
});
