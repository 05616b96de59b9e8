import { type Connection, Schema } from 'mongoose';

/**
 * Client records and consent. Everything that describes the person is sealed (AES-256-GCM) into
 * one field by the domain before it gets here; what stays readable is only what authorization and
 * concurrency need (the owning organization, a version, timestamps). Look-ups by value go through
 * `client_lookup`, keyed by an HMAC of the organization and the value, so a search is an `_id` read
 * (FerretDB v1 scans for any other filter). `client_consents` lists a client's consent ids, keyed
 * by the client id, for the same reason.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const clientSchema = new Schema(
  { _id: String, organizationId: String, version: Number, sealed: String },
  options,
);
const clientLookupSchema = new Schema({ _id: String, clientIds: [String] }, options);
const consentSchema = new Schema(
  { _id: String, clientId: String, organizationId: String, agencyOrganizationId: String },
  options,
);
const clientConsentsSchema = new Schema({ _id: String, consentIds: [String] }, options);

/** Registers the client and consent models on a connection. */
export function clientModels(connection: Connection) {
  return {
    Client: connection.model('Client', clientSchema, 'clients'),
    ClientLookup: connection.model('ClientLookup', clientLookupSchema, 'client_lookup'),
    Consent: connection.model('Consent', consentSchema, 'consents'),
    ClientConsents: connection.model('ClientConsents', clientConsentsSchema, 'client_consents'),
  };
}
