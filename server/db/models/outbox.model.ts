import { type Connection, Schema } from 'mongoose';

/**
 * The durable outbox: an intent to bring the search index up to date, written before the change
 * it announces, removed only after the index applied it. A crash in between leaves the entry for
 * the next worker to retry; replaying an entry is harmless because the worker reads current state.
 */
const outboxSchema = new Schema(
  {
    _id: String,
    topic: { type: String, required: true },
    /** Ids the entry is about (services for service.index), at most a few hundred. */
    keys: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    availableAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
  },
  { versionKey: false, _id: false },
);
outboxSchema.index({ availableAt: 1 });

export type OutboxTopic = 'service.index' | 'index.rebuild';

/** Registers the outbox model on a connection. */
export function outboxModel(connection: Connection) {
  return connection.model('OutboxEntry', outboxSchema, 'outbox');
}
