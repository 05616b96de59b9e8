import { type Connection, Schema } from 'mongoose';

/**
 * Notifications. `notifications` is the durable outbox: one entry per message still to deliver
 * (or per referral change still to fan out to its recipients), deleted once handled, so the
 * worker's scan stays small (FerretDB v1 scans for any filter but `_id` equality). A server
 * claims entries with a lease (`leaseOwner`, `leaseUntil`) and records a delivery on the entry
 * (`sent`) before it logs and deletes it.
 * `notification_log` keeps a record of every delivered or abandoned message (status, attempts,
 * deliveredAt); in development it is the readable dev outbox. `referral_reminders` holds one
 * document per reminder sent (`<referralId>:<kind>`), inserted once, so a reminder goes out once.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const notificationSchema = new Schema(
  { _id: String, kind: String, createdAt: Date, availableAt: Date, attempts: Number },
  options,
);
notificationSchema.index({ availableAt: 1 });

const notificationLogSchema = new Schema(
  { _id: String, status: String, deliveredAt: Date, createdAt: Date },
  options,
);
notificationLogSchema.index({ createdAt: -1 });

const referralReminderSchema = new Schema({ _id: String, referralId: String, at: Date }, options);

/** Registers the notification models on a connection. */
export function notificationModels(connection: Connection) {
  return {
    Notification: connection.model('Notification', notificationSchema, 'notifications'),
    NotificationLog: connection.model('NotificationLog', notificationLogSchema, 'notification_log'),
    ReferralReminder: connection.model(
      'ReferralReminder',
      referralReminderSchema,
      'referral_reminders',
    ),
  };
}
