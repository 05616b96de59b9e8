import { type Connection, Schema } from 'mongoose';

/**
 * Unmet needs: one insert-only document per search that found no (eligible) service, with the
 * need categories, a coarse area (ZIP3) and the time. Never a client identifier, age or income.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const unmetNeedSchema = new Schema(
  { _id: String, at: Date, categories: [String], area: String, reason: String },
  options,
);
unmetNeedSchema.index({ at: 1 });

/** Registers the report models on a connection. */
export function reportModels(connection: Connection) {
  return { UnmetNeed: connection.model('UnmetNeed', unmetNeedSchema, 'unmet_needs') };
}
