import { NotFoundError } from '../../domain/errors.ts';
import { needDomainLabel } from '../../domain/needs/domains.ts';
import { getNeed, listNeeds, type Need, type NeedStatus } from '../../domain/needs/needs.ts';
import { domainCategory } from '../codes.ts';
import type { ResourceHandler } from '../handler.ts';
import type { Json } from '../outcome.ts';
import {
  codingsOf,
  patientParam,
  readAsNotFound,
  searchByPatient,
  tokenParam,
} from './patient-records.ts';
import { evidenceOf } from './screening.ts';

/**
 * A client's need as a Condition of category health-concern, after the SDOHCC Condition. A need's
 * id keeps a 22-character base64url key of its domain, whose `_` a FHIR id cannot hold: the
 * Condition id writes it as `.`, and the fixed length of the key makes that reversible.
 */

const NEED_ID = /^(.+)\.([A-Za-z0-9_-]{22})\.(\d{1,6})$/;
const CONDITION_ID = /^(.+)\.([A-Za-z0-9.-]{22})\.(\d{1,6})$/;

export function conditionId(needId: string): string {
  const m = NEED_ID.exec(needId);
  return m ? `${m[1]}.${(m[2] ?? '').replaceAll('_', '.')}.${m[3]}` : needId;
}

function needIdOf(id: string): string | null {
  const m = CONDITION_ID.exec(id);
  return m ? `${m[1]}.${(m[2] ?? '').replaceAll('.', '_')}.${m[3]}` : null;
}

const clinicalStatusOf: Record<NeedStatus, string> = {
  OPEN: 'active',
  ADDRESSED: 'resolved',
  DECLINED_BY_CLIENT: 'inactive',
};

function conditionResource(need: Need): Json {
  const closedAt = need.status === 'OPEN' ? null : (need.history.at(-1)?.at ?? need.updatedAt);
  return {
    resourceType: 'Condition',
    id: conditionId(need.id),
    meta: { versionId: String(need.version), lastUpdated: need.updatedAt.toISOString() },
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
          code: clinicalStatusOf[need.status],
        },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          code: 'confirmed',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
            code: 'health-concern',
            display: 'Health Concern',
          },
        ],
      },
      domainCategory(need.domain),
    ],
    code: { text: needDomainLabel(need.domain) },
    subject: { reference: `Patient/${need.clientId}` },
    onsetDateTime: need.openedAt.toISOString(),
    ...(closedAt ? { abatementDateTime: new Date(closedAt).toISOString() } : {}),
    recordedDate: need.openedAt.toISOString(),
    ...(need.screeningId
      ? {
          evidence: [
            {
              detail: [
                ...evidenceOf(need.screeningId, need.domain).map((id) => ({
                  reference: `Observation/${id}`,
                })),
                { reference: `QuestionnaireResponse/${need.screeningId}` },
              ],
            },
          ],
        }
      : {}),
    ...(need.note ? { note: [{ text: need.note }] } : {}),
  };
}

/** Condition: a client's social need (health concern). */
export const conditionHandler: ResourceHandler = {
  type: 'Condition',
  profiles: [],
  documentation:
    'A client’s social need as a health concern with its SDOHCC category; clinicalStatus active (open), resolved (addressed) or inactive (declined by the client); evidence points at the screening that found it. Readable by the coordinating organization that keeps the client (audited); anyone else gets 404.',
  search: {
    params: [
      patientParam,
      tokenParam('category', 'health-concern, or an SDOHCC category such as food-insecurity.'),
      tokenParam('clinical-status', 'active, resolved or inactive.'),
    ],
    run: (request, query) =>
      searchByPatient(
        request,
        query,
        'conditions',
        async (clientId) =>
          (await listNeeds(request.deps, request.actor, clientId)).map(conditionResource),
        {
          category: (r) => codingsOf(r.category),
          'clinical-status': (r) => codingsOf(r.clinicalStatus),
        },
      ),
  },
  read: async (request, id) => {
    const needId = needIdOf(id);
    if (!needId) throw new NotFoundError('Condition', id);
    return conditionResource(
      await readAsNotFound('Condition', id, () => getNeed(request.deps, request.actor, needId)),
    );
  },
};
