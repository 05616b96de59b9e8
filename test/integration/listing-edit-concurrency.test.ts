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

const UPDATE_SERVICE = /* GraphQL */ `
  mutation Update($input: UpdateServiceInput!) { updateService(input: $input) { id } }
`;
const CAPACITY = /* GraphQL */ `
  mutation Capacity($input: SetServiceCapacityInput!) { setServiceCapacity(input: $input) { id } }
`;
const UPDATE_ORGANIZATION = /* GraphQL */ `
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { id }
  }
`;
const UPDATE_LOCATION = /* GraphQL */ `
  mutation UpdateLocation($input: UpdateLocationInput!) { updateLocation(input: $input) { id } }
`;
const EDITABLE = /* GraphQL */ `
  query Editable($id: ID!) {
    editableService(id: $id) {
      name description phones { number } languages categories requiredDocuments
      costs { option } eligibility { minAge } schedules { opensAt closesAt byday }
      capacity { status count }
    }
  }
`;
const CHANGES = /* GraphQL */ `
  query Changes($id: ID!) {
    listingChanges(serviceId: $id, first: 100) {
      edges { node { fieldName replacementValue resourceType } }
    }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($text: String!) {
    searchServices(input: { text: $text }) {
      edges {
        node {
          id name description languages { code } categories { code } capacity { status count }
          organization { name }
        }
      }
    }
  }
`;

type Outcome = { errors?: ReadonlyArray<{ message: string; extensions?: unknown }> };

// FerretDB v1 lets concurrent conditional writes of one document both match now and then, and a
// plain read-modify-write loses one of two edits whenever they overlap: several rounds.
const ROUNDS = 3;

/** Ten edits of ten different fields of one service, each with a value unique to the round. */
function serviceEdits(serviceId: string, round: number) {
  const edits: Array<{ field: string; mutation: string; input: Record<string, unknown> }> = [
    { field: 'name', mutation: UPDATE_SERVICE, input: { name: `Eastside Pantry ${round}` } },
    {
      field: 'description',
      mutation: UPDATE_SERVICE,
      input: { description: `Groceries every week, round ${round}.` },
    },
    {
      field: 'phones',
      mutation: UPDATE_SERVICE,
      input: { phones: [{ number: `303-555-01${10 + round}` }] },
    },
    {
      field: 'schedules',
      mutation: UPDATE_SERVICE,
      input: {
        schedules: [{ freq: 'WEEKLY', byday: 'MO', opensAt: `0${round}:00`, closesAt: '17:00' }],
      },
    },
    { field: 'eligibility', mutation: UPDATE_SERVICE, input: { eligibility: { minAge: round } } },
    {
      field: 'languages',
      mutation: UPDATE_SERVICE,
      input: { languages: round % 2 === 0 ? ['en', 'es'] : ['en', 'ht'] },
    },
    {
      field: 'cost_options',
      mutation: UPDATE_SERVICE,
      input: { costs: [{ option: `r${round}` }] },
    },
    {
      field: 'required_documents',
      mutation: UPDATE_SERVICE,
      input: { requiredDocuments: [`Photo ID ${round}`] },
    },
    {
      field: 'categories',
      mutation: UPDATE_SERVICE,
      input: { categories: round % 2 === 0 ? ['food', 'housing'] : ['food', 'health'] },
    },
    {
      field: 'capacity',
      mutation: CAPACITY,
      input: { status: 'WAITLIST', count: round + 1, unit: 'boxes' },
    },
  ];
  return edits.map((e) => ({ ...e, input: { serviceId, ...e.input } }));
}

