import { type Connection, Schema } from 'mongoose';

/**
 * The listing change feed ("outbox"): an intent to bring the search index up to date, written
 * before the change it announces and kept, in `createdAt` order, until it ages out (see
 * server/domain/directory/outbox-worker.ts), so every server process's own index can read it.
 * A crash before the write leaves the entry for the next reader; replaying an entry is harmless
 * because the reader re-reads current state. `appliedAt` and the lease fields serve a shared
 * index (Meilisearch), which applies each entry once.
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
    appliedAt: Date,
    leaseOwner: String,
    leaseUntil: Date,
  },
  { versionKey: false, _id: false },
);
outboxSchema.index({ availableAt: 1 });

export type OutboxTopic = 'service.index' | 'index.rebuild';

/** Registers the outbox model on a connection. */
export function outboxModel(connection: Connection) {
  return connection.model('OutboxEntry', outboxSchema, 'outbox');
}
