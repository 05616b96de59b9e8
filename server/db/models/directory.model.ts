import { type Connection, Schema } from 'mongoose';

/**
 * Directory collections. Records are validated by the domain's zod schemas before they get here,
 * so these schemas only pin the id, declare indexes and keep HSDS's own field names; nested HSDS
 * children are stored as they are (`strict: false`).
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const organizationSchema = new Schema({ _id: String, name: String }, options);

const locationSchema = new Schema({ _id: String, organization_id: String }, options);
locationSchema.index({ organization_id: 1 });

const serviceSchema = new Schema({ _id: String, organization_id: String, name: String }, options);
serviceSchema.index({ organization_id: 1 });

const serviceAtLocationSchema = new Schema(
  { _id: String, service_id: String, location_id: String },
  options,
);
serviceAtLocationSchema.index({ service_id: 1 });
serviceAtLocationSchema.index({ location_id: 1 });

const taxonomySchema = new Schema({ _id: String, name: String }, options);
const taxonomyTermSchema = new Schema({ _id: String, taxonomy_id: String, code: String }, options);
taxonomyTermSchema.index({ code: 1 });

/** Registers the directory models on a connection. */
export function directoryModels(connection: Connection) {
  return {
    Organization: connection.model('Organization', organizationSchema, 'organizations'),
    Location: connection.model('Location', locationSchema, 'locations'),
    Service: connection.model('Service', serviceSchema, 'services'),
    ServiceAtLocation: connection.model(
      'ServiceAtLocation',
      serviceAtLocationSchema,
      'service_at_locations',
    ),
    Taxonomy: connection.model('Taxonomy', taxonomySchema, 'taxonomies'),
    TaxonomyTerm: connection.model('TaxonomyTerm', taxonomyTermSchema, 'taxonomy_terms'),
  };
}