describe('listing edits made at once', () => {
  let server: TestServer;
  const staff: TestActor[] = [];
  const org = buildOrganization({ name: 'Eastside Neighbors' });
  const site = buildLocation({ name: 'Eastside Hall', organization_id: org.id });
  const pantry = buildService(org, { name: 'Eastside Pantry', categories: ['food'] });

  const settle = async () => {
    server.runtime.worker.kick();
    await server.runtime.worker.idle();
  };
  /** Runs these requests at once, each through its own colleague, and expects all to land. */
  const allAtOnce = async (requests: Array<{ mutation: string; input: unknown }>) => {
    const results = await Promise.all(
      requests.map((r, i) =>
        (staff[i % staff.length] as TestActor).gql(r.mutation, { input: r.input }),
      ),
    );
    expect(results.map((r: Outcome) => r.errors ?? null)).toEqual(requests.map(() => null));
  };

  beforeAll(async () => {
    server = await startTestServer();
    await storeBundle(
      server.runtime.deps,
      bundleOf({
        organizations: [org],
        locations: [site],
        services: [pantry],
        serviceAtLocations: [link(pantry, site)],
      }),
    );
    await buildMember(server, { id: org.id, name: org.name, kinds: ['agency'] });
    for (let i = 0; i < 5; i++) {
      staff.push(
        await signedInAs(server, 'agency_staff', {
          organizationId: org.id,
          email: `staff${i}@eastside.example.org`,
        }),
      );
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps every one of ten edits of ten fields of one service, logged once each', async () => {
    const owner = staff[0] as TestActor;
    for (let round = 1; round <= ROUNDS; round++) {
      const edits = serviceEdits(pantry.id, round);
      await allAtOnce(edits);

      const stored = await owner.gql<{ editableService: Record<string, unknown> }>(EDITABLE, {
        id: pantry.id,
      });
      expect(stored.errors).toBeUndefined();
      expect(stored.data?.editableService).toEqual({
        name: `Eastside Pantry ${round}`,
        description: `Groceries every week, round ${round}.`,
        phones: [{ number: `303-555-01${10 + round}` }],
        languages: round % 2 === 0 ? ['en', 'es'] : ['en', 'ht'],
        categories: round % 2 === 0 ? ['food', 'housing'] : ['food', 'health'],
        requiredDocuments: [`Photo ID ${round}`],
        costs: [{ option: `r${round}` }],
        eligibility: { minAge: round },
        schedules: [{ opensAt: `0${round}:00`, closesAt: '17:00', byday: 'MO' }],
        capacity: { status: 'WAITLIST', count: round + 1 },
      });

      // The change history has each field's edit of this round exactly once.
      const changes = await owner.gql<{
        listingChanges: { edges: Array<{ node: { fieldName: string; replacementValue: string } }> };
      }>(CHANGES, { id: pantry.id });
      expect(changes.errors).toBeUndefined();
      const logged = changes.data?.listingChanges.edges.map((e) => e.node) ?? [];
      for (const edit of edits) {
        const ofField = logged.filter((c) => c.fieldName === edit.field);
        expect({ field: edit.field, times: ofField.length }).toEqual({
          field: edit.field,
          times: round,
        });
      }
    }

    // Search shows the final state.
    await settle();
    const res = await server.gql<{ searchServices: { edges: Array<{ node: unknown }> } }>(SEARCH, {
      text: `Eastside Pantry ${ROUNDS}`,
    });
    expect(res.errors).toBeUndefined();
    const even = ROUNDS % 2 === 0;
    expect(res.data?.searchServices.edges[0]?.node).toEqual({
      id: pantry.id,
      name: `Eastside Pantry ${ROUNDS}`,
      description: `Groceries every week, round ${ROUNDS}.`,
      languages: (even ? ['en', 'es'] : ['en', 'ht']).map((code) => ({ code })),
      categories: (even ? ['food', 'housing'] : ['food', 'health']).map((code) => ({ code })),
      capacity: { status: 'WAITLIST', count: ROUNDS + 1 },
      organization: { name: 'Eastside Neighbors' },
    });
  });

  it("keeps every one of several edits of an organization's and a site's fields", async () => {
    const { Organization, Location, ListingChange } = server.runtime.deps.db.models;
    for (let round = 1; round <= ROUNDS; round++) {
      const orgFields = {
        name: `Eastside Neighbors ${round}`,
        description: `Neighbors helping neighbors, round ${round}.`,
        email: `hello${round}@eastside.example.org`,
        website: `https://eastside${round}.example.org`,
        phones: [{ number: `303-555-02${10 + round}` }],
      };
      const siteFields = {
        name: `Eastside Hall ${round}`,
        description: `Side door, round ${round}.`,
        languages: round % 2 === 0 ? ['en', 'es'] : ['en', 'ht'],
        phones: [{ number: `303-555-03${10 + round}` }],
        region: `Denver County ${round}`,
      };
      await allAtOnce([
        ...Object.entries(orgFields).map(([field, value]) => ({
          mutation: UPDATE_ORGANIZATION,
          input: { organizationId: org.id, [field]: value },
        })),
        ...Object.entries(siteFields).map(([field, value]) => ({
          mutation: UPDATE_LOCATION,
          input: { locationId: site.id, [field]: value },
        })),
      ]);

      const storedOrg = await Organization.collection.findOne({ _id: org.id as never });
      expect({
        name: storedOrg?.name,
        description: storedOrg?.description,
        email: storedOrg?.email,
        website: storedOrg?.website,
        phones: storedOrg?.phones.map((p: { number: string }) => ({ number: p.number })),
      }).toEqual(orgFields);
      const storedSite = await Location.collection.findOne({ _id: site.id as never });
      expect({
        name: storedSite?.name,
        description: storedSite?.description,
        languages: storedSite?.languages.map((l: { code: string }) => l.code),
        phones: storedSite?.phones.map((p: { number: string }) => ({ number: p.number })),
        region: storedSite?.addresses[0]?.region,
      }).toEqual(siteFields);

      for (const [resourceId, fields] of [
        [org.id, ['name', 'description', 'email', 'website', 'phones']],
        [site.id, ['name', 'description', 'languages', 'phones', 'addresses']],
      ] as const) {
        const logged = await ListingChange.collection.find({ resourceId }).toArray();
        for (const field of fields) {
          expect({
            resourceId,
            field,
            times: logged.filter((c) => c.fieldName === field).length,
          }).toEqual({ resourceId, field, times: round });
        }
      }
    }
    // Search shows the organization's final name on its service.
    await settle();
    const res = await server.gql<{
      searchServices: { edges: Array<{ node: { organization: { name: string } } }> };
    }>(SEARCH, { text: 'Eastside Pantry' });
    expect(res.data?.searchServices.edges[0]?.node.organization).toEqual({
      name: `Eastside Neighbors ${ROUNDS}`,
    });
  });
});
