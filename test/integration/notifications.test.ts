import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/domain/clock.ts';
import { enqueueNotification } from '../../server/domain/notifications/outbox.ts';
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

type Mail = { from: string; to: string[]; raw: string };

/** A real SMTP server on loopback that keeps what it receives; it can refuse the first RCPTs. */
async function startMailbox(options: { refuseFirst?: number } = {}) {
  const mails: Mail[] = [];
  let refusals = options.refuseFirst ?? 0;
  let rcptCalls = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      rcptCalls += 1;
      if (refusals > 0) {
        refusals -= 1;
        const error = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 450 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const { port } = smtp.server.address() as AddressInfo;
  return {
    port,
    mails,
    rcptCalls: () => rcptCalls,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** Decodes a mail's body (nodemailer uses quoted-printable for long lines). */
function bodyOf(mail: Mail): string {
  const body = mail.raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function subjectOf(mail: Mail): string {
  return /^Subject: (.*)$/m.exec(mail.raw)?.[1]?.trim() ?? '';
}

async function waitFor<T>(
  probe: () => T | null | undefined | Promise<T | null | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const CLIENT_FACTS = ['Maria', 'Lopez', '303-555-0100', '1980-04-23', 'no car'];

function sendReferral(
  server: TestServer,
  coordinator: TestActor,
  agency: Agency,
): Promise<ReferralData> {
  return createReferralTo(server, coordinator, agency, {
    serviceAtLocationId: agency.serviceAtLocationId,
    urgency: 'URGENT',
    note: 'Maria Lopez, family of three, no car.',
  });
}

async function move(actor: TestActor, input: Record<string, unknown>): Promise<ReferralData> {
  const res = await actor.gql<{ transitionReferral: ReferralData }>(TRANSITION, { input });
  expect(res.errors).toBeUndefined();
  const referral = res.data?.transitionReferral;
  if (!referral) throw new Error('no referral');
  return referral;
}

const DEV_OUTBOX = /* GraphQL */ `
  query Outbox($first: Int) {
    devOutbox(first: $first) {
      id channel to template subject text referralId status transport attempts deliveredAt
    }
  }
`;
type OutboxRow = {
  id: string;
  channel: string;
  to: string;
  template: string;
  subject: string;
  text: string;
  referralId: string | null;
  status: string;
  transport: string | null;
  attempts: number;
  deliveredAt: string | null;
};

describe('notifications by SMTP', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let server: TestServer;
  let pantry: Agency;
  let pantryAdmin: TestActor;
  let pantryCoordinator: TestActor;
  let coordinator: TestActor;

  beforeAll(async () => {
    // The first delivery is refused (a 450 on RCPT), so the first message is retried.
    mailbox = await startMailbox({ refuseFirst: 1 });
    server = await startTestServer({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
        PUBLIC_URL: 'https://wayfinder.example.org',
      },
    });
    pantry = await buildAgency(server, {
      name: 'Eastside Food Pantry',
      serviceName: 'Weekly Groceries',
    });
    pantryAdmin = await signedInAs(server, 'org_admin', {
      organizationId: pantry.organization.id,
    });
    pantryCoordinator = await signedInAs(server, 'coordinator', {
      organizationId: pantry.organization.id,
    });
    ({ coordinator } = await buildCoordinating(server));
  });
  afterAll(async () => {
    await server?.close();
    await mailbox?.close();
  });

  it('emails the receiving agency staff and admins when a referral is sent, without client data, retrying a refused delivery', async () => {
    const referral = await sendReferral(server, coordinator, pantry);
    const recipients = [pantry.staff.user.email, pantryAdmin.user.email];
    const mails = await waitFor(() => {
      const got = mailbox.mails.filter((m) => recipients.includes(m.to[0] ?? ''));
      return got.length === 2 ? got : null;
    });
    expect(mailbox.rcptCalls()).toBeGreaterThanOrEqual(3);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
    expect(mailbox.mails.some((m) => m.to.includes(pantryCoordinator.user.email))).toBe(false);
    for (const mail of mails) {
      expect(subjectOf(mail)).toBe('New referral for Weekly Groceries');
      const body = bodyOf(mail);
      expect(body).toContain(
        'A new referral for Weekly Groceries is waiting for Eastside Food Pantry.',
      );
      // Links point at the public address, not at this machine.
      expect(body).toContain(`https://wayfinder.example.org/referrals/${referral.id}`);
      expect(mail.from).toBe('no-reply@wayfinder.invalid');
      for (const fact of CLIENT_FACTS) expect(mail.raw).not.toContain(fact);
    }
    // The record of the refused one shows the retry. A message is logged once the server has
    // answered its delivery, which can be a moment after the sink has it.
    const logged = await waitFor(async () => {
      const entries = await server.runtime.deps.db.models.NotificationLog.collection
        .find({ referralId: referral.id })
        .toArray();
      return entries.length >= 2 ? entries : null;
    });
    expect(logged).toHaveLength(2);
    expect(logged.every((l) => l.status === 'DELIVERED' && l.transport === 'smtp')).toBe(true);
    expect(logged.map((l) => l.attempts).sort()).toEqual([1, 2]);
    expect(logged.every((l) => l.deliveredAt instanceof Date)).toBe(true);
    const pending = await server.runtime.deps.db.models.Notification.collection.countDocuments({});
    expect(pending).toBe(0);
  });

  it('emails the referring coordinator when the agency accepts and when it completes', async () => {
    const referral = await sendReferral(server, coordinator, pantry);
    const accepted = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: referral.version,
      to: 'ACCEPTED',
    });
    const acceptedMail = await waitFor(() =>
      mailbox.mails.find(
        (m) =>
          m.to[0] === coordinator.user.email &&
          subjectOf(m) === 'Referral to Weekly Groceries accepted',
      ),
    );
    expect(bodyOf(acceptedMail)).toContain(
      'Eastside Food Pantry accepted your referral to Weekly Groceries.',
    );
    const started = await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: accepted.version,
      to: 'IN_PROGRESS',
    });
    await move(pantry.staff, {
      referralId: referral.id,
      expectedVersion: started.version,
      to: 'COMPLETED',
      outcome: 'GOT_HELP',
    });
    const completed = await waitFor(() =>
      mailbox.mails.find(
        (m) =>
          m.to[0] === coordinator.user.email &&
          subjectOf(m) === 'Referral to Weekly Groceries completed',
      ),
    );
    expect(bodyOf(completed)).toContain('(outcome: got help)');
    for (const fact of CLIENT_FACTS) expect(completed.raw).not.toContain(fact);
    // IN_PROGRESS notifies nobody: one accepted and one completed mail for this referral.
    const forCoordinator = mailbox.mails.filter(
      (m) => m.to[0] === coordinator.user.email && bodyOf(m).includes(referral.id),
    );
    expect(forCoordinator).toHaveLength(2);
  });

  it('refuses the development outbox to everyone but network admins', async () => {
    const anonymous = await server.gql(DEV_OUTBOX, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_SIGNED_IN');
    for (const actor of [coordinator, pantry.staff, pantryAdmin]) {
      const res = await actor.gql(DEV_OUTBOX, {});
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      expect(res.data?.devOutbox ?? null).toBeNull();
    }
  });
});

