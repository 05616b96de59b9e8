import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadClientRecord, normalizePhone } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import { InvalidInputError, RateLimitedError } from '../errors.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { parseInput } from '../validate.ts';
import { getResourceList, type ResourceList, recordListSent } from './lists.ts';
import { renderListMessage } from './render.ts';
import { buildListView } from './view.ts';

const sendSchema = z.object({
  id: z.string().min(1).max(200),
  channel: z.enum(['email', 'sms'], { error: 'Choose email or text message.' }),
  to: z.string().trim().max(320).nullish(),
});

const EMAIL_MESSAGE = 'Enter an email address such as name@example.org.';
const PHONE_MESSAGE = 'Enter a 10-digit US mobile number such as 303-555-0100.';

/** The address typed in, else the linked client's; the client read is audited. */
async function recipient(
  deps: DomainDeps,
  actor: Actor,
  list: ResourceList,
  channel: 'email' | 'sms',
  typed: string | null,
): Promise<{ to: string; fromClient: boolean }> {
  if (typed) {
    if (channel === 'sms') {
      const phone = normalizePhone(typed);
      if (!phone) throw new InvalidInputError([{ path: 'to', message: PHONE_MESSAGE }]);
      return { to: phone, fromClient: false };
    }
    const email = z.email().safeParse(typed);
    if (!email.success) throw new InvalidInputError([{ path: 'to', message: EMAIL_MESSAGE }]);
    return { to: email.data.toLowerCase(), fromClient: false };
  }
  const client = list.clientId ? await loadClientRecord(deps, list.clientId) : null;
  const saved = channel === 'sms' ? client?.phone : client?.email;
  if (!client || client.organizationId !== actor.organizationId || !saved) {
    throw new InvalidInputError([
      {
        path: 'to',
        message:
          channel === 'sms'
            ? 'Enter a mobile number: this list is not linked to a saved client with a phone.'
            : 'Enter an email address: this list is not linked to a saved client with an email.',
      },
    ]);
  }
  await recordAudit(deps, actor, {
    action: 'client.read',
    subjectType: 'client',
    subjectId: client.id,
    detail: { via: 'sendResourceList', fields: [channel === 'sms' ? 'phone' : 'email'] },
  });
  return { to: saved, fromClient: true };
}

/**
 * Lists go out from our address to any address a coordinator types, so sends are limited per
 * person (a hijacked account cannot spray mail) and per recipient (nobody is flooded). Throws
 * RateLimitedError.
 */
async function reserveSend(deps: DomainDeps, actor: Actor, to: string): Promise<void> {
  const { perUserPerHour, perRecipientPerDay } = deps.settings.listSendLimits;
  const byUser = await hitRateLimit(deps, 'list-send-user', actor.userId, {
    limit: perUserPerHour,
    windowMs: 3_600_000,
  });
  if (!byUser.allowed) {
    throw new RateLimitedError(
      `You have sent ${perUserPerHour} lists this hour, the most allowed. Try again later.`,
    );
  }
  const byRecipient = await hitRateLimit(deps, 'list-send-to', to, {
    limit: perRecipientPerDay,
    windowMs: 86_400_000,
  });
  if (!byRecipient.allowed) {
    throw new RateLimitedError(
      `This address has been sent ${perRecipientPerDay} lists today, the most allowed. Try ` +
        'again tomorrow, or print the list.',
    );
  }
}

/**
 * Sends a list to the client by email or text message through the notification outbox, in the
 * list's language, to the address given or the linked client's. Audited. Returns the list and the
 * queued message id. Throws NotFoundError, NotAllowedError, InvalidInputError, RateLimitedError.
 */
export async function sendResourceList(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<{ list: ResourceList; messageId: string }> {
  const parsed = parseInput(sendSchema, input);
  const list = await getResourceList(deps, actor, parsed.id, 'send');
  if (list.items.length === 0) {
    throw new InvalidInputError([
      { path: 'id', message: 'Add at least one service before sending the list.' },
    ]);
  }
  const { to, fromClient } = await recipient(deps, actor, list, parsed.channel, parsed.to ?? null);
  await reserveSend(deps, actor, to);
  const view = await buildListView(deps, list);
  const message = renderListMessage(view);
  const messageId = await enqueueNotification(deps, {
    channel: parsed.channel,
    to,
    template: 'resource-list.sent',
    data: { serviceName: '', agencyName: view.organizationName, link: '', list: message },
  });
  const sent = await recordListSent(deps, actor, list, parsed.channel);
  await recordAudit(deps, actor, {
    action: 'list.send',
    subjectType: 'resource_list',
    subjectId: list.id,
    detail: { channel: parsed.channel, items: list.items.length, toLinkedClient: fromClient },
  });
  return { list: sent, messageId };
}
