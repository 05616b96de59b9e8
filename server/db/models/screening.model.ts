import { type Connection, Schema } from 'mongoose';

/**
 * Screenings and needs of clients. `screenings`: one document per screening, `_id` the client id
 * and a sequence number (`<clientId>.<n>`), so a client's screenings are read by `_id` and two
 * screenings started at once cannot take the same number. `needs`: one document per need, `_id`
 * the client id, a keyed hash of the need's domain and a sequence number, so "is a need for this
 * domain open?" is an `_id` read and two screenings cannot open the same need twice. What a
 * screening's answers and result are, and which domain a need is in, is sealed by the domain.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const screeningSchema = new Schema(
  { _id: String, clientId: String, organizationId: String, status: String, sealed: String },
  options,
);
const needSchema = new Schema(
  { _id: String, clientId: String, organizationId: String, status: String, sealed: String },
  options,
);

/** Registers the screening and need models on a connection. */
export function screeningModels(connection: Connection) {
  return {
    Screening: connection.model('Screening', screeningSchema, 'screenings'),
    Need: connection.model('Need', needSchema, 'needs'),
  };
}