describe('notifications in the development outbox', () => {
  let server: TestServer;
  let pantry: Agency;
  let coordinator: TestActor;
  let admin: TestActor;

  beforeAll(async () => {
    server = await startTestServer();
    pantry = await buildAgency(server, {
      name: 'Harbor Pantry',
      serviceName: 'Emergency Food Boxes',
    });
    ({ coordinator } = await buildCoordinating(server));
    admin = await signedInAs(server, 'network_admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps messages readable by network admins, marked delivered to the dev outbox', async () => {
    const referral = await sendReferral(server, coordinator, pantry);
    const rows = await waitFor(async () => {
      const res = await admin.gql<{ devOutbox: OutboxRow[] }>(DEV_OUTBOX, { first: 10 });
      expect(res.errors).toBeUndefined();
      const found = res.data?.devOutbox.filter((m) => m.referralId === referral.id) ?? [];
      return found.length > 0 ? found : null;
    });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      channel: 'email',
      to: pantry.staff.user.email,
      template: 'referral.sent',
      subject: 'New referral for Emergency Food Boxes',
      status: 'DELIVERED',
      transport: 'dev-outbox',
      attempts: 1,
    });
    expect(row?.deliveredAt).not.toBeNull();
    for (const fact of CLIENT_FACTS) expect(row?.text).not.toContain(fact);
  });

  it('delivers text messages through the development SMS provider', async () => {
    const id = await enqueueNotification(server.runtime.deps, {
      channel: 'sms',
      to: '+13035550199',
      template: 'referral.reminder.agency',
      data: { serviceName: 'Emergency Food Boxes', agencyName: 'Harbor Pantry', link: 'x' },
    });
    const row = await waitFor(async () => {
      const res = await admin.gql<{ devOutbox: OutboxRow[] }>(DEV_OUTBOX, { first: 50 });
      return res.data?.devOutbox.find((m) => m.id === id);
    });
    expect(row).toMatchObject({ channel: 'sms', transport: 'dev-outbox', status: 'DELIVERED' });
    expect(row.text).toBe(
      'Wayfinder reminder: a referral for Emergency Food Boxes is waiting for an answer. x',
    );
  });

  it('refuses a bad page size with our typed error', async () => {
    const res = await admin.gql(DEV_OUTBOX, { first: 0 });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(res.errors?.[0]?.message).toBe('first: Ask for between 1 and 100 messages.');
  });
});

