import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/domain/clock.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { signedInAs, TEST_PASSWORD, type TestActor } from '../support/actors.ts';
import { signInWithCookie } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_FIELDS = `id organizationId name dateOfBirth phone email preferredLanguage postalCode
  householdSize annualIncome notes version`;
const CREATE = /* GraphQL */ `
  mutation Create($input: CreateClientInput!) { createClient(input: $input) { ${CLIENT_FIELDS} } }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateClientInput!) { updateClient(input: $input) { ${CLIENT_FIELDS} } }
`;
const READ = /* GraphQL */ `query Read($id: ID!) { client(id: $id) { ${CLIENT_FIELDS} } }`;
const FIND = /* GraphQL */ `
  query Find($input: FindClientsInput!) { findClients(input: $input) { id name } }
`;
const SEARCH = /* GraphQL */ `
  query Search($input: SearchServicesInput!) {
    searchServices(input: $input) { edges { node { name } eligibility { status reasons } } }
  }
`;

type ClientData = {
  id: string;
  organizationId: string;
  name: string;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  householdSize: number | null;
  notes: string | null;
  version: number;
};

const maria = {
  name: 'Maria Quintero-Lopez',
  dateOfBirth: '1958-03-14',
  phone: '(303) 555-0142',
  email: 'maria.quintero@example.net',
  preferredLanguage: 'es',
  postalCode: '80205',
  householdSize: 2,
  annualIncome: 18000,
  notes: 'Prefers morning calls; diabetic diet.',
};

// Tuesday 24 November 2026, 10:00 in Denver.
const NOW = '2026-11-24T17:00:00Z';

