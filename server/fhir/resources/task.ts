import type { Actor } from '../../domain/accounts/actor.ts';
import type { DomainDeps } from '../../domain/deps.ts';
import { UserError } from '../../domain/errors.ts';
import { createReferral } from '../../domain/referrals/create-referral.ts';
import type { Referral } from '../../domain/referrals/store.ts';
import { transitionReferral } from '../../domain/referrals/transition-referral.ts';
import { getReferral, readVisibleReferral } from '../../domain/referrals/visible-referral.ts';
import { referralStatusOf, SDOHCC_PROFILES, taskStatuses } from '../codes.ts';
import type { FhirRequest, ResourceHandler } from '../handler.ts';
import { applyJsonPatch } from '../json-patch.ts';
import { FhirError, type FieldPaths, fromUserError, type Json } from '../outcome.ts';
import { dateBounds, referenceId, tokenCodes } from '../search-params.ts';
import { referralTask } from './referral-mapping.ts';
import { searchReferrals } from './referral-search.ts';
import {
  createInputOf,
  partsOfTask,
  type ReferralParts,
  statusChangeOf,
  statusChangePaths,
} from './referral-write.ts';

/** Elements a status change may touch; the rest of a Task follows from the referral. */
const CHANGEABLE = new Set(['status', 'statusReason', 'businessStatus']);
/** Elements the server keeps, whatever a PUT sends. */
const SERVER_KEPT = new Set(['meta', 'lastModified', 'executionPeriod', 'output', 'text']);

async function domainCall<T>(paths: FieldPaths, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UserError) throw fromUserError(error, paths);
    throw error;
  }
}

/** Creates the referral a Task and its ServiceRequest describe, through the domain's rules. */
export async function createReferralFrom(
  request: FhirRequest,
  parts: ReferralParts,
): Promise<{ referral: Referral; created: boolean }> {
  const { input, paths } = createInputOf(parts);
  const referral = await domainCall(paths, () =>
    createReferral(request.deps, request.actor, input),
  );
  // A retried create (same Task identifier) returns the first request's referral.
  return { referral, created: referral.history.length === 1 || referral.version === 1 };
}

/** Throws FhirError (422) when `next` changes anything of the Task but its status elements. */
function assertOnlyStatusChanged(before: Json, next: Json): void {
  for (const key of new Set([...Object.keys(before), ...Object.keys(next)])) {
    if (CHANGEABLE.has(key) || SERVER_KEPT.has(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(next[key])) {
      throw new FhirError(422, [
        {
          code: 'business-rule',
          text: `Task.${key} cannot be changed: only status, statusReason and businessStatus move a referral.`,
          expression: `Task.${key}`,
        },
      ]);
    }
  }
}

/** Moves the referral to what `next` asks, unless nothing changed. */
async function changeStatus(
  deps: DomainDeps,
  actor: Actor,
  current: Referral,
  next: Json,
  ifMatch: number | null,
): Promise<Json> {
  const before = referralTask(current);
  assertOnlyStatusChanged(before, next);
  const change = statusChangeOf(next);
  if (
    change.to === current.status &&
    JSON.stringify(before.statusReason) === JSON.stringify(next.statusReason) &&
    JSON.stringify(before.businessStatus) === JSON.stringify(next.businessStatus)
  ) {
    return before;
  }
  const moved = await domainCall(statusChangePaths, () =>
    transitionReferral(deps, actor, {
      referralId: current.id,
      expectedVersion: ifMatch ?? current.version,
      to: change.to,
      reasonCode: change.reasonCode,
      reasonText: change.reasonText,
      outcome: change.outcome,
    }),
  );
  return referralTask(moved);
}

/** Task: the SDOHCC Task for Referral Management, one per referral. */
export const taskHandler: ResourceHandler = {
  type: 'Task',
  profiles: [SDOHCC_PROFILES.task],
  documentation:
    'A referral as the SDOHCC Task for Referral Management (intent order, code fulfill, focus its ServiceRequest, owner the receiving organization). Create it with its ServiceRequest contained or in a transaction Bundle; the receiving organization moves it with PATCH or PUT of status.',
  read: async (request, id) => referralTask(await getReferral(request.deps, request.actor, id)),
  search: {
    params: [
      {
        name: 'owner',
        type: 'reference',
        documentation: 'The receiving organization: Organization/{id}.',
      },
      {
        name: 'status',
        type: 'token',
        documentation: `Task status, comma-separated: ${taskStatuses.join(', ')}.`,
      },
      { name: 'patient', type: 'reference', documentation: 'The client: Patient/{id}.' },
      {
        name: '_lastUpdated',
        type: 'date',
        documentation:
          'When the referral last changed, with gt, ge, lt or le (repeat for a range).',
      },
    ],
    run: (request, query) => {
      const statuses = tokenCodes(query, 'status', taskStatuses);
      const updated = dateBounds(query, '_lastUpdated');
      return searchReferrals(
        request,
        query,
        {
          statuses: statuses?.map(referralStatusOf).filter((s) => s !== null) ?? null,
          receivingOrganizationId: referenceId(query, 'owner', 'Organization'),
          clientId: referenceId(query, 'patient', 'Patient'),
          updatedAfter: updated.after,
          updatedBefore: updated.before,
        },
        referralTask,
      );
    },
  },
  create: async (request, body) => {
    const { referral, created } = await createReferralFrom(request, partsOfTask(body));
    return { resource: referralTask(referral), created };
  },
  update: async (request, id, body, ifMatch) => {
    const task = (typeof body === 'object' && body !== null ? body : {}) as Json;
    if (task.resourceType !== 'Task') {
      throw new FhirError(400, [
        { code: 'structure', text: 'The body must be a Task.', expression: 'Task' },
      ]);
    }
    if (task.id !== id) {
      throw new FhirError(400, [
        { code: 'invalid', text: 'Task.id must match the id in the URL.', expression: 'Task.id' },
      ]);
    }
    const current = await readVisibleReferral(request.deps, request.actor, id);
    return changeStatus(request.deps, request.actor, current, task, ifMatch);
  },
  patch: async (request, id, patch, ifMatch) => {
    const current = await readVisibleReferral(request.deps, request.actor, id);
    // A new status starts without the old one's reason and outcome, unless the patch sets them.
    const { statusReason: _r, businessStatus: _b, ...base } = referralTask(current);
    const touched = Array.isArray(patch)
      ? patch.some(
          (op) =>
            typeof op?.path === 'string' && /^\/(statusReason|businessStatus)\b/.test(op.path),
        )
      : false;
    const before = referralTask(current);
    const next = applyJsonPatch(touched ? base : before, patch, 'Task');
    if (!touched) {
      assertOnlyStatusChanged(before, next);
      if (next.status === before.status) return before;
      delete next.statusReason;
      delete next.businessStatus;
    }
    return changeStatus(request.deps, request.actor, current, next, ifMatch);
  },
};
