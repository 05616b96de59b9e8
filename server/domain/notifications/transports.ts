import nodemailer from 'nodemailer';

/** One plain-text email; `messageId` is stable per outbox entry (see messageIdOf). */
export type MailMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
};

/** What a transport reports once it has taken a message. */
export type Delivery = { transport: string; providerId: string | null };

/** Sends email. SMTP in production; the development outbox otherwise. */
export type Mailer = { kind: string; send(message: MailMessage): Promise<Delivery> };

/** Sends text messages. Only the development outbox exists so far; a provider plugs in here. */
export type SmsProvider = {
  kind: string;
  send(message: { to: string; text: string }): Promise<Delivery>;
};

export const DEV_OUTBOX = 'dev-outbox';

/** Email through an SMTP server (`smtp://user:pass@host:port`), via nodemailer. */
export function createSmtpMailer(smtpUrl: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    send: async (message) => {
      const info = await transport.sendMail(message);
      return { transport: 'smtp', providerId: info.messageId ?? null };
    },
    close: () => transport.close(),
  };
}

/** Keeps email in the development outbox (the notification log), readable through devOutbox. */
export const devMailer: Mailer = {
  kind: DEV_OUTBOX,
  send: async (message) => ({ transport: DEV_OUTBOX, providerId: message.messageId ?? null }),
};

/** Keeps text messages in the development outbox. */
export const devSms: SmsProvider = {
  kind: DEV_OUTBOX,
  send: async () => ({ transport: DEV_OUTBOX, providerId: null }),
};