describe('client records', () => {
  let server: TestServer;
  let coordinator: TestActor;
  let colleague: TestActor;
  let otherOrg: TestActor;
  let staff: TestActor;
  let clientId: string;

  const create = async (actor: TestActor, input: Record<string, unknown>) => {
    const res = await actor.gql<{ createClient: ClientData }>(CREATE, { input });
    expect(res.errors).toBeUndefined();
    const client = res.data?.createClient;
    if (!client) throw new Error('no client');
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: fixedClock(NOW) });
    coordinator = await signedInAs(server, 'coordinator');
    const organizationId = coordinator.user.organizationId;
    colleague = await signedInAs(server, 'org_admin', { organizationId });
    staff = await signedInAs(server, 'agency_staff', { organizationId });
    otherOrg = await signedInAs(server, 'coordinator');
    clientId = (await create(coordinator, maria)).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates and reads a client within the coordinating organization', async () => {
    const read = await colleague.gql<{ client: ClientData }>(READ, { id: clientId });
    expect(read.errors).toBeUndefined();
    expect(read.data?.client).toMatchObject({
      id: clientId,
      organizationId: coordinator.user.organizationId,
      name: maria.name,
      dateOfBirth: maria.dateOfBirth,
      phone: '+13035550142',
      email: maria.email,
      householdSize: 2,
      notes: maria.notes,
      version: 1,
    });
  });

  it('refuses other organizations, agency staff and anonymous readers', async () => {
    // Another organization's real client reads exactly like a made-up id.
    const other = await otherOrg.gql<{ client: unknown }>(READ, { id: clientId });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0]?.message).toBe(`No client has the id "${clientId}".`);
    expect(other.data?.client ?? null).toBeNull();
    const madeUp = await otherOrg.gql<{ client: unknown }>(READ, { id: `${clientId}x` });
    expect(madeUp.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const agency = await staff.gql<{ client: unknown }>(READ, { id: clientId });
    expect(agency.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(agency.data?.client ?? null).toBeNull();

    const anonymous = await server.gql<{ client: unknown }>(READ, { id: clientId });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    expect(anonymous.errors?.[0]?.message).toBe('Please sign in to continue.');

    const admin = await signedInAs(server, 'network_admin');
    const byAdmin = await admin.gql<{ client: unknown }>(READ, { id: clientId });
    expect(byAdmin.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');

    const missing = await coordinator.gql(READ, { id: 'no-such-client' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.message).toBe('No client has the id "no-such-client".');

    const staffCreates = await staff.gql(CREATE, { input: maria });
    expect(staffCreates.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
  });

  it('reads cookie-authenticated, as the web app does', async () => {
    const browser = await signInWithCookie(server, coordinator.user.email, TEST_PASSWORD);
    const read = await browser.gql<{ client: ClientData }>(READ, { id: clientId });
    expect(read.data?.client.name).toBe(maria.name);
    const noToken = await browser.gql(CREATE, { input: maria }, { csrf: false });
    expect(noToken.errors?.[0]?.extensions?.code).toBe('CSRF_TOKEN_MISSING');
  });

  it('stores no client plaintext: not in the record, the look-ups or the audit log', async () => {
    const connection = server.runtime.deps.db.connection;
    const stored = JSON.stringify([
      await connection.collection('clients').find().toArray(),
      await connection.collection('client_lookup').find().toArray(),
      await connection.collection('audit_events').find().toArray(),
    ]);
    expect(stored).toContain(clientId);
    for (const secret of [
      'Maria',
      'Quintero',
      '1958-03-14',
      '1958',
      '555-0142',
      '3035550142',
      'maria.quintero',
      'example.net',
      'diabetic',
      '80205',
      '18000',
    ]) {
      expect(stored).not.toContain(secret);
    }
  });

  it('finds clients by phone and by name with date of birth, only within the organization', async () => {
    const byPhone = await coordinator.gql<{ findClients: Array<{ id: string }> }>(FIND, {
      input: { phone: '303.555.0142' },
    });
    expect(byPhone.data?.findClients.map((c) => c.id)).toEqual([clientId]);
    const byName = await colleague.gql<{ findClients: Array<{ id: string }> }>(FIND, {
      input: { name: '  maria   QUINTERO-lopez ', dateOfBirth: '1958-03-14' },
    });
    expect(byName.data?.findClients.map((c) => c.id)).toEqual([clientId]);
    const wrongDob = await coordinator.gql<{ findClients: unknown[] }>(FIND, {
      input: { name: maria.name, dateOfBirth: '1958-03-15' },
    });
    expect(wrongDob.data?.findClients).toEqual([]);

    const elsewhere = await otherOrg.gql<{ findClients: unknown[] }>(FIND, {
      input: { phone: maria.phone },
    });
    expect(elsewhere.data?.findClients).toEqual([]);
    const elsewhereByName = await otherOrg.gql<{ findClients: unknown[] }>(FIND, {
      input: { name: maria.name, dateOfBirth: maria.dateOfBirth },
    });
    expect(elsewhereByName.data?.findClients).toEqual([]);

    const agency = await staff.gql(FIND, { input: { phone: maria.phone } });
    expect(agency.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');

    const halfName = await coordinator.gql(FIND, { input: { name: maria.name } });
    expect(halfName.errors?.[0]?.message).toBe(
      'dateOfBirth: Searching by name needs both the name and the date of birth.',
    );
  });

  it('updates with the expected version, re-keys the look-ups and refuses a stale version', async () => {
    const client = await create(coordinator, {
      name: 'Tomas Redbird',
      dateOfBirth: '1990-07-01',
      phone: '720-555-0199',
    });
    const updated = await coordinator.gql<{ updateClient: ClientData }>(UPDATE, {
      input: { id: client.id, expectedVersion: 1, phone: '720-555-0111', notes: null },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateClient).toMatchObject({
      version: 2,
      phone: '+17205550111',
      name: 'Tomas Redbird',
    });

    const stale = await coordinator.gql(UPDATE, {
      input: { id: client.id, expectedVersion: 1, householdSize: 3 },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toBe(
      'This client record was changed by someone else (now version 2). Reload it and try again.',
    );

    const oldPhone = await coordinator.gql<{ findClients: unknown[] }>(FIND, {
      input: { phone: '720-555-0199' },
    });
    expect(oldPhone.data?.findClients).toEqual([]);
    const newPhone = await coordinator.gql<{ findClients: Array<{ id: string }> }>(FIND, {
      input: { phone: '720-555-0111' },
    });
    expect(newPhone.data?.findClients.map((c) => c.id)).toEqual([client.id]);

    const clearName = await coordinator.gql(UPDATE, {
      input: { id: client.id, expectedVersion: 2, name: null },
    });
    expect(clearName.errors?.[0]?.message).toBe('name: Name is required.');

    const byOther = await otherOrg.gql(UPDATE, {
      input: { id: client.id, expectedVersion: 2, householdSize: 3 },
    });
    expect(byOther.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad input with field-named messages and writes nothing', async () => {
    const clients = server.runtime.deps.db.connection.collection('clients');
    const before = await clients.countDocuments();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'not-an-email' }, 'email: Email must be an address such as name@example.org.'],
      [{ notes: 'x'.repeat(5001) }, 'notes: Notes must be at most 5,000 characters.'],
      [{ householdSize: 0 }, 'householdSize: Household size must be between 1 and 20.'],
      [{ dateOfBirth: '2027-01-01' }, 'dateOfBirth: Date of birth cannot be in the future.'],
      [
        { dateOfBirth: '1980-02-30' },
        'dateOfBirth: Date of birth must be a date such as 1980-04-23.',
      ],
      [{ phone: '555-01' }, 'phone: Phone must be a 10-digit US number such as 303-555-0100.'],
      [{ name: '   ' }, 'name: Name is required.'],
      [
        { preferredLanguage: 'klingon' },
        'preferredLanguage: Preferred language must be an ISO 639 code such as en or es.',
      ],
      [{ postalCode: '00000' }, 'postalCode: Postal code 00000 is not a known US ZIP code.'],
    ];
    for (const [override, message] of cases) {
      const res = await coordinator.gql(CREATE, { input: { ...maria, ...override } });
      expect(res.errors?.[0]?.extensions?.code, message).toBe('INVALID_INPUT');
      expect(res.errors?.[0]?.message).toBe(message);
    }
    const two = await coordinator.gql(CREATE, {
      input: { ...maria, email: 'nope', householdSize: 0 },
    });
    expect(two.errors?.[0]?.extensions?.issues).toEqual([
      { path: 'email', message: 'Email must be an address such as name@example.org.' },
      { path: 'householdSize', message: 'Household size must be between 1 and 20.' },
    ]);
    expect(await clients.countDocuments()).toBe(before);
  });

  it('searches with a saved client’s profile, for its own organization only', async () => {
    const org = buildOrganization({ name: 'Senior Services' });
    const place = buildLocation({ organization_id: org.id, latitude: 39.75, longitude: -104.97 });
    const meals = buildService(org, {
      name: 'Senior Meals',
      eligibility: { min_age: 60 },
    });
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [place],
        services: [meals],
        serviceAtLocations: [link(meals, place)],
      }),
    );
    server.runtime.worker.kick();
    await server.runtime.worker.idle();

    type Search = {
      searchServices: { edges: Array<{ node: { name: string }; eligibility: { status: string } }> };
    };
    const res = await coordinator.gql<Search>(SEARCH, { input: { text: 'meals', clientId } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.searchServices.edges[0]).toMatchObject({
      node: { name: 'Senior Meals' },
      eligibility: { status: 'ELIGIBLE' },
    });
    const anonymous = await server.gql(SEARCH, { input: { text: 'meals', clientId } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    const other = await otherOrg.gql(SEARCH, { input: { text: 'meals', clientId } });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const both = await coordinator.gql(SEARCH, {
      input: { text: 'meals', clientId, client: { age: 30 } },
    });
    expect(both.errors?.[0]?.message).toBe('clientId: Give either client or clientId, not both.');
    // The search stays public without a client.
    const open = await server.gql<Search>(SEARCH, { input: { text: 'meals' } });
    expect(open.data?.searchServices.edges[0]?.node.name).toBe('Senior Meals');
  });
});
