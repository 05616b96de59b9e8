import { type Connection, Schema } from 'mongoose';

/**
 * Listing changes: insert-only, one document per changed field of an agency's edit, shaped after
 * HSDS `metadata`. Read per service by its agency and network admins; on FerretDB that read scans.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const listingChangeSchema = new Schema(
  { _id: String, at: Date, service_id: String, resource_id: String, field_name: String },
  options,
);
listingChangeSchema.index({ service_id: 1, at: -1 });

/** Registers the listing models on a connection. */
export function listingModels(connection: Connection) {
  return {
    ListingChange: connection.model('ListingChange', listingChangeSchema, 'listing_changes'),
  };
}
