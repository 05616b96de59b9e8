import type { DomainDeps } from '../deps.ts';
import type { Poller } from '../poller.ts';
import { startNotificationWorker } from './outbox.ts';
import { expandReferralNotice } from './referral-changes.ts';
import { createSmtpMailer, devMailer, devSms } from './transports.ts';

export type NotificationOptions = {
  /** SMTP server URL; unset keeps email in the development outbox. */
  smtpUrl?: string;
  from: string;
  appUrl: string;
  devOutboxReadable: boolean;
  intervalMs?: number;
  /** How long a claim on queued messages lasts before another process may take them over. */
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
};

/**
 * Starts delivering notifications: SMTP when configured, otherwise the development outbox (and
 * text messages always to the development outbox until a provider is configured).
 */
export function startNotifications(deps: DomainDeps, options: NotificationOptions): Poller {
  const smtp = options.smtpUrl ? createSmtpMailer(options.smtpUrl) : null;
  const worker = startNotificationWorker(
    deps,
    {
      from: options.from,
      appUrl: options.appUrl.replace(/\/$/, ''),
      devOutboxReadable: options.devOutboxReadable,
      mailer: smtp ?? devMailer,
      sms: devSms,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 15 * 60_000,
      maxAttempts: options.maxAttempts ?? 10,
    },
    (entry) => expandReferralNotice(deps, entry),
    options.intervalMs ?? 1000,
    options.leaseMs,
  );
  worker.kick();
  return {
    ...worker,
    stop: async () => {
      await worker.stop();
      smtp?.close();
    },
  };
}
