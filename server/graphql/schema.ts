import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './open-status.ts';
import './service-hours.ts';
import './service.ts';
import './organization.ts';
import './taxonomy.ts';
import './search.ts';
import './map.ts';
import './account.ts';
import './client.ts';
import './referral.ts';
import './audit.ts';
import './notification.ts';
import './report.ts';
import './subscription.ts';
import './listing.ts';
import './organization-claim.ts';
import './resource-list.ts';
import './editable-service.ts';
import './editable-location.ts';
import './editable-organization.ts';
import './listing-suggestion.ts';
import './need-domain.ts';
import './need.ts';
import './screening.ts';
import './appointment.ts';
import './feedback.ts';
import './care-plan.ts';

export const schema = builder.toSchema();

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show only real changes. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
