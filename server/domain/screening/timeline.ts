import type { DomainDeps } from '../deps.ts';
import { needDomainLabel } from '../needs/domains.ts';
import { clientNeeds, wordsOf } from '../needs/needs.ts';
import { clientScreenings } from './screenings.ts';

/** One entry of a client's timeline. */
export type TimelineEntry = {
  at: Date;
  kind: string;
  title: string;
  detail?: string;
  refId?: string;
};

const WORDS = {
  en: {
    linkSent: 'Screening link sent to the client',
    startedInPerson: 'Screening started in person',
    answeredByLink: 'Screening answered by the client (link)',
    completedInPerson: 'Screening completed in person',
    positive: 'Positive',
    noPositive: 'No positive domain',
    needOpened: 'Need opened',
    need: {
      OPEN: `Need ${wordsOf('OPEN')}`,
      ADDRESSED: `Need ${wordsOf('ADDRESSED')}`,
      DECLINED_BY_CLIENT: `Need ${wordsOf('DECLINED_BY_CLIENT')}`,
    },
    fromScreening: 'From a screening',
    byHand: 'Added by hand',
  },
  es: {
    linkSent: 'Enlace de evaluación enviado al cliente',
    startedInPerson: 'Evaluación iniciada en persona',
    answeredByLink: 'Evaluación respondida por el cliente (enlace)',
    completedInPerson: 'Evaluación completada en persona',
    positive: 'Positiva',
    noPositive: 'Ningún dominio positivo',
    needOpened: 'Necesidad abierta',
    need: {
      OPEN: 'Necesidad reabierta',
      ADDRESSED: 'Necesidad atendida',
      DECLINED_BY_CLIENT: 'Necesidad rechazada por el cliente',
    },
    fromScreening: 'De una evaluación',
    byHand: 'Añadida a mano',
  },
} as const;

/**
 * A client's screenings (started, link sent, submitted with what they found) and needs (opened,
 * each change of status), in time order. No authorization or audit: the timeline that merges them
 * checks access and records the read.
 */
export async function screeningTimelineEntries(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  clientId: string,
  lang: 'en' | 'es' = 'en',
): Promise<TimelineEntry[]> {
  const w = WORDS[lang];
  const entries: TimelineEntry[] = [];
  for (const screening of await clientScreenings(deps, clientId)) {
    entries.push({
      at: screening.startedAt,
      kind: screening.method === 'LINK' ? 'screening.link-sent' : 'screening.started',
      title: screening.method === 'LINK' ? w.linkSent : w.startedInPerson,
      refId: screening.id,
    });
    if (screening.submittedAt && screening.result) {
      const found = screening.result.positiveDomains.map((d) => needDomainLabel(d, lang));
      entries.push({
        at: screening.submittedAt,
        kind: 'screening.submitted',
        title: screening.method === 'LINK' ? w.answeredByLink : w.completedInPerson,
        detail: found.length > 0 ? `${w.positive}: ${found.join(', ')}` : w.noPositive,
        refId: screening.id,
      });
    }
  }
  for (const need of await clientNeeds(deps, clientId)) {
    const label = needDomainLabel(need.domain, lang);
    for (const [i, change] of need.history.entries()) {
      entries.push({
        at: change.at,
        kind: i === 0 ? 'need.opened' : 'need.status',
        title: `${i === 0 ? w.needOpened : w.need[change.status]}: ${label}`,
        detail: i === 0 ? (need.source === 'SCREENING' ? w.fromScreening : w.byHand) : undefined,
        refId: need.id,
      });
    }
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
