import {
  type Goal,
  type GoalAchievement,
  type GoalStatus,
  getGoal,
  listGoals,
} from '../../domain/care-plan/goals.ts';
import { domainCategory } from '../codes.ts';
import type { ResourceHandler } from '../handler.ts';
import type { Json } from '../outcome.ts';
import { conditionId } from './condition.ts';
import {
  codingsOf,
  patientParam,
  readAsNotFound,
  searchByPatient,
  tokenParam,
} from './patient-records.ts';

/** A care-plan goal as a Goal, after the SDOHCC Goal: lifecycle and achievement status. */

const lifecycleOf: Record<GoalStatus, string> = {
  PROPOSED: 'proposed',
  ACTIVE: 'active',
  ON_HOLD: 'on-hold',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
};

const achievementOf: Record<GoalAchievement, { code: string; display: string }> = {
  IN_PROGRESS: { code: 'in-progress', display: 'In Progress' },
  IMPROVING: { code: 'improving', display: 'Improving' },
  WORSENING: { code: 'worsening', display: 'Worsening' },
  NO_CHANGE: { code: 'no-change', display: 'No Change' },
  ACHIEVED: { code: 'achieved', display: 'Achieved' },
  NOT_ACHIEVED: { code: 'not-achieved', display: 'Not Achieved' },
};

function goalResource(goal: Goal): Json {
  return {
    resourceType: 'Goal',
    id: goal.id,
    meta: { versionId: String(goal.version), lastUpdated: goal.updatedAt.toISOString() },
    lifecycleStatus: lifecycleOf[goal.status],
    achievementStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
          ...achievementOf[goal.achievement],
        },
      ],
    },
    category: [domainCategory(goal.domain)],
    description: { text: goal.text },
    subject: { reference: `Patient/${goal.clientId}` },
    startDate: goal.createdAt.toISOString().slice(0, 10),
    ...(goal.targetDate ? { target: [{ dueDate: goal.targetDate }] } : {}),
    statusDate: goal.updatedAt.toISOString().slice(0, 10),
    ...(goal.needIds.length > 0 || goal.referralIds.length > 0
      ? {
          addresses: [
            ...goal.needIds.map((id) => ({ reference: `Condition/${conditionId(id)}` })),
            ...goal.referralIds.map((id) => ({ reference: `ServiceRequest/${id}` })),
          ],
        }
      : {}),
  };
}

/** Goal: a goal of a client's care plan. */
export const goalHandler: ResourceHandler = {
  type: 'Goal',
  profiles: [],
  documentation:
    'A goal of a client’s care plan: lifecycleStatus, achievementStatus, its SDOHCC category, target date, and the needs (Condition) and referrals (ServiceRequest) it addresses. Readable by the coordinating organization that keeps the client (audited); anyone else gets 404.',
  search: {
    params: [
      patientParam,
      tokenParam('lifecycle-status', 'proposed, active, on-hold, completed or cancelled.'),
      tokenParam('category', 'An SDOHCC category such as housing-instability.'),
    ],
    run: (request, query) =>
      searchByPatient(
        request,
        query,
        'goals',
        async (clientId) =>
          (await listGoals(request.deps, request.actor, clientId)).map(goalResource),
        {
          'lifecycle-status': (r) => [{ code: String(r.lifecycleStatus) }],
          category: (r) => codingsOf(r.category),
        },
      ),
  },
  read: async (request, id) =>
    goalResource(await readAsNotFound('Goal', id, () => getGoal(request.deps, request.actor, id))),
};
