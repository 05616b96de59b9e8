import type { ResourceHandler } from './handler.ts';
import { conditionHandler } from './resources/condition.ts';
import { consentHandler } from './resources/consent.ts';
import {
  healthcareServiceHandler,
  locationHandler,
  organizationHandler,
} from './resources/directory.ts';
import { goalHandler } from './resources/goal.ts';
import { patientHandler } from './resources/patient.ts';
import { observationHandler, questionnaireResponseHandler } from './resources/screening.ts';
import { serviceRequestHandler } from './resources/service-request.ts';
import { taskHandler } from './resources/task.ts';

/**
 * Every resource type the FHIR interface serves, one handler each. The router, the
 * CapabilityStatement and the 404 for unknown types all read this table, so a new type is one
 * module in resources/ and one line here.
 */
export const resourceHandlers: readonly ResourceHandler[] = [
  patientHandler,
  consentHandler,
  questionnaireResponseHandler,
  observationHandler,
  conditionHandler,
  goalHandler,
  serviceRequestHandler,
  taskHandler,
  healthcareServiceHandler,
  organizationHandler,
  locationHandler,
];

export function handlerFor(type: string): ResourceHandler | null {
  return resourceHandlers.find((h) => h.type === type) ?? null;
}
