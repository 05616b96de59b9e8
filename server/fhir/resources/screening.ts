import { NotFoundError } from '../../domain/errors.ts';
import type { NeedDomain } from '../../domain/needs/domains.ts';
import { ahcHrsn, type InstrumentItem } from '../../domain/screening/instrument.ts';
import { getScreening, listScreenings, type Screening } from '../../domain/screening/screenings.ts';
import { domainCategory, LOINC } from '../codes.ts';
import type { FhirRequest, ResourceHandler } from '../handler.ts';
import type { Json } from '../outcome.ts';
import {
  codingsOf,
  patientParam,
  readAsNotFound,
  searchByPatient,
  tokenParam,
} from './patient-records.ts';

/**
 * A submitted AHC HRSN screening, LOINC-coded: the answers as a QuestionnaireResponse (id the
 * screening's) and as Observations derived from it, one per item (`<screeningId>-<item LOINC>`),
 * the safety total (`-95614-4`) and the panel that groups them (`-96777-8`), so an EHR can read
 * either form. A screening not yet submitted is neither.
 */

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const observationCategories = [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'social-history', display: 'Social History' }] },
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] },
];

/** The rule that scores each item, and the total's code and domain where the rule sums items. */
const domainOfItem = new Map<string, NeedDomain>(
  ahcHrsn.scoring.flatMap((rule) => rule.items.map((item) => [item, rule.domain] as const)),
);
const totalRules = ahcHrsn.scoring.flatMap((rule) =>
  rule.rule === 'score-at-least' ? [rule] : [],
);

type Submitted = Screening & {
  answers: NonNullable<Screening['answers']>;
  result: NonNullable<Screening['result']>;
  submittedAt: Date;
};

function isSubmitted(screening: Screening): screening is Submitted {
  return (
    screening.status === 'SUBMITTED' &&
    screening.answers !== null &&
    screening.result !== null &&
    screening.submittedAt !== null
  );
}

export const observationId = (screeningId: string, loinc: string) => `${screeningId}-${loinc}`;

/** The Observations that show why a screening found a need in a domain (for Condition.evidence). */
export function evidenceOf(screeningId: string, domain: NeedDomain): string[] {
  const total = totalRules.find((rule) => rule.domain === domain);
  if (total) return [observationId(screeningId, total.totalLoinc)];
  return ahcHrsn.items
    .filter((item) => domainOfItem.get(item.loinc) === domain)
    .map((item) => observationId(screeningId, item.loinc));
}

function answerCoding(item: InstrumentItem, code: string, language: 'en' | 'es') {
  const answer = item.answers.find((a) => a.code === code);
  return { system: LOINC, code, ...(answer ? { display: answer.text[language] } : {}) };
}

function questionnaireResponse(screening: Submitted): Json {
  return {
    resourceType: 'QuestionnaireResponse',
    id: screening.id,
    meta: { lastUpdated: screening.submittedAt.toISOString() },
    language: screening.language,
    status: 'completed',
    subject: { reference: `Patient/${screening.clientId}` },
    authored: screening.submittedAt.toISOString(),
    // The client answered a link themselves; in person, a coordinator entered their answers.
    ...(screening.method === 'LINK'
      ? { source: { reference: `Patient/${screening.clientId}` } }
      : {}),
    item: screening.answers.flatMap(({ item: loinc, answers }) => {
      const item = ahcHrsn.items.find((i) => i.loinc === loinc);
      if (!item) return [];
      return [
        {
          linkId: loinc,
          definition: `${LOINC}/${loinc}`,
          text: item.text[screening.language],
          answer: answers.map((code) => ({
            valueCoding: answerCoding(item, code, screening.language),
          })),
        },
      ];
    }),
  };
}

