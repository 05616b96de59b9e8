import type { ConsentField } from '../domain/clients/consent.ts';
import { type TopLevelCode, topLevelCodes } from '../domain/directory/need-categories.ts';
import type { NeedDomain } from '../domain/needs/domains.ts';
import {
  type Outcome,
  outcomes,
  type ReasonCode,
  type ReferralStatus,
  reasonCodes,
  type Urgency,
} from '../domain/referrals/state-machine.ts';

/**
 * The vocabularies the FHIR interface speaks: HL7's where one exists (task status, task code,
 * request priority, the SDOH Clinical Care IG's category codes) and Wayfinder's own code systems
 * for what HL7 leaves to the implementer (reason and outcome codes, need categories).
 */

export const SDOHCC = 'http://hl7.org/fhir/us/sdoh-clinicalcare';
export const SDOHCC_CODES = `${SDOHCC}/CodeSystem/SDOHCC-CodeSystemTemporaryCodes`;
export const SDOHCC_PROFILES = {
  task: `${SDOHCC}/StructureDefinition/SDOHCC-TaskForReferralManagement`,
  consent: `${SDOHCC}/StructureDefinition/SDOHCC-Consent`,
} as const;
export const TASK_CODE_SYSTEM = 'http://hl7.org/fhir/CodeSystem/task-code';
export const SNOMED = 'http://snomed.info/sct';

/** Wayfinder's own code systems: stable URIs under a reserved name, so nobody else's. */
const WAYFINDER = 'https://wayfinder.invalid/fhir/CodeSystem';
export const REASON_SYSTEM = `${WAYFINDER}/referral-reason`;
export const OUTCOME_SYSTEM = `${WAYFINDER}/referral-outcome`;
export const NEED_SYSTEM = `${WAYFINDER}/need-category`;

/** Referral status ↔ SDOHCC Task status (entered-in-error has no Wayfinder state). */
const taskStatusOf: Record<ReferralStatus, string> = {
  DRAFT: 'draft',
  SENT: 'requested',
  ACCEPTED: 'accepted',
  REJECTED: 'rejected',
  IN_PROGRESS: 'in-progress',
  ON_HOLD: 'on-hold',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};
export const taskStatuses = [...Object.values(taskStatusOf), 'entered-in-error'] as const;

export function taskStatus(status: ReferralStatus): string {
  return taskStatusOf[status];
}

/** The referral status a Task status stands for; null for entered-in-error or an unknown code. */
export function referralStatusOf(taskStatusCode: string): ReferralStatus | null {
  const found = Object.entries(taskStatusOf).find(([, code]) => code === taskStatusCode);
  return found ? (found[0] as ReferralStatus) : null;
}

/** The ServiceRequest's own status: the request is active until the referral closes. */
export function serviceRequestStatus(status: ReferralStatus): string {
  switch (status) {
    case 'DRAFT':
      return 'draft';
    case 'ON_HOLD':
      return 'on-hold';
    case 'COMPLETED':
      return 'completed';
    case 'REJECTED':
    case 'FAILED':
    case 'CANCELLED':
      return 'revoked';
    default:
      return 'active';
  }
}

const priorityOf: Record<Urgency, string> = {
  ROUTINE: 'routine',
  URGENT: 'urgent',
  EMERGENCY: 'stat',
};
export const requestPriorities = ['routine', 'urgent', 'asap', 'stat'] as const;

export function priority(urgency: Urgency): string {
  return priorityOf[urgency];
}

/** FHIR request priority → urgency (asap is between urgent and stat: urgent). */
export function urgencyOf(code: string): Urgency | null {
  if (code === 'asap') return 'URGENT';
  const found = Object.entries(priorityOf).find(([, p]) => p === code);
  return found ? (found[0] as Urgency) : null;
}

const reasonWords: Record<ReasonCode, string> = {
  NO_CAPACITY: 'No capacity',
  NOT_ELIGIBLE: 'Not eligible',
  COULD_NOT_CONTACT: 'Could not contact the client',
  CLIENT_DECLINED: 'Client declined',
  REFERRED_ELSEWHERE: 'Referred elsewhere',
  OTHER: 'Other',
};
const outcomeWords: Record<Outcome, string> = {
  GOT_HELP: 'Got help',
  PARTIALLY: 'Partially helped',
  OTHER: 'Other outcome',
};

