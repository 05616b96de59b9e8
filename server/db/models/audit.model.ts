import { type Connection, Schema } from 'mongoose';

/**
 * The audit log: insert-only. Reads are rare (network admins) and may scan; `at` is indexed for
 * MongoDB deployments, where it orders the newest-first listing.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const auditEventSchema = new Schema(
  { _id: String, at: Date, action: String, subjectId: String, actorUserId: String },
  options,
);
auditEventSchema.index({ at: -1 });

/** Registers the audit model on a connection. */
export function auditModels(connection: Connection) {
  return { AuditEvent: connection.model('AuditEvent', auditEventSchema, 'audit_events') };
}
