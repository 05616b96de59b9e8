import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBundle } from '../../server/domain/directory/store.ts';
import {
  buildLocation,
  buildOrganization,
  buildService,
  bundleOf,
  link,
} from '../factories/directory.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const LIST_FIELDS = /* GraphQL */ `
  id title note language clientId version pdfUrl
  items { id serviceId note service { id name } }
  sends { channel }
`;
const CREATE = /* GraphQL */ `
  mutation Create($input: CreateResourceListInput!) {
    createResourceList(input: $input) { ${LIST_FIELDS} }
  }
`;
const ADD = /* GraphQL */ `
  mutation Add($input: AddResourceListItemInput!) {
    addResourceListItem(input: $input) { ${LIST_FIELDS} }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateResourceListInput!) {
    updateResourceList(input: $input) { ${LIST_FIELDS} }
  }
`;
const GET = /* GraphQL */ `
  query Get($id: ID!) { resourceList(id: $id) { ${LIST_FIELDS} } }
`;
const LISTS = /* GraphQL */ `
  query Lists { resourceLists(first: 10) { totalCount edges { node { id items { serviceId } } } } }
`;
const SEND = /* GraphQL */ `
  mutation Send($input: SendResourceListInput!) {
    sendResourceList(input: $input) { messageId list { version sends { channel } } }
  }
`;
const CREATE_CLIENT = /* GraphQL */ `
  mutation Client($input: CreateClientInput!) { createClient(input: $input) { id } }