export function reasonCoding(code: ReasonCode): Record<string, string> {
  return { system: REASON_SYSTEM, code, display: reasonWords[code] };
}

export function outcomeCoding(code: Outcome): Record<string, string> {
  return { system: OUTCOME_SYSTEM, code, display: outcomeWords[code] };
}

export function describeOutcome(code: Outcome): string {
  return outcomeWords[code];
}

export function isReasonCode(code: string): code is ReasonCode {
  return (reasonCodes as readonly string[]).includes(code);
}

export function isOutcome(code: string): code is Outcome {
  return (outcomes as readonly string[]).includes(code);
}

/** Wayfinder's top-level needs with the SDOHCC category each one addresses, where there is one. */
const sdohCategoryOf: Partial<Record<TopLevelCode, { code: string; display: string }>> = {
  food: { code: 'food-insecurity', display: 'Food Insecurity' },
  housing: { code: 'housing-instability', display: 'Housing Instability' },
  transportation: { code: 'transportation-insecurity', display: 'Transportation Insecurity' },
  utilities: { code: 'utility-insecurity', display: 'Utility Insecurity' },
  employment: { code: 'employment-status', display: 'Employment Status' },
  family: { code: 'social-connection', display: 'Social Connection' },
};

/** ServiceRequest.category for a referral's needs: SDOHCC's category and Wayfinder's need. */
export function needCategory(need: string): Record<string, unknown> {
  const top = need.split('.')[0] as TopLevelCode;
  const sdoh = sdohCategoryOf[top];
  return {
    coding: [
      ...(sdoh ? [{ system: SDOHCC_CODES, code: sdoh.code, display: sdoh.display }] : []),
      { system: NEED_SYSTEM, code: need },
    ],
  };
}

/**
 * The Wayfinder need a category coding names: our own code as is, an SDOHCC category mapped back
 * (housing quality is housing too); null when neither.
 */
export function needOf(coding: { system?: unknown; code?: unknown }): string | null {
  const code = typeof coding.code === 'string' ? coding.code : '';
  if (coding.system === NEED_SYSTEM) return code;
  if (coding.system !== SDOHCC_CODES) return null;
  if (code === 'inadequate-housing' || code === 'homelessness') return 'housing';
  const found = Object.entries(sdohCategoryOf).find(([, c]) => c.code === code);
  return found ? found[0] : null;
}

export const topLevelNeeds: readonly string[] = topLevelCodes;

/** The consented client facts, as the FHIR elements they are. */
export const consentFieldElements: Record<ConsentField, string> = {
  name: 'Patient.name',
  dateOfBirth: 'Patient.birthDate',
  phone: 'Patient.telecom',
  email: 'Patient.telecom',
  preferredLanguage: 'Patient.communication',
  address: 'Patient.address',
  postalCode: 'Patient.address.postalCode',
  householdSize: 'Observation (household size)',
  annualIncome: 'Observation (household income)',
  notes: 'Patient (notes)',
};

export const LOINC = 'http://loinc.org';

/** SDOHCC's display for each need domain Wayfinder keeps (the domain ids are its codes). */
const domainDisplays: Record<Exclude<NeedDomain, 'other'>, string> = {
  'housing-instability': 'Housing Instability',
  'inadequate-housing': 'Inadequate Housing',
  'food-insecurity': 'Food Insecurity',
  'transportation-insecurity': 'Transportation Insecurity',
  'utility-insecurity': 'Utility Insecurity',
  'interpersonal-safety': 'Intimate Partner Violence',
  'financial-insecurity': 'Financial Insecurity',
  'employment-status': 'Employment Status',
  'health-insurance-coverage-status': 'Health Insurance Coverage Status',
  'social-connection': 'Social Connection',
};

/**
 * The SDOHCC category of a need domain. Interpersonal safety is the AHC HRSN's safety domain,
 * which SDOHCC files under intimate-partner-violence; Wayfinder's "other" is the IG's
 * unspecified category.
 */
export function domainCategory(domain: NeedDomain): Record<string, unknown> {
  if (domain === 'other') {
    return {
      coding: [
        {
          system: SDOHCC_CODES,
          code: 'sdoh-category-unspecified',
          display: 'SDOH Category Unspecified',
        },
      ],
    };
  }
  const code = domain === 'interpersonal-safety' ? 'intimate-partner-violence' : domain;
  return { coding: [{ system: SDOHCC_CODES, code, display: domainDisplays[domain] }] };
}
