import { createHash, randomUUID } from 'node:crypto';
import type { Outcome, ReasonCode, ReferralStatus } from '../../domain/referrals/state-machine.ts';
import {
  isOutcome,
  isReasonCode,
  needOf,
  OUTCOME_SYSTEM,
  REASON_SYSTEM,
  referralStatusOf,
  requestPriorities,
  TASK_CODE_SYSTEM,
  taskStatuses,
  topLevelNeeds,
  urgencyOf,
} from '../codes.ts';
import { FhirError, type FhirIssue, type FieldPaths, type Json } from '../outcome.ts';

/**
 * Reading a referral out of FHIR input: a transaction Bundle (or a Task with its ServiceRequest
 * contained) into createReferral's input, and a Task's status change into transitionReferral's.
 * Every problem is collected with the FHIRPath of its element, and nothing is written unless the
 * input reads cleanly.
 */

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class Issues {
  readonly list: FhirIssue[] = [];
  add(expression: string, text: string, code = 'invalid'): void {
    this.list.push({ code, text, expression });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new FhirError(400, this.list);
  }
}

/** `Type/id` → id, when the reference is to that type. */
function referencedId(value: unknown, type: string): string | null {
  if (!isObject(value) || typeof value.reference !== 'string') return null;
  const match = new RegExp(`^${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(value.reference);
  return match?.[1] ?? null;
}

/** Where the Task and its ServiceRequest sit in the request body. */
export type ReferralParts = { task: Json; taskPath: string; request: Json; requestPath: string };

/** The Task and ServiceRequest of a transaction Bundle. Throws FhirError (400). */
export function partsOfBundle(body: unknown): ReferralParts {
  const issues = new Issues();
  if (!isObject(body) || body.resourceType !== 'Bundle') {
    issues.add('Bundle', 'The body must be a Bundle resource.', 'structure');
    issues.throwIfAny();
  }
  const bundle = body as Json;
  if (bundle.type !== 'transaction') {
    issues.add('Bundle.type', 'The Bundle type must be transaction.', 'value');
  }
  const entries = asArray(bundle.entry);
  let task: { resource: Json; path: string } | null = null;
  let request: { resource: Json; path: string; fullUrl: unknown } | null = null;
  entries.forEach((entry, i) => {
    const path = `Bundle.entry[${i}]`;
    const resource = isObject(entry) && isObject(entry.resource) ? entry.resource : null;
    const method = isObject(entry) && isObject(entry.request) ? entry.request.method : undefined;
    if (!resource)
      return issues.add(`${path}.resource`, 'Each entry needs a resource.', 'required');
    if (method !== 'POST') {
      issues.add(`${path}.request.method`, 'Entries are created with POST.', 'not-supported');
    }
    if (resource.resourceType === 'Task' && !task) task = { resource, path: `${path}.resource` };
    else if (resource.resourceType === 'ServiceRequest' && !request) {
      request = { resource, path: `${path}.resource`, fullUrl: (entry as Json).fullUrl };
    } else {
      issues.add(
        `${path}.resource`,
        'A referral Bundle holds one Task and one ServiceRequest and nothing else.',
        'not-supported',
      );
    }
  });
  const t = task as { resource: Json; path: string } | null;
  const r = request as { resource: Json; path: string; fullUrl: unknown } | null;
  if (!t)
    issues.add('Bundle.entry', 'The Bundle needs a Task (the referral to fulfil).', 'required');
  if (!r) issues.add('Bundle.entry', 'The Bundle needs the Task’s ServiceRequest.', 'required');
  if (t && r) {
    const focus = isObject(t.resource.focus) ? t.resource.focus.reference : undefined;
    if (typeof r.fullUrl !== 'string' || focus !== r.fullUrl) {
      issues.add(
        `${t.path}.focus`,
        'Task.focus must reference the ServiceRequest entry by its fullUrl (urn:uuid:…).',
        'invalid',
      );
    }
  }
  issues.throwIfAny();
  if (!t || !r) throw new Error('unreachable');
  return { task: t.resource, taskPath: t.path, request: r.resource, requestPath: r.path };
}

/** The Task of `POST /fhir/Task` with its ServiceRequest contained. Throws FhirError (400). */
export function partsOfTask(body: unknown): ReferralParts {
  const issues = new Issues();
  if (!isObject(body) || body.resourceType !== 'Task') {
    issues.add('Task', 'The body must be a Task resource.', 'structure');
    issues.throwIfAny();
  }
  const task = body as Json;
  const focus = isObject(task.focus) ? task.focus.reference : undefined;
  const contained = asArray(task.contained);
  const index = contained.findIndex(
    (c) => isObject(c) && c.resourceType === 'ServiceRequest' && `#${String(c.id)}` === focus,
  );
  const request = contained[index];
  if (index < 0 || !isObject(request)) {
    issues.add(
      'Task.focus',
      'Task.focus must reference a contained ServiceRequest (#id), or send both in a transaction Bundle.',
      'invalid',
    );
    issues.throwIfAny();
  }
  return {
    task,
    taskPath: 'Task',
    request: request as Json,
    requestPath: `Task.contained[${index}]`,
  };
}

