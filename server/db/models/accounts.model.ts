import { type Connection, Schema } from 'mongoose';

/**
 * Accounts. Every look-up on a hot path is by `_id` (FerretDB v1's SQLite backend scans for any
 * other filter): sessions are keyed by the token's hash and emails by their lower-cased address.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const memberSchema = new Schema({ _id: String, name: String, kinds: [String] }, options);
const userSchema = new Schema({ _id: String, email: String, organizationId: String }, options);
userSchema.index({ organizationId: 1 });
const userEmailSchema = new Schema({ _id: String, userId: String }, options);
const sessionSchema = new Schema({ _id: String, userId: String, expiresAt: Date }, options);

/** Registers the account models on a connection. */
export function accountModels(connection: Connection) {
  return {
    Member: connection.model('Member', memberSchema, 'network_members'),
    User: connection.model('User', userSchema, 'users'),
    UserEmail: connection.model('UserEmail', userEmailSchema, 'user_emails'),
    Session: connection.model('Session', sessionSchema, 'sessions'),
  };
}