describe('the development outbox in production with SMTP', () => {
  it('is closed even to network admins', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const server = await startTestServer({
      env: {
        NODE_ENV: 'production',
        SMTP_URL: 'smtp://127.0.0.1:9',
        PUBLIC_URL: 'https://wayfinder.example.org',
        ENCRYPTION_KEY: key,
        HMAC_KEY: key,
      },
    });
    try {
      const admin = await signedInAs(server, 'network_admin');
      const res = await admin.gql(DEV_OUTBOX, {});
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_ALLOWED');
      expect(res.errors?.[0]?.message).toBe(
        'The development outbox is off: in production email goes out through SMTP.',
      );
    } finally {
      await server.close();
    }
  });
});

describe('response deadline reminders', () => {
  let server: TestServer;
  let pantry: Agency;
  let coordinator: TestActor;
  let time = new Date('2025-03-03T09:00:00Z');
  const clock: Clock = { now: () => new Date(time.getTime()) };
  const advance = (minutes: number) => {
    time = new Date(time.getTime() + minutes * 60_000);
  };

  beforeAll(async () => {
    server = await startTestServer({
      clock,
      env: { REFERRAL_RESPONSE_HOURS: '2', REMINDER_INTERVAL_SECONDS: '3600' },
    });
    pantry = await buildAgency(server, { name: 'Lakeside Pantry', serviceName: 'Fresh Produce' });
    ({ coordinator } = await buildCoordinating(server));
  });
  afterAll(async () => {
    await server?.close();
  });

  async function runReminders() {
    server.runtime.reminders.kick();
    await server.runtime.reminders.idle();
    server.runtime.notifications.kick();
    await server.runtime.notifications.idle();
  }

  async function logged(referralId: string) {
    const docs = await server.runtime.deps.db.models.NotificationLog.collection
      .find({ referralId })
      .toArray();
    return docs.map((d) => `${String(d.template)} → ${String(d.to)}`).sort();
  }

  it('reminds the agency past the deadline, then the coordinator half a period later, once each', async () => {
    const waiting = await sendReferral(server, coordinator, pantry);
    const answered = await sendReferral(server, coordinator, pantry);
    await move(pantry.staff, {
      referralId: answered.id,
      expectedVersion: answered.version,
      to: 'ACCEPTED',
    });
    await runReminders();
    const sentMail = `referral.sent → ${pantry.staff.user.email}`;
    expect(await logged(waiting.id)).toEqual([sentMail]);

    advance(119);
    await runReminders();
    expect(await logged(waiting.id)).toEqual([sentMail]);

    advance(2);
    await runReminders();
    await runReminders();
    const agencyReminder = `referral.reminder.agency → ${pantry.staff.user.email}`;
    expect(await logged(waiting.id)).toEqual([agencyReminder, sentMail]);

    advance(59);
    await runReminders();
    expect(await logged(waiting.id)).toEqual([agencyReminder, sentMail]);

    advance(1);
    await runReminders();
    await runReminders();
    const coordinatorReminder = `referral.reminder.coordinator → ${coordinator.user.email}`;
    expect(await logged(waiting.id)).toEqual([agencyReminder, coordinatorReminder, sentMail]);

    advance(600);
    await runReminders();
    expect(await logged(waiting.id)).toHaveLength(3);
    // The referral answered in time got no reminder.
    expect(
      (await logged(answered.id)).filter((line) => line.startsWith('referral.reminder')),
    ).toEqual([]);
    const reminders = await server.runtime.deps.db.models.ReferralReminder.collection
      .find({ referralId: waiting.id })
      .toArray();
    expect(reminders.map((r) => String(r._id)).sort()).toEqual([
      `${waiting.id}:agency`,
      `${waiting.id}:coordinator`,
    ]);
  });
});
