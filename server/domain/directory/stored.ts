import type {
  Location,
  Organization,
  Service,
  ServiceAtLocation,
  TaxonomyTerm,
} from './records.ts';

/**
 * A service as stored: the HSDS service with its service-at-locations nested, as the HSDS JSON
 * API nests them. FerretDB v1 over SQLite only answers `_id` look-ups without scanning, so keeping
 * the links inside the service turns "where is this service offered" into one read.
 */
export type StoredService = Service & { service_at_locations: ServiceAtLocation[] };

/** Everything needed to describe one service: what search documents and views are built from. */
export type ServiceGraph = {
  service: StoredService;
  organization: Organization | null;
  /** The organization is an agency on the referral network, so the service takes referrals. */
  acceptsReferrals: boolean;
  locations: ReadonlyMap<string, Location>;
  terms: ReadonlyMap<string, TaxonomyTerm>;
};