/** The createReferral input the parts ask for, and where each of its fields came from. */
export function createInputOf(parts: ReferralParts): { input: Json; paths: FieldPaths } {
  const { task, taskPath: t, request, requestPath: r } = parts;
  const issues = new Issues();
  if (task.intent !== 'order') issues.add(`${t}.intent`, 'Task.intent must be order.', 'value');
  const codings = isObject(task.code) ? asArray(task.code.coding) : [];
  if (!codings.some((c) => isObject(c) && c.system === TASK_CODE_SYSTEM && c.code === 'fulfill')) {
    issues.add(`${t}.code`, `Task.code must be ${TASK_CODE_SYSTEM}#fulfill.`, 'value');
  }
  let send = true;
  if (task.status === 'draft') send = false;
  else if (task.status !== 'requested') {
    issues.add(`${t}.status`, 'A new referral Task is requested (sent at once) or draft.', 'value');
  }
  const clientId = referencedId(request.subject, 'Patient');
  if (!clientId)
    issues.add(
      `${r}.subject`,
      'The subject must be a Patient reference (Patient/{id}).',
      'required',
    );
  const forId = referencedId(task.for, 'Patient');
  if (task.for !== undefined && forId !== clientId) {
    issues.add(`${t}.for`, 'Task.for must be the ServiceRequest’s subject.', 'value');
  }
  const performers = asArray(request.performer);
  const serviceId = referencedId(performers[0], 'HealthcareService');
  if (!serviceId || performers.length !== 1) {
    issues.add(
      `${r}.performer`,
      'Name exactly one performer: the HealthcareService the referral is for (HealthcareService/{id}).',
      'required',
    );
  }
  const consents = asArray(request.supportingInfo)
    .map((s) => referencedId(s, 'Consent'))
    .filter((id): id is string => id !== null);
  if (consents.length !== 1) {
    issues.add(
      `${r}.supportingInfo`,
      'Reference exactly one Consent (Consent/{id}): the client’s consent to share with the service’s agency.',
      'required',
    );
  }
  const needs: string[] = [];
  asArray(request.category).forEach((category, i) => {
    const found = (isObject(category) ? asArray(category.coding) : [])
      .map((c) => (isObject(c) ? needOf(c) : null))
      .find((n) => n !== null);
    if (found) needs.push(found);
    else {
      issues.add(
        `${r}.category[${i}]`,
        `Each category needs an SDOHCC category code or a Wayfinder need (${topLevelNeeds.join(', ')}).`,
        'code-invalid',
      );
    }
  });
  if (asArray(request.category).length === 0) {
    issues.add(
      `${r}.category`,
      'Give at least one category: the need the referral addresses.',
      'required',
    );
  }
  const priority = request.priority ?? task.priority ?? 'routine';
  const urgency = typeof priority === 'string' ? urgencyOf(priority) : null;
  if (!urgency) {
    issues.add(
      `${r}.priority`,
      `Priority must be one of: ${requestPriorities.join(', ')}.`,
      'value',
    );
  }
  const notes = asArray(request.note)
    .map((n) => (isObject(n) && typeof n.text === 'string' ? n.text : ''))
    .filter(Boolean);
  issues.throwIfAny();
  return {
    input: {
      clientId,
      consentId: consents[0],
      serviceId,
      needs,
      urgency,
      note: notes.length > 0 ? notes.join('\n\n') : null,
      idempotencyKey: idempotencyKeyOf(task),
      send,
    },
    paths: {
      fields: {
        clientId: `${r}.subject`,
        consentId: `${r}.supportingInfo`,
        serviceId: `${r}.performer`,
        needs: `${r}.category`,
        urgency: `${r}.priority`,
        note: `${r}.note`,
        idempotencyKey: `${t}.identifier`,
      },
      missing: {
        client: `${r}.subject`,
        service: `${r}.performer`,
        consent: `${r}.supportingInfo`,
      },
    },
  };
}