/** The panel, then each item, then the totals, all derived from the QuestionnaireResponse. */
function observations(screening: Submitted): Json[] {
  const at = screening.submittedAt.toISOString();
  const common = (loinc: string, display: string, domain?: NeedDomain) => ({
    resourceType: 'Observation',
    id: observationId(screening.id, loinc),
    meta: { lastUpdated: at },
    status: 'final',
    category: [...observationCategories, ...(domain ? [domainCategory(domain)] : [])],
    code: { coding: [{ system: LOINC, code: loinc, display }] },
    subject: { reference: `Patient/${screening.clientId}` },
    effectiveDateTime: at,
    // The answers are the client's own, whoever entered them.
    performer: [{ reference: `Patient/${screening.clientId}` }],
    issued: at,
    derivedFrom: [{ reference: `QuestionnaireResponse/${screening.id}` }],
  });
  const items = screening.answers.flatMap(({ item: loinc, answers }) => {
    const item = ahcHrsn.items.find((i) => i.loinc === loinc);
    if (!item || answers.length === 0) return [];
    const codings = answers.map((code) => answerCoding(item, code, 'en'));
    const observation = common(loinc, item.text.en, domainOfItem.get(loinc));
    // One answer is the value; several (a "select all that apply" item) are one component each.
    return [
      codings.length === 1
        ? { ...observation, valueCodeableConcept: { coding: codings } }
        : {
            ...observation,
            component: codings.map((coding) => ({
              code: observation.code,
              valueCodeableConcept: { coding: [coding] },
            })),
          },
    ];
  });
  const totals =
    screening.result.safetyTotal === null
      ? []
      : totalRules.map((rule) => ({
          ...common(rule.totalLoinc, 'Total safety score', rule.domain),
          valueInteger: screening.result.safetyTotal,
        }));
  const members = [...items, ...totals];
  const panel = {
    ...common(
      ahcHrsn.loinc,
      'Accountable health communities (AHC) health-related social needs screening (HRSN) tool',
    ),
    hasMember: members.map((m) => ({ reference: `Observation/${m.id}` })),
  };
  return [panel, ...members];
}

async function submittedScreenings(request: FhirRequest, clientId: string) {
  const all = await listScreenings(request.deps, request.actor, clientId);
  return all.filter(isSubmitted);
}

/** A submitted screening for the resource `what`/`id` made from it; anything else is 404. */
async function readSubmitted(
  request: FhirRequest,
  what: string,
  id: string,
  screeningId: string,
): Promise<Submitted> {
  const screening = await readAsNotFound(what, id, () =>
    getScreening(request.deps, request.actor, screeningId),
  );
  if (!isSubmitted(screening)) throw new NotFoundError(what, id);
  return screening;
}

/** QuestionnaireResponse: a client's submitted AHC HRSN screening. */
export const questionnaireResponseHandler: ResourceHandler = {
  type: 'QuestionnaireResponse',
  profiles: [],
  documentation:
    'A submitted AHC HRSN screening: each item by its LOINC code (linkId) with the LOINC answers chosen (valueCoding). Readable by the coordinating organization that keeps the client (audited); anyone else gets 404.',
  search: {
    params: [patientParam],
    run: (request, query) =>
      searchByPatient(request, query, 'screenings', async (clientId) =>
        (await submittedScreenings(request, clientId)).map(questionnaireResponse),
      ),
  },
  read: async (request, id) =>
    questionnaireResponse(await readSubmitted(request, 'QuestionnaireResponse', id, id)),
};

/** Observation: a screening's answers, safety total and panel. */
export const observationHandler: ResourceHandler = {
  type: 'Observation',
  profiles: [],
  documentation:
    'A submitted AHC HRSN screening as Observations (category social-history and survey): the panel 96777-8 with hasMember, one per answered item (code the item’s LOINC, value its LOINC answer; several answers as components) and the safety total 95614-4, each derived from the QuestionnaireResponse. Ids are `{screening}-{LOINC}`. Readable by the coordinating organization that keeps the client (audited); anyone else gets 404.',
  search: {
    params: [
      patientParam,
      tokenParam('code', 'The LOINC code: 96777-8 (the panel), an item’s, or 95614-4.'),
      tokenParam('category', 'social-history, survey, or an SDOHCC category.'),
    ],
    run: (request, query) =>
      searchByPatient(
        request,
        query,
        'observations',
        async (clientId) => (await submittedScreenings(request, clientId)).flatMap(observations),
        { code: (r) => codingsOf(r.code), category: (r) => codingsOf(r.category) },
      ),
  },
  read: async (request, id) => {
    const match = /^(.+)-(\d{1,6}-\d)$/.exec(id);
    if (!match?.[1]) throw new NotFoundError('Observation', id);
    const screening = await readSubmitted(request, 'Observation', id, match[1]);
    const found = observations(screening).find((o) => o.id === id);
    if (!found) throw new NotFoundError('Observation', id);
    return found;
  },
};
