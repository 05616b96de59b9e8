import { type Connection, Schema } from 'mongoose';

/**
 * Resource lists ("prescriptions"): services a coordinator picked for a client, kept by the
 * coordinating organization. Titles, notes and the linked client id are sealed (AES-256-GCM) into
 * one field by the domain; what stays readable is what authorization, listing and concurrency
 * need. A list is found by client through a keyed hash, never by a readable client id.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const resourceListSchema = new Schema(
  { _id: String, organizationId: String, version: Number, updatedAt: Date, sealed: String },
  options,
);
resourceListSchema.index({ organizationId: 1, updatedAt: -1 });

/** Registers the resource list model on a connection. */
export function listModels(connection: Connection) {
  return {
    ResourceList: connection.model('ResourceList', resourceListSchema, 'resource_lists'),
  };
}
