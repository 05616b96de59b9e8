import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveUser } from '../../server/domain/accounts/users.ts';
import { publishReferralChange } from '../../server/domain/notifications/live.ts';
import { loadReferral } from '../../server/domain/referrals/store.ts';
import { signedInAs, type TestActor } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  createReferralTo,
  newKey,
  type ReferralData,
  TRANSITION,
} from './referral-fixture.ts';

const SUBSCRIBE = /* GraphQL */ `
  subscription { referralEvents { kind referral { id status receivingOrganization { id } } } }
`;

type Payload = {
  data?: {
    referralEvents: {
      kind: string;
      referral: { id: string; status: string; receivingOrganization: { id: string } };
    };
  } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

/** Opens a GraphQL subscription as server-sent events and collects every `data:` payload. */
async function openStream(server: TestServer, token: string | null) {
  const abort = new AbortController();
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: SUBSCRIBE }),
    signal: abort.signal,
  });
  const events: Payload[] = [];
  let ended = false;
  const reading = (async () => {
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (data) events.push(JSON.parse(data) as Payload);
          end = buffered.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    } finally {
      ended = true;
    }
  })();
  // The server starts listening when the stream is first read; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended: () => ended,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

async function until(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('referralEvents over server-sent events', () => {
  let server: TestServer;
  let agencyA: Agency;
  let agencyB: Agency;
  let coordinator: TestActor;
  let outsider: TestActor;
  let admin: TestActor;

  beforeAll(async () => {
    server = await startTestServer();
    agencyA = await buildAgency(server, { name: 'Agency A', serviceName: 'Food A' });
    agencyB = await buildAgency(server, { name: 'Agency B', serviceName: 'Food B' });
    ({ coordinator } = await buildCoordinating(server));
    ({ coordinator: outsider } = await buildCoordinating(server, 'Other Coordinating Org'));
    admin = await signedInAs(server, 'network_admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  function sendTo(agency: Agency): Promise<ReferralData> {
    return createReferralTo(server, coordinator, agency);
  }

  it("delivers a change to the referral's two organizations and to nobody else", async () => {
    const streamA = await openStream(server, agencyA.staff.token);
    const streamB = await openStream(server, agencyB.staff.token);
    const streamCoordinator = await openStream(server, coordinator.token);
    const streamOutsider = await openStream(server, outsider.token);
    const streamAdmin = await openStream(server, admin.token);
    try {
      expect(streamA.status).toBe(200);
      expect(streamA.contentType).toContain('text/event-stream');

      const referral = await sendTo(agencyA);
      await until(() => streamA.events.length >= 1 && streamCoordinator.events.length >= 1);
      expect(streamA.events[0]?.data?.referralEvents).toEqual({
        kind: 'SENT',
        referral: {
          id: referral.id,
          status: 'SENT',
          receivingOrganization: { id: agencyA.organization.id },
        },
      });

      const moved = await agencyA.staff.gql<{ transitionReferral: ReferralData }>(TRANSITION, {
        input: { referralId: referral.id, expectedVersion: referral.version, to: 'ACCEPTED' },
      });
      expect(moved.errors).toBeUndefined();
      await until(() => streamA.events.length >= 2 && streamCoordinator.events.length >= 2);
      expect(streamA.events.map((e) => e.data?.referralEvents.kind)).toEqual(['SENT', 'ACCEPTED']);
      expect(streamCoordinator.events.map((e) => e.data?.referralEvents.kind)).toEqual([
        'SENT',
        'ACCEPTED',
      ]);

      // A short window for anything that would leak to another organization.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(streamB.events).toEqual([]);
      expect(streamOutsider.events).toEqual([]);
      expect(streamAdmin.events).toEqual([]);

      // B sees its own referral, and A does not.
      const forB = await sendTo(agencyB);
      await until(() => streamB.events.length >= 1);
      expect(streamB.events[0]?.data?.referralEvents.referral.id).toBe(forB.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(streamA.events).toHaveLength(2);
    } finally {
      await Promise.all(
        [streamA, streamB, streamCoordinator, streamOutsider, streamAdmin].map((s) => s.close()),
      );
    }
  });

  it('does not tell the agency about a draft', async () => {
    const streamA = await openStream(server, agencyA.staff.token);
    const streamCoordinator = await openStream(server, coordinator.token);
    try {
      // A draft (send: false) belongs to the coordinator alone until it is sent.
      await createReferralTo(server, coordinator, agencyA, { send: false });
      await until(() => streamCoordinator.events.length >= 1);
      expect(streamCoordinator.events[0]?.data?.referralEvents.kind).toBe('DRAFT');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(streamA.events).toEqual([]);
    } finally {
      await Promise.all([streamA.close(), streamCoordinator.close()]);
    }
  });

  it('ends a stream when its session ends, before another event goes out', async () => {
    const staff = await signedInAs(server, 'agency_staff', {
      organizationId: agencyA.organization.id,
    });
    const stream = await openStream(server, staff.token);
    try {
      await sendTo(agencyA);
      await until(() => stream.events.length >= 1);
      const out = await staff.gql<{ signOut: boolean }>('mutation { signOut }');
      expect(out.data?.signOut).toBe(true);
      await sendTo(agencyA);
      await until(() => stream.ended());
      expect(stream.events).toHaveLength(1);
    } finally {
      await stream.close();
    }
  });

  it('ends a stream when its user is disabled', async () => {
    const staff = await signedInAs(server, 'agency_staff', {
      organizationId: agencyA.organization.id,
    });
    const stream = await openStream(server, staff.token);
    try {
      await saveUser(server.runtime.deps, { ...staff.user, disabled: true });
      await sendTo(agencyA);
      await until(() => stream.ended());
      expect(stream.events).toEqual([]);
    } finally {
      await stream.close();
    }
  });

  it('refuses an unauthenticated subscription with our typed error', async () => {
    const stream = await openStream(server, null);
    try {
      await until(() => stream.events.length >= 1);
      expect(stream.events[0]?.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
      expect(stream.events[0]?.data ?? null).toBeNull();
    } finally {
      await stream.close();
    }
  });

  it('serves more than ten streams at once, each with its changes, and no leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const streams = await Promise.all(
      Array.from({ length: 12 }, () => openStream(server, agencyB.staff.token)),
    );
    try {
      const referral = await sendTo(agencyB);
      await until(() => streams.every((s) => s.events.length >= 1));
      for (const stream of streams) {
        expect(stream.events.map((e) => e.data?.referralEvents.referral.id)).toEqual([referral.id]);
      }
      // Node reports a listener "leak" on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  it('gives each stream all of its own changes, in order, when many come at once', async () => {
    const deps = server.runtime.deps;
    const [forA, forB] = await Promise.all([sendTo(agencyA), sendTo(agencyB)]);
    const [a, b] = await Promise.all([loadReferral(deps, forA.id), loadReferral(deps, forB.id)]);
    if (!a || !b) throw new Error('the referrals were not stored');
    const streamA = await openStream(server, agencyA.staff.token);
    const streamB = await openStream(server, agencyB.staff.token);
    try {
      // A burst: each stream is still busy with the first when the rest arrive.
      for (let i = 0; i < 20; i++) {
        publishReferralChange(deps, { referral: a, kind: `A${i}` });
        publishReferralChange(deps, { referral: b, kind: `B${i}` });
      }
      const kinds = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
      const seen = (stream: typeof streamA) =>
        stream.events.map((e) => e.data?.referralEvents.kind);
      await until(() => streamA.events.length >= 20 && streamB.events.length >= 20).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen(streamA)).toEqual(kinds('A'));
      expect(seen(streamB)).toEqual(kinds('B'));
    } finally {
      await Promise.all([streamA.close(), streamB.close()]);
    }
  });
});
