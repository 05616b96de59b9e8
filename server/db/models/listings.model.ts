import { type Connection, Schema } from 'mongoose';

/**
 * Listing upkeep. `listing_changes` is insert-only, one document per changed field of an agency's
 * edit, shaped after HSDS `metadata`; read per service by its agency and network admins (on
 * FerretDB that read scans). `organization_claims` holds agencies' claims on imported
 * organizations (`_id` `<organizationId>:<claimantOrganizationId>`, one per pair), and
 * `organization_owners` the approved ones (`_id` the claimed organization's id, inserted once, so
 * an organization has at most one claimed owner and listing edits find it by an `_id` read).
 * `listing_suggestions` holds corrections anyone signed in suggested, and
 * `listing_confirmation_requests` one document per service and request period
 * (`<serviceId>:<period>`), inserted once, so a "still accurate?" email goes out once a period.
 * `listing_confirmation_uses` records each used "still accurate?" link (`_id` the sha256 of its
 * token), inserted once, so a link confirms once. `listing_decisions` holds one document per
 * decision on a claim or a suggestion (`_id` `<kind>:<subjectId>:<round>`), inserted before the
 * decision is written, so two concurrent decisions cannot both win (FerretDB v1 lets concurrent
 * conditional updates of one document both match; only a duplicate `_id` is refused atomically).
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const listingChangeSchema = new Schema(
  { _id: String, at: Date, service_id: String, resource_id: String, field_name: String },
  options,
);
listingChangeSchema.index({ service_id: 1, at: -1 });

const organizationClaimSchema = new Schema(
  { _id: String, organizationId: String, claimantOrganizationId: String, status: String },
  options,
);
const organizationOwnerSchema = new Schema(
  { _id: String, ownerOrganizationId: String, claimId: String, at: Date },
  options,
);
const listingSuggestionSchema = new Schema(
  { _id: String, serviceId: String, organizationId: String, status: String, createdAt: Date },
  options,
);
const listingConfirmationRequestSchema = new Schema(
  { _id: String, serviceId: String, at: Date },
  options,
);

const listingConfirmationUseSchema = new Schema(
  { _id: String, serviceId: String, at: Date, expiresAt: Date },
  options,
);

const listingDecisionSchema = new Schema(
  { _id: String, status: String, at: Date, byUserId: String },
  options,
);

/** Registers the listing models on a connection. */
export function listingModels(connection: Connection) {
  return {
    ListingChange: connection.model('ListingChange', listingChangeSchema, 'listing_changes'),
    OrganizationClaim: connection.model(
      'OrganizationClaim',
      organizationClaimSchema,
      'organization_claims',
    ),
    OrganizationOwner: connection.model(
      'OrganizationOwner',
      organizationOwnerSchema,
      'organization_owners',
    ),
    ListingSuggestion: connection.model(
      'ListingSuggestion',
      listingSuggestionSchema,
      'listing_suggestions',
    ),
    ListingConfirmationRequest: connection.model(
      'ListingConfirmationRequest',
      listingConfirmationRequestSchema,
      'listing_confirmation_requests',
    ),
    ListingConfirmationUse: connection.model(
      'ListingConfirmationUse',
      listingConfirmationUseSchema,
      'listing_confirmation_uses',
    ),
    ListingDecision: connection.model(
      'ListingDecision',
      listingDecisionSchema,
      'listing_decisions',
    ),
  };
}
