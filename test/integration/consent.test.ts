import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/accounts/actor.ts';
import {
  assertConsentAllows,
  consentMessages,
  getConsent,
  isConsentActive,
  recordConsent,
  revokeConsent,
  sharedClientFields,
} from '../../server/domain/clients/consent.ts';
import { fixedClock } from '../../server/domain/clock.ts';
import { ConsentMissingError, NotAllowedError } from '../../server/domain/errors.ts';
import { buildMember, signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateClientInput!) { createClient(input: $input) { id } }
`;
const RECORD = /* GraphQL */ `
  mutation Record($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id clientId organizationId agencyOrganizationId method givenBy fields expiresAt revokedAt active
    }
  }
`;
const REVOKE = /* GraphQL */ `
  mutation Revoke($id: ID!) { revokeConsent(id: $id) { id revokedAt revokedByUserId active } }
`;
const CONSENTS = /* GraphQL */ `
  query Consents($id: ID!) { client(id: $id) { consents { id active fields } } }
`;

const NOW = new Date('2026-11-24T17:00:00Z');

function actorOf(test: TestActor): Actor {
  return {
    userId: test.user.id,
    organizationId: test.user.organizationId,
    role: test.user.role,
    sessionId: 'test',
    ip: null,
  };
}

type ConsentData = {
  id: string;
  fields: string[];
  active: boolean;
  revokedAt: string | null;
  expiresAt: string | null;
};

describe('consent', () => {
  let server: TestServer;
  let coordinator: TestActor;
  let otherCoordinator: TestActor;
  let foodStaff: TestActor;
  let housingStaff: TestActor;
  let clientId: string;
  let otherClientId: string;
  let foodAgency: string;
  let housingAgency: string;

  const record = async (input: Record<string, unknown>) => {
    const res = await coordinator.gql<{ recordConsent: ConsentData }>(RECORD, {
      input: {
        clientId,
        agencyOrganizationId: foodAgency,
        method: 'VERBAL',
        givenBy: 'client',
        fields: ['NAME', 'PHONE'],
        ...input,
      },
    });
    expect(res.errors).toBeUndefined();
    const consent = res.data?.recordConsent;
    if (!consent) throw new Error('no consent');
    return consent;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: fixedClock(NOW) });
    coordinator = await signedInAs(server, 'coordinator');
    otherCoordinator = await signedInAs(server, 'coordinator');
    foodAgency = (await buildMember(server, { name: 'Food Agency', kinds: ['agency'] })).id;
    housingAgency = (await buildMember(server, { name: 'Housing Agency', kinds: ['agency'] })).id;
    foodStaff = await signedInAs(server, 'agency_staff', { organizationId: foodAgency });
    housingStaff = await signedInAs(server, 'agency_staff', { organizationId: housingAgency });
    const made = await coordinator.gql<{ createClient: { id: string } }>(CREATE, {
      input: {
        name: 'Ana Ortiz',
        dateOfBirth: '1971-09-02',
        phone: '303-555-0177',
        email: 'ana@example.net',
        householdSize: 4,
        notes: 'Needs evening appointments.',
      },
    });
    clientId = made.data?.createClient.id ?? '';
    const other = await coordinator.gql<{ createClient: { id: string } }>(CREATE, {
      input: { name: 'Ben Ortiz', dateOfBirth: '1970-01-01' },
    });
    otherClientId = other.data?.createClient.id ?? '';
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records consent for one agency and lists it on the client', async () => {
    const consent = await record({ fields: ['PHONE', 'NAME'], method: 'WRITTEN' });
    expect(consent).toMatchObject({
      clientId,
      organizationId: coordinator.user.organizationId,
      agencyOrganizationId: foodAgency,
      method: 'WRITTEN',
      givenBy: 'client',
      fields: ['NAME', 'PHONE'],
      expiresAt: null,
      revokedAt: null,
      active: true,
    });
    const listed = await coordinator.gql<{ client: { consents: Array<{ id: string }> } }>(
      CONSENTS,
      { id: clientId },
    );
    expect(listed.data?.client.consents.map((c) => c.id)).toContain(consent.id);
    const stored = await getConsent(server.runtime.deps, consent.id);
    expect(stored?.recordedByUserId).toBe(coordinator.user.id);
  });

  it('validates consent input and who may record it', async () => {
    const base = {
      clientId,
      agencyOrganizationId: foodAgency,
      method: 'VERBAL',
      givenBy: 'client',
      fields: ['NAME'],
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fields: [] }, 'fields: Choose at least one field the client agrees to share.'],
      [
        { givenBy: 'Ana’s sister Carla' },
        'givenBy: Given by must be one of: client, parent, legal_guardian, caregiver, authorized_representative, power_of_attorney (a role, not a name).',
      ],
      [
        { agencyOrganizationId: 'no-such-org' },
        'agencyOrganizationId: No organization has this id.',
      ],
      [{ expiresAt: '2026-11-01T00:00:00Z' }, 'expiresAt: Expiry must be in the future.'],
    ];
    for (const [override, message] of cases) {
      const res = await coordinator.gql(RECORD, { input: { ...base, ...override } });
      expect(res.errors?.[0]?.extensions?.code, message).toBe('INVALID_INPUT');
      expect(res.errors?.[0]?.message).toBe(message);
    }
    const notAnAgency = await coordinator.gql(RECORD, {
      input: { ...base, agencyOrganizationId: coordinator.user.organizationId },
    });
    expect(notAnAgency.errors?.[0]?.extensions?.code).toBe('NOT_ON_NETWORK');
    expect(notAnAgency.errors?.[0]?.message).toBe(
      'Test Organization is not on the referral network, so it cannot receive referrals here. ' +
        'Call them at the number on the listing, or add the service to the client’s resource list and send it by text or email.',
    );
    const byOtherOrg = await otherCoordinator.gql(RECORD, { input: base });
    expect(byOtherOrg.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    expect(byOtherOrg.errors?.[0]?.message).toBe(
      'Only the client’s coordinating organization can manage consent.',
    );
    const byStaff = await foodStaff.gql(RECORD, { input: base });
    expect(byStaff.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
    const anonymous = await server.gql(RECORD, { input: base });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
  });

  it('assertConsentAllows names the reason: none, other client, other agency, expired, revoked', async () => {
    const deps = server.runtime.deps;
    const expiring = await record({ expiresAt: '2026-12-01T00:00:00Z' });
    const check = (args: Partial<Parameters<typeof assertConsentAllows>[1]>) =>
      assertConsentAllows(deps, {
        consentId: expiring.id,
        clientId,
        agencyOrganizationId: foodAgency,
        now: NOW,
        ...args,
      });
    await expect(check({})).resolves.toMatchObject({ id: expiring.id });
    await expect(check({ consentId: 'missing' })).rejects.toThrow(
      new ConsentMissingError(consentMessages.none),
    );
    await expect(check({ consentId: '' })).rejects.toThrow(consentMessages.none);
    await expect(check({ clientId: otherClientId })).rejects.toThrow(consentMessages.otherClient);
    await expect(check({ agencyOrganizationId: housingAgency })).rejects.toThrow(
      'This consent does not cover this agency. Record the client’s consent to share with it.',
    );
    await expect(check({ now: new Date('2026-12-02T00:00:00Z') })).rejects.toThrow(
      'This consent expired on 1 December 2026. Record the client’s consent again.',
    );
    const error = await check({ now: new Date('2026-12-02T00:00:00Z') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsentMissingError);
    expect((error as ConsentMissingError).code).toBe('CONSENT_MISSING');

    const revoked = await coordinator.gql<{ revokeConsent: ConsentData }>(REVOKE, {
      id: expiring.id,
    });
    expect(revoked.data?.revokeConsent).toMatchObject({
      active: false,
      revokedAt: NOW.toISOString(),
    });
    await expect(check({})).rejects.toThrow(
      'This consent was revoked on 24 November 2026. Record the client’s consent again.',
    );
    const again = await coordinator.gql(REVOKE, { id: expiring.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toBe(
      'This consent was already revoked on 24 November 2026.',
    );
    const byStaff = await foodStaff.gql(REVOKE, { id: expiring.id });
    expect(byStaff.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
  });

  it('isConsentActive follows expiry and revocation', async () => {
    const consent = await recordConsent(server.runtime.deps, actorOf(coordinator), {
      clientId,
      agencyOrganizationId: foodAgency,
      method: 'ELECTRONIC',
      givenBy: 'legal_guardian',
      fields: ['name'],
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(isConsentActive(consent, NOW)).toBe(true);
    expect(isConsentActive(consent, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    const revoked = await revokeConsent(server.runtime.deps, actorOf(coordinator), consent.id);
    expect(isConsentActive(revoked, NOW)).toBe(false);
    expect(revoked.revokedByUserId).toBe(coordinator.user.id);
  });

  it('shares only consented fields with the agency, and nothing after revocation', async () => {
    const deps = server.runtime.deps;
    const consent = await record({ fields: ['NAME', 'HOUSEHOLD_SIZE'] });
    const shared = await sharedClientFields(deps, actorOf(foodStaff), {
      clientId,
      consentId: consent.id,
    });
    expect(shared).toEqual({ id: clientId, name: 'Ana Ortiz', householdSize: 4 });

    await expect(
      sharedClientFields(deps, actorOf(housingStaff), { clientId, consentId: consent.id }),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      sharedClientFields(deps, actorOf(otherCoordinator), { clientId, consentId: consent.id }),
    ).rejects.toThrow(NotAllowedError);

    await revokeConsent(deps, actorOf(coordinator), consent.id);
    expect(
      await sharedClientFields(deps, actorOf(foodStaff), { clientId, consentId: consent.id }),
    ).toBeNull();

    const reads = await deps.db.connection
      .collection('audit_events')
      .find({ action: 'client.read.shared', subjectId: clientId })
      .toArray();
    expect(reads.length).toBe(1);
    expect(reads[0]?.actorUserId).toBe(foodStaff.user.id);
    expect(JSON.stringify(reads)).not.toContain('Ana');
  });

  it('hides details once a consent expires', async () => {
    const consent = await record({ fields: ['PHONE'], expiresAt: '2026-11-25T00:00:00Z' });
    const deps = server.runtime.deps;
    expect(
      await sharedClientFields(deps, actorOf(foodStaff), { clientId, consentId: consent.id }),
    ).toEqual({ id: clientId, phone: '+13035550177' });
    const later = { ...deps, clock: fixedClock('2026-11-26T00:00:00Z') };
    expect(
      await sharedClientFields(later, actorOf(foodStaff), { clientId, consentId: consent.id }),
    ).toBeNull();
  });
});