`;

type ListData = {
  id: string;
  title: string | null;
  note: string | null;
  language: 'EN' | 'ES';
  clientId: string | null;
  version: number;
  pdfUrl: string;
  items: Array<{ id: string; serviceId: string; note: string | null; service: { name: string } }>;
  sends: Array<{ channel: string }>;
};

const org = buildOrganization({ name: 'Mile High Mutual Aid' });
const site = buildLocation();
const pantry = buildService(org, { name: 'Westside Pantry' });
const shelter = buildService(org, { name: 'Harbor Night Shelter', categories: ['housing'] });

describe('resource lists', () => {
  let server: TestServer;
  let base: string;
  let coordinator: TestActor;
  let colleague: TestActor;
  let otherOrg: TestActor;
  let agency: TestActor;

  const create = async (actor: TestActor, input: Record<string, unknown>) => {
    const res = await actor.gql<{ createResourceList: ListData }>(CREATE, { input });
    expect(res.errors).toBeUndefined();
    const list = res.data?.createResourceList;
    if (!list) throw new Error('no list');
    return list;
  };
  const pdf = (path: string, token?: string) =>
    fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  beforeAll(async () => {
    server = await startTestServer();
    base = server.url.replace(/\/graphql$/, '');
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [site],
        services: [pantry, shelter],
        serviceAtLocations: [link(pantry, site), link(shelter, site)],
      }),
    );
    const navigators = await buildMember(server, { name: 'Denver Navigators' });
    coordinator = await signedInAs(server, 'coordinator', { organizationId: navigators.id });
    colleague = await signedInAs(server, 'org_admin', { organizationId: navigators.id });
    otherOrg = await signedInAs(server, 'coordinator');
    agency = await signedInAs(server, 'agency_staff');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a list, adds services with notes, and shares it within the organization', async () => {
    const list = await create(coordinator, { title: 'Housing plan', note: 'Call Monday.' });
    expect(list).toMatchObject({ title: 'Housing plan', language: 'EN', version: 1, items: [] });
    expect(list.pdfUrl).toBe(`/lists/${list.id}.pdf`);

    const first = await coordinator.gql<{ addResourceListItem: ListData }>(ADD, {
      input: { listId: list.id, serviceId: pantry.id, note: 'Bring ID.' },
    });
    expect(first.errors).toBeUndefined();
    const second = await coordinator.gql<{ addResourceListItem: ListData }>(ADD, {
      input: { listId: list.id, serviceId: shelter.id },
    });
    expect(second.data?.addResourceListItem.items).toEqual([
      expect.objectContaining({
        serviceId: pantry.id,
        note: 'Bring ID.',
        service: { id: pantry.id, name: 'Westside Pantry' },
      }),
      expect.objectContaining({ serviceId: shelter.id, note: null }),
    ]);
    expect(second.data?.addResourceListItem.version).toBe(3);
    // Adding the same service again changes nothing.
    const again = await coordinator.gql<{ addResourceListItem: ListData }>(ADD, {
      input: { listId: list.id, serviceId: shelter.id },
    });
    expect(again.data?.addResourceListItem.version).toBe(3);

    const read = await colleague.gql<{ resourceList: ListData }>(GET, { id: list.id });
    expect(read.data?.resourceList.items.map((i) => i.serviceId)).toEqual([pantry.id, shelter.id]);
    const all = await colleague.gql<{ resourceLists: { totalCount: number } }>(LISTS);
    expect(all.data?.resourceLists.totalCount).toBe(1);
  });

  it('keeps titles, notes and the linked client sealed in the stored document', async () => {
    const client = await coordinator.gql<{ createClient: { id: string } }>(CREATE_CLIENT, {
      input: { name: 'Ana Sealed', dateOfBirth: '1980-01-02', email: 'ana@example.org' },
    });
    const clientId = client.data?.createClient.id ?? '';
    const list = await create(coordinator, {
      title: 'For Ana Sealed',
      note: 'Ana prefers mornings',
      clientId,
      language: 'ES',
      items: [{ serviceId: pantry.id, note: 'Ask for Ana Sealed’s box' }],
    });
    expect(list.clientId).toBe(clientId);
    const stored = await server.runtime.deps.db.models.ResourceList.collection.findOne({
      _id: list.id as never,
    });
    const text = JSON.stringify(stored);
    expect(text).not.toContain('Ana');
    expect(text).not.toContain(clientId);
    expect(text).toContain(pantry.id);
  });

  it('updates with the expected version and reports a stale one as a conflict', async () => {
    const list = await create(coordinator, { items: [{ serviceId: pantry.id }] });
    const res = await coordinator.gql<{ updateResourceList: ListData }>(UPDATE, {
      input: {
        id: list.id,
        expectedVersion: 1,
        note: 'Updated note',
        items: [
          { serviceId: shelter.id, note: 'First' },
          { id: list.items[0]?.id, serviceId: pantry.id, note: 'Second' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const updated = res.data?.updateResourceList;
    expect(updated?.items.map((i) => [i.serviceId, i.note])).toEqual([
      [shelter.id, 'First'],
      [pantry.id, 'Second'],
    ]);
    expect(updated?.items[1]?.id).toBe(list.items[0]?.id);
    const stale = await coordinator.gql(UPDATE, {
      input: { id: list.id, expectedVersion: 1, note: 'Too late' },
    });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toBe(
      'This list was changed by someone else since you opened it (now version 2). Reload it and make your change again.',
    );
  });

  // FerretDB v1 lets concurrent conditional writes of one document both match now and then, so
  // each race is run for several rounds.
  it('saves one of several edits made at once from the same version', async () => {
    for (let round = 0; round < 8; round++) {
      const list = await create(coordinator, { items: [{ serviceId: pantry.id }] });
      const notes = ['First', 'Second', 'Third', 'Fourth'];
      const results = await Promise.all(
        notes.map((note, i) =>
          (i % 2 === 0 ? coordinator : colleague).gql<{ updateResourceList: ListData }>(UPDATE, {
            input: { id: list.id, expectedVersion: 1, note },
          }),
        ),
      );
      const won = results.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      for (const lost of results.filter((r) => r.errors)) {
        expect(lost.errors?.[0]?.extensions?.code).toBe('CONFLICT');
        expect(lost.errors?.[0]?.message).toMatch(/^This list was changed by someone else /);
      }
      const stored = await coordinator.gql<{ resourceList: ListData }>(GET, { id: list.id });
      expect(stored.data?.resourceList).toMatchObject({
        version: 2,
        note: won[0]?.data?.updateResourceList.note,
      });
    }
  });

  it('keeps every service added to a list at once', async () => {
    for (let round = 0; round < 8; round++) {
      const list = await create(coordinator, {});
      const results = await Promise.all(
        [pantry, shelter].map((service, i) =>
          (i === 0 ? coordinator : colleague).gql(ADD, {
            input: { listId: list.id, serviceId: service.id },
          }),
        ),
      );
      expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
      const stored = await coordinator.gql<{ resourceList: ListData }>(GET, { id: list.id });
      expect(stored.data?.resourceList.items.map((i) => i.serviceId).sort()).toEqual(
        [pantry.id, shelter.id].sort(),
      );
      expect(stored.data?.resourceList.version).toBe(3);
    }
  });

  it('hides a list from other organizations and refuses agency staff', async () => {
    const list = await create(coordinator, { items: [{ serviceId: pantry.id }] });
    const read = await otherOrg.gql(GET, { id: list.id });
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(read.errors?.[0]?.message).toBe(`No resource list has the id "${list.id}".`);
    const add = await otherOrg.gql(ADD, { input: { listId: list.id, serviceId: shelter.id } });
    expect(add.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const send = await otherOrg.gql(SEND, {
      input: { id: list.id, channel: 'EMAIL', to: 'x@example.org' },
    });
    expect(send.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const others = await otherOrg.gql<{ resourceLists: { totalCount: number } }>(LISTS);
    expect(others.data?.resourceLists.totalCount).toBe(0);
    const byAgency = await agency.gql(GET, { id: list.id });
    expect(byAgency.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
  });

  it.each([
    [{ items: [{ serviceId: 'no-such-service' }] }, 'items.0.serviceId', 'No service has this id.'],
    [{ note: 'x'.repeat(2001) }, 'note', 'A note must be at most 2,000 characters.'],
    [{ clientId: 'someone-else' }, 'clientId', 'No client of your organization has this id.'],
  ])('rejects %j with a field-level issue', async (input, path, message) => {
    const res = await coordinator.gql(CREATE, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.extensions?.issues).toEqual([{ path, message }]);
  });

  it('rejects a duplicate service and a bad address to send to', async () => {
    const dup = await coordinator.gql(CREATE, {
      input: { items: [{ serviceId: pantry.id }, { serviceId: pantry.id }] },
    });
    expect(dup.errors?.[0]?.extensions?.issues).toEqual([
      { path: 'items.1.serviceId', message: 'This service is already on the list.' },
    ]);
    const empty = await create(coordinator, {});
    const none = await coordinator.gql(SEND, {
      input: { id: empty.id, channel: 'EMAIL', to: 'a@example.org' },
    });
    expect(none.errors?.[0]?.message).toBe('id: Add at least one service before sending the list.');
    const list = await create(coordinator, { items: [{ serviceId: pantry.id }] });
    const badEmail = await coordinator.gql(SEND, {
      input: { id: list.id, channel: 'EMAIL', to: 'nope' },
    });
    expect(badEmail.errors?.[0]?.extensions?.issues).toEqual([
      { path: 'to', message: 'Enter an email address such as name@example.org.' },
    ]);
    const noClient = await coordinator.gql(SEND, { input: { id: list.id, channel: 'SMS' } });
    expect(noClient.errors?.[0]?.extensions?.issues).toEqual([
      {
        path: 'to',
        message: 'Enter a mobile number: this list is not linked to a saved client with a phone.',
      },
    ]);
  });

  it('queues the list in the outbox, in the list’s language, and records the send', async () => {
    const client = await coordinator.gql<{ createClient: { id: string } }>(CREATE_CLIENT, {
      input: { name: 'Luis Texto', dateOfBirth: '1975-03-04', phone: '303-555-0199' },
    });
    const list = await create(coordinator, {
      language: 'ES',
      note: 'Empiece por la despensa.',
      clientId: client.data?.createClient.id,
      items: [{ serviceId: pantry.id, note: 'Traiga identificación.' }, { serviceId: shelter.id }],
    });
    const res = await coordinator.gql<{
      sendResourceList: { messageId: string; list: { sends: Array<{ channel: string }> } };
    }>(SEND, { input: { id: list.id, channel: 'SMS' } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.sendResourceList.list.sends).toEqual([{ channel: 'SMS' }]);
    const messageId = res.data?.sendResourceList.messageId ?? '';
    const deps = server.runtime.deps;
    const queued =
      (await deps.db.models.Notification.collection.findOne({ _id: messageId as never })) ??
      (await deps.db.models.NotificationLog.collection.findOne({ _id: messageId as never }));
    expect(queued).toMatchObject({
      channel: 'sms',
      to: '+13035550199',
      template: 'resource-list.sent',
    });
    expect(String(queued?.text)).toBe(
      'Recursos de Denver Navigators:\n1. Westside Pantry\n2. Harbor Night Shelter',
    );

    const email = await coordinator.gql<{ sendResourceList: { messageId: string } }>(SEND, {
      input: { id: list.id, channel: 'EMAIL', to: 'Luis@Example.org' },
    });
    const emailId = email.data?.sendResourceList.messageId ?? '';
    const mail =
      (await deps.db.models.Notification.collection.findOne({ _id: emailId as never })) ??
      (await deps.db.models.NotificationLog.collection.findOne({ _id: emailId as never }));
    expect(mail).toMatchObject({
      to: 'luis@example.org',
      subject: 'Su lista de recursos de Denver Navigators',
    });
    expect(String(mail?.text)).toContain('Nota: Traiga identificación.');
    expect(String(mail?.text)).not.toContain('Luis Texto');
    // Plain text only: notes typed by a coordinator never reach a mail client as markup.
    expect(mail?.html ?? null).toBeNull();

    const audit = await deps.db.models.AuditEvent.collection
      .find({ subjectId: list.id, action: 'list.send' })
      .toArray();
    expect(audit.map((a) => a.detail)).toEqual([
      { channel: 'sms', items: 2, toLinkedClient: true },
      { channel: 'email', items: 2, toLinkedClient: false },
    ]);
  });

  it('limits sends per recipient per day and per person per hour', async () => {
    const list = await create(coordinator, { items: [{ serviceId: pantry.id }] });
    const sendTo = (actor: TestActor, to: string) =>
      actor.gql(SEND, { input: { id: list.id, channel: 'EMAIL', to } });
    for (let i = 0; i < 3; i++) {
      expect((await sendTo(coordinator, 'flooded@example.org')).errors).toBeUndefined();
    }
    const fourth = await sendTo(coordinator, 'Flooded@Example.org');
    expect(fourth.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(fourth.errors?.[0]?.message).toBe(
      'This address has been sent 3 lists today, the most allowed. Try again tomorrow, or ' +
        'print the list.',
    );
    // One person cannot spray many addresses either: 20 an hour, counted across lists.
    const sprayer = await signedInAs(server, 'coordinator', {
      organizationId: coordinator.user.organizationId,
    });
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await sendTo(sprayer, `person${i}@example.org`));
    expect(results.slice(0, 20).every((r) => r.errors === undefined)).toBe(true);
    expect(results[20]?.errors?.[0]?.message).toBe(
      'You have sent 20 lists this hour, the most allowed. Try again later.',
    );
  });

  it('serves the PDF to its organization only', async () => {
    const list = await create(coordinator, {
      note: 'Start here.',
      items: [{ serviceId: pantry.id, note: 'Bring ID.' }],
    });
    const ok = await pdf(list.pdfUrl, colleague.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await ok.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const other = await pdf(list.pdfUrl, otherOrg.token);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({
      error: { code: 'NOT_FOUND', message: `No resource list has the id "${list.id}".` },
    });
    const anonymous = await pdf(list.pdfUrl);
    expect(anonymous.status).toBe(401);
    const byAgency = await pdf(list.pdfUrl, agency.token);
    expect(byAgency.status).toBe(403);

    // The browser's session cookie works too.
    const cookie = await fetch(`${base}${list.pdfUrl}?lang=es`, {
      headers: { cookie: `wf_session=${encodeURIComponent(coordinator.token)}` },
    });
    expect(cookie.status).toBe(200);
    expect(
      Buffer.from(await cookie.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
  });
});
