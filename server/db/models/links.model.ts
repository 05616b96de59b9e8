import { type Connection, Schema } from 'mongoose';

/**
 * `one_time_link_uses`: one insert-only record per used one-time link (`_id` the hash of the
 * token), so a link sent to a client (a screening, a feedback survey) works exactly once even when
 * two requests arrive together.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const oneTimeLinkUseSchema = new Schema(
  { _id: String, purpose: String, subject: String, at: Date, expiresAt: Date },
  options,
);

/** Registers the link models on a connection. */
export function linkModels(connection: Connection) {
  return {
    OneTimeLinkUse: connection.model('OneTimeLinkUse', oneTimeLinkUseSchema, 'one_time_link_uses'),
  };
}
