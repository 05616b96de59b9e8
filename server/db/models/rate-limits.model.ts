import { type Connection, Schema } from 'mongoose';

/**
 * Rate-limit slots: one document per allowed hit, `_id` `<scope>:<hashed key>:<window>:<n>`, or
 * per block of slots, `…:<window>:b<first slot>` with its last slot in `to` (see
 * server/domain/rate-limit.ts). The limiter sweeps ended windows itself: FerretDB v1 has no
 * TTL indexes (it refuses `expireAfterSeconds`).
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const rateLimitSchema = new Schema({ _id: String, to: Number, expiresAt: Date }, options);

/** Registers the rate-limit model on a connection. */
export function rateLimitModels(connection: Connection) {
  return { RateLimit: connection.model('RateLimit', rateLimitSchema, 'rate_limits') };
}
