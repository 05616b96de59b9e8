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

/**
 * A client's screenings (started, link sent, submitted with what they found) and needs (opened,
 * each change of status), in time order. No authorization or audit: the timeline that merges them
 * checks access and records the read.
 */
export async function screeningTimelineEntries(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher'>,
  clientId: string,
): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  for (const screening of await clientScreenings(deps, clientId)) {
    entries.push({
      at: screening.startedAt,
      kind: screening.method === 'LINK' ? 'screening.link-sent' : 'screening.started',
      title:
        screening.method === 'LINK'
          ? 'Screening link sent to the client'
          : 'Screening started in person',
      refId: screening.id,
    });
    if (screening.submittedAt && screening.result) {
      const found = screening.result.positiveDomains.map((d) => needDomainLabel(d));
      entries.push({
        at: screening.submittedAt,
        kind: 'screening.submitted',
        title:
          screening.method === 'LINK'
            ? 'Screening answered by the client (link)'
            : 'Screening completed in person',
        detail: found.length > 0 ? `Positive: ${found.join(', ')}` : 'No positive domain',
        refId: screening.id,
      });
    }
  }
  for (const need of await clientNeeds(deps, clientId)) {
    const label = needDomainLabel(need.domain);
    for (const [i, change] of need.history.entries()) {
      entries.push({
        at: change.at,
        kind: i === 0 ? 'need.opened' : 'need.status',
        title: i === 0 ? `Need opened: ${label}` : `Need ${wordsOf(change.status)}: ${label}`,
        detail:
          i === 0
            ? need.source === 'SCREENING'
              ? 'From a screening'
              : 'Added by hand'
            : undefined,
        refId: need.id,
      });
    }
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
