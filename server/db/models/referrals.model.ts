import { type Connection, Schema } from 'mongoose';

/**
 * Referrals. FerretDB v1 has no transactions, and only `_id` reads and inserts are cheap, so
 * concurrency rides on `_id` uniqueness: `referral_versions` holds one immutable document per
 * version (`<referralId>:<version>`), and inserting the next one is the single write that decides
 * which of two concurrent changes wins. `referrals` is the head (current state and history), a
 * cache rebuilt from the versions. A referral's id follows from its organization and idempotency
 * key, so a retried create meets the version 1 it already made. Messages are insert-only.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const referralSchema = new Schema(
  {
    _id: String,
    version: Number,
    status: String,
    referringOrganizationId: String,
    receivingOrganizationId: String,
  },
  options,
);
referralSchema.index({ referringOrganizationId: 1 });
referralSchema.index({ receivingOrganizationId: 1 });

const referralVersionSchema = new Schema(
  { _id: String, referralId: String, version: Number },
  options,
);
const referralMessageSchema = new Schema(
  { _id: String, referralId: String, createdAt: Date },
  options,
);
referralMessageSchema.index({ referralId: 1, createdAt: 1 });

/** Registers the referral models on a connection. */
export function referralModels(connection: Connection) {
  return {
    Referral: connection.model('Referral', referralSchema, 'referrals'),
    ReferralVersion: connection.model(
      'ReferralVersion',
      referralVersionSchema,
      'referral_versions',
    ),
    ReferralMessage: connection.model(
      'ReferralMessage',
      referralMessageSchema,
      'referral_messages',
    ),
  };
}