/**
 * A Task identifier makes a create idempotent: the same identifier (system and value) again
 * returns the referral the first request made. Without one, each request is a new referral.
 */
function idempotencyKeyOf(task: Json): string {
  const identifier = asArray(task.identifier).find(
    (i) => isObject(i) && typeof i.value === 'string',
  );
  if (!isObject(identifier)) return `fhir:${randomUUID()}`;
  const digest = createHash('sha256')
    .update(`${String(identifier.system ?? '')}|${String(identifier.value)}`)
    .digest('base64url');
  return `fhir:${digest}`;
}

/** A status change read from a Task: transitionReferral's fields. */
export type StatusChange = {
  to: ReferralStatus;
  reasonCode: ReasonCode | null;
  reasonText: string | null;
  outcome: Outcome | null;
};

export const statusChangePaths: FieldPaths = {
  fields: {
    to: 'Task.status',
    reasonCode: 'Task.statusReason',
    reasonText: 'Task.statusReason.text',
    outcome: 'Task.businessStatus',
    expectedVersion: 'Task.meta.versionId',
  },
};

/** Reads status, statusReason and businessStatus of a Task body. Throws FhirError (400). */
export function statusChangeOf(task: Json): StatusChange {
  const issues = new Issues();
  const to = typeof task.status === 'string' ? referralStatusOf(task.status) : null;
  if (!to) {
    issues.add(
      'Task.status',
      task.status === 'entered-in-error'
        ? 'Wayfinder keeps every referral; cancel it instead of marking it entered-in-error.'
        : `Task.status must be one of: ${taskStatuses.filter((s) => s !== 'entered-in-error').join(', ')}.`,
      task.status === 'entered-in-error' ? 'not-supported' : 'value',
    );
  }
  let reasonCode: ReasonCode | null = null;
  let reasonText: string | null = null;
  if (task.statusReason !== undefined && task.statusReason !== null) {
    const reason = isObject(task.statusReason) ? task.statusReason : {};
    reasonText = typeof reason.text === 'string' ? reason.text : null;
    const coding = asArray(reason.coding).find((c) => isObject(c) && c.system === REASON_SYSTEM);
    const code = isObject(coding) ? String(coding.code) : null;
    if (code !== null && !isReasonCode(code)) {
      issues.add(
        'Task.statusReason.coding',
        `Unknown reason code "${code}" in ${REASON_SYSTEM}.`,
        'code-invalid',
      );
    } else {
      reasonCode = code ?? (reasonText ? 'OTHER' : null);
    }
  }
  let outcome: Outcome | null = null;
  if (task.businessStatus !== undefined && task.businessStatus !== null) {
    const status = isObject(task.businessStatus) ? task.businessStatus : {};
    const coding = asArray(status.coding).find((c) => isObject(c) && c.system === OUTCOME_SYSTEM);
    const code = isObject(coding) ? String(coding.code) : '';
    if (!isOutcome(code)) {
      issues.add(
        'Task.businessStatus',
        `The outcome needs a code from ${OUTCOME_SYSTEM}: GOT_HELP, PARTIALLY or OTHER.`,
        'code-invalid',
      );
    } else outcome = code;
  }
  issues.throwIfAny();
  return { to: to as ReferralStatus, reasonCode, reasonText, outcome };
}
